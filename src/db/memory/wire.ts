import { BSON } from 'mongodb';
import { serverError, type Doc } from './values.js';

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
 */
export function overTheWire<T extends Doc>(doc: T): { doc: T; bytes: number } {
  const bytes = BSON.serialize(doc, SERIALIZE);
  if (bytes.length > MAX_COMMAND_BYTES) {
    const hex = bytes.length.toString(16).toUpperCase();
    throw serverError(10334, 'BSONObjectTooLarge', `BSONObj size: ${bytes.length} (0x${hex}) is invalid. Size must be between 0 and ${MAX_COMMAND_BYTES}(16MB)`);
  }
  return { doc: BSON.deserialize(bytes) as T, bytes: bytes.length };
}

/** The size mongod checks a document against after an update. */
export const bsonSize = (doc: Doc): number => BSON.calculateObjectSize(doc, SERIALIZE);
