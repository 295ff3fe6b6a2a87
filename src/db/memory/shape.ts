import { find } from 'mingo';
import { clone, keyOf, type Doc } from './values.js';
import { ACROSS_ARRAY, pathReader } from './matcher.js';

type Sort = Record<string, 1 | -1 | 'asc' | 'desc'>;

const direction = (v: Sort[string]): 1 | -1 => (v === 'asc' || v === 1 ? 1 : -1);

/** What a native sort compares: every document's key of one kind (numbers, strings or Dates). */
type Kind = 'number' | 'string' | 'date';
const kindOf = (v: unknown): Kind | undefined =>
  typeof v === 'number' ? (Number.isNaN(v) ? undefined : 'number') : typeof v === 'string' ? 'string' : v instanceof Date ? 'date' : undefined;

/** The order `sort` puts documents in, natively when every document's sort keys are top-level values of one kind; undefined otherwise. */
function nativeOrder(docs: Doc[], sort: Sort): ((a: Doc, b: Doc) => number) | undefined {
  const keys = Object.entries(sort).map(([field, d]) => ({ field, dir: direction(d) }));
  const native = keys.every(({ field }) => {
    if (field.includes('.')) return false;
    const kind = kindOf(docs[0]?.[field]);
    return kind !== undefined && docs.every((d) => kindOf(d[field]) === kind);
  });
  if (!native) return undefined;
  const value = (d: Doc, field: string) => {
    const v = d[field];
    return v instanceof Date ? v.getTime() : (v as number | string);
  };
  return (a, b) => {
    for (const { field, dir } of keys) {
      const x = value(a, field);
      const y = value(b, field);
      if (x !== y) return (x < y ? -1 : 1) * dir;
    }
    return 0;
  };
}

/**
 * Documents in `sort` order, stable (ties keep store order), as mingo sorts them; natively when every
 * document's sort keys are top-level values of one kind, through mingo otherwise (missing keys, mixed types).
 */
export function sortDocs(docs: Doc[], sort: Sort): Doc[] {
  if (docs.length < 2) return docs;
  const order = nativeOrder(docs, sort);
  if (!order) return find(docs, {}).sort(Object.fromEntries(Object.entries(sort).map(([k, d]) => [k, direction(d)]))).all() as Doc[];
  return [...docs].sort(order);
}

/** A projection as a path tree: `{a: 1, 'b.c': 1}` → {a: true, b: {c: true}}. */
type Tree = { [k: string]: true | Tree };

function treeOf(paths: string[]): Tree | undefined {
  const tree: Tree = {};
  for (const path of paths) {
    const parts = path.split('.');
    let node = tree;
    for (const [i, part] of parts.entries()) {
      if (part === '' || part.startsWith('$')) return undefined;
      const last = i === parts.length - 1;
      const next = node[part];
      if (next === true) return undefined; // a path and its parent (MongoDB refuses it; leave it to mingo)
      if (last) {
        if (next) return undefined;
        node[part] = true;
      } else node = (node[part] = next ?? {});
    }
  }
  return tree;
}

const isSubDocument = (v: unknown): v is Doc =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** The fields of `doc` a tree names, in the document's order; undefined where a path crosses an array (mingo's case). */
function pick(doc: Doc, tree: Tree): Doc | undefined {
  const out: Doc = {};
  // Keys, not entries: no pair allocated for each of a document's fields (millions of them in a registry-wide read).
  for (const k of Object.keys(doc)) {
    const node = tree[k];
    const v = doc[k];
    if (node === undefined || v === undefined) continue;
    if (node === true) out[k] = clone(v);
    else if (isSubDocument(v)) {
      const inner = pick(v, node);
      if (!inner) return undefined;
      out[k] = inner;
    } else if (Array.isArray(v)) return undefined;
  }
  return out;
}

/**
 * A projection applied as MongoDB applies it, natively for the plain forms (fields to include,
 * dotted or not, with or without `_id: 0`; or top-level fields to leave out), through mingo for the
 * others. Returns copies.
 */
