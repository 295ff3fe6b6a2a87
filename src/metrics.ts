import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from 'mongodb';
import { collections } from './db/collections.js';

/** What the bot counts for `GET /metrics` (Prometheus text format). */
export interface Metrics {
  /** A callback by surface (aibot/app/grouprobot) and outcome (accepted, duplicate, ignored, or the refusal reason). */
  callback(surface: string, outcome: string): void;
  /** A chat message read as a report (confirmed or pending) or not a report. */
  parsed(outcome: 'confirmed' | 'pending' | 'not-report'): void;
  /** An outbox send attempt: sent, to be retried, or failed for good. */
  sent(outcome: 'sent' | 'retry' | 'failed'): void;
  /** A scheduled job run. */
  job(name: string, outcome: 'done' | 'failed'): void;
  render(): Promise<{ contentType: string; body: string }>;
}

/** One registry per running app (not prom-client's global one), so tests can run several apps in a process. */
export function createMetrics(db: Db): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const callbacks = new Counter({ name: 'xmdd_callbacks_total', help: 'WeCom callbacks by surface and outcome', labelNames: ['surface', 'outcome'], registers: [registry] });
  const parses = new Counter({ name: 'xmdd_reports_parsed_total', help: 'Chat messages by parse outcome', labelNames: ['outcome'], registers: [registry] });
  const sends = new Counter({ name: 'xmdd_outbox_sends_total', help: 'Outbox send attempts by outcome', labelNames: ['outcome'], registers: [registry] });
  const jobs = new Counter({ name: 'xmdd_job_runs_total', help: 'Scheduled job runs by job and outcome', labelNames: ['job', 'outcome'], registers: [registry] });
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
  return {
    callback: (surface, outcome) => callbacks.inc({ surface, outcome }),
    parsed: (outcome) => parses.inc({ outcome }),
    sent: (outcome) => sends.inc({ outcome }),
    job: (job, outcome) => jobs.inc({ job, outcome }),
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
