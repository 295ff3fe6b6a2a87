/** Which project a message is about: exact name or alias, a road number, or a fuzzy short form. */

export interface ProjectRef {
  name: string;
  aliases: string[];
  /** 万元; lets the parser flag figures implausible for the project's size. */
  totalInvestment?: number | null;
}

export interface Candidate {
  name: string;
  score: number;
}

export interface ProjectMatch {
  project: string | null;
  /** 1 for an exact name or alias or the group's own project, the fuzzy score otherwise. */
  confidence: number;
  span: [number, number] | null;
  /** Set when the text could mean several projects (then `project` is the bound one or null). */
  candidates: Candidate[];
}

interface Term {
  project: number;
  text: string;
  bigrams: string[];
  /** Characters that identify the project (not 项目/工程/产业园 …). */
  distinctive: boolean[];
  distinctiveCount: number;
  codes: string[];
}

/** Words every project name has; matching them says nothing about which project is meant. */
const GENERIC = /项目|工程|建设|新建|改建|扩建|改造|产业园|园区|一期|二期|三期|中心|基地|有限公司|公司|青山|县|年|生产|精深/g;
const CODE = /[A-Za-z]+\d+[A-Za-z]*|\d+[A-Za-z]+/g;

const FUZZY_MIN = 0.6;
/** A bound group's own project is kept unless the text names another one this clearly. */
const OVERRIDE_BOUND = 0.8;
const AMBIGUITY_MARGIN = 0.1;

export class ProjectMatcher {
  readonly #projects: ProjectRef[];
  readonly #terms: Term[] = [];
  readonly #byBigram = new Map<string, number[]>();
  readonly #byCode = new Map<string, Set<number>>();
  readonly #byName = new Map<string, number>();

  constructor(projects: ProjectRef[]) {
    this.#projects = projects;
    projects.forEach((p, index) => {
      this.#byName.set(p.name, index);
      for (const text of new Set([p.name, ...p.aliases])) if ([...text].length >= 2) this.#addTerm(index, text);
    });
  }

  get projects(): readonly ProjectRef[] {
    return this.#projects;
  }

  byName(name: string): ProjectRef | undefined {
    const i = this.#byName.get(name);
    return i === undefined ? undefined : this.#projects[i];
  }

  #addTerm(project: number, text: string): void {
    const distinctive = [...text].map(() => true);
    GENERIC.lastIndex = 0;
    for (let m = GENERIC.exec(text); m; m = GENERIC.exec(text)) for (let i = m.index; i < m.index + m[0].length; i++) distinctive[i] = false;
    const codes = (text.match(CODE) ?? []).map((c) => c.toUpperCase());
    const term: Term = { project, text, bigrams: bigramsOf(text), distinctive, distinctiveCount: distinctive.filter(Boolean).length, codes };
    const id = this.#terms.push(term) - 1;
    for (const b of new Set(term.bigrams)) {
      const list = this.#byBigram.get(b);
      if (list) list.push(id);
      else this.#byBigram.set(b, [id]);
    }
    for (const c of codes) {
      const set = this.#byCode.get(c) ?? new Set<number>();
      set.add(project);
      this.#byCode.set(c, set);
    }
  }

  match(text: string, bound: string | null): ProjectMatch {
    const boundIndex = bound === null ? undefined : this.#byName.get(bound);
    const boundName = boundIndex === undefined ? bound : this.#projects[boundIndex]!.name;
    const fallback = (candidates: Candidate[] = []): ProjectMatch => ({ project: boundName, confidence: boundName === null ? 0 : 1, span: null, candidates });

    const textBigrams = new Set(bigramsOf(text));
    const hitTerms = new Set<number>();
    for (const b of textBigrams) for (const id of this.#byBigram.get(b) ?? []) hitTerms.add(id);

    const exact = this.#exactHits(text, hitTerms);
    if (exact.length > 0) {
      const projects = [...new Set(exact.map((h) => h.project))];
      const chosen = projects.length === 1 ? projects[0]! : projects.find((p) => p === boundIndex);
      if (chosen !== undefined) {
        const hit = exact.find((h) => h.project === chosen)!;
        return { project: this.#projects[chosen]!.name, confidence: 1, span: [hit.start, hit.end], candidates: [] };
      }
      return { project: null, confidence: 0, span: null, candidates: projects.map((p) => ({ name: this.#projects[p]!.name, score: 1 })) };
    }

    const scores = this.#fuzzyScores(text, textBigrams, hitTerms);
    const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
    const [best, second] = ranked;
    if (!best || best[1] < FUZZY_MIN) return fallback();
    const candidates = ranked.filter(([, s]) => s >= FUZZY_MIN).slice(0, 5).map(([p, s]) => ({ name: this.#projects[p]!.name, score: round2(s) }));
    if (best[0] === boundIndex) return fallback();
    if (boundIndex !== undefined && best[1] < OVERRIDE_BOUND) return fallback();
    if (second && second[1] > best[1] - AMBIGUITY_MARGIN) return boundName !== null ? fallback(candidates) : { project: null, confidence: 0, span: null, candidates };
    return { project: this.#projects[best[0]]!.name, confidence: round2(best[1]), span: null, candidates: [] };
  }

  /** Exact occurrences of names and aliases, a shorter hit inside a longer one dropped. */
  #exactHits(text: string, hitTerms: Set<number>): Array<{ project: number; start: number; end: number }> {
    const hits: Array<{ project: number; start: number; end: number }> = [];
    for (const id of hitTerms) {
      const term = this.#terms[id]!;
      const at = text.indexOf(term.text);
      if (at >= 0) hits.push({ project: term.project, start: at, end: at + term.text.length });
    }
    return hits.filter((h) => !hits.some((o) => o !== h && o.project !== h.project && o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start));
  }

  /** Per project: the best share of a term's distinctive characters the text covers with shared bigrams; road numbers count fully. */
  #fuzzyScores(text: string, textBigrams: Set<string>, hitTerms: Set<number>): Map<number, number> {
    const scores = new Map<number, number>();
    const bump = (p: number, s: number) => scores.set(p, Math.max(scores.get(p) ?? 0, s));
    for (const code of text.match(CODE) ?? []) {
      const owners = this.#byCode.get(code.toUpperCase());
      if (owners?.size === 1) bump([...owners][0]!, OVERRIDE_BOUND);
    }
    for (const id of hitTerms) {
      const term = this.#terms[id]!;
      if (term.distinctiveCount < 2) continue;
      const covered = term.distinctive.map(() => false);
      term.bigrams.forEach((b, i) => {
        if (textBigrams.has(b)) covered[i] = covered[i + 1] = true;
      });
      let count = 0;
      covered.forEach((c, i) => {
        if (c && term.distinctive[i]) count++;
      });
      if (count >= 3 || count === term.distinctiveCount) bump(term.project, count / term.distinctiveCount);
    }
    return scores;
  }
}

function bigramsOf(text: string): string[] {
  const chars = [...text];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
