import { ObjectId } from 'mongodb';
import { Aggregator, Query, find, update as applyUpdate } from 'mingo';
import { ArrayCursor, MemoryCursor } from './cursor.js';
import { UniqueIndex, type IndexSpec } from './unique-index.js';
import { FieldIndex } from './field-index.js';
import { clone, isOperatorObject, keyOf, type Doc } from './values.js';
import { getPath, setPath } from '../../dotted-path.js';

export interface Hooks {
  /** Called before every operation; throws to inject a fault. */
  beforeOp(op: string, collection: string): void;
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

const unsupported = (what: string): never => {
  throw new Error(`memory:// store does not support ${what}`);
};

const isUpdateDoc = (u: Doc): boolean => Object.keys(u).length > 0 && Object.keys(u).every((k) => k.startsWith('$'));

/** An in-process stand-in for the driver's Collection, with MongoDB semantics from mingo. */
export class MemoryCollection {
  readonly #docs = new Map<string, Doc>();
  readonly #indexes = new Map<string, IndexSpec>([['_id_', { name: '_id_', key: { _id: 1 } }]]);
  readonly #unique: UniqueIndex[] = [];
  readonly #fields = new Map<string, FieldIndex>();
  /** Insertion sequence of each stored id: candidates from an index come back in store order. */
  readonly #order = new Map<string, number>();
  #sequence = 0;
  #lastSweep = 0;

  constructor(
    readonly dbName: string,
    readonly collectionName: string,
    private readonly hooks: Hooks,
  ) {}

  get namespace(): string {
    return `${this.dbName}.${this.collectionName}`;
  }

  // ---- reads ----

  /** Matching stored documents (not copies): callers clone what leaves the store. */
  #match(filter: Doc = {}): Doc[] {
    this.#sweepExpired();
    const id = filter._id;
    if (id !== undefined && !isOperatorObject(id)) {
      const doc = this.#docs.get(keyOf(id));
      return doc && new Query(filter).test(doc) ? [doc] : [];
    }
    if (Object.keys(filter).length === 0) return [...this.#docs.values()];
    const query = new Query(filter);
    return this.#candidates(filter).filter((d) => query.test(d));
  }

