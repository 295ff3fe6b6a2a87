import { randomUUID } from 'node:crypto';
import { ObjectId, type Collection, type Db, type Filter } from 'mongodb';
import { fitBody, TEXT_LIMIT_BYTES } from '../messages/limits.js';
import dayjs from '../time.js';
import type { Clock } from '../clock.js';
import { collections } from '../db/collections.js';
import type { Logger } from '../log.js';
import { WecomError, type WecomAnswer } from './client.js';
import type { OutboundBody, OutboundMessage, OutboundTarget } from '../messages/outbound.js';
import { renderPlainText, splitBody } from './render.js';
import type { Metrics } from '../metrics.js';
import { insertOnce } from '../db/errors.js';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** One sendable part of a logical message, as stored in the `outbox` collection. */
export interface OutboxEntry {
  _id: ObjectId;
  /** Unique: the message key, or `${key}#i` for part i of a message split to fit WeCom's limit. */
  key: string;
  messageKey: string;
  part: number;
  parts: number;
  target: OutboundTarget;
  body: OutboundBody;
  origin?: OutboundMessage['origin'];
  /** Messages of one lane (a chat, or a person) go out in `seq` order. */
  lane: string;
  seq: number;
  /** The webhook key whose 20-a-minute budget this send uses; null for app and reply sends. */
  pace: string | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  createdAt: Date;
  /** Set while a worker holds the entry in 'sending'; after `leaseUntil` another worker may take it back. */
  claim?: string;
  leaseUntil?: Date;
  /** How many times an expired lease was taken back. */
  reclaimed: number;
  sentAt?: Date;
  answer?: WecomAnswer;
  /** When `outbox --retry` put a failed entry back: its retries are counted from then. */
  retriedAt?: Date;
  /** An attempt got no answer (timeout, network): WeCom may have taken it. */
  unanswered?: boolean;
  /** An answer whose response_url could not be used went another way, marked as late. */
  late?: boolean;
  lastError?: { message: string; errcode: number | null; errmsg: string | null; retryable: boolean; at: Date };
}

/** What the outbox needs from the WeCom client. */
export interface Sender {
  send(target: OutboundTarget, body: OutboundBody): Promise<WecomAnswer>;
}

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export interface OutboxOptions {
  db: Db;
  client: Sender;
  clock: Clock;
  log: Logger;
  /** WeCom allows 20 messages a minute per group webhook (doc 99110). */
  pacePerMinute?: number;
  /** How long after it was written a message whose failures are retryable is still tried (rules.delivery). */
  giveUpAfterMs?: number;
  backoff?: Partial<BackoffOptions>;
  /** How long a claim holds; must comfortably exceed the client's timeout. */
  leaseMs?: number;
  metrics?: Pick<Metrics, 'sent' | 'delivery'>;
  /** Another way to the group or person, for an answer whose response_url has expired or was refused. */
  reroute?: (target: ReplyTarget) => Promise<OutboundTarget>;
  /** Told of every entry that failed for good (app.ts alerts the admins). */
  onFailed?: (entry: OutboxEntry) => Promise<void>;
  /** The `start` loop sends only while this says so (long-connection mode: the connection holder). */
  active?: () => boolean;
  /** When a scheduled message (one with `origin.job`) may first be sent: quiet hours hold it until then. */
  notBefore?: (now: Date) => Date;
}

export interface Outbox {
  /** Writes messages (before any send); a key already enqueued is a no-op. */
  enqueue(msgs: OutboundMessage | OutboundMessage[]): Promise<void>;
  /** Sends everything due at clock.now(); returns how many entries were sent. */
  drainDue(): Promise<number>;
  /** Entries not yet sent and not failed. */
  pending(): Promise<number>;
  /** When something next falls due: a retry, a pacing wait, a held message, an expiring lease; null when nothing waits. */
  nextDueAt(): Promise<Date | null>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
  list(filter?: { status?: OutboxStatus; limit?: number }): Promise<OutboxEntry[]>;
  /** Puts a failed entry (by id, or by key) back in the queue; false if there is no such failed entry. */
  retry(id: string): Promise<boolean>;
}

