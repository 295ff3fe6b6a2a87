import fs from 'node:fs';
import path from 'node:path';

/** The repo's own fixtures folder (tests/fixtures): vectors, sample registries and messages, the scenario example. */
export const fixturesDir = path.resolve(import.meta.dirname, '../fixtures');

export const fixturePath = (name: string): string => path.join(fixturesDir, name);

export const readFixture = (name: string): string => fs.readFileSync(fixturePath(name), 'utf8');

export const fixtureJson = <T>(name: string): T => JSON.parse(readFixture(name)) as T;

/** The rows of a JSON-lines fixture. */
export const fixtureLines = <T>(name: string): T[] => readFixture(name).split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