  /** The documents an equality on an indexed field leaves (in store order), or all of them. */
  #candidates(filter: Doc): Doc[] {
    let best: Set<string> | undefined;
    for (const [field, condition] of Object.entries(filter)) {
      const ids = this.#fields.get(field)?.candidates(condition);
      if (ids && (!best || ids.size < best.size)) best = ids;
    }
    if (!best) return [...this.#docs.values()];
    return [...best]
      .map((id) => [this.#order.get(id)!, id] as const)
      .sort((x, y) => x[0] - y[0])
      .map(([, id]) => this.#docs.get(id)!);
  }

  #first(filter: Doc = {}, sort?: FindOneAndOptions['sort']): Doc | undefined {
    const matches = this.#match(filter);
    if (!sort || matches.length < 2) return matches[0];
    const sorted = find(matches, {}).sort(
      Object.fromEntries(Object.entries(sort).map(([k, v]) => [k, v === 'asc' || v === 1 ? 1 : -1])),
    ).all();
    return sorted[0];
  }

  find(filter: Doc = {}, options: { sort?: Doc; limit?: number; skip?: number; projection?: Doc } = {}): MemoryCursor {
    this.hooks.beforeOp('find', this.collectionName);
    const cursor = new MemoryCursor(() => this.#match(filter));
    if (options.sort) cursor.sort(options.sort as never);
    if (options.skip) cursor.skip(options.skip);
    if (options.limit) cursor.limit(options.limit);
    if (options.projection) cursor.project(options.projection);
    return cursor;
  }

  async findOne(filter: Doc = {}, options: { sort?: FindOneAndOptions['sort']; projection?: Doc } = {}): Promise<Doc | null> {
    this.hooks.beforeOp('findOne', this.collectionName);
    const doc = this.#first(filter, options.sort);
    return doc ? this.#project(doc, options.projection) : null;
  }

  async countDocuments(filter: Doc = {}, options: { limit?: number; skip?: number } = {}): Promise<number> {
    this.hooks.beforeOp('countDocuments', this.collectionName);
    const n = Math.max(0, this.#match(filter).length - (options.skip ?? 0));
    return options.limit ? Math.min(n, options.limit) : n;
  }

  async estimatedDocumentCount(): Promise<number> {
    this.hooks.beforeOp('estimatedDocumentCount', this.collectionName);
    this.#sweepExpired();
    return this.#docs.size;
  }

  async distinct(field: string, filter: Doc = {}): Promise<unknown[]> {
    this.hooks.beforeOp('distinct', this.collectionName);
    const seen = new Map<string, unknown>();
    for (const doc of this.#match(filter)) {
      const v = getPath(doc, field);
      for (const item of Array.isArray(v) ? v : [v]) if (item !== undefined) seen.set(keyOf(item), clone(item));
    }
    return [...seen.values()];
  }

  aggregate(pipeline: Doc[]): ArrayCursor<Doc> {
    this.hooks.beforeOp('aggregate', this.collectionName);
    return new ArrayCursor(() => {
      const source = this.#match({}).map((d) => clone(d));
      return new Aggregator(pipeline).run(source) as Doc[];
    });
  }

  // ---- writes ----

  async insertOne(doc: Doc): Promise<{ acknowledged: true; insertedId: unknown }> {
    this.hooks.beforeOp('insertOne', this.collectionName);
    return { acknowledged: true, insertedId: this.#insert(doc) };
  }

  async insertMany(docs: Doc[]): Promise<{ acknowledged: true; insertedCount: number; insertedIds: Record<number, unknown> }> {
    this.hooks.beforeOp('insertMany', this.collectionName);
    const insertedIds: Record<number, unknown> = {};
    docs.forEach((doc, i) => {
      insertedIds[i] = this.#insert(doc);
    });
    return { acknowledged: true, insertedCount: docs.length, insertedIds };
  }

  async updateOne(filter: Doc, update: Doc, options: { upsert?: boolean } = {}) {
    this.hooks.beforeOp('updateOne', this.collectionName);
    return this.#updateResult(this.#updateMatches(filter, update, options.upsert ?? false, true));
  }

  async updateMany(filter: Doc, update: Doc, options: { upsert?: boolean } = {}) {
    this.hooks.beforeOp('updateMany', this.collectionName);
    return this.#updateResult(this.#updateMatches(filter, update, options.upsert ?? false, false));
  }

  async replaceOne(filter: Doc, replacement: Doc, options: { upsert?: boolean } = {}) {
    this.hooks.beforeOp('replaceOne', this.collectionName);
    if (isUpdateDoc(replacement)) throw new Error('Replacement document must not contain atomic operators');
    return this.#updateResult(this.#updateMatches(filter, replacement, options.upsert ?? false, true));
  }

  async deleteOne(filter: Doc = {}): Promise<{ acknowledged: true; deletedCount: number }> {
    this.hooks.beforeOp('deleteOne', this.collectionName);
    const doc = this.#first(filter);
    if (doc) this.#remove(doc);
    return { acknowledged: true, deletedCount: doc ? 1 : 0 };
  }

  async deleteMany(filter: Doc = {}): Promise<{ acknowledged: true; deletedCount: number }> {
    this.hooks.beforeOp('deleteMany', this.collectionName);
    const docs = this.#match(filter);
    for (const doc of docs) this.#remove(doc);
    return { acknowledged: true, deletedCount: docs.length };
  }

  async findOneAndUpdate(filter: Doc, update: Doc, options: FindOneAndOptions = {}) {
    this.hooks.beforeOp('findOneAndUpdate', this.collectionName);
    if (!isUpdateDoc(update)) throw new Error('Update document requires atomic operators');
    return this.#findOneAnd(filter, update, options);
  }

  async findOneAndReplace(filter: Doc, replacement: Doc, options: FindOneAndOptions = {}) {
    this.hooks.beforeOp('findOneAndReplace', this.collectionName);
    if (isUpdateDoc(replacement)) throw new Error('Replacement document must not contain atomic operators');
    return this.#findOneAnd(filter, replacement, options);
  }

  async findOneAndDelete(filter: Doc, options: FindOneAndOptions = {}) {
    this.hooks.beforeOp('findOneAndDelete', this.collectionName);
    const doc = this.#first(filter, options.sort);
    if (doc) this.#remove(doc);
    const value = doc ? this.#project(doc, options.projection) : null;
    return options.includeResultMetadata ? { value, ok: 1 } : value;
  }

  async bulkWrite(ops: Doc[]) {
    this.hooks.beforeOp('bulkWrite', this.collectionName);
    const result = { insertedCount: 0, matchedCount: 0, modifiedCount: 0, deletedCount: 0, upsertedCount: 0 };
    for (const op of ops) {
      const [kind, args] = Object.entries(op)[0] as [string, Doc];
      if (kind === 'insertOne') {
        this.#insert(args.document as Doc);
        result.insertedCount++;
      } else if (kind === 'updateOne' || kind === 'updateMany' || kind === 'replaceOne') {
        const r = this.#updateMatches(args.filter as Doc, (args.update ?? args.replacement) as Doc, Boolean(args.upsert), kind !== 'updateMany');
        result.matchedCount += r.matched;
        result.modifiedCount += r.modified;
        result.upsertedCount += r.upsertedId === undefined ? 0 : 1;
      } else if (kind === 'deleteOne' || kind === 'deleteMany') {
        const docs = this.#match(args.filter as Doc);
        for (const doc of kind === 'deleteOne' ? docs.slice(0, 1) : docs) this.#remove(doc);
        result.deletedCount += kind === 'deleteOne' ? Math.min(1, docs.length) : docs.length;
      } else unsupported(`bulkWrite ${kind}`);
    }
    return { acknowledged: true, ...result };
  }

  // ---- indexes ----

  async createIndex(key: Record<string, 1 | -1>, options: Omit<IndexSpec, 'key' | 'name'> & { name?: string } = {}): Promise<string> {
    this.hooks.beforeOp('createIndex', this.collectionName);
    const name = options.name ?? Object.entries(key).map(([k, v]) => `${k}_${v}`).join('_');
    if (this.#indexes.has(name)) return name;
    const spec: IndexSpec = { ...options, key, name };
    if (spec.unique) {
      const index = new UniqueIndex(spec, this.namespace);
      for (const [id, doc] of this.#docs) {
        index.check(doc, id);
        index.add(doc, id);
      }
      this.#unique.push(index);
    }
    const [field] = Object.keys(key);
    if (field && field !== '_id' && !field.includes('.') && !this.#fields.has(field)) {
      const index = new FieldIndex(field);
      for (const [id, doc] of this.#docs) index.add(doc, id);
      this.#fields.set(field, index);
    }
    this.#indexes.set(name, spec);
    return name;
  }

  async createIndexes(specs: (IndexSpec | (Omit<IndexSpec, 'name'> & { name?: string }))[]): Promise<string[]> {
    const names: string[] = [];
    for (const { key, ...options } of specs) names.push(await this.createIndex(key, options));
    return names;
  }

  async indexes(): Promise<IndexSpec[]> {
    return [...this.#indexes.values()].map((s) => clone(s));
  }

  listIndexes(): ArrayCursor<IndexSpec> {
    return new ArrayCursor(() => [...this.#indexes.values()].map((s) => clone(s)));
  }

  /** As in MongoDB, dropping a collection drops its indexes too. */
  async drop(): Promise<boolean> {
    this.#docs.clear();
    this.#order.clear();
    this.#fields.clear();
    this.#unique.splice(0);
    for (const name of this.#indexes.keys()) if (name !== '_id_') this.#indexes.delete(name);
    return true;
  }

  watch(): never {
    return unsupported('change streams (watch)');
  }

  // ---- internals ----

  #project(doc: Doc, projection: Doc | undefined): Doc {
    if (!projection) return clone(doc);
    return clone(find([doc], {}, projection as never).all()[0] as Doc);
  }

  #insert(input: Doc): unknown {
    const doc = clone(input);
    if (doc._id === undefined) doc._id = new ObjectId();
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
    for (const index of this.#fields.values()) index.add(doc, id);
    this.#docs.set(id, doc);
    this.#order.set(id, this.#sequence++);
    return doc._id;
  }

  #remove(doc: Doc): void {
    const id = keyOf(doc._id);
    for (const index of this.#unique) index.remove(doc);
    for (const index of this.#fields.values()) index.remove(doc, id);
    this.#docs.delete(id);
    this.#order.delete(id);
  }

  /** Applies an update or replacement to a stored doc; the result is checked against unique indexes before it replaces the old one. */
  #apply(stored: Doc, update: Doc): boolean {
    const id = keyOf(stored._id);
    let next: Doc;
    if (isUpdateDoc(update)) {
      const { $setOnInsert: _ignored, ...rest } = update;
      next = clone(stored);
      if (Object.keys(rest).length > 0) applyUpdate(next, rest as never, undefined, undefined, { cloneMode: 'deep' });
    } else {
      next = { ...clone(update), _id: stored._id };
    }
    if (keyOf(next._id) !== id) throw new Error("Performing an update on the path '_id' would modify the immutable field '_id'");
    if (keyOf(next) === keyOf(stored)) return false;
    for (const index of this.#unique) index.check(next, id);
    for (const index of this.#unique) index.remove(stored);
    for (const index of this.#unique) index.add(next, id);
    for (const index of this.#fields.values()) {
      index.remove(stored, id);
      index.add(next, id);
    }
    this.#docs.set(id, next);
    return true;
  }

  #upsert(filter: Doc, update: Doc): unknown {
    const doc: Doc = {};
    for (const [k, v] of Object.entries(filter)) {
      if (!k.startsWith('$') && !isOperatorObject(v)) setPath(doc, k, clone(v));
      else if (isOperatorObject(v) && '$eq' in (v as Doc)) setPath(doc, k, clone((v as Doc).$eq));
    }
    if (isUpdateDoc(update)) {
      const { $setOnInsert, ...rest } = update;
      if (Object.keys(rest).length > 0) applyUpdate(doc, rest as never, undefined, undefined, { cloneMode: 'deep' });
      if ($setOnInsert) applyUpdate(doc, { $set: $setOnInsert } as never, undefined, undefined, { cloneMode: 'deep' });
    } else {
      Object.assign(doc, clone(update), doc._id === undefined ? {} : { _id: doc._id });
    }
    return this.#insert(doc);
  }

  #updateMatches(filter: Doc, update: Doc, upsert: boolean, single: boolean) {
    const matches = this.#match(filter);
    const targets = single ? matches.slice(0, 1) : matches;
    if (targets.length === 0 && upsert) return { matched: 0, modified: 0, upsertedId: this.#upsert(filter, update) };
    let modified = 0;
    for (const doc of targets) if (this.#apply(doc, update)) modified++;
    return { matched: targets.length, modified, upsertedId: undefined as unknown };
  }

  #updateResult(r: { matched: number; modified: number; upsertedId: unknown }) {
    return {
      acknowledged: true as const,
      matchedCount: r.matched,
      modifiedCount: r.modified,
      upsertedCount: r.upsertedId === undefined ? 0 : 1,
      upsertedId: r.upsertedId ?? null,
    };
  }

  #findOneAnd(filter: Doc, update: Doc, options: FindOneAndOptions) {
    const found = this.#first(filter, options.sort);
    let value: Doc | null;
    if (!found) {
      if (!options.upsert) value = null;
      else {
        const id = this.#upsert(filter, update);
        value = options.returnDocument === 'after' ? this.#project(this.#docs.get(keyOf(id))!, options.projection) : null;
      }
    } else {
      const before = this.#project(found, options.projection);
      this.#apply(found, update);
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
      for (const doc of [...this.#docs.values()]) {
        const v = getPath(doc, field);
        if (v instanceof Date && v.getTime() < cutoff) this.#remove(doc);
      }
    }
  }
}
