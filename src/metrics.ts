import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from 'mongodb';
import { collections } from './db/collections.js';

/** What the bot counts for `GET /metrics` (Prometheus text format). */
export interface Metrics {
  /** A callback by surface (aibot/app/grouprobot) and outcome (accepted, duplicate, ignored, or the refusal reason). */
  callback(surface: string, outcome: string): void;
  /** A chat message read as a report (confirmed or pending) or not a report. */
  parsed(outcome: 'confirmed' | 'pending' | 'not-report'): void;
  /** An outbox send attempt: sent, to be retried, or failed for good (with WeCom's errcode when it gave one). */
  sent(outcome: 'sent' | 'retry' | 'failed', errcode?: number | null): void;
  /** A delivery event: a message given up after rules.delivery.giveUpAfterHours, refused by WeCom, an answer sent late another way, an alert to the admins. */
  delivery(outcome: 'given-up' | 'refused' | 'late-reply' | 'alerted'): void;
  /** A scheduled job run. */
  job(name: string, outcome: 'done' | 'failed'): void;
  render(): Promise<{ contentType: string; body: string }>;
}

/** One registry per running app (not prom-client's global one), so tests can run several apps in a process. */
export function createMetrics(db: Db, connection?: () => string): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const callbacks = new Counter({ name: 'xmdd_callbacks_total', help: 'WeCom callbacks by surface and outcome', labelNames: ['surface', 'outcome'], registers: [registry] });
  const parses = new Counter({ name: 'xmdd_reports_parsed_total', help: 'Chat messages by parse outcome', labelNames: ['outcome'], registers: [registry] });
  const sends = new Counter({ name: 'xmdd_outbox_sends_total', help: 'Outbox send attempts by outcome', labelNames: ['outcome'], registers: [registry] });
  const errcodes = new Counter({ name: 'xmdd_wecom_errors_total', help: 'WeCom API errors by errcode (0: no errcode, e.g. a timeout)', labelNames: ['errcode'], registers: [registry] });
  const delivery = new Counter({ name: 'xmdd_delivery_total', help: 'Messages failed for good (given-up, refused), answers sent late by another route, delivery alerts to the admins', labelNames: ['outcome'], registers: [registry] });
  const jobs = new Counter({ name: 'xmdd_job_runs_total', help: 'Scheduled job runs by job and outcome', labelNames: ['job', 'outcome'], registers: [registry] });
  new Gauge({
    name: 'xmdd_inbound_failed',
    help: 'Inbound events whose handling failed after its retries (npm run -s cli -- events --failed)',
    registers: [registry],
    async collect() {
      this.set(await db.collection(collections.inbound).countDocuments({ status: 'failed' }));
    },
  });
  new Gauge({
    name: 'xmdd_outbox_entries',
    help: 'Outbox entries waiting to be sent or failed for good',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const outbox = db.collection(collections.outbox);
      for (const status of ['pending', 'sending', 'failed'] as const) this.set({ status }, await outbox.countDocuments({ status }));
    },
  });
  new Gauge({
    name: 'xmdd_outbox_oldest_pending_seconds',
    help: 'Age of the oldest message not yet sent (0 when none waits)',
    registers: [registry],
    async collect() {
      const [oldest] = await db.collection<{ createdAt: Date }>(collections.outbox).find({ status: { $in: ['pending', 'sending'] } }).sort({ createdAt: 1 }).limit(1).toArray();
      this.set(oldest ? Math.max(0, (Date.now() - oldest.createdAt.getTime()) / 1000) : 0);
    },
  });
  if (connection) {
    new Gauge({
      name: 'xmdd_longconn_state',
      help: 'The long connection: 1 for its current state (standby, connecting, ready, refused, down)',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        this.reset();
        this.set({ state: connection() }, 1);
      },
    });
  }
  return {
    callback: (surface, outcome) => callbacks.inc({ surface, outcome }),
    parsed: (outcome) => parses.inc({ outcome }),
    sent(outcome, errcode) {
      sends.inc({ outcome });
      if (outcome !== 'sent') errcodes.inc({ errcode: String(errcode ?? 0) });
    },
    delivery: (outcome) => delivery.inc({ outcome }),
    job: (job, outcome) => jobs.inc({ job, outcome }),
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
