/** The only way code reads "now": production uses the system clock, tests and `simulate` a manual one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class ManualClock implements Clock {
  #now: Date;
  constructor(start: Date) {
    this.#now = new Date(start);
  }
  now(): Date {
    return new Date(this.#now);
  }
  set(to: Date): void {
    if (to.getTime() < this.#now.getTime()) throw new Error('ManualClock cannot go backwards');
    this.#now = new Date(to);
  }
  advance(ms: number): void {
    this.set(new Date(this.#now.getTime() + ms));
  }
}
