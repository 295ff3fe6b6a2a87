import { type Db, MongoNetworkError } from 'mongodb';
import { MemoryCollection, type Hooks } from './collection.js';
import { systemClock, type Clock } from '../../clock.js';

/** The in-process store behind `MONGODB_URI=memory://`: databases of `MemoryCollection`s. */
/** How injected faults fail: `after` applies each operation first (a write that landed, a reply that was lost). */
export interface FaultOptions {
  after?: boolean;
  /** The error to throw; a network error by default. */
  error?: () => Error;
}

/** The in-process store behind `MONGODB_URI=memory://`: databases of `MemoryCollection`s. */
export class MemoryServer {
  readonly #dbs = new Map<string, MemoryDb>();
  #faults = 0;
  #fault: FaultOptions = {};
  #closed = false;
  #clock: Clock = systemClock;

  readonly hooks: Hooks = {
    run: (op, collection, work) => {
      if (this.#closed) throw new MongoNetworkError('memory:// store is closed');
      if (this.#faults === 0) return work();
      this.#faults--;
      const { after = false, error } = this.#fault;
      const fault = error?.() ?? new MongoNetworkError(`injected fault ${after ? 'after' : 'on'} ${collection}.${op}`);
      if (after) work();
      throw fault;
    },
    now: () => this.#clock.now().getTime(),
  };

  db(name: string): Db {
    let db = this.#dbs.get(name);
    if (!db) {
      db = new MemoryDb(name, this.hooks);
      this.#dbs.set(name, db);
    }
    return db as unknown as Db;
  }

  /**
   * The clock TTL indexes expire by. A mongod's TTL monitor reads its own wall clock; this server lives
   * in the bot's process, so it follows the bot's clock and a simulated month expires what a real one would.
   */
  useClock(clock: Clock): void {
    this.#clock = clock;
  }

  /** Makes the next `count` operations fail (default: a network error before the operation), for failure tests. */
  failNext(count: number, options: FaultOptions = {}): void {
    this.#faults = count;
    this.#fault = options;
  }

  async close(): Promise<void> {
    this.#closed = true;
  }
}

class MemoryDb {
  readonly #collections = new Map<string, MemoryCollection>();

  constructor(
    readonly databaseName: string,
    private readonly hooks: Hooks,
  ) {}

  collection(name: string): MemoryCollection {
    let c = this.#collections.get(name);
    if (!c) {
      c = new MemoryCollection(this.databaseName, name, this.hooks);
      this.#collections.set(name, c);
    }
    return c;
  }

  listCollections() {
    const names = [...this.#collections.values()].filter((c) => c.exists).map((c) => ({ name: c.collectionName, type: 'collection' }));
    return { toArray: async () => names };
  }

  async command(cmd: Record<string, unknown>): Promise<Record<string, unknown>> {
    if ('ping' in cmd) {
      return this.hooks.run('ping', '$cmd', () => ({ ok: 1 }));
    }
    throw new Error(`memory:// store does not support the command ${Object.keys(cmd)[0]}`);
  }

  async dropDatabase(): Promise<boolean> {
    this.#collections.clear();
    return true;
  }
}
