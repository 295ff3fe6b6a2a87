import type { ProjectInput } from '../domain/setup.js';
import { projectSheet } from './columns.js';
import { headerOf, type LedgerProblem, type LedgerRead } from './read.js';

const ACCOUNT_FIELDS = ['leader', 'specialist', 'liaisons'] as const satisfies ReadonlyArray<keyof ProjectInput>;

/**
 * Projects naming a WeCom account that is neither in the file's 人员 nor registered already: a
 * mistyped account means reminders and cards reach nobody. Such projects leave the setup (for
 * --partial). `sheet`: what the file calls its project list (项目台账, or 项目 in JSON).
 */
export function checkAccounts(read: LedgerRead, registered: Iterable<string>, sheet: string): LedgerRead {
  const known = new Set([...registered, ...read.setup.people.map((p) => p.userid)]);
  const problems: LedgerProblem[] = [];
  const bad = new Set<string>();
  for (const p of read.setup.projects) {
    for (const field of ACCOUNT_FIELDS) {
      for (const account of [p[field] ?? []].flat()) {
        if (known.has(account)) continue;
        problems.push({ sheet, row: read.projectRows.get(p.name) ?? 0, column: headerOf(projectSheet, [field])!, message: `“${p.name}”的账号 ${account} 不在人员名单中（请在“人员”表登记，或核对账号）` });
        bad.add(p.name);
      }
    }
  }
  if (problems.length === 0) return read;
  return { ...read, problems: [...read.problems, ...problems], setup: { ...read.setup, projects: read.setup.projects.filter((p) => !bad.has(p.name)) } };
}
