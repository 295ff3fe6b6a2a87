import { z } from 'zod';

const at = z.iso.datetime({ offset: true, message: '应为带时区的 ISO 时间，如 2026-12-02T09:10:00+08:00' }).transform((s) => new Date(s));

/** One line of events.jsonl (see the simulate contract). */
export const timelineEventSchema = z.union([
  z.object({ at, chat: z.string().min(1), user: z.string().min(1), text: z.string() }),
  z.object({ at, user: z.string().min(1), text: z.string() }),
  z.object({ at, clock: z.literal(true) }),
  z.object({ at, wecomFault: z.enum(['rate-limit', 'token-expired', '5xx', 'timeout', 'slow']), count: z.number().int().min(1).max(1000) }),
]);

export type TimelineEvent = z.infer<typeof timelineEventSchema>;

export type ParsedLine = { ok: true; event: TimelineEvent } | { ok: false; line: number; error: string };

/** Parses events.jsonl; a bad line is reported with its number and skipped, never fatal. */
export function parseTimeline(text: string): ParsedLine[] {
  const out: ParsedLine[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      out.push({ ok: false, line: i + 1, error: '不是合法的 JSON / not valid JSON' });
      return;
    }
    const parsed = timelineEventSchema.safeParse(json);
    out.push(parsed.success ? { ok: true, event: parsed.data } : { ok: false, line: i + 1, error: parsed.error.issues[0]!.message });
  });
  return out;
}
