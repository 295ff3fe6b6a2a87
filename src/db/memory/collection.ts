import { MongoBulkWriteError, MongoInvalidArgumentError, MongoServerError, ObjectId } from 'mongodb';
import { Aggregator, update as applyUpdate } from 'mingo';
import { ArrayCursor, MemoryCursor } from './cursor.js';
import { UniqueIndex, type IndexSpec } from './unique-index.js';
import { FieldIndex } from './field-index.js';
import { compileFilter } from './matcher.js';
import { groupDocs, projector, sortDocs } from './shape.js';
import { clone, isOperatorObject, keyOf, serverError, show, type Doc } from './values.js';
import { MAX_DOCUMENT_BYTES, bsonSize, filterOverTheWire, overTheWire } from './wire.js';
import { checkTargets, checkUpdate, hasAtomicOperators } from './update-check.js';
import { getPath, setPath } from '../../dotted-path.js';

export interface Hooks {
  /** Runs one operation; may throw before or after `work` to inject a fault. */
  run<T>(op: string, collection: string, work: () => T): T;
  /** The server's clock in ms, which its TTL sweep reads. */
  now(): number;
}

interface FindOneAndOptions {
  returnDocument?: 'before' | 'after';
  upsert?: boolean;
  sort?: Record<string, 1 | -1 | 'asc' | 'desc'>;
  projection?: Doc;
  includeResultMetadata?: boolean;
}

type IndexRequest = Omit<IndexSpec, 'name'> & { name?: string };

/** An update's effect on a document: operators, or a whole replacement. Both as mongod received them. */
type Change = { kind: 'update'; update: Doc } | { kind: 'replace'; replacement: Doc };

/** One write as the driver sends it in an insert, update or delete command (or one bulkWrite statement). */
type Write =
  | { kind: 'insert'; doc: Doc }
  | { kind: 'update'; filter: Doc; change: Change; upsert: boolean; multi: boolean }
  | { kind: 'delete'; filter: Doc; multi: boolean };

interface WriteOutcome {
  inserted: number;
  matched: number;
  modified: number;
  deleted: number;
  upsertedId: unknown;
}

const unsupported = (what: string): never => {
  throw new Error(`memory:// store does not support ${what}`);
};

/** The fields that tell two indexes apart (MongoDB 5.0+: key pattern, unique, sparse, partial filter). */
const signature = (s: IndexSpec): string =>
  keyOf([Object.entries(s.key), Boolean(s.unique), Boolean(s.sparse), s.partialFilterExpression ?? null]);
const sameOptions = (a: IndexSpec, b: IndexSpec): boolean => a.expireAfterSeconds === b.expireAfterSeconds;

/** An in-process stand-in for the driver's Collection, with MongoDB semantics from mingo. */
export class MemoryCollection {
  readonly #docs = new Map<string, Doc>();
  readonly #indexes = new Map<string, IndexSpec>([['_id_', { name: '_id_', key: { _id: 1 } }]]);
  readonly #unique: UniqueIndex[] = [];
  readonly #fields = new Map<string, FieldIndex>();
  /** Partial indexes on a top-level field, by name, with the filter a query must state to use one. */
  readonly #partials = new Map<string, { expression: Doc; index: FieldIndex }>();
  /** Insertion sequence of each stored id: candidates from an index come back in store order. */
  readonly #order = new Map<string, number>();
  readonly #bySequence = new Map<number, string>();
  #sequence = 0;
  #exists = false;
  #lastSweep = 0;

  constructor(
    readonly dbName: string,
    readonly collectionName: string,
    private readonly hooks: Hooks,
  ) {}

  /** As in MongoDB, a collection exists from its first insert or index until it is dropped. */
  get exists(): boolean {
    return this.#exists;
  }

  get namespace(): string {
    return `${this.dbName}.${this.collectionName}`;
  }

