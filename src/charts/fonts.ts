import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { GlobalFonts } from '@napi-rs/canvas';

/** The family every chart draws with: Noto Sans SC, shipped with the npm package (no system font is assumed). */
export const CHART_FONT = 'NotoSansSC';

let registered = false;

/**
 * Registers the regular weight once per process. @fontsource splits the font by Unicode range
 * into ~100 files; registering them all under one family lets the canvas find rare characters
 * in project and company names (鑫, 犇, 瀚) as well as the common ones.
 */
export function ensureChartFont(): void {
  if (registered) return;
  const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/package.json')), 'files');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('-400-normal.woff2'));
  if (files.length === 0) throw new Error(`no Noto Sans SC font files in ${dir}: run npm ci`);
  for (const f of files) GlobalFonts.registerFromPath(path.join(dir, f), CHART_FONT);
  registered = true;
}
