import { Query } from 'mingo';
import type { Doc } from './values.js';

/** A document's fate under a filter: matched, not, or undefined when the native test cannot tell (mingo decides). */
type Verdict = boolean | undefined;
type Test = (doc: Doc) => Verdict;

/** A scalar both the native test and mingo compare alike: a string, a number (not NaN), a boolean, a Date, or null. */
type Scalar = string | number | boolean | Date | null;

const isScalar = (v: unknown): v is Scalar =>
  v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && !Number.isNaN(v)) || (v instanceof Date && !Number.isNaN(v.getTime()));

/** What a stored value is to a scalar condition: itself, null for missing, or undefined when only mingo knows (arrays, documents, NaN, BSON types, a path across an array). */
function readable(v: unknown): Scalar | undefined {
  if (v === undefined) return null;
  return isScalar(v) ? v : undefined;
}

/** One field's condition on its value. */
type ValueTest = (v: Scalar) => boolean;

const same = (a: Scalar, b: Scalar): boolean =>
  a instanceof Date ? b instanceof Date && a.getTime() === b.getTime() : a === b;

/** Ranges between numbers, between Dates or between strings (in JavaScript's order, as mingo compares them). */
type Bound = number | Date | string;
const isBound = (v: unknown): v is Bound => typeof v === 'string' || (typeof v === 'number' && !Number.isNaN(v)) || (v instanceof Date && !Number.isNaN(v.getTime()));

function rangeTest(op: string, bound: Bound): ValueTest {
  const compare = (v: Scalar): number | undefined => {
    if (typeof bound === 'string') return typeof v === 'string' ? (v < bound ? -1 : v > bound ? 1 : 0) : undefined;
    if (bound instanceof Date) return v instanceof Date ? v.getTime() - bound.getTime() : undefined;
    return typeof v === 'number' ? v - bound : undefined;
  };
  const holds = op === '$gt' ? (c: number) => c > 0 : op === '$gte' ? (c: number) => c >= 0 : op === '$lt' ? (c: number) => c < 0 : (c: number) => c <= 0;
  return (v) => {
    const c = compare(v);
    // Another type never matches a range (MongoDB's type bracketing).
    return c !== undefined && holds(c);
  };
}

const TYPE_TESTS: Record<string, (v: Scalar) => boolean> = {
  number: (v) => typeof v === 'number',
  string: (v) => typeof v === 'string',
  bool: (v) => typeof v === 'boolean',
  date: (v) => v instanceof Date,
};

/** One field's condition as a test of its (scalar) value, or undefined when it is not one this module handles. */
function conditionTest(condition: unknown): ValueTest | undefined {
  if (isScalar(condition)) return (v) => same(v, condition);
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition) || condition instanceof Date) return undefined;
  const tests: ValueTest[] = [];
  for (const [op, arg] of Object.entries(condition as Doc)) {
    if (op === '$eq' || op === '$ne') {
      if (!isScalar(arg)) return undefined;
      tests.push(op === '$eq' ? (v) => same(v, arg) : (v) => !same(v, arg));
    } else if (op === '$in' || op === '$nin') {
      if (!Array.isArray(arg) || !arg.every(isScalar)) return undefined;
      const plain = new Set(arg.filter((a) => !(a instanceof Date)));
      const dates = new Set(arg.filter((a): a is Date => a instanceof Date).map((d) => d.getTime()));
      const member = (v: Scalar) => (v instanceof Date ? dates.has(v.getTime()) : plain.has(v));
      tests.push(op === '$in' ? member : (v) => !member(v));
    } else if (op === '$type') {
      // By alias, for the types a scalar can be ('null' is left to mingo: a missing field reads as null here).
      const test = typeof arg === 'string' ? TYPE_TESTS[arg] : undefined;
      if (!test) return undefined;
      tests.push(test);
    } else if (op === '$gt' || op === '$gte' || op === '$lt' || op === '$lte') {
      if (!isBound(arg)) return undefined;
      tests.push(rangeTest(op, arg));
    } else if (op === '$not') {
      // A missing field reads as null, which fails the inner condition, so $not holds: as in MongoDB.
      const inner = conditionTest(arg);
      if (!inner || isScalar(arg)) return undefined;
      tests.push((v) => !inner(v));
    } else return undefined;
  }
  if (tests.length === 0) return undefined;
  return tests.length === 1 ? tests[0] : (v) => tests.every((t) => t(v));
}

/**
 * A filter as a native test where it is a conjunction of scalar conditions on fields (equality, $ne,
 * $in, $nin, number, Date and string ranges, $type by alias, $not of those); undefined otherwise. A document whose field holds an array, a
 * sub-document or a BSON type gets no verdict, and mingo (MongoDB's semantics) decides it.
 */
export function nativeTest(filter: Doc): Test | undefined {
  const fields: Array<{ read: (doc: Doc) => unknown; test: ValueTest }> = [];
  for (const [path, condition] of Object.entries(filter)) {
    if (path.startsWith('$')) return undefined;
    const test = conditionTest(condition);
    if (!test) return undefined;
    fields.push({ read: pathReader(path), test });
  }
  return (doc) => {
    let verdict: Verdict = true;
    for (const f of fields) {
      const v = readable(f.read(doc));
      if (v === undefined) verdict = undefined;
      else if (!f.test(v)) return false;
    }
    return verdict;
  };
}

/** What a path reader gives for a path through an array (where MongoDB reads each element). */
export const ACROSS_ARRAY = Symbol('across an array');

/** A reader of one (dotted) path, split once: the value, undefined when missing, or ACROSS_ARRAY. */
export function pathReader(path: string): (doc: Doc) => unknown {
  const parts = path.split('.');
  if (parts.length === 1) return (doc) => (Array.isArray(doc[path]) ? ACROSS_ARRAY : doc[path]);
  return (doc) => {
    let cur: unknown = doc;
    for (const part of parts) {
      if (Array.isArray(cur)) return ACROSS_ARRAY;
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Doc)[part];
    }
    return cur;
  };
}

/** The filter's test: native where it can decide, mingo (built once, only when needed) where it cannot. */
export function compileFilter(filter: Doc): (doc: Doc) => boolean {
  const native = nativeTest(filter);
  let query: Query | undefined;
  const mingo = (doc: Doc) => (query ??= new Query(filter)).test(doc);
  if (!native) return mingo;
  return (doc) => native(doc) ?? mingo(doc);
}
