import { inChinese, setupSchema, type Setup } from '../domain/setup.js';
import { headerOf, type LedgerRead } from './read.js';
import { peopleSheet, projectSheet, unitSheet, type SheetSpec } from './columns.js';

const LISTS = { projects: '项目', people: '人员', units: '单位' } as const;
const SPECS: Record<string, SheetSpec> = { projects: projectSheet, people: peopleSheet, units: unitSheet };

/** The JSON form of the registry (simulate.md's SETUP.json), with the same problem list as a workbook. */
export function readSetupJson(json: unknown): LedgerRead {
  const parsed = setupSchema.safeParse(json, inChinese);
  if (parsed.success) return { setup: parsed.data, problems: [], warnings: [], rows: count(parsed.data), projectRows: places(parsed.data.projects) };
  const problems: LedgerRead['problems'] = [];
  const bad: Record<string, Set<number>> = { projects: new Set(), people: new Set(), units: new Set() };
  for (const issue of parsed.error.issues) {
    const [list, index, ...rest] = issue.path;
    const sheet = LISTS[list as keyof typeof LISTS] ?? String(list ?? '');
    if (typeof index === 'number') bad[list as string]?.add(index);
    const column = rest.length > 0 ? (headerOf(SPECS[list as string] ?? projectSheet, rest.map(String)) ?? rest.map(String).join('.')) : undefined;
    problems.push({ sheet, row: typeof index === 'number' ? index + 1 : 0, ...(column ? { column } : {}), message: issue.message });
  }
  // What is left once the bad entries are dropped, for --partial; a file-level problem leaves nothing.
  const rest = json && typeof json === 'object' ? (json as Record<string, unknown>) : {};
  const kept = { ...rest, ...Object.fromEntries(Object.keys(LISTS).map((k) => [k, Array.isArray(rest[k]) ? (rest[k] as unknown[]).filter((_, i) => !bad[k]!.has(i)) : rest[k]])) };
  const retry = setupSchema.safeParse(kept);
  const setup: Setup = retry.success ? retry.data : { projects: [], people: [], units: [] };
  const listed = Array.isArray(rest.projects) ? (rest.projects as Array<{ name?: unknown }>) : [];
  const projectRows = new Map(setup.projects.map((p) => [p.name, listed.findIndex((x) => String(x?.name ?? '').trim() === p.name) + 1]));
  return { setup, problems, warnings: [], rows: count(setup) + Object.values(bad).reduce((n, s) => n + s.size, 0), projectRows };
}

function places(projects: Setup['projects']): Map<string, number> {
  return new Map(projects.map((p, i) => [p.name, i + 1]));
}

function count(s: Setup): number {
  return s.projects.length + s.people.length + s.units.length;
}
