/** Where the 领导驾驶舱 (src/web) serves its pages; links in messages and the routes share it. */
export const COCKPIT_PREFIX = '/cockpit';

/** "查看详情" addresses of the cockpit's pages, from the configured public base URL. */
export interface CockpitLinks {
  overview(): string;
  project(name: string): string;
  problems(): string;
  assessment(period?: string): string;
}

/** A path segment that also survives inside a markdown link: "(" and ")" would end `[…](url)` early. */
const segment = (name: string) => encodeURIComponent(name).replace(/[()!'*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Null without a public base URL: then messages carry no link. "" gives paths on the app itself (the pages' own links). */
export function cockpitLinks(publicBaseUrl: string | undefined): CockpitLinks | null {
  if (publicBaseUrl === undefined) return null;
  const base = `${publicBaseUrl.replace(/\/+$/, '')}${COCKPIT_PREFIX}`;
  return {
    overview: () => `${base}/`,
    project: (name) => `${base}/projects/${segment(name)}`,
    problems: () => `${base}/problems`,
    assessment: (period) => `${base}/assessment${period ? `?period=${encodeURIComponent(period)}` : ''}`,
  };
}
