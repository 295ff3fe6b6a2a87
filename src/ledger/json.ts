import { setupSchema, type Setup } from '../domain/setup.js';
import type { LedgerRead } from './read.js';

const LISTS = { projects: '项目', people: '人员', units: '单位' } as const;

/** The JSON form of the registry (simulate.md's SETUP.json), with the same problem list as a workbook. */
export function readSetupJson(json: unknown): LedgerRead {
  const parsed = setupSchema.safeParse(json);
  if (parsed.success) return { setup: parsed.data, problems: [], warnings: [], rows: count(parsed.data) };
  const problems: LedgerRead['problems'] = [];
  const bad: Record<string, Set<number>> = { projects: new Set(), people: new Set(), units: new Set() };
  for (const issue of parsed.error.issues) {
    const [list, index, ...rest] = issue.path;
    const sheet = LISTS[list as keyof typeof LISTS] ?? String(list ?? '');
    if (typeof index === 'number') bad[list as string]?.add(index);
    problems.push({ sheet, row: typeof index === 'number' ? index + 1 : 0, ...(rest.length > 0 ? { column: rest.map(String).join('.') } : {}), message: issue.message });
  }
  // What is left once the bad entries are dropped, for --partial; a file-level problem leaves nothing.
  const rest = json && typeof json === 'object' ? (json as Record<string, unknown>) : {};
  const kept = Object.fromEntries(Object.keys(LISTS).map((k) => [k, Array.isArray(rest[k]) ? (rest[k] as unknown[]).filter((_, i) => !bad[k]!.has(i)) : rest[k]]));
  const retry = setupSchema.safeParse(kept);
  const setup: Setup = retry.success ? retry.data : { projects: [], people: [], units: [] };
  return { setup, problems, warnings: [], rows: count(setup) + Object.values(bad).reduce((n, s) => n + s.size, 0) };
}

function count(s: Setup): number {
  return s.projects.length + s.people.length + s.units.length;
}
