import { Decimal128, Long, ObjectId } from 'mongodb';
import { getPath } from '../../dotted-path.js';
import { serverError, show, type Doc } from './values.js';

/** The driver's test (it reads only the first key): an update starts with an operator, a replacement does not. */
export const hasAtomicOperators = (doc: Doc): boolean => {
  const first = Object.keys(doc)[0];
  return first !== undefined && first.startsWith('$');
};

const MODIFIERS = new Set([
  '$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$setOnInsert', '$currentDate',
  '$push', '$addToSet', '$pull', '$pullAll', '$pop', '$bit',
]);
const NUMERIC: Record<string, string> = { $inc: 'increment', $mul: 'multiply' };
const ARRAY: Record<string, (field: string, value: unknown, doc: Doc) => string> = {
  $push: (field, value, doc) => `The field '${field}' must be an array but is of type ${typeName(value)} in document {_id: ${show(doc._id)}}`,
  $addToSet: (field, value) => `Cannot apply $addToSet to non-array field. Field named '${field}' has non-array type ${typeName(value)}`,
  $pull: () => 'Cannot apply $pull to a non-array value',
  $pullAll: () => 'Cannot apply $pullAll to a non-array value',
};

const isNumeric = (v: unknown): boolean => typeof v === 'number' || v instanceof Long || v instanceof Decimal128;

/** mongod's name of a value's BSON type, as its messages give it. */
function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  if (v instanceof ObjectId) return 'objectId';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? 'int' : 'double';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'object' && '_bsontype' in v) return String(v._bsontype).toLowerCase();
  return typeof v === 'string' ? 'string' : 'object';
}

/**
 * What mongod checks when it parses an update, before it reads any document: known modifiers,
 * numeric arguments to $inc and $mul, and no two modifiers (or fields) on one path or a path and its prefix.
 */
export function checkUpdate(update: Doc): void {
  const paths: string[] = [];
  for (const [op, fields] of Object.entries(update)) {
    if (!MODIFIERS.has(op)) {
      throw serverError(9, 'FailedToParse', `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`);
    }
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
      throw serverError(9, 'FailedToParse', `Modifiers operate on fields but we found type ${typeName(fields)} instead. For example: {$mod: {<field>: ...}} not {${op}: ${show(fields)}}`);
    }
    for (const [path, arg] of Object.entries(fields as Doc)) {
      const verb = NUMERIC[op];
      if (verb && !isNumeric(arg)) throw serverError(14, 'TypeMismatch', `Cannot ${verb} with non-numeric argument: {${path}: ${show(arg)}}`);
      for (const target of op === '$rename' ? [path, String(arg)] : [path]) {
        const clash = paths.find((p) => p === target || p.startsWith(`${target}.`) || target.startsWith(`${p}.`));
        if (clash !== undefined) {
          const at = clash.length < target.length ? clash : target;
          throw serverError(40, 'ConflictingUpdateOperators', `Updating the path '${target}' would create a conflict at '${at}'`);
        }
        paths.push(target);
      }
    }
  }
}

/** What mongod checks as it applies an update to a document: $inc and $mul need numbers there, $push and the like arrays. */
export function checkTargets(doc: Doc, update: Doc): void {
  for (const [op, fields] of Object.entries(update)) {
    const numeric = op in NUMERIC;
    const arrayMessage = ARRAY[op];
    if (!numeric && !arrayMessage) continue;
    for (const path of Object.keys(fields as Doc)) {
      const value = getPath(doc, path);
      if (value === undefined) continue;
      const field = path.slice(path.lastIndexOf('.') + 1);
      if (numeric && !isNumeric(value)) {
        throw serverError(14, 'TypeMismatch', `Cannot apply ${op} to a value of non-numeric type. {_id: ${show(doc._id)}} has the field '${field}' of non-numeric type ${typeName(value)}`);
      }
      if (arrayMessage && !Array.isArray(value)) throw serverError(2, 'BadValue', arrayMessage(field, value, doc));
    }
  }
}
