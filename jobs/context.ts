import type { Db } from 'mongodb';
import type { Logger } from '../src/log.js';
import type { Rules } from '../src/domain/rules.js';
import type { StandingService } from '../src/services/standing.js';
import type { OutboxPort } from '../src/messages/outbound.js';
import type { ScheduledJob } from '../src/scheduler.js';
import type { GroupRoute } from '../src/services/group-route.js';
import type { CockpitLinks } from '../src/services/links.js';

/** What every job gets: the store, the outbox, the rules and the standing evaluator. Time comes as `now`. */
export interface JobContext {
  db: Db;
  log: Logger;
  outbox: OutboxPort;
  rules: Rules;
  standing: StandingService;
  /** How scheduled messages reach a group (by webhook; in long-connection mode also by the bot itself). */
  groupRoute?: GroupRoute;
  /** CALENDAR_FILE, read again with the stored entries each morning (an import while the bot runs takes effect). */
  calendarFile?: string | undefined;
  /** "查看详情" addresses of the 驾驶舱; absent or null without PUBLIC_BASE_URL (then messages carry no link). */
  links?: CockpitLinks | null;
}

export type Job = ScheduledJob<JobContext>;

/** A job as written: it runs daily at the time its rule says (jobs/index.ts turns that into the cron). */
export interface DailyJob extends Omit<Job, 'cron'> {
  time(rules: Rules): string;
}
