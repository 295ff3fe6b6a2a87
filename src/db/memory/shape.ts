import { find } from 'mingo';
import { clone, keyOf, type Doc } from './values.js';
import { getPath } from '../../dotted-path.js';
import { crossesArray } from './matcher.js';

type Sort = Record<string, 1 | -1 | 'asc' | 'desc'>;

const direction = (v: Sort[string]): 1 | -1 => (v === 'asc' || v === 1 ? 1 : -1);

/** What a native sort compares: every document's key of one kind (numbers, strings or Dates). */
type Kind = 'number' | 'string' | 'date';
const kindOf = (v: unknown): Kind | undefined =>
  typeof v === 'number' ? (Number.isNaN(v) ? undefined : 'number') : typeof v === 'string' ? 'string' : v instanceof Date ? 'date' : undefined;

/**
 * Documents in `sort` order, stable (ties keep store order), as mingo sorts them; natively when every
 * document's sort keys are top-level values of one kind, through mingo otherwise (missing keys, mixed types).
 */
export function sortDocs(docs: Doc[], sort: Sort): Doc[] {
  const keys = Object.entries(sort).map(([field, d]) => ({ field, dir: direction(d) }));
  if (docs.length < 2) return docs;
  const native = keys.every(({ field }) => {
    if (field.includes('.')) return false;
    const kind = kindOf(docs[0]![field]);
    return kind !== undefined && docs.every((d) => kindOf(d[field]) === kind);
  });
  if (!native) return find(docs, {}).sort(Object.fromEntries(keys.map((k) => [k.field, k.dir]))).all() as Doc[];
  const value = (d: Doc, field: string) => {
    const v = d[field];
    return v instanceof Date ? v.getTime() : (v as number | string);
  };
  return [...docs].sort((a, b) => {
    for (const { field, dir } of keys) {
      const x = value(a, field);
      const y = value(b, field);
      if (x !== y) return (x < y ? -1 : 1) * dir;
    }
    return 0;
  });
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
  for (const [k, v] of Object.entries(doc)) {
    const node = tree[k];
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
 * appearance, a missing value as null, as mingo gives them); undefined for any other form.
 */
export function groupDocs(docs: Doc[], spec: Doc): Doc[] | undefined {
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
  const read = (doc: Doc, path: string) => {
    const v = getPath(doc, path);
    return v === undefined ? null : v;
  };
  // A path through an array gives that array's values in MongoDB: mingo's case.
  const dotted = [by, ...accumulators.map((a) => a.path)].filter((p) => p.includes('.'));
  if (docs.some((d) => dotted.some((p) => crossesArray(d, p)))) return undefined;
  const groups = new Map<string, Doc>();
  for (const doc of docs) {
    const id = read(doc, by);
    const k = keyOf(id);
    let group = groups.get(k);
    if (!group) {
      group = { _id: id };
      for (const a of accumulators) group[a.name] = read(doc, a.path);
      groups.set(k, group);
    } else for (const a of accumulators) if (a.last) group[a.name] = read(doc, a.path);
  }
  return [...groups.values()].map((g) => clone(g));
}
