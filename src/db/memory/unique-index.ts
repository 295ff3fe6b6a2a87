import { MongoServerError } from 'mongodb';
import { Query } from 'mingo';
import { keyOf, type Doc } from './values.js';
import { getPath } from '../../dotted-path.js';

export interface IndexSpec {
  name: string;
  key: Record<string, 1 | -1>;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
  expireAfterSeconds?: number;
}

/** A unique index: a Map from the key of the indexed fields to the owning document's id key. */
export class UniqueIndex {
  readonly #fields: string[];
  readonly #partial: Query | undefined;
  readonly #entries = new Map<string, string>();

  constructor(
    readonly spec: IndexSpec,
    private readonly ns: string,
  ) {
    this.#fields = Object.keys(spec.key);
    this.#partial = spec.partialFilterExpression ? new Query(spec.partialFilterExpression) : undefined;
  }

  /** The index key of a document, or undefined when the document is not in this index. */
  keyFor(doc: Doc): string | undefined {
    if (this.#partial && !this.#partial.test(doc)) return undefined;
    const values = this.#fields.map((f) => getPath(doc, f));
    if (this.spec.sparse && values.every((v) => v === undefined)) return undefined;
    return values.map(keyOf).join('|');
  }

  /** Throws the driver's duplicate-key error if `doc` would collide with a document other than `selfId`. */
  check(doc: Doc, selfId: string): void {
    const key = this.keyFor(doc);
    if (key === undefined) return;
    const owner = this.#entries.get(key);
    if (owner !== undefined && owner !== selfId) {
      const keyValue = Object.fromEntries(this.#fields.map((f) => [f, getPath(doc, f) ?? null]));
      const message = `E11000 duplicate key error collection: ${this.ns} index: ${this.spec.name} dup key: ${JSON.stringify(keyValue)}`;
      throw new MongoServerError({ message, errmsg: message, code: 11000, keyPattern: this.spec.key, keyValue });
    }
  }

  add(doc: Doc, id: string): void {
    const key = this.keyFor(doc);
    if (key !== undefined) this.#entries.set(key, id);
  }

  remove(doc: Doc): void {
    const key = this.keyFor(doc);
    if (key !== undefined) this.#entries.delete(key);
  }
}
