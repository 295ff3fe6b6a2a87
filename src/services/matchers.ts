import type { Db } from 'mongodb';
import type { Clock } from '../clock.js';
import { ProjectMatcher } from '../parser/index.js';
import { allProjects } from '../repo/projects.js';

/**
 * A project matcher over the registry, rebuilt when the registry changes (a few seconds of
 * staleness across instances is acceptable: registration is rare, reports are many).
 */
export interface MatcherCache {
  get(): Promise<ProjectMatcher>;
  invalidate(): void;
}

export function matcherCache(db: Db, clock: Clock, maxAgeMs = 10_000): MatcherCache {
  let cached: { at: number; matcher: ProjectMatcher } | null = null;
  return {
    async get(): Promise<ProjectMatcher> {
      const now = clock.now().getTime();
      if (cached && now - cached.at < maxAgeMs && now >= cached.at) return cached.matcher;
      const list = await allProjects(db);
      cached = { at: now, matcher: new ProjectMatcher(list.map((p) => ({ name: p.name, aliases: p.aliases, totalInvestment: p.totalInvestment ?? null }))) };
      return cached.matcher;
    },
    invalidate() {
      cached = null;
    },
  };
}
