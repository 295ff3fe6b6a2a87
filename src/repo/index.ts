import type { Db } from 'mongodb';
import * as approvals from './approvals.js';
import * as assessments from './assessments.js';
import * as leaves from './leaves.js';
import * as pauses from './pauses.js';
import * as periodEnd from './period-end.js';
import * as problems from './problems.js';
import * as projects from './projects.js';
import * as registry from './registry.js';
import * as reports from './reports.js';
import * as warnings from './warnings.js';

/** A repository module's functions with the store given once: `reports.findReport(id)`. */
export type Bound<M> = {
  [K in keyof M as M[K] extends (db: Db, ...args: never[]) => unknown ? K : never]: M[K] extends (db: Db, ...args: infer A) => infer R ? (...args: A) => R : never;
};

function bind<M extends object>(db: Db, module: M): Bound<M> {
  const bound: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(module)) {
    if (typeof fn === 'function') bound[name] = (...args: unknown[]) => fn(db, ...args);
  }
  return bound as Bound<M>;
}

/** The repositories handlers and services work with: records in, records out; no raw Db beyond here. */
export function createRepos(db: Db) {
  return {
    approvals: bind(db, approvals),
    assessments: bind(db, assessments),
    leaves: bind(db, leaves),
    pauses: bind(db, pauses),
    periodEnd: bind(db, periodEnd),
    problems: bind(db, problems),
    projects: bind(db, projects),
    registry: bind(db, registry),
    reports: bind(db, reports),
    warnings: bind(db, warnings),
  };
}

export type Repos = ReturnType<typeof createRepos>;
