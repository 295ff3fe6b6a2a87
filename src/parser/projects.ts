/**
 * Which project a message is about: exact name or alias, a road number, a name with one character
 * wrong ("鱼光互补", "医供体"), a reordering or short form ("347国道", "快递装备项目").
 *
 * Cost: the registry is indexed once by character pairs (adjacent, and with one character between,
 * so that a one-character typo still leaves a key in place). Pairs that many names share (项目, 工程)
 * are left out of the index, so a message only ever meets the few names its rare pairs point at:
 * matching is linear in the message and does not grow with the registry.
 */

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
  /** Set when the text could mean several projects (then `project` is the bound one or null), or names several. */
  candidates: Candidate[];
  /** The text names two or more registered projects outright (then `candidates` lists them). */
  multiple: boolean;
}

interface Term {
  project: number;
  /** Canonical form (see `CANONICAL`), one code per UTF-16 unit of the name. */
  codes: Uint16Array;
  /** Characters that identify the project (not 项目/工程/产业园 …). */
  distinctive: Uint8Array;
  distinctiveCount: number;
  /** The pair-table entry of each adjacent pair (i, i+1) of the name. */
  bigrams: Int32Array;
}

/** Words every project name has; matching them says nothing about which project is meant. */
const GENERIC = /项目|工程|建设|新建|改建|扩建|改造|产业园|园区|一期|二期|三期|中心|基地|有限公司|公司|青山|县|年|生产|精深/g;
const CODE = /[A-Za-z]+\d+[A-Za-z]*|\d+[A-Za-z]+/g;

const FUZZY_MIN = 0.6;
/** A bound group's own project is kept unless the text names another one this clearly. */
const OVERRIDE_BOUND = 0.8;
const AMBIGUITY_MARGIN = 0.1;
/** A name or alias with exactly one character wrong, in place. */
const TYPO_SCORE = 0.9;
const TYPO_MIN_LENGTH = 4;
/** Below the confirmation threshold, below what overrides a bound group's project. */
const SHORT_FORM_SCORE = 0.7;
/** A key shared by more names than this (and than the share below) is too common to index. */
const COMMON_KEY_MIN = 8;
const COMMON_KEY_SHARE = 0.02;
const MAX_OFFSET = 256;

/** Chinese digits read as Arabic ones ("实验2小" = "实验二小"), Latin letters upper-case; one code per code. */
const CANONICAL = new Uint16Array(0x10000).map((_, c) => (c >= 97 && c <= 122 ? c - 32 : c));
[...'〇零一二三四五六七八九'].forEach((ch, k) => (CANONICAL[ch.charCodeAt(0)] = 48 + Math.max(0, k - 1)));

function canonical(text: string): Uint16Array {
  const out = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = CANONICAL[text.charCodeAt(i)]!;
  return out;
}

/**
 * Character pairs (adjacent, or with one character between: `gapped`) to dense entry numbers, in an
 * open-addressing table of char codes: exact, and no string or heap-number keys on the hot path.
 */
class PairTable {
  #a = new Uint16Array(1024);
  #b = new Uint16Array(1024);
  #gap = new Uint8Array(1024);
  /** Entry number + 1 per slot; 0 is empty. */
  #entry = new Int32Array(1024);
  size = 0;

