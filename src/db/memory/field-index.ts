import { keyOf, type Doc } from './values.js';

/** A value the index holds: a string, a number or a Date (anything else is left to a full scan). */
type Indexable = string | number | Date;
const indexable = (v: unknown): v is Indexable =>
  typeof v === 'string' || (typeof v === 'number' && !Number.isNaN(v)) || (v instanceof Date && !Number.isNaN(v.getTime()));

const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte']);

interface Entry {
  /** For ranges: the number, or the Date's time. */
  ordinal: number | undefined;
  date: boolean;
  ids: Set<string>;
}

/**
 * Lookups on one top-level field, so `find({project: 'x'})` or a time window does not test every
 * document. It only narrows the candidates (a document whose field equals the value or lies in the
 * range, or is an array holding such a value); the query itself still decides, so MongoDB's
 * semantics are unchanged.
 */
export class FieldIndex {
  readonly #entries = new Map<string, Entry>();
  /** Number and Date keys in order, for ranges; rebuilt when a key comes or goes. */
  #ordered: { numbers: Entry[]; dates: Entry[] } | undefined;
  /** Documents whose field is an array: one element may meet a range's low bound and another its high one. */
  readonly #arrays = new Set<string>();

  /** A partial index's documents (all it holds, for a query naming its filter but not its field). */
  readonly #members: Set<string> | undefined;

  /** `partial`: the test of a partial index's filter; only the documents it passes are held. */
  constructor(
    readonly field: string,
    private readonly partial?: (doc: Doc) => boolean,
  ) {
    this.#members = partial ? new Set() : undefined;
  }

  /** A partial index's documents; undefined for a full one. */
  members(): { size: number; ids(): Set<string> } | undefined {
    const members = this.#members;
    return members && { size: members.size, ids: () => members };
  }

  #values(doc: Doc): Indexable[] {
    const v = doc[this.field];
    return Array.isArray(v) ? v.filter(indexable) : indexable(v) ? [v] : [];
  }

  add(doc: Doc, id: string): void {
    if (this.partial && !this.partial(doc)) return;
    this.#members?.add(id);
    if (Array.isArray(doc[this.field])) this.#arrays.add(id);
    for (const v of this.#values(doc)) {
      const k = keyOf(v);
      let entry = this.#entries.get(k);
      if (!entry) {
        entry = { ordinal: typeof v === 'string' ? undefined : +v, date: v instanceof Date, ids: new Set() };
        this.#entries.set(k, entry);
        if (entry.ordinal !== undefined) this.#ordered = undefined;
      }
      entry.ids.add(id);
    }
  }

  remove(doc: Doc, id: string): void {
    this.#members?.delete(id);
    this.#arrays.delete(id);
    for (const v of this.#values(doc)) {
      const k = keyOf(v);
      const entry = this.#entries.get(k);
      if (!entry) continue;
      entry.ids.delete(id);
      if (entry.ids.size > 0) continue;
      this.#entries.delete(k);
      if (entry.ordinal !== undefined) this.#ordered = undefined;
    }
  }

  /** How many values (and array-holding documents) the index holds: a removed document leaves none behind. */
  get size(): number {
    return this.#entries.size + this.#arrays.size + (this.#members?.size ?? 0);
  }

  /**
   * The ids that may match `condition` on this field, as their count (an upper bound, cheap) and the
   * ids themselves (read only for the narrowest index); undefined when the index cannot tell.
   */
  candidates(condition: unknown): { size: number; ids(): Set<string> } | undefined {
    const of = (entries: Entry[], extra?: Set<string>) => ({
      size: entries.reduce((n, e) => n + e.ids.size, extra?.size ?? 0),
      ids: () => {
        if (!extra && entries.length === 1) return entries[0]!.ids;
        const out = new Set<string>(extra);
        for (const e of entries) for (const id of e.ids) out.add(id);
        return out;
      },
    });
    const entry = (v: Indexable) => this.#entries.get(keyOf(v));
    if (indexable(condition)) return of([entry(condition)].filter((e) => e !== undefined));
    if (!condition || typeof condition !== 'object' || Array.isArray(condition)) return undefined;
    const c = condition as Doc;
    const ops = Object.keys(c);
    const values = c.$eq !== undefined ? [c.$eq] : c.$in;
    if (ops.length === 1 && Array.isArray(values) && values.every(indexable)) return of(values.map(entry).filter((e) => e !== undefined));
    if (ops.length > 0 && ops.every((op) => RANGE_OPS.has(op))) {
      const range = this.#range(c);
      return range && of(range, this.#arrays);
    }
    return undefined;
  }

  /** The entries in a number or Date range: its bounds must all be of one kind, as MongoDB compares only within a type. */
  #range(c: Doc): Entry[] | undefined {
    const bounds = Object.values(c);
    const date = bounds[0] instanceof Date;
    if (!bounds.every((b) => indexable(b) && typeof b !== 'string' && b instanceof Date === date)) return undefined;
    const low = Math.max(...['$gt', '$gte'].filter((op) => op in c).map((op) => +(c[op] as number | Date)), -Infinity);
    const high = Math.min(...['$lt', '$lte'].filter((op) => op in c).map((op) => +(c[op] as number | Date)), Infinity);
    const ordered = (this.#ordered ??= this.#order());
    const list = date ? ordered.dates : ordered.numbers;
    const out: Entry[] = [];
    for (let i = firstAtLeast(list, low); i < list.length && list[i]!.ordinal! <= high; i++) out.push(list[i]!);
    return out;
  }

  #order(): { numbers: Entry[]; dates: Entry[] } {
    const numbers: Entry[] = [];
    const dates: Entry[] = [];
    for (const e of this.#entries.values()) if (e.ordinal !== undefined) (e.date ? dates : numbers).push(e);
    const byOrdinal = (a: Entry, b: Entry) => a.ordinal! - b.ordinal!;
    return { numbers: numbers.sort(byOrdinal), dates: dates.sort(byOrdinal) };
  }
}

/** The first position in `list` (by ordinal) at or above `low`. */
function firstAtLeast(list: Entry[], low: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.ordinal! < low) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
