import fs from 'node:fs';
import path from 'node:path';
import { setupSchema, type Setup } from '../../src/domain/setup.js';

/** The repo's test county (tests/scenarios/county.setup.json): four projects, leaders, a department head, an admin, unit targets. */
export const countySetup: Setup = setupSchema.parse(JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../scenarios/county.setup.json'), 'utf8')));