export function projector(projection: Doc | undefined): (doc: Doc) => Doc {
  if (!projection || Object.keys(projection).length === 0) return (doc) => clone(doc);
  const viaMingo = (doc: Doc) => clone(find([doc], {}, projection as never).all()[0] as Doc);
  const entries = Object.entries(projection);
  const on = (v: unknown) => v === 1 || v === true;
  const off = (v: unknown) => v === 0 || v === false;
  const withoutId = entries.filter(([k]) => k !== '_id');
  const id = projection._id;
  if (withoutId.length > 0 && withoutId.every(([, v]) => on(v)) && (id === undefined || on(id) || off(id))) {
    const tree = treeOf(withoutId.map(([k]) => k));
    if (!tree || tree._id) return viaMingo;
    if (!off(id)) tree._id = true;
    return (doc) => pick(doc, tree) ?? viaMingo(doc);
  }
  if (entries.every(([k, v]) => off(v) && !k.includes('.') && !k.startsWith('$'))) {
    const dropped = new Set(entries.map(([k]) => k));
    return (doc) => {
      const out: Doc = {};
      for (const [k, v] of Object.entries(doc)) if (!dropped.has(k) && v !== undefined) out[k] = clone(v);
      return out;
    };
  }
  return viaMingo;
}

const fieldPath = (v: unknown): string | undefined =>
  typeof v === 'string' && v.startsWith('$') && !v.startsWith('$$') && v.length > 1 ? v.slice(1) : undefined;

/**
 * A `$group` by one field with `$first` / `$last` of fields, natively (groups in order of first
 * appearance, a missing value as null, as mingo gives them); undefined for any other form. After a
 * `$sort` (`sorted`), each group's first and last documents are found in one pass, without sorting.
 */
export function groupDocs(docs: Doc[], spec: Doc, sorted?: Sort): Doc[] | undefined {
  const by = fieldPath(spec._id);
  if (!by) return undefined;
  const accumulators: Array<{ name: string; last: boolean; path: string }> = [];
  for (const [name, acc] of Object.entries(spec)) {
    if (name === '_id') continue;
    const entries = acc && typeof acc === 'object' ? Object.entries(acc as Doc) : [];
    const [op, arg] = entries[0] ?? [];
    const path = fieldPath(arg);
    if (entries.length !== 1 || (op !== '$first' && op !== '$last') || !path || name.includes('.') || name.startsWith('$')) return undefined;
    accumulators.push({ name, last: op === '$last', path });
  }
  const order = sorted ? nativeOrder(docs, sorted) : () => 0;
  if (!order) return undefined;
  const [key, dir] = sorted && Object.keys(sorted).length === 1 ? [Object.keys(sorted)[0]!, direction(Object.values(sorted)[0]!)] : [undefined, 1];
  // One sort key (the usual case): compared as numbers or strings read once a document.
  const rank = key === undefined ? undefined : (d: Doc) => {
    const v = d[key];
    return v instanceof Date ? v.getTime() : (v as number | string);
  };
  const readId = pathReader(by);
  const readers = accumulators.map((a) => ({ name: a.name, from: a.last ? ('last' as const) : ('first' as const), read: pathReader(a.path) }));
  interface Group { id: unknown; first: Doc; at: number; last: Doc; low: number | string; high: number | string }
  // String ids (the usual case) by themselves, other values by their key: two maps, so neither can collide.
  const strings = new Map<string, Group>();
  const others = new Map<string, Group>();
  // Ties keep input order (a stable sort): the first is the earliest of the least, the last the latest of the greatest.
  // An index loop and no [map, key] pair: nothing allocated for each of a million documents.
  for (let at = 0; at < docs.length; at++) {
    const doc = docs[at]!;
    const id = readId(doc);
    // A path through an array gives that array's values in MongoDB: mingo's case.
    if (id === ACROSS_ARRAY) return undefined;
    const isString = typeof id === 'string';
    const map = isString ? strings : others;
    const k = isString ? id : keyOf(id);
    const r = rank ? rank(doc) : 0;
    const group = map.get(k);
    if (!group) map.set(k, { id: id ?? null, first: doc, at, last: doc, low: r, high: r });
    else if (rank) {
      if (dir === 1 ? r < group.low : r > group.low) {
        group.first = doc;
        group.at = at;
        group.low = r;
      }
      if (dir === 1 ? r >= group.high : r <= group.high) {
        group.last = doc;
        group.high = r;
      }
    } else {
      if (order(doc, group.first) < 0) {
        group.first = doc;
        group.at = at;
      }
      if (order(doc, group.last) >= 0) group.last = doc;
    }
  }
  // Groups come in the order their first documents have in the sorted stream.
  const list = [...strings.values(), ...others.values()].sort((x, y) => order(x.first, y.first) || x.at - y.at);
  const out: Doc[] = [];
  for (const g of list) {
    const row: Doc = { _id: clone(g.id) };
    for (const v of readers) {
      const value = v.read(g[v.from]);
      if (value === ACROSS_ARRAY) return undefined;
      row[v.name] = value === undefined ? null : clone(value);
    }
    out.push(row);
  }
  return out;
}
