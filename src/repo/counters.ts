import type { Db } from 'mongodb';
import { collections } from '../db/collections.js';

/** The next number of a sequence (problem numbers people type: "/解决 12"). Atomic across instances. */
export async function nextNumber(db: Db, name: string): Promise<number> {
  const doc = await db
    .collection<{ _id: string; value: number }>(collections.counters)
    .findOneAndUpdate({ _id: name }, { $inc: { value: 1 } }, { upsert: true, returnDocument: 'after' });
  return doc!.value;
}