type ReplyTarget = Extract<OutboundTarget, { kind: 'reply' }>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A response_url this close to its expiry is not tried: the answer goes another way at once. */
const REPLY_MARGIN_MS = MINUTE;
/** WeCom's answer to a response_url already used or expired (doc 101138). */
const REPLY_URL_USED = 40035;
const SEQ_COUNTER = 'outbox.seq';

/**
 * The durable outbox: every message is written first, then sent by `drainDue` (or the `start`
 * loop) with retry, back-off, per-chat order and per-webhook pacing, and marked sent with WeCom's
 * answer. Workers claim an entry atomically (pending → sending, with a lease), so two workers never
 * send the same entry. If a worker dies after WeCom accepted a message but before marking it sent,
 * the entry is sent again once its lease expires: that crash window allows at most one duplicate,
 * because an entry whose lease expires a second time is failed instead of retried.
 */
export function createOutbox(options: OutboxOptions): Outbox {
  const { db, client, clock, log } = options;
  const pacePerMinute = options.pacePerMinute ?? 20;
  const giveUpAfterMs = options.giveUpAfterMs ?? 48 * HOUR;
  const backoff: BackoffOptions = { baseMs: 10_000, capMs: 15 * MINUTE, ...options.backoff };
  const leaseMs = options.leaseMs ?? 2 * MINUTE;
  const col: Collection<OutboxEntry> = db.collection<OutboxEntry>(collections.outbox);
  const counters = db.collection<{ _id: string; value: number }>(collections.counters);

  async function reserveSeq(n: number): Promise<number> {
    const doc = await counters.findOneAndUpdate({ _id: SEQ_COUNTER }, { $inc: { value: n } }, { upsert: true, returnDocument: 'after' });
    return doc!.value - n + 1;
  }

  async function enqueue(input: OutboundMessage | OutboundMessage[]): Promise<void> {
    const messages = Array.isArray(input) ? input : [input];
    const planned = messages.map((m) => ({ message: m, bodies: partsOf(m) }));
    const total = planned.reduce((n, p) => n + p.bodies.length, 0);
    if (total === 0) return;
    let seq = await reserveSeq(total);
    const createdAt = clock.now();
    for (const { message, bodies } of planned) {
      for (const [i, body] of bodies.entries()) {
        const entry: Omit<OutboxEntry, '_id'> = {
          key: bodies.length === 1 ? message.key : `${message.key}#${i + 1}`,
          messageKey: message.key,
          part: i + 1,
          parts: bodies.length,
          target: message.target,
          body,
          ...(message.origin ? { origin: message.origin } : {}),
          lane: laneOf(message),
          seq: seq++,
          pace: message.target.kind === 'webhook' ? message.target.webhookKey : null,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: scheduled(message) && options.notBefore ? options.notBefore(createdAt) : createdAt,
          createdAt,
          reclaimed: 0,
        };
        if (!(await insertOnce(col, entry as OutboxEntry))) log.debug({ key: entry.key }, 'outbox: already enqueued');
      }
    }
  }

  /** Lanes a drain is working on: a later drain leaves them alone, so one chat's slow send holds up no other chat. */
  const busy = new Set<string>();

  /** Sends what is due: lanes side by side, each lane strictly in its order. */
  async function drainDue(): Promise<number> {
    await reclaimExpired();
    const now = clock.now();
    const due = await col.find({ status: 'pending', nextAttemptAt: { $lte: now } }).sort({ seq: 1 }).toArray();
    const byLane = new Map<string, OutboxEntry[]>();
    for (const entry of due) {
      if (busy.has(entry.lane)) continue;
      const lane = byLane.get(entry.lane);
      if (lane) lane.push(entry);
      else byLane.set(entry.lane, [entry]);
    }
    if (byLane.size === 0) return 0;
    for (const lane of byLane.keys()) busy.add(lane);
    try {
      const open = await openSeqs([...byLane.keys()]);
      const sent = await Promise.all([...byLane].map(([lane, entries]) => drainLane(entries, open.get(lane) ?? [], now).finally(() => busy.delete(lane))));
      return sent.reduce((a, b) => a + b, 0);
    } finally {
      for (const lane of byLane.keys()) busy.delete(lane);
    }
  }

  /**
   * One lane's due entries in seq order. An entry goes only when every earlier open entry of its
   * lane is done; a retry or a pacing wait stops the lane until a later drain, so order holds.
   */
  async function drainLane(entries: OutboxEntry[], openSeqsOfLane: number[], now: Date): Promise<number> {
    let sent = 0;
    for (const [i, entry] of entries.entries()) {
      if (openSeqsOfLane[i] !== entry.seq) break;
      const wait = entry.pace === null ? 0 : await paceWait(entry.pace, now);
      if (wait > 0) {
        await col.updateOne({ _id: entry._id, status: 'pending' }, { $set: { nextAttemptAt: new Date(now.getTime() + wait) } });
        break;
      }
      const outcome = await attempt(entry, now);
      if (outcome === 'sent') sent++;
      if (outcome !== 'sent' && outcome !== 'failed') break;
    }
    return sent;
  }

  /** Every open (pending or sending) seq of each lane, in order. */
  async function openSeqs(lanes: string[]): Promise<Map<string, number[]>> {
    const open = await col
      .find({ lane: { $in: lanes }, status: { $in: ['pending', 'sending'] } }, { projection: { lane: 1, seq: 1 } })
      .sort({ seq: 1 })
      .toArray();
    const seqs = new Map<string, number[]>();
    for (const { lane, seq } of open) {
      const list = seqs.get(lane);
      if (list) list.push(seq);
      else seqs.set(lane, [seq]);
    }
    return seqs;
  }

  /** Milliseconds until the webhook has a free slot in its rolling minute; in-flight sends count. */
  async function paceWait(pace: string, now: Date): Promise<number> {
    const windowStart = new Date(now.getTime() - MINUTE);
    const recent = await col
      .find({ pace, status: 'sent', sentAt: { $gt: windowStart } }, { projection: { sentAt: 1 } })
      .sort({ sentAt: 1 })
      .toArray();
    const inFlight = await col.countDocuments({ pace, status: 'sending' });
    if (recent.length + inFlight < pacePerMinute) return 0;
    const slotFreesAt = recent.length >= pacePerMinute ? recent[recent.length - pacePerMinute]!.sentAt!.getTime() + MINUTE : now.getTime() + 1_000;
    return Math.max(1, slotFreesAt - now.getTime());
  }

  async function attempt(entry: OutboxEntry, now: Date): Promise<'sent' | 'retry' | 'failed' | 'lost'> {
    const claim = randomUUID();
    let claimed = await col.findOneAndUpdate(
      { _id: entry._id, status: 'pending', nextAttemptAt: { $lte: now } },
      { $set: { status: 'sending', claim, leaseUntil: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } },
      { returnDocument: 'after' },
    );
    if (!claimed) return 'lost';
    if (claimed.target.kind === 'reply' && replyExpired(claimed.target, now)) claimed = await reroute(claimed, claim);
    let answer: WecomAnswer;
    try {
      answer = await send(claimed);
    } catch (err) {
      if (claimed.target.kind !== 'reply' || !(err instanceof WecomError) || err.errcode !== REPLY_URL_USED) return recordFailure(claimed, claim, err);
      if (claimed.unanswered) {
        // The URL is single-use and not yet expired: the attempt that got no answer is the one that used it.
        answer = { errcode: 0, errmsg: 'taken by an earlier attempt that got no answer' };
      } else {
        claimed = await reroute(claimed, claim);
        try {
          answer = await send(claimed);
        } catch (again) {
          return recordFailure(claimed, claim, again);
        }
      }
    }
    // A late answer still wins over a reclaimed-but-unsent entry, which saves a duplicate.
    const marked = await col.updateOne(
      { _id: claimed._id, $or: [{ claim }, { status: { $in: ['pending', 'failed'] } }] },
      { $set: { status: 'sent', sentAt: clock.now(), answer }, $unset: { claim: '', leaseUntil: '', lastError: '' } },
    );
    if (marked.matchedCount === 0) log.warn({ key: claimed.key }, 'outbox: sent after another worker took the entry back');
    else log.debug({ key: claimed.key, attempts: claimed.attempts }, 'outbox: sent');
    options.metrics?.sent('sent');
    return 'sent';
  }

  /** A scheduled message's resend after a timeout must not reach people twice; see OutboundTarget. */
  function send(entry: OutboxEntry): Promise<WecomAnswer> {
    const target = entry.target.kind === 'app' && scheduled(entry) ? { ...entry.target, duplicateCheck: true } : entry.target;
    return client.send(target, entry.body);
  }

  /** The answer goes by the group's webhook, the long connection or the app, saying it is late. */
  async function reroute(entry: OutboxEntry, claim: string): Promise<OutboxEntry> {
    const target = await (options.reroute ?? toPerson)(entry.target as ReplyTarget);
    const body = fitBody(lateBody(entry.body, entry.createdAt), target.kind === 'app' ? TEXT_LIMIT_BYTES : undefined);
    const pace = target.kind === 'webhook' ? target.webhookKey : null;
    await col.updateOne({ _id: entry._id, claim }, { $set: { target, body, pace, late: true } });
    log.warn({ key: entry.key, via: target.kind }, 'outbox: the response_url cannot be used; the answer goes another way');
    options.metrics?.delivery('late-reply');
    return { ...entry, target, body, pace, late: true };
  }

  async function recordFailure(entry: OutboxEntry, claim: string, err: unknown): Promise<'retry' | 'failed'> {
    const wecom = err instanceof WecomError ? err : undefined;
    const retryable = wecom ? wecom.retryable : true;
    const at = clock.now();
    const lastError = { message: (err as Error)?.message ?? String(err), errcode: wecom?.errcode ?? null, errmsg: wecom?.errmsg ?? null, retryable, at };
    const giveUp = !retryable || at.getTime() - (entry.retriedAt ?? entry.createdAt).getTime() >= giveUpAfterMs;
    const delay = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.min(entry.attempts - 1, 30));
    // No HTTP status means no answer at all: WeCom may have taken the message.
    const unanswered = wecom?.httpStatus === null && wecom.errcode === null ? { unanswered: true } : {};
    await col.updateOne(
      { _id: entry._id, claim },
      {
        $set: giveUp
          ? { status: 'failed', lastError, ...unanswered }
          : { status: 'pending', lastError, ...unanswered, nextAttemptAt: new Date(at.getTime() + delay) },
        $unset: { claim: '', leaseUntil: '' },
      },
    );
    const fields = { key: entry.key, attempts: entry.attempts, errcode: lastError.errcode, error: lastError.message };
    if (giveUp) log.error(fields, 'outbox: failed');
    else log.warn({ ...fields, retryInMs: delay }, 'outbox: will retry');
    options.metrics?.sent(giveUp ? 'failed' : 'retry', lastError.errcode);
    if (giveUp) {
      options.metrics?.delivery(retryable ? 'given-up' : 'refused');
      await options.onFailed?.({ ...entry, status: 'failed', lastError });
    }
    return giveUp ? 'failed' : 'retry';
  }

  /** Entries left in 'sending' by a worker that died: retried once, failed the second time. */
  async function reclaimExpired(): Promise<void> {
    const now = clock.now();
    const expired: Filter<OutboxEntry> = { status: 'sending', leaseUntil: { $lte: now } };
    const lastError = { message: '发送中断两次，为免重复发送不再自动重试 / lease expired twice', errcode: null, errmsg: null, retryable: false, at: now };
    const failed = await col.updateMany(
      { ...expired, reclaimed: { $gte: 1 } },
      { $set: { status: 'failed', lastError }, $unset: { claim: '', leaseUntil: '' } },
    );
    const retried = await col.updateMany(
      expired,
      { $set: { status: 'pending', nextAttemptAt: now }, $inc: { reclaimed: 1 }, $unset: { claim: '', leaseUntil: '' } },
    );
    if (failed.modifiedCount + retried.modifiedCount > 0) {
      log.warn({ retried: retried.modifiedCount, failed: failed.modifiedCount }, 'outbox: took back entries from an expired lease');
    }
  }

  let timer: NodeJS.Timeout | undefined;
  const running = new Set<Promise<unknown>>();

  return {
    enqueue,
    drainDue,
    pending: () => col.countDocuments({ status: { $in: ['pending', 'sending'] } }),
    async nextDueAt() {
      // Only a lane's head can go next: an entry due behind a head that waits is not due.
      const heads = await col
        .aggregate<Pick<OutboxEntry, 'status' | 'nextAttemptAt' | 'leaseUntil'>>([
          { $match: { status: { $in: ['pending', 'sending'] } } },
          { $sort: { seq: 1 } },
          { $group: { _id: '$lane', status: { $first: '$status' }, nextAttemptAt: { $first: '$nextAttemptAt' }, leaseUntil: { $first: '$leaseUntil' } } },
        ])
        .toArray();
      const times = heads.map((h) => (h.status === 'pending' ? h.nextAttemptAt : h.leaseUntil)).filter((t): t is Date => t instanceof Date);
      return times.length === 0 ? null : new Date(Math.min(...times.map((t) => t.getTime())));
    },
    start(intervalMs = 1_000) {
      if (timer) return;
      timer = setInterval(() => {
        if (options.active && !options.active()) return;
        // A drain still waiting on a slow send holds only its lanes; this one takes the others.
        const drain = drainDue()
          .catch((err: unknown) => log.error({ err }, 'outbox: drain failed'))
          .finally(() => running.delete(drain));
        running.add(drain);
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await Promise.all(running);
    },
    list({ status, limit = 200 } = {}) {
      return col.find(status ? { status } : {}).sort({ seq: 1 }).limit(limit).toArray();
    },
    async retry(id) {
      const which: Filter<OutboxEntry> = ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id) ? { _id: new ObjectId(id) } : { key: id };
      const result = await col.updateOne(
        { ...which, status: 'failed' },
        { $set: { status: 'pending', attempts: 0, reclaimed: 0, nextAttemptAt: clock.now(), retriedAt: clock.now() }, $unset: { lastError: '' } },
      );
      return result.modifiedCount === 1;
    },
  };
}

