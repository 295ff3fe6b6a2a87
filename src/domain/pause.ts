import dayjs, { addLocalDays } from '../time.js';

/** A span of time [from, until): a 停工 or a 请假. */
export interface Span {
  from: Date;
  until: Date;
}

/**
 * 停工: the project's reporting paused (a 管控 order, a winter stop). No reminders and no 漏报 for the
 * cycles due inside it; `/复工` ends it early (endedAt), otherwise it ends by itself at `until`.
 */
export interface PauseDoc extends Span {
  _id: string;
  project: string;
  reason: string;
  by: string;
  at: Date;
  endedAt: Date | null;
  endedBy: string | null;
}

/** 请假: a liaison away; the deputy gets the reminders and may report for the liaison's projects. */
export interface LeaveDoc extends Span {
  _id: string;
  userid: string;
  deputy: string | null;
  text: string;
  at: Date;
}

/** When a pause stops: its end date, or the /复工 before it. */
export const pauseEnd = (p: PauseDoc): Date => (p.endedAt && p.endedAt < p.until ? p.endedAt : p.until);

export const within = (span: Span, t: Date): boolean => span.from <= t && t < span.until;

/** The pause of the project in force at `t`, if any. */
export function pauseAt(pauses: readonly PauseDoc[], project: string, t: Date): PauseDoc | null {
  return pauses.find((p) => p.project === project && p.from <= t && t < pauseEnd(p)) ?? null;
}

/** How a span's last day reads: 12月15日 (the day before `until`). */
export const lastDay = (span: Span): string => dayjs(addLocalDays(span.until, -1)).tz().format('M月D日');

/** The 停工 mark on /进度, digests and the 月通报. */
export const pauseMark = (p: PauseDoc): string => `停工（至${lastDay({ from: p.from, until: pauseEnd(p) })}，${p.reason}）`;

/** Who is reminded in place of each of `userids`: the deputy of a leave in force, else the person. */
export function standIns(userids: readonly string[], leaves: readonly LeaveDoc[]): string[] {
  return [...new Set(userids.map((u) => leaves.find((l) => l.userid === u && l.deputy)?.deputy ?? u))];
}
