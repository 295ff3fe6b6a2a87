import type { Doc } from './values.js';
import { projector, sortDocs } from './shape.js';

type Sort = Record<string, 1 | -1 | 'asc' | 'desc'>;

/** The slice of the driver's FindCursor our code and Agenda use; evaluated when read. */
export class MemoryCursor<T = Doc> {
  #sort: Sort | undefined;
  #skip = 0;
  #limit = 0;
  #projection: Doc | undefined;

  constructor(private readonly source: () => Doc[]) {}

  sort(sort: Sort): this {
    this.#sort = sort;
    return this;
  }
  skip(n: number): this {
    this.#skip = n;
    return this;
  }
  limit(n: number): this {
    this.#limit = n;
    return this;
  }
  project(projection: Doc): this {
    this.#projection = projection;
    return this;
  }

  async toArray(): Promise<T[]> {
    let docs = this.source();
    if (this.#sort) docs = sortDocs(docs, this.#sort);
    if (this.#skip || this.#limit) docs = docs.slice(this.#skip, this.#limit ? this.#skip + this.#limit : undefined);
    return docs.map(projector(this.#projection)) as T[];
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (const doc of await this.toArray()) yield doc;
  }
}

/** `aggregate()` result: the driver returns a cursor; we only need toArray and iteration. */
export class ArrayCursor<T> {
  constructor(private readonly compute: () => T[]) {}
  async toArray(): Promise<T[]> {
    return this.compute();
  }
  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (const doc of this.compute()) yield doc;
  }
}
