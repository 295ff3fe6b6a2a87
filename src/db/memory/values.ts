import { BSON, Binary, MongoServerError, ObjectId } from 'mongodb';

export type Doc = Record<string, unknown>;

/** Deep copy that keeps BSON values as their classes; bytes come back as Binary, as from the driver. */
export function clone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof ObjectId) return new ObjectId(value.id) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value instanceof Binary) return new Binary(Buffer.from(value.buffer), value.sub_type) as T;
  if (value instanceof Uint8Array) return new Binary(Buffer.from(value)) as T;
  if (Array.isArray(value)) return value.map(clone) as T;
  const out: Doc = {};
  for (const [k, v] of Object.entries(value as Doc)) if (v !== undefined) out[k] = clone(v);
  return out as T;
}

/** A stable string for a value, equal for values MongoDB considers equal in an index key. */
export function keyOf(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (value instanceof ObjectId) return `oid:${value.toHexString()}`;
  if (value instanceof Date) return `date:${value.getTime()}`;
  if (typeof value === 'number') return `num:${value}`;
  if (typeof value === 'string') return `str:${value}`;
  if (typeof value === 'boolean') return `bool:${value}`;
  if (Array.isArray(value)) return `[${value.map(keyOf).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Doc).map(([k, v]) => `${JSON.stringify(k)}:${keyOf(v)}`);
    return `{${entries.join(',')}}`;
  }
  return `${typeof value}:${String(value)}`;
}

export const isOperatorObject = (v: unknown): boolean =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof ObjectId) && !(v instanceof Date) &&
  Object.keys(v as Doc).some((k) => k.startsWith('$'));

/** A value as mongod prints it in an error message (Extended JSON, relaxed). */
export const show = (value: unknown): string => BSON.EJSON.stringify(value, { relaxed: true });

/** An error as mongod reports it: its code, codeName and message. */
export const serverError = (code: number, codeName: string, message: string): MongoServerError =>
  new MongoServerError({ message, errmsg: message, code, codeName });