  #run<T>(op: string, work: () => T): T {
    return this.hooks.run(op, this.collectionName, work);
  }

  // ---- reads ----

  /** Matching stored documents (not copies), in store order: callers clone what leaves the store. */
  #match(sent: Doc = {}): Doc[] {
    this.#sweepExpired();
    if (Object.keys(sent).length === 0) return [...this.#docs.values()];
    const filter = filterOverTheWire(sent);
    const test = compileFilter(filter);
    const id = filter._id;
    if (id !== undefined && !isOperatorObject(id)) {
      const doc = this.#docs.get(keyOf(id));
      return doc && test(doc) ? [doc] : [];
    }
    const out: Doc[] = [];
    for (const doc of this.#candidates(filter)) if (test(doc)) out.push(doc);
    return out;
  }

  /**
   * The documents an indexed condition (equality, $in, a number or Date range) leaves, in store
   * order; all of them when no index can tell or when the narrowest index leaves most of them.
   */
  #candidates(filter: Doc): Iterable<Doc> {
    let best: { size: number; ids(): Set<string> } | undefined;
    for (const [field, condition] of Object.entries(filter)) {
      const found = this.#fields.get(field)?.candidates(condition);
      if (found && (!best || found.size < best.size)) best = found;
    }
    // As mongod, a partial index serves a query that states its filter (here: the very same conditions).
    for (const { expression, index } of this.#partials.values()) {
      if (!Object.entries(expression).every(([k, v]) => k in filter && keyOf(filter[k]) === keyOf(v))) continue;
      const found = index.field in filter ? index.candidates(filter[index.field]) : index.members();
      if (found && (!best || found.size < best.size)) best = found;
    }
    if (!best || best.size > this.#docs.size / 2) return this.#docs.values();
    // Into store order by their sequence numbers (a numeric sort, no comparator).
    const sequence = Float64Array.from(best.ids(), (id) => this.#order.get(id)!).sort();
    return Array.from(sequence, (n) => this.#docs.get(this.#bySequence.get(n)!)!);
  }

  #first(filter: Doc = {}, sort?: FindOneAndOptions['sort']): Doc | undefined {
    const matches = this.#match(filter);
    if (!sort || matches.length < 2) return matches[0];
    return sortDocs(matches, sort)[0];
  }

  find(filter: Doc = {}, options: { sort?: Doc; limit?: number; skip?: number; projection?: Doc } = {}): MemoryCursor {
    return this.#run('find', () => {
      const cursor = new MemoryCursor(() => this.#match(filter));
      if (options.sort) cursor.sort(options.sort as never);
      if (options.skip) cursor.skip(options.skip);
      if (options.limit) cursor.limit(options.limit);
      if (options.projection) cursor.project(options.projection);
      return cursor;
    });
  }

  async findOne(filter: Doc = {}, options: { sort?: FindOneAndOptions['sort']; projection?: Doc } = {}): Promise<Doc | null> {
    return this.#run('findOne', () => {
      const doc = this.#first(filter, options.sort);
      return doc ? this.#project(doc, options.projection) : null;
    });
  }

  async countDocuments(filter: Doc = {}, options: { limit?: number; skip?: number } = {}): Promise<number> {
    return this.#run('countDocuments', () => {
      const n = Math.max(0, this.#match(filter).length - (options.skip ?? 0));
      return options.limit ? Math.min(n, options.limit) : n;
    });
  }

  async estimatedDocumentCount(): Promise<number> {
    return this.#run('estimatedDocumentCount', () => {
      this.#sweepExpired();
      return this.#docs.size;
    });
  }

  async distinct(field: string, filter: Doc = {}): Promise<unknown[]> {
    return this.#run('distinct', () => {
      const seen = new Map<string, unknown>();
      for (const doc of this.#match(filter)) {
        const v = getPath(doc, field);
        for (const item of Array.isArray(v) ? v : [v]) if (item !== undefined) seen.set(keyOf(item), clone(item));
      }
      return [...seen.values()];
    });
  }

  /**
   * A pipeline's leading $match, $sort and a plain $group run natively (the $match through the
   * indexes); what follows, or any other form, through mingo on copies.
   */
  aggregate(pipeline: Doc[]): ArrayCursor<Doc> {
    return this.#run('aggregate', () => {
      const stages = overTheWire({ pipeline }).doc.pipeline as Doc[];
      return new ArrayCursor(() => {
        let rest = stages;
        const stage = (name: string): Doc | undefined => (rest[0] && Object.keys(rest[0]).length === 1 ? (rest[0][name] as Doc | undefined) : undefined);
        let docs = this.#match(stage('$match') ?? {});
        if (stage('$match')) rest = rest.slice(1);
        const sort = stage('$sort') as Parameters<typeof sortDocs>[1] | undefined;
        if (sort) rest = rest.slice(1);
        let grouped = stage('$group') ? groupDocs(docs, stage('$group')!, sort) : undefined;
        if (!grouped && sort) {
          docs = sortDocs(docs, sort);
          grouped = stage('$group') ? groupDocs(docs, stage('$group')!) : undefined;
        }
        if (grouped) rest = rest.slice(1);
        const source = grouped ?? docs.map((d) => clone(d));
        return rest.length > 0 ? (new Aggregator(rest).run(source) as Doc[]) : source;
      });
    });
  }

  // ---- writes ----

  async insertOne(doc: Doc): Promise<{ acknowledged: true; insertedId: unknown }> {
    const write = this.#insertWrite(doc);
    return this.#run('insertOne', () => {
      this.#execute(write);
      return { acknowledged: true as const, insertedId: doc._id };
    });
  }

  /** As the driver does, a bulk write of inserts. */
  async insertMany(docs: Doc[], options: { ordered?: boolean } = {}) {
    const { insertedCount, insertedIds } = await this.bulkWrite(docs.map((document) => ({ insertOne: { document } })), options);
    return { acknowledged: true as const, insertedCount, insertedIds };
  }

  async updateOne(filter: Doc, update: Doc, options: { upsert?: boolean } = {}) {
    const write = this.#updateWrite(filter, this.#update(update), options.upsert, false);
    return this.#run('updateOne', () => this.#updateResult(this.#execute(write)));
  }

  async updateMany(filter: Doc, update: Doc, options: { upsert?: boolean } = {}) {
    const write = this.#updateWrite(filter, this.#update(update), options.upsert, true);
    return this.#run('updateMany', () => this.#updateResult(this.#execute(write)));
  }

  async replaceOne(filter: Doc, replacement: Doc, options: { upsert?: boolean } = {}) {
    const write = this.#updateWrite(filter, this.#replacement(replacement), options.upsert, false);
    return this.#run('replaceOne', () => this.#updateResult(this.#execute(write)));
  }

  async deleteOne(filter: Doc = {}): Promise<{ acknowledged: true; deletedCount: number }> {
    return this.#run('deleteOne', () => ({ acknowledged: true as const, deletedCount: this.#execute({ kind: 'delete', filter, multi: false }).deleted }));
  }

  async deleteMany(filter: Doc = {}): Promise<{ acknowledged: true; deletedCount: number }> {
    return this.#run('deleteMany', () => ({ acknowledged: true as const, deletedCount: this.#execute({ kind: 'delete', filter, multi: true }).deleted }));
  }

  async findOneAndUpdate(filter: Doc, update: Doc, options: FindOneAndOptions = {}) {
    const change = this.#update(update);
    return this.#run('findOneAndUpdate', () => this.#findOneAnd(filter, change, options));
  }

  async findOneAndReplace(filter: Doc, replacement: Doc, options: FindOneAndOptions = {}) {
    const change = this.#replacement(replacement);
    return this.#run('findOneAndReplace', () => this.#findOneAnd(filter, change, options));
  }

  async findOneAndDelete(filter: Doc, options: FindOneAndOptions = {}) {
    return this.#run('findOneAndDelete', () => {
      const doc = this.#first(filter, options.sort);
      if (doc) this.#remove(doc);
      const value = doc ? this.#project(doc, options.projection) : null;
      return options.includeResultMetadata ? { value, ok: 1 } : value;
    });
  }

  /**
   * The driver checks every statement before it sends any (operators, sizes) and gives each insert an _id;
   * mongod then applies them in order and reports each failure as a write error: an ordered bulk write
   * stops at the first, an unordered one goes on. Any write error fails the call with a MongoBulkWriteError.
   */
  async bulkWrite(ops: Doc[], options: { ordered?: boolean } = {}) {
    const ordered = options.ordered ?? true;
    const writes = ops.map((op) => this.#bulkStatement(op));
    return this.#run('bulkWrite', () => {
      const totals = { insertedCount: 0, matchedCount: 0, modifiedCount: 0, deletedCount: 0, upsertedCount: 0 };
      const insertedIds: Record<number, unknown> = {};
      const upsertedIds: Record<number, unknown> = {};
      const writeErrors: { index: number; code: number; errmsg: string; errInfo: unknown; op: Doc }[] = [];
      for (const [index, write] of writes.entries()) {
        let outcome: WriteOutcome;
        try {
          outcome = this.#execute(write);
        } catch (err) {
          if (!(err instanceof MongoServerError)) throw err;
          // As the driver's WriteError: the failed statement, for an insert its document.
          const op = write.kind === 'insert' ? write.doc : ops[index]!;
          writeErrors.push({ index, code: Number(err.code), errmsg: err.message, errInfo: err.errInfo, op });
          if (ordered) break;
          continue;
        }
        if (write.kind === 'insert') insertedIds[index] = write.doc._id;
        if (outcome.upsertedId !== undefined) upsertedIds[index] = outcome.upsertedId;
        totals.insertedCount += outcome.inserted;
        totals.matchedCount += outcome.matched;
        totals.modifiedCount += outcome.modified;
        totals.deletedCount += outcome.deleted;
        totals.upsertedCount += outcome.upsertedId === undefined ? 0 : 1;
      }
      const result = { acknowledged: true as const, ok: 1, ...totals, insertedIds, upsertedIds };
      if (writeErrors.length === 0) return result;
      const [first] = writeErrors;
      const errors = writeErrors.map((e) => ({ ...e, getOperation: () => e.op }));
      throw new MongoBulkWriteError({ message: first!.errmsg, code: first!.code, writeErrors: errors } as never, result as never);
    });
  }

  // ---- indexes ----

  async createIndex(key: Record<string, 1 | -1>, options: Omit<IndexRequest, 'key'> = {}): Promise<string> {
    return this.#run('createIndex', () => this.#createIndexes([{ ...options, key }])[0]!);
  }

  async createIndexes(specs: IndexRequest[]): Promise<string[]> {
    return this.#run('createIndexes', () => this.#createIndexes(specs));
  }

  async dropIndex(name: string): Promise<{ ok: 1 }> {
    return this.#run('dropIndex', () => {
      if (name === '_id_') throw serverError(72, 'InvalidOptions', 'cannot drop _id index');
      const spec = this.#indexes.get(name);
      if (!spec) throw serverError(27, 'IndexNotFound', `index not found with name [${name}]`);
      this.#indexes.delete(name);
      const unique = this.#unique.findIndex((u) => u.spec.name === name);
      if (unique >= 0) this.#unique.splice(unique, 1);
      const [field] = Object.keys(spec.key);
      if (field && ![...this.#indexes.values()].some((s) => Object.keys(s.key)[0] === field)) this.#fields.delete(field);
      this.#partials.delete(name);
      return { ok: 1 as const };
    });
  }

  async indexes(): Promise<IndexSpec[]> {
    return this.listIndexes().toArray();
  }

  listIndexes(): ArrayCursor<IndexSpec> {
    return new ArrayCursor(() => {
      if (!this.#exists) throw serverError(26, 'NamespaceNotFound', `ns does not exist: ${this.namespace}`);
      return [...this.#indexes.values()].map((s) => clone(s));
    });
  }

  /** As in MongoDB, dropping a collection drops its indexes too. */
  async drop(): Promise<boolean> {
    this.#exists = false;
    this.#docs.clear();
    this.#order.clear();
    this.#bySequence.clear();
    this.#fields.clear();
    this.#partials.clear();
    this.#unique.splice(0);
    for (const name of this.#indexes.keys()) if (name !== '_id_') this.#indexes.delete(name);
    return true;
  }

  watch(): never {
    return unsupported('change streams (watch)');
  }

  // ---- internals: what the driver does before it sends ----

  /** The driver gives a document without an _id a new ObjectId, on the caller's object. */
  #insertWrite(doc: Doc): Write {
    if (doc._id == null) doc._id = new ObjectId();
    return { kind: 'insert', doc };
  }

  #update(update: Doc): Change {
    if (Array.isArray(update)) return unsupported('pipeline-style updates');
    if (!hasAtomicOperators(update)) throw new MongoInvalidArgumentError('Update document requires atomic operators');
    return { kind: 'update', update };
  }

  #replacement(replacement: Doc, message = 'Replacement document must not contain atomic operators'): Change {
    if (hasAtomicOperators(replacement)) throw new MongoInvalidArgumentError(message);
    return { kind: 'replace', replacement };
  }

  #updateWrite(filter: Doc, change: Change, upsert: unknown, multi: boolean): Write {
    return { kind: 'update', filter, change, upsert: Boolean(upsert), multi };
  }

  #bulkStatement(op: Doc): Write {
    const [kind, args] = Object.entries(op)[0] as [string, Doc];
    let write: Write;
    if (kind === 'insertOne') write = this.#insertWrite(args.document as Doc);
    else if (kind === 'updateOne' || kind === 'updateMany') {
      write = this.#updateWrite(args.filter as Doc, this.#update(args.update as Doc), args.upsert, kind === 'updateMany');
    } else if (kind === 'replaceOne') {
      const change = this.#replacement(args.replacement as Doc, 'Replacement document must not use atomic operators');
      write = this.#updateWrite(args.filter as Doc, change, args.upsert, false);
    } else if (kind === 'deleteOne' || kind === 'deleteMany') write = { kind: 'delete', filter: args.filter as Doc, multi: kind === 'deleteMany' };
    else return unsupported(`bulkWrite ${kind}`);
    // The driver serialises each statement once, and refuses one mongod could not take.
    const sent = write.kind === 'insert' ? write.doc : write.kind === 'update' ? write.change : write.filter;
    if (bsonSize(sent) >= MAX_DOCUMENT_BYTES) {
      throw new MongoInvalidArgumentError(`Document is larger than the maximum size ${MAX_DOCUMENT_BYTES}`);
    }
    return write;
  }

  // ---- internals: what mongod does ----

  #execute(write: Write): WriteOutcome {
    const outcome: WriteOutcome = { inserted: 0, matched: 0, modified: 0, deleted: 0, upsertedId: undefined };
    if (write.kind === 'insert') {
      const { doc, bytes } = overTheWire(write.doc);
      if (bytes > MAX_DOCUMENT_BYTES) {
        throw serverError(2, 'BadValue', `object to insert too large. size in bytes: ${bytes}, max size: ${MAX_DOCUMENT_BYTES}`);
      }
      this.#store(doc);
      outcome.inserted = 1;
    } else if (write.kind === 'delete') {
      const docs = this.#match(write.filter);
      const targets = write.multi ? docs : docs.slice(0, 1);
      for (const doc of targets) this.#remove(doc);
      outcome.deleted = targets.length;
    } else {
      const change = this.#received(write.change);
      const matches = this.#match(write.filter);
      const targets = write.multi ? matches : matches.slice(0, 1);
      if (targets.length === 0 && write.upsert) outcome.upsertedId = this.#upsert(write.filter, change);
      for (const doc of targets) if (this.#apply(doc, change)) outcome.modified++;
      outcome.matched = targets.length;
    }
    return outcome;
  }

  /** A change as mongod parses it: through BSON, then the update's modifiers checked. */
  #received(change: Change): Change {
    if (change.kind === 'replace') {
      const replacement = overTheWire(change.replacement).doc;
      const dollar = Object.keys(replacement).find((k) => k.startsWith('$'));
      if (dollar) {
        throw serverError(52, 'DollarPrefixedFieldName', `The dollar ($) prefixed field '${dollar}' in '${dollar}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`);
      }
      return { kind: 'replace', replacement };
    }
    const update = overTheWire(change.update).doc;
    checkUpdate(update);
    return { kind: 'update', update };
  }

  #project(doc: Doc, projection: Doc | undefined): Doc {
    return projector(projection)(doc);
  }

  /** Stores a new document (as mongod received it, with its _id): the _id and unique indexes refuse duplicates. */
  #store(doc: Doc): void {
    const id = keyOf(doc._id);
    const existing = this.#docs.get(id);
    if (existing) {
      // The same error a duplicate _id gets from mongod, from an index holding just the existing document.
      const ids = new UniqueIndex({ name: '_id_', key: { _id: 1 }, unique: true }, this.namespace);
      ids.add(existing, id);
      ids.check(doc, '');
    }
    for (const index of this.#unique) index.check(doc, id);
    for (const index of this.#unique) index.add(doc, id);
    for (const index of this.#fieldIndexes()) index.add(doc, id);
    this.#docs.set(id, doc);
    this.#order.set(id, this.#sequence);
    this.#bySequence.set(this.#sequence++, id);
    this.#exists = true;
  }

  *#fieldIndexes(): Iterable<FieldIndex> {
    yield* this.#fields.values();
    for (const p of this.#partials.values()) yield p.index;
  }

  #remove(doc: Doc): void {
    const id = keyOf(doc._id);
    for (const index of this.#unique) index.remove(doc);
    for (const index of this.#fieldIndexes()) index.remove(doc, id);
    this.#docs.delete(id);
    this.#bySequence.delete(this.#order.get(id)!);
    this.#order.delete(id);
  }

  /** mongod refuses a document an update made bigger than 16 MiB. */
  #checkSize(doc: Doc): void {
    if (bsonSize(doc) > MAX_DOCUMENT_BYTES) {
      throw serverError(17419, 'Location17419', `Resulting document after update is larger than ${MAX_DOCUMENT_BYTES}`);
    }
  }

  /** Applies an update or replacement to a stored doc; the result is checked against unique indexes before it replaces the old one. */
  #apply(stored: Doc, change: Change): boolean {
    const id = keyOf(stored._id);
    let next: Doc;
    if (change.kind === 'update') {
      checkTargets(stored, change.update);
      const { $setOnInsert: _ignored, ...rest } = change.update;
      next = clone(stored);
      if (Object.keys(rest).length > 0) applyUpdate(next, rest as never, undefined, undefined, { cloneMode: 'deep' });
      if (keyOf(next._id) !== id) throw serverError(66, 'ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
    } else {
      next = { _id: stored._id, ...change.replacement };
      if (keyOf(next._id) !== id) {
        throw serverError(66, 'ImmutableField', `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${show(next._id)}`);
      }
    }
    if (keyOf(next) === keyOf(stored)) return false;
    this.#checkSize(next);
    for (const index of this.#unique) index.check(next, id);
    for (const index of this.#unique) index.remove(stored);
    for (const index of this.#unique) index.add(next, id);
    for (const index of this.#fieldIndexes()) {
      index.remove(stored, id);
      index.add(next, id);
    }
    this.#docs.set(id, next);
    return true;
  }

  /**
   * The document an upsert inserts: an update applies to the filter's equality fields; a replacement
   * takes only the filter's _id. Either way mongod gives it an _id if it has none.
   */
  #upsert(sent: Doc, change: Change): unknown {
    const filter = filterOverTheWire(sent);
    const doc: Doc = {};
    for (const [k, v] of Object.entries(filter)) {
      if (!k.startsWith('$') && !isOperatorObject(v)) setPath(doc, k, v);
      else if (isOperatorObject(v) && '$eq' in (v as Doc)) setPath(doc, k, (v as Doc).$eq);
    }
    if (change.kind === 'update') {
      checkTargets(doc, change.update);
      const { $setOnInsert, ...rest } = change.update;
      if (Object.keys(rest).length > 0) applyUpdate(doc, rest as never, undefined, undefined, { cloneMode: 'deep' });
      if ($setOnInsert) applyUpdate(doc, { $set: $setOnInsert } as never, undefined, undefined, { cloneMode: 'deep' });
    }
    const inserted = { _id: doc._id ?? new ObjectId(), ...(change.kind === 'update' ? doc : change.replacement) };
    this.#checkSize(inserted);
    this.#store(inserted);
    return inserted._id;
  }

  #createIndexes(requests: IndexRequest[]): string[] {
    const specs = requests.map(({ key, name, ...options }): IndexSpec => ({
      ...options,
      key,
      name: name ?? Object.entries(key).map(([k, v]) => `${k}_${v}`).join('_'),
    }));
    const fresh = specs.filter((spec) => this.#isNewIndex(spec));
    this.#exists = true;
    for (const spec of fresh) {
      if (spec.unique) {
        const index = new UniqueIndex(spec, this.namespace);
        for (const [id, doc] of this.#docs) {
          index.check(doc, id);
          index.add(doc, id);
        }
        this.#unique.push(index);
      }
      const [field] = Object.keys(spec.key);
      if (field && field !== '_id' && !field.includes('.') && !this.#fields.has(field)) {
        const index = new FieldIndex(field);
        for (const [id, doc] of this.#docs) index.add(doc, id);
        this.#fields.set(field, index);
      }
      if (field && field !== '_id' && !field.includes('.') && spec.partialFilterExpression) {
        const index = new FieldIndex(field, compileFilter(spec.partialFilterExpression));
        for (const [id, doc] of this.#docs) index.add(doc, id);
        this.#partials.set(spec.name, { expression: spec.partialFilterExpression, index });
      }
      this.#indexes.set(spec.name, spec);
    }
    return specs.map((s) => s.name);
  }

  /** False for an index that exists as asked (a no-op, as in mongod); throws mongod's errors for one that conflicts. */
  #isNewIndex(spec: IndexSpec): boolean {
    const requested = `Requested index: ${show(spec)}`;
    const named = this.#indexes.get(spec.name);
    if (named) {
      const existing = `existing index: ${show(named)}`;
      if (signature(named) !== signature(spec)) {
        throw serverError(86, 'IndexKeySpecsConflict', `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. ${requested}, ${existing}`);
      }
      if (!sameOptions(named, spec)) {
        throw serverError(85, 'IndexOptionsConflict', `An equivalent index already exists with the same name but different options. ${requested}, ${existing}`);
      }
      return false;
    }
    const equivalent = [...this.#indexes.values()].find((s) => signature(s) === signature(spec));
    if (equivalent) {
      throw serverError(85, 'IndexOptionsConflict', sameOptions(equivalent, spec)
        ? `Index already exists with a different name: ${equivalent.name}`
        : `An equivalent index already exists with a different name and options. ${requested}, existing index: ${show(equivalent)}`);
    }
    return true;
  }

  #updateResult(r: WriteOutcome) {
    return {
      acknowledged: true as const,
      matchedCount: r.matched,
      modifiedCount: r.modified,
      upsertedCount: r.upsertedId === undefined ? 0 : 1,
      upsertedId: r.upsertedId ?? null,
    };
  }

  #findOneAnd(filter: Doc, sent: Change, options: FindOneAndOptions) {
    const change = this.#received(sent);
    const found = this.#first(filter, options.sort);
    let value: Doc | null;
    if (!found) {
      if (!options.upsert) value = null;
      else {
        const id = this.#upsert(filter, change);
        value = options.returnDocument === 'after' ? this.#project(this.#docs.get(keyOf(id))!, options.projection) : null;
      }
    } else {
      const before = this.#project(found, options.projection);
      this.#apply(found, change);
      value = options.returnDocument === 'after' ? this.#project(this.#docs.get(keyOf(found._id))!, options.projection) : before;
    }
    return options.includeResultMetadata ? { value, ok: 1 } : value;
  }

  /** TTL indexes: MongoDB removes expired documents in the background; we do it lazily, at most once a second. */
  #sweepExpired(): void {
    const now = this.hooks.now();
    if (now - this.#lastSweep < 1000) return;
    this.#lastSweep = now;
    for (const spec of this.#indexes.values()) {
      if (spec.expireAfterSeconds === undefined) continue;
      const field = Object.keys(spec.key)[0]!;
      const cutoff = now - spec.expireAfterSeconds * 1000;
      const expiring = this.#fields.get(field)?.candidates({ $lt: new Date(cutoff) })?.ids();
      const docs = expiring ? [...expiring].map((id) => this.#docs.get(id)!) : [...this.#docs.values()];
      for (const doc of docs) {
        const v = getPath(doc, field);
        if (v instanceof Date && v.getTime() < cutoff) this.#remove(doc);
      }
    }
  }
}
