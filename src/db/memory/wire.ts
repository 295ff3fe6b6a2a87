import { BSON, ObjectId } from 'mongodb';
import { clone, serverError, type Doc } from './values.js';

/** The largest document MongoDB stores (BSONObjMaxUserSize). */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
/** The largest command body a mongod parses (BSONObjMaxInternalSize: 16 MiB + 16 KiB). */
const MAX_COMMAND_BYTES = MAX_DOCUMENT_BYTES + 16 * 1024;

/** How the driver serialises a command by default (its `ignoreUndefined` is false: undefined goes as null). */
const SERIALIZE = { checkKeys: false, serializeFunctions: false, ignoreUndefined: false } as const;

/**
 * A document as mongod receives it from the driver and the driver reads it back: serialised with the
 * driver's defaults and deserialised with BSON's (which are the driver's): undefined becomes null,
 * functions are dropped, Int32 and Double and safe Longs come back as numbers, bytes as Binary.
 * A document too big for a command body fails as mongod fails it (BSONObjectTooLarge).
 * A document BSON would give back unchanged is copied instead, which costs a third as much.
 */
export function overTheWire<T extends Doc>(doc: T): { doc: T; bytes: number } {
  if (unchangedByBson(doc)) {
    const bytes = bsonSize(doc);
    refuseOversize(bytes);
    return { doc: clone(doc), bytes };
  }
  const serialised = BSON.serialize(doc, SERIALIZE);
  refuseOversize(serialised.length);
  return { doc: BSON.deserialize(serialised) as T, bytes: serialised.length };
}

/** A filter as mongod receives it; one BSON gives back unchanged is used as it is. */
export const filterOverTheWire = (filter: Doc): Doc => (unchangedByBson(filter) ? filter : overTheWire(filter).doc);

function refuseOversize(bytes: number): void {
  if (bytes <= MAX_COMMAND_BYTES) return;
  const hex = bytes.toString(16).toUpperCase();
  throw serverError(10334, 'BSONObjectTooLarge', `BSONObj size: ${bytes} (0x${hex}) is invalid. Size must be between 0 and ${MAX_COMMAND_BYTES}(16MB)`);
}

/** The size mongod checks a document against after an update. */
export const bsonSize = (doc: Doc): number => BSON.calculateObjectSize(doc, SERIALIZE);

const SURROGATE = /[\uD800-\uDFFF]/;
/** A key BSON refuses (a null byte) or changes (a surrogate). */
const ODD_KEY = /[\u0000\uD800-\uDFFF]/;

/**
 * True when BSON would give `value` back unchanged (but for numbers' Int32/Double tag): strings
 * without surrogates, booleans, null, numbers, valid Dates, ObjectIds, and plain arrays and
 * objects of those. Anything else (undefined, typed numbers, bytes, class instances, …) goes through BSON.
 */
function unchangedByBson(value: unknown): boolean {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return true;
  if (typeof value === 'string') return !SURROGATE.test(value);
  if (typeof value !== 'object') return false;
  if (value instanceof Date) return !Number.isNaN(value.getTime());
  if (value instanceof ObjectId) return true;
  if (Array.isArray(value)) return value.every(unchangedByBson);
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key in value) if (ODD_KEY.test(key) || !unchangedByBson((value as Doc)[key])) return false;
  return true;
}
