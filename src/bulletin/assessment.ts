import type { Assessment } from '../domain/assessment.js';
import { tableWorkbook } from '../ledger/write.js';
import { renderBarChart } from '../charts/bar-chart.js';
import { rankingMessage, scorecardTables } from '../../cards/assessment.js';
import type { OutboundMessage, OutboundTarget } from '../messages/outbound.js';

/** A scorecard as the 评比 sends it: the ranking, the workbook with every point's facts, and the chart of totals. */
export async function assessmentMessages(a: Assessment, target: OutboundTarget, job: string): Promise<OutboundMessage[]> {
  const { card } = a;
  // Already townships first, then departments, each by rank.
  const rows = card.units.slice(0, 30);
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
