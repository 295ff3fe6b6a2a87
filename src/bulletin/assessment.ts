import type { Db } from 'mongodb';
import type { Rules } from '../domain/rules.js';
import { previousPeriod, type Period } from '../domain/period.js';
import { assessment, publish, type Assessment } from '../repo/assessments.js';
import { tableWorkbook } from '../ledger/write.js';
import { renderBarChart } from '../charts/bar-chart.js';
import { rankingMessage, scorecardTables } from '../../cards/assessment.js';
import type { OutboundMessage, OutboundTarget } from '../wecom/outbound.js';

/** Publishes (freezes) a finished period's scorecard; a period already published stays as it was. */
export async function publishPeriod(db: Db, period: Period, rules: Rules, by: string, at: Date): Promise<Assessment> {
  const a = await assessment(db, period, previousPeriod(period), rules);
  if (!a.publishedAt) await publish(db, a.card, by, at);
  return assessment(db, period, previousPeriod(period), rules);
}

/** A scorecard as the 评比 sends it: the ranking, the workbook with every point's facts, and the chart of totals. */
export async function assessmentMessages(a: Assessment, target: OutboundTarget, job: string): Promise<OutboundMessage[]> {
  const { card } = a;
  const townships = card.units.filter((u) => u.kind === 'township');
  const departments = card.units.filter((u) => u.kind === 'department');
  const rows = [...townships, ...departments].slice(0, 30);
  const chart = renderBarChart({
    title: `${card.label} 考核评比总分`,
    categories: rows.map((u) => u.unit),
    unit: '分',
    series: [{ name: '总分', values: rows.map((u) => u.total), colour: '#0969da' }],
  });
  const origin = { job };
  return [
    { key: `assess:${card.period}:text`, target, body: rankingMessage(a), origin },
    { key: `assess:${card.period}:xlsx`, target, body: { msgtype: 'file', fileName: `${card.label}考核评比.xlsx`, contentBase64: (await tableWorkbook(scorecardTables(card))).toString('base64') }, origin },
    { key: `assess:${card.period}:chart`, target, body: { msgtype: 'image', contentBase64: chart.toString('base64') }, origin },
  ];
}