  #slot(a: number, b: number, gap: number): number {
    const mask = this.#entry.length - 1;
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + gap * 0x10000, 0x85ebca6b)) >>> 0;
    for (h &= mask; this.#entry[h] !== 0 && (this.#a[h] !== a || this.#b[h] !== b || this.#gap[h] !== gap); h = (h + 1) & mask);
    return h;
  }

  get(a: number, b: number, gap: number): number {
    return this.#entry[this.#slot(a, b, gap)]! - 1;
  }

  add(a: number, b: number, gap: number): number {
    if ((this.size + 1) * 2 > this.#entry.length) this.#grow();
    const h = this.#slot(a, b, gap);
    if (this.#entry[h] === 0) {
      this.#a[h] = a;
      this.#b[h] = b;
      this.#gap[h] = gap;
      this.#entry[h] = ++this.size;
    }
    return this.#entry[h]! - 1;
  }

  #grow(): void {
    const [a, b, gap, entry] = [this.#a, this.#b, this.#gap, this.#entry];
    const n = entry.length * 2;
    [this.#a, this.#b, this.#gap, this.#entry] = [new Uint16Array(n), new Uint16Array(n), new Uint8Array(n), new Int32Array(n)];
    for (let h = 0; h < entry.length; h++) {
      if (entry[h] === 0) continue;
      const slot = this.#slot(a[h]!, b[h]!, gap[h]!);
      [this.#a[slot], this.#b[slot], this.#gap[slot], this.#entry[slot]] = [a[h]!, b[h]!, gap[h]!, entry[h]!];
    }
  }
}

type Hit = { project: number; start: number; end: number };
interface Scan {
  codes: Uint16Array;
  exact: Hit[];
  typos: Hit[];
  /** Ids of the terms the text's pairs pointed at. */
  candidates: Set<number>;
  /** Term id × 2^24 + start of each alignment already compared. */
  checked: Set<number>;
}

export class ProjectMatcher {
  readonly #projects: ProjectRef[];
  readonly #terms: Term[] = [];
  readonly #pairs = new PairTable();
  /** Per pair entry: its postings (term id × MAX_OFFSET + offset of the pair in the term), empty when the pair is common. */
  #postings: Int32Array[] = [];
  /** Per pair entry: the number of the last message that contained it. */
  #seen = new Uint32Array(0);
  #stamp = 0;
  readonly #byCode = new Map<string, Set<number>>();
  readonly #byName = new Map<string, number>();

  constructor(projects: ProjectRef[]) {
    this.#projects = projects;
    projects.forEach((p, index) => {
      this.#byName.set(p.name, index);
      for (const text of new Set([p.name, ...p.aliases])) if (text.length >= 2 && text.length < MAX_OFFSET) this.#addTerm(index, text);
    });
    this.#buildIndex();
  }

  get projects(): readonly ProjectRef[] {
    return this.#projects;
  }

  byName(name: string): ProjectRef | undefined {
    const i = this.#byName.get(name);
    return i === undefined ? undefined : this.#projects[i];
  }

  #addTerm(project: number, text: string): void {
    const distinctive = new Uint8Array(text.length).fill(1);
    GENERIC.lastIndex = 0;
    for (let m = GENERIC.exec(text); m; m = GENERIC.exec(text)) distinctive.fill(0, m.index, m.index + m[0].length);
    const codes = canonical(text);
    const bigrams = new Int32Array(Math.max(0, codes.length - 1));
    for (let i = 0; i + 1 < codes.length; i++) bigrams[i] = this.#pairs.add(codes[i]!, codes[i + 1]!, 0);
    this.#terms.push({ project, codes, distinctive, distinctiveCount: distinctive.reduce((n, d) => n + d, 0), bigrams });
    for (const c of text.match(CODE) ?? []) {
      const code = c.toUpperCase();
      const set = this.#byCode.get(code) ?? new Set<number>();
      set.add(project);
      this.#byCode.set(code, set);
    }
  }

  /**
   * Every term under its rare adjacent and gapped pairs; a term whose pairs are all common keeps its
   * rarest. Pairs of two digits are never keys while a term has another: messages are full of figures.
   */
  #buildIndex(): void {
    type Key = { entry: number; offset: number; digits: boolean };
    const isDigit = (c: number) => c >= 48 && c <= 57;
    const keysOf = (t: Term): Key[] => {
      const keys: Key[] = [];
      for (let i = 0; i + 1 < t.codes.length; i++) {
        const [a, b, c] = [t.codes[i]!, t.codes[i + 1]!, t.codes[i + 2]];
        keys.push({ entry: t.bigrams[i]!, offset: i, digits: isDigit(a) && isDigit(b) });
        if (c !== undefined) keys.push({ entry: this.#pairs.add(a, c, 1), offset: i, digits: isDigit(a) && isDigit(c) });
      }
      return keys;
    };
    const termKeys = this.#terms.map(keysOf);
    const df = new Uint32Array(this.#pairs.size);
    for (const keys of termKeys) for (const e of new Set(keys.map((k) => k.entry))) df[e]!++;
    const limit = Math.max(COMMON_KEY_MIN, this.#terms.length * COMMON_KEY_SHARE);
    const rarest = (keys: Key[]) => keys.reduce((a, b) => (df[b.entry]! < df[a.entry]! ? b : a));
    const lists: number[][] = Array.from({ length: this.#pairs.size }, () => []);
    termKeys.forEach((all, id) => {
      const keys = all.some((k) => !k.digits) ? all.filter((k) => !k.digits) : all;
      let chosen = keys.filter((k) => df[k.entry]! <= limit);
      if (chosen.length === 0 && keys.length > 0) chosen = [rarest(keys)];
      for (const k of chosen) lists[k.entry]!.push(id * MAX_OFFSET + k.offset);
    });
    this.#postings = lists.map((l) => Int32Array.from(l));
    this.#seen = new Uint32Array(this.#pairs.size);
  }

  match(text: string, bound: string | null): ProjectMatch {
    const boundIndex = bound === null ? undefined : this.#byName.get(bound);
    const boundName = boundIndex === undefined ? bound : this.#projects[boundIndex]!.name;
    const { exact, typos, candidates: hitTerms } = this.#scan(canonical(text));

    if (exact.length > 0) {
      const projects = [...new Set(exact.map((h) => h.project))];
      const chosen = projects.length === 1 ? projects[0]! : (projects.find((p) => p === boundIndex) ?? projects[0]!);
      const hit = exact.find((h) => h.project === chosen)!;
      const named = projects.length > 1 ? projects.map((p) => ({ name: this.#projects[p]!.name, score: 1 })) : [];
      return { project: this.#projects[chosen]!.name, confidence: 1, span: [hit.start, hit.end], candidates: named, multiple: named.length > 0 };
    }

    const scores = this.#fuzzyScores(text, hitTerms);
    for (const t of typos) raise(scores, t.project, TYPO_SCORE);
    const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
    const [best, second] = ranked;
    const unnamed: ProjectMatch = { project: boundName, confidence: boundName === null ? 0 : 1, span: null, candidates: [], multiple: false };
    if (!best || best[1] < FUZZY_MIN || best[0] === boundIndex || (boundIndex !== undefined && best[1] < OVERRIDE_BOUND)) return unnamed;
    const candidates = ranked.filter(([, s]) => s >= FUZZY_MIN).slice(0, 5).map(([p, s]) => ({ name: this.#projects[p]!.name, score: round2(s) }));
    if (second && second[1] > best[1] - AMBIGUITY_MARGIN) return boundName !== null ? { ...unnamed, candidates } : { ...unnamed, project: null, confidence: 0, candidates };
    const typo = typos.find((t) => t.project === best[0]);
    return { project: this.#projects[best[0]]!.name, confidence: round2(best[1]), span: typo ? [typo.start, typo.end] : null, candidates: [], multiple: false };
  }

  /**
   * One pass over the text: the terms its indexed pairs point at, each checked in place — an exact
   * occurrence, or one character off — and every registered pair the text holds marked as seen.
   */
  #scan(codes: Uint16Array): Scan {
    const scan: Scan = { codes, exact: [], typos: [], candidates: new Set(), checked: new Set() };
    const stamp = ++this.#stamp;
    for (let i = 0; i + 1 < codes.length; i++) {
      const adjacent = this.#pairs.get(codes[i]!, codes[i + 1]!, 0);
      if (adjacent >= 0) {
        this.#seen[adjacent] = stamp;
        for (const p of this.#postings[adjacent]!) this.#check(scan, p, i);
      }
      const gapped = i + 2 < codes.length ? this.#pairs.get(codes[i]!, codes[i + 2]!, 1) : -1;
      if (gapped >= 0) for (const p of this.#postings[gapped]!) this.#check(scan, p, i);
    }
    scan.exact = scan.exact.filter((h) => !scan.exact.some((o) => o !== h && o.project !== h.project && o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start));
    return scan;
  }

  /** The term of a posting, aligned where its pair sits in the text: exact, one character off, or neither. */
  #check(scan: Scan, posting: number, at: number): void {
    const id = Math.floor(posting / MAX_OFFSET);
    const start = at - (posting % MAX_OFFSET);
    scan.candidates.add(id);
    const term = this.#terms[id]!;
    const end = start + term.codes.length;
    const key = id * 2 ** 24 + start;
    if (start < 0 || end > scan.codes.length || scan.checked.has(key)) return;
    scan.checked.add(key);
    let wrong = -1;
    for (let j = 0; j < term.codes.length; j++) {
      if (scan.codes[start + j] === term.codes[j]) continue;
      if (wrong >= 0) return;
      wrong = j;
    }
    if (wrong < 0) scan.exact.push({ project: term.project, start, end });
    else if (term.codes.length >= TYPO_MIN_LENGTH && term.distinctiveCount - term.distinctive[wrong]! >= 2) scan.typos.push({ project: term.project, start, end });
  }

  /** Per project: the best share of a term's distinctive characters the text covers with shared pairs; road numbers count fully. */
  #fuzzyScores(text: string, hitTerms: Set<number>): Map<number, number> {
    const scores = new Map<number, number>();
    for (const code of text.match(CODE) ?? []) {
      const owners = this.#byCode.get(code.toUpperCase());
      if (owners?.size === 1) raise(scores, [...owners][0]!, OVERRIDE_BOUND);
    }
    for (const id of hitTerms) {
      const term = this.#terms[id]!;
      if (term.distinctiveCount < 2) continue;
      const covered = new Uint8Array(term.codes.length);
      for (let i = 0; i < term.bigrams.length; i++) if (this.#seen[term.bigrams[i]!] === this.#stamp) covered[i] = covered[i + 1] = 1;
      let count = 0;
      for (let i = 0; i < covered.length; i++) count += covered[i]! & term.distinctive[i]!;
      // Two characters ("数据" of 数据中心) are a common word as often as a short form: never sure.
      if (count >= 3) raise(scores, term.project, count / term.distinctiveCount);
      else if (count === term.distinctiveCount) raise(scores, term.project, SHORT_FORM_SCORE);
    }
    return scores;
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function raise(scores: Map<number, number>, project: number, score: number): void {
  scores.set(project, Math.max(scores.get(project) ?? 0, score));
}
