import { keyOf, type Doc } from './values.js';

/** A filter value the index can answer: a string or a number (anything else is left to a full scan). */
const indexable = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';

/**
 * Equality lookups on one top-level field, so `find({project: 'x'})` does not test every document.
 * It only narrows the candidates (a document whose field equals the value, or is an array holding
 * it); the query itself still decides, so MongoDB's semantics are unchanged.
 */
export class FieldIndex {
  readonly #ids = new Map<string, Set<string>>();

  constructor(readonly field: string) {}

  #keys(doc: Doc): string[] {
    const v = doc[this.field];
    return Array.isArray(v) ? v.filter(indexable).map(keyOf) : indexable(v) ? [keyOf(v)] : [];
  }

  add(doc: Doc, id: string): void {
    for (const k of this.#keys(doc)) {
      let ids = this.#ids.get(k);
      if (!ids) this.#ids.set(k, (ids = new Set()));
      ids.add(id);
    }
  }

  remove(doc: Doc, id: string): void {
    for (const k of this.#keys(doc)) this.#ids.get(k)?.delete(id);
  }

  /** Ids that may match `condition` on this field, or undefined when the index cannot tell. */
  candidates(condition: unknown): Set<string> | undefined {
    if (indexable(condition)) return this.#ids.get(keyOf(condition)) ?? new Set();
    if (condition && typeof condition === 'object' && !Array.isArray(condition)) {
      const ops = Object.keys(condition as Doc);
      const values = (condition as Doc).$eq !== undefined ? [(condition as Doc).$eq] : (condition as Doc).$in;
      if (ops.length === 1 && Array.isArray(values) && values.every(indexable)) {
        const out = new Set<string>();
        for (const v of values) for (const id of this.#ids.get(keyOf(v)) ?? []) out.add(id);
        return out;
      }
    }
    return undefined;
  }
}