const replyExpired = (target: ReplyTarget, now: Date): boolean => target.expiresAt !== undefined && now.getTime() >= target.expiresAt.getTime() - REPLY_MARGIN_MS;

/** Without a route resolver an answer can always reach its person by the app. */
const toPerson = async (target: ReplyTarget): Promise<OutboundTarget> => ({ kind: 'app', userIds: [target.userId] });

/** The answer, saying when the message it answers was handled; a card becomes text, as every route takes text. */
function lateBody(body: OutboundBody, at: Date): OutboundBody {
  const note = `（回复延迟：这是对 ${dayjs(at).tz().format('M月D日 HH:mm')} 消息的回复）`;
  const content = `${note}\n${renderPlainText(body)}`;
  return body.msgtype === 'markdown' ? { msgtype: 'markdown', content: `${note}\n${body.content}` } : { msgtype: 'text', content };
}

/** Splits to WeCom's limits; a reply's response_url is single-use, so a reply is cut instead. */
function partsOf(message: OutboundMessage): OutboundBody[] {
  const { target, body } = message;
  if (target.kind === 'reply') return [fitBody(body)];
  // App messages cap markdown at the text limit (doc 90236).
  if (target.kind === 'app') return splitBody(body, TEXT_LIMIT_BYTES);
  return splitBody(body);
}

/** Order is kept per conversation: a group, or one person's private chat, whatever the transport. */
/** A job's message, not an answer to someone: quiet hours may hold it, and WeCom may drop its repeats. */
const scheduled = (m: { origin?: OutboundMessage['origin'] }): boolean => Boolean(m.origin?.job);

/**
 * Messages to one chat or person go in order, one lane each; answers to people have lanes of their
 * own, so a scheduled message held by quiet hours or stuck retrying never delays an answer.
 */
function laneOf(message: OutboundMessage): string {
  const lane = targetLane(message.target);
  return message.origin?.msgId ? `answer:${lane}` : lane;
}

function targetLane(target: OutboundTarget): string {
  switch (target.kind) {
    case 'webhook':
    case 'chat':
      return `chat:${target.chatId}`;
    case 'reply':
      return target.chatId === null ? `user:${target.userId}` : `chat:${target.chatId}`;
    case 'app':
      return target.userIds.length === 1 ? `user:${target.userIds[0]}` : `users:${[...target.userIds].sort().join('|')}`;
  }
}
