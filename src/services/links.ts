/** Where the 领导驾驶舱 (src/web) serves its pages; links in messages and the routes share it. */
export const COCKPIT_PREFIX = '/cockpit';

/** "查看详情" addresses of the cockpit's pages, from the configured public base URL. */
export interface CockpitLinks {
  overview(): string;
  project(name: string): string;
  problems(): string;
  assessment(period?: string): string;
}

/** Null without a public base URL: then messages carry no link. "" gives paths on the app itself (the pages' own links). */
export function cockpitLinks(publicBaseUrl: string | undefined): CockpitLinks | null {
  if (publicBaseUrl === undefined) return null;
  const base = `${publicBaseUrl.replace(/\/+$/, '')}${COCKPIT_PREFIX}`;
  return {
    overview: () => `${base}/`,
    project: (name) => `${base}/projects/${encodeURIComponent(name)}`,
    problems: () => `${base}/problems`,
    assessment: (period) => `${base}/assessment${period ? `?period=${encodeURIComponent(period)}` : ''}`,
  };
}
