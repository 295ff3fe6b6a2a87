import { describe, expect, it } from 'vitest';
import { receipt, type ReceiptInput } from '../cards/receipt.js';
import { scopeList, statusCard, type StatusInput } from '../cards/status.js';
import { warningChangeMessage } from '../cards/warning-change.js';
import { digestMessage } from '../cards/digest.js';
import { monthlyBulletinMessage } from '../cards/bulletin.js';
import { monthlyBulletin } from '../src/domain/bulletin/monthly.js';
import { parsePeriod } from '../src/domain/period.js';
import type { DigestInput } from '../src/domain/digest.js';
import type { OutboundBody } from '../src/messages/outbound.js';
import { cockpitLinks } from '../src/services/links.js';
import { renderPlainText, splitBody } from '../src/wecom/render.js';
import { MARKDOWN_LIMIT_BYTES, TEXT_LIMIT_BYTES } from '../src/messages/limits.js';

const links = cockpitLinks('https://xmdd.example.gov.cn/')!;
const PROJECT = '冷链项目(一期)';
const url = links.project(PROJECT);

const content = (b: OutboundBody) => (b.msgtype === 'markdown' || b.msgtype === 'text' ? b.content : JSON.stringify(b));

const receiptInput: ReceiptInput = {
  reportId: 'r1',
  project: PROJECT,
  fields: { completedThisPeriod: 300, completedThisYear: 3000, completedTotal: null, totalInvestment: null, progressPercent: 60, stage: null, approvals: [] },
  problems: [],
  standing: null,
  doubts: [],
  interactive: false,
  unregistered: false,
};

const statusInput: StatusInput = {
  name: PROJECT, stage: '在建', township: '城东镇', department: '县商务局', totalInvestment: 12000, yearPlan: 5000,
  completedThisYear: 3000, completedTotal: null, progressPercent: 60, lastReport: null, openProblems: [], approvalsDone: 1, approvalsTotal: 3,
  approvalTier: { tier: '分管副县长', basis: '非供地项目' },
  standing: { compared: null, completionRate: 60, scheduleRate: 83, lagPoints: 23, warning: 'yellow', warningReasons: ['落后序时'] },
  pause: null,
};

const digest = (rows: number): DigestInput => ({
  person: '钱副县长', from: new Date('2026-11-19T00:30:00Z'), to: new Date('2026-11-20T00:30:00Z'), projectCount: rows, unplanned: [],
  reports: Array.from({ length: rows }, (_, i) => ({ project: `第${i}个很长很长的重点项目名称`, at: new Date('2026-11-19T03:00:00Z'), period: 100 + i, periodLabel: '本月', percent: 50 })),
  warningChanges: [], newProblems: [], overdueProblems: [], missingReports: [], paused: [],
});

describe('cockpit links', () => {
  it('keeps a project name with brackets inside the markdown link', () => {
    expect(url).toBe('https://xmdd.example.gov.cn/cockpit/projects/%E5%86%B7%E9%93%BE%E9%A1%B9%E7%9B%AE%28%E4%B8%80%E6%9C%9F%29');
    expect(cockpitLinks(undefined)).toBeNull();
  });
});

describe('"查看详情" in the builders', () => {
  it('a receipt links the project page: markdown link, text line or card jump, and nothing without a URL', () => {
    const md = receipt({ ...receiptInput, detailUrl: url });
    expect(content(md)).toMatch(new RegExp(`\\[查看详情\\]\\(${url.replace(/[.()]/g, '\\$&')}\\)$`));
    expect(content(receipt(receiptInput))).not.toContain('查看详情');

    const doubtful = { ...receiptInput, doubts: ['识别把握不大'], detailUrl: url };
    expect(content(receipt(doubtful))).toContain(`查看详情：${url}`);
    const card = receipt({ ...doubtful, interactive: true });
    expect(card).toMatchObject({ msgtype: 'template_card', card: { jump_list: [{ type: 1, title: '查看详情', url }] } });
    expect(renderPlainText(card)).toContain('查看详情');
    const bare = receipt({ ...doubtful, interactive: true, detailUrl: undefined });
    expect(JSON.stringify(bare)).not.toContain('jump_list');
  });

  it('/进度 links the project page, the scope list the 总览', () => {
    expect(content(statusCard({ ...statusInput, detailUrl: url }))).toContain(`[查看详情](${url})`);
    expect(content(statusCard(statusInput))).not.toContain('](');
    const rows = [{ name: PROJECT, completionRate: 60, warning: null, paused: false }];
    expect(content(scopeList('钱副县长负责的项目', rows, links.overview()))).toContain('[查看详情](https://xmdd.example.gov.cn/cockpit/)');
    expect(content(scopeList('钱副县长负责的项目', rows))).not.toContain('](');
  });

  it('a card change links the project page, raised or lifted', () => {
    expect(content(warningChangeMessage(PROJECT, null, 'red', ['落后序时'], url))).toContain(`[查看详情](${url})`);
    expect(content(warningChangeMessage(PROJECT, 'red', null, [], url))).toContain(`[查看详情](${url})`);
    expect(content(warningChangeMessage(PROJECT, null, 'red', ['落后序时']))).not.toContain('](');
    // One way to the details: the link when there is one, else the command.
    expect(content(warningChangeMessage(PROJECT, null, 'red', ['落后序时'], url))).not.toContain('/进度');
    expect(content(warningChangeMessage(PROJECT, null, 'red', ['落后序时']))).toContain('发送 /进度 查看详情');
    expect(content(warningChangeMessage(PROJECT, 'red', null, []))).not.toContain('](');
  });

  it('a digest and the 月通报 link the 总览', () => {
    const overview = links.overview();
    expect(content(digestMessage(digest(2), undefined, undefined, overview))).toContain(`[查看详情](${overview})`);
    expect(content(digestMessage(digest(0), undefined, undefined, overview))).toContain(`[查看详情](${overview})`);
    expect(content(digestMessage(digest(2)))).not.toContain('](');
    const bulletin = monthlyBulletin(parsePeriod('2026-10')!, { projects: [], figures: new Map(), cards: new Map(), stageChanges: [] });
    const scores = { period: '2026-10', label: '2026年10月', units: [] };
    const problems = { opened: [], overdue: [], solved: [], openAtEnd: 0, overdueDays: 15 };
    expect(content(monthlyBulletinMessage(bulletin, scores, problems, [], [], overview)).split('\n').at(-1)).toBe(`[查看详情](${overview})`);
    expect(content(monthlyBulletinMessage(bulletin, scores, problems, [], []))).not.toContain('](');
  });

  it('never breaks WeCom byte limits: a long message splits on lines and the link stays whole in the last part', () => {
    const overview = links.overview();
    const long = digestMessage({ ...digest(10), paused: Array.from({ length: 10 }, (_, i) => ({ project: `停工项目${i}`, mark: '停'.repeat(60) })) }, undefined, ['注'.repeat(600)], overview);
    for (const limit of [MARKDOWN_LIMIT_BYTES, TEXT_LIMIT_BYTES]) {
      const parts = splitBody(long, limit);
      expect(parts.length).toBeGreaterThan(1);
      for (const p of parts) expect(Buffer.byteLength(content(p))).toBeLessThanOrEqual(limit);
      expect(content(parts.at(-1)!).split('\n').at(-1)).toBe(`[查看详情](${overview})`);
    }
  });
});
