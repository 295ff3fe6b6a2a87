import type { SanityFlag } from '../parser/index.js';
import type { Person, ProjectInput } from './setup.js';
import type { ReportFields } from './standing.js';
import type { Warning } from './warnings.js';
import type { StageChange } from './five-batches.js';

// The records the bot keeps, as the repositories in src/repo store and return them.

/** A registered project as stored: the registry's fields (one zod schema for import and store) plus bookkeeping. */
export type ProjectDoc = ProjectInput & { createdAt?: Date; updatedAt?: Date };

export type Role = 'leader' | 'department' | 'specialist' | 'liaison' | 'admin';

export type PersonDoc = Person;

export type ReportStatus = 'confirmed' | 'pending' | 'superseded';

export interface ReportDoc {
  _id: string;
  /** WeCom message id of the report or of the correction that made this version; null for imports. */
  msgId: string | null;
  project: string;
  userId: string;
  chatId: string | null;
  /** What the person wrote, always kept. */
  text: string;
  fields: ReportFields;
  confidence: number;
  flags: SanityFlag[];
  status: ReportStatus;
  reportedAt: Date;
  /** The person was not registered for this project when reporting. */
  unregistered: boolean;
  /** Why its figures are beyond the rules' bounds: a plain 确认 by the reporter does not count it. */
  absurd?: string[];
  confirmedBy?: string;
  confirmedAt?: Date;
  /** The message that confirmed it (a 确认 handled again after a crash finds its own confirmation). */
  confirmedByMsg?: string;
  /** A correction points at the version it replaces; the replaced one points forward. */
  supersedes?: string;
  supersededBy?: string;
}

export interface LatestFigures {
  completedThisYear: number | null;
  /** The local day (YYYY-MM-DD) up to which completedThisYear counts: 序时 is computed for that day. */
  yearThrough: string | null;
  completedTotal: number | null;
  progressPercent: number | null;
  lastReportAt: Date | null;
}

export type ProblemStatus = '待协调' | '协调中' | '已解决';

export interface ProblemDoc {
  _id: string;
  /** The number people type ("/解决 12"); county-wide sequence. */
  no: number;
  /** Where it came from: `${msgId}#${index}`; a retried message finds its problems instead of adding them again. */
  sourceKey: string;
  project: string;
  text: string;
  reportedBy: string;
  chatId: string | null;
  openedAt: Date;
  status: ProblemStatus;
  /** Index into the escalation ladder (0 = 牵头部门). */
  level: number;
  escalations: Array<{ level: number; at: Date }>;
  /** 责任单位: the unit the problem's text names ("需县财政局协调"), else the project's 牵头部门. */
  unit?: string;
  resolvedAt?: Date;
  resolvedBy?: string;
  resolution?: string;
}

export interface WarningDoc {
  _id: string;
  project: string;
  card: Warning | null;
  reasons: string[];
  at: Date;
  /** The state this one replaced ("none:<project>" for the first). */
  from: string;
}

/** The registry as it stood at the end of a period: the figures, cards and stage changes recorded before then. */
export interface PeriodEnd {
  projects: ProjectDoc[];
  figures: Map<string, LatestFigures>;
  cards: Map<string, WarningDoc>;
  stageChanges: StageChange[];
}
