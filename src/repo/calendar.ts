import type { Db } from 'mongodb';
import { collections } from '../db/collections.js';
import type { CalendarEntry } from '../domain/calendar.js';
import { audit } from './audit.js';

type CalendarDoc = CalendarEntry & { _id: string };

const calendar = (db: Db) => db.collection<CalendarDoc>(collections.calendar);

/** The county's entries, by date. */
export async function calendarEntries(db: Db): Promise<CalendarEntry[]> {
  const docs = await calendar(db).find({}).sort({ _id: 1 }).toArray();
  return docs.map(({ date, kind, name }) => ({ date, kind, name }));
}

/** Stores entries by date (a date entered again replaces the earlier entry), each change audited. */
export async function saveCalendar(db: Db, entries: CalendarEntry[], actor: string, at: Date): Promise<number> {
  for (const e of entries) {
    const before = await calendar(db).findOne({ _id: e.date });
    await calendar(db).updateOne({ _id: e.date }, { $set: { date: e.date, kind: e.kind, name: e.name } }, { upsert: true });
    await audit(db, { entity: 'calendar', entityId: e.date, at, actor, action: before ? 'update' : 'create', before, after: e });
  }
  return entries.length;
}
