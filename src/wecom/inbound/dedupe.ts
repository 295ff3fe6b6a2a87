import type { Db } from 'mongodb';
import { collections } from '../../db/collections.js';
import { insertOnce } from '../../db/errors.js';
import type { InboundEvent } from '../event.js';

/**
 * Stores the event as pending unless its msgId is already stored. The unique index decides, so a
 * WeCom retry is recognised across restarts and between instances. True when the event is new.
 */
export async function recordInbound(db: Db, event: InboundEvent): Promise<boolean> {
  return insertOnce(db.collection(collections.inbound), {
    msgId: event.msgId,
    source: event.source,
    event,
    status: 'pending',
    receivedAt: event.receivedAt,
  });
}
