import type { Db } from 'mongodb';
import { collections } from '../../db/collections.js';
import type { Clock } from '../../clock.js';
import { isDuplicateKey } from '../../db/errors.js';

interface LeaseDoc {
  _id: string;
  holder: string;
  expiresAt: Date;
}

export interface Lease {
  /** Takes the lease if it is free or expired, or renews it if we hold it; true while we hold it. */
  hold(): Promise<boolean>;
  /** Gives the lease up at once (a clean shutdown), so another instance need not wait for expiry. */
  release(): Promise<void>;
}

/**
 * One holder among several instances, decided in MongoDB: the document's unique _id makes two
 * instances racing for a free lease end with one winner; an unrenewed lease expires after `ttlMs`.
 */
export function createLease(opts: { db: Db; clock: Clock; name: string; holder: string; ttlMs: number }): Lease {
  const leases = opts.db.collection<LeaseDoc>(collections.leases);
  return {
    async hold() {
      const now = opts.clock.now();
      try {
        const doc = await leases.findOneAndUpdate(
          { _id: opts.name, $or: [{ holder: opts.holder }, { expiresAt: { $lt: now } }] },
          { $set: { holder: opts.holder, expiresAt: new Date(now.getTime() + opts.ttlMs) } },
          { upsert: true, returnDocument: 'after' },
        );
        return doc?.holder === opts.holder;
      } catch (err) {
        // Someone else holds it: our upsert collided with their document.
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    async release() {
      await leases.deleteOne({ _id: opts.name, holder: opts.holder });
    },
  };
}
