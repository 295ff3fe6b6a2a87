import { chart, html, layout, type Html } from './html.js';
import type { AssessmentModel, OverviewModel, ProblemsModel, ProjectModel } from './pages.js';
import { unitOf } from './pages.js';
import type { GroupLine } from '../domain/bulletin/monthly.js';
import { COMPONENT_NAMES, type Scorecard } from '../domain/assessment.js';
import { FIVE_BATCHES } from '../domain/lifecycle.js';
import { LADDER } from '../domain/escalation.js';
import { WARNING_NAMES, type Warning } from '../domain/warnings.js';
import { NO_PLAN } from '../domain/schedule.js';
import { COCKPIT_PREFIX, cockpitLinks } from '../services/links.js';
import { fieldLines } from '../../cards/receipt.js';
import { pct, wan } from '../../cards/common.js';
import dayjs from '../time.js';

/** Links inside the pages are relative to the app itself. */
const links = cockpitLinks('')!;
const rate = (v: number | null) => (v === null ? '—' : pct(v));
const r1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
const day = (d: Date | null | undefined) => (d ? dayjs(d).tz().format('YYYY-MM-DD') : '—');
const time = (d: Date | null | undefined) => (d ? dayjs(d).tz().format('M月D日 HH:mm') : '—');
const COLOURS: Record<Warning, string> = { red: '#cf222e', yellow: '#d4a72c', blue: '#0969da' };
const cardTag = (c: Warning | null) => (c ? html`<span class="card-${c}">${WARNING_NAMES[c]}</span>` : html`<span class="muted">无</span>`);
const projectLink = (name: string) => html`<a href="${links.project(name)}">${name}</a>`;

export interface Viewer {
  name: string;
  roleName: string;
}

const who = (v: Viewer) => `${v.name}（${v.roleName}）`;

/** Horizontal bars read on a phone: one row per township or industry. */
function rateChart(title: string, groups: GroupLine[]): Html {
  const rows = groups.slice(0, 30).reverse();
  return chart(
    title,
    {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
      xAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: rows.map((g) => g.unit) },
      series: [
        { name: '投资完成率', type: 'bar', data: rows.map((g) => r1(g.completionRate)), itemStyle: { color: '#0969da' } },
        { name: '序时进度', type: 'bar', data: rows.map((g) => r1(g.scheduleRate)), itemStyle: { color: '#d4a72c' } },
      ],
    },
    Math.max(200, rows.length * 44 + 60),
  );
}

function groupTable(header: string, rows: GroupLine[]): Html {
  return html`<div class="scroll"><table><tr><th>${header}</th><th class="num">项目</th><th class="num">年度计划</th><th class="num">累计完成</th><th class="num">完成率</th><th class="num">序时</th></tr>${rows.map(
    (g) => html`<tr><td>${g.unit}</td><td class="num">${g.projects}</td><td class="num">${wan(g.yearPlan)}</td><td class="num">${wan(g.completed)}</td><td class="num">${rate(g.completionRate)}</td><td class="num">${rate(g.scheduleRate)}</td></tr>`,
  )}</table></div>`;
}

function rankingTable(card: Scorecard): Html {
  if (card.units.length === 0) return html`<p class="muted">没有您可查看的单位得分。</p>`;
  return html`<div class="scroll"><table><tr><th class="num">名次</th><th>单位</th><th class="num">总分</th></tr>${card.units.map((u) => html`<tr><td class="num">${u.rank}</td><td>${u.unit}</td><td class="num">${u.total}</td></tr>`)}</table></div>`;
}

export function overviewView(m: OverviewModel, viewer: Viewer): string {
  const b = m.bulletin;
  const t = b.total;
  const d = m.digest;
  const carded = (['red', 'yellow', 'blue'] as const).map((c) => ({ c, list: b.carded[c] }));
  const body = html`
<section><h2>${dayjs(m.now).tz().format('YYYY年M月D日')} · ${d.projectCount} 个项目</h2>
<div class="kpis"><div class="kpi"><b>${rate(t.completionRate)}</b><span>年度投资完成率</span></div><div class="kpi"><b>${rate(t.scheduleRate)}</b><span>序时进度</span></div><div class="kpi"><b>${wan(t.completed)}</b><span>累计完成（年度计划 ${wan(t.yearPlan)}）</span></div><div class="kpi"><b>${carded.map(({ c, list }) => html`<span class="card-${c}">${list.length}</span> `)}</b><span>红 / 黄 / 蓝牌</span></div></div>
<p><a class="dl" href="${COCKPIT_PREFIX}/ledger.xlsx">下载项目台账（.xlsx）</a></p></section>
<div class="grid">
<section>${rateChart('各属地投资完成率与序时进度', b.byTownship)}${groupTable('属地', b.byTownship)}</section>
<section>${rateChart('各行业投资完成率与序时进度', b.byIndustry)}${groupTable('行业', b.byIndustry)}</section>
<section>${chart('红黄蓝牌', {
    animation: false,
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [{ type: 'pie', radius: ['35%', '65%'], data: carded.map(({ c, list }) => ({ name: WARNING_NAMES[c], value: list.length, itemStyle: { color: COLOURS[c] } })) }],
  }, 240)}
${carded.map(({ c, list }) => html`<h3 class="card-${c}">${WARNING_NAMES[c]} ${list.length} 个</h3>${list.length === 0 ? html`<p class="muted">无</p>` : html`<ul class="plain">${list.slice(0, 50).map((p) => html`<li>${projectLink(p.name)} <span class="muted">${p.reasons.join('；')}</span></li>`)}</ul>${list.length > 50 ? html`<p class="muted">另有 ${list.length - 50} 个，见项目台账</p>` : ''}`}`)}</section>
<section><h2>问题</h2>
<div class="kpis"><div class="kpi"><b>${d.newProblems.length}</b><span>近 7 天新增</span></div><div class="kpi"><b>${d.overdueProblems.length}</b><span>久拖未决</span></div>${m.rungs.map((r) => html`<div class="kpi"><b>${r.count}</b><span>${r.rung}协调</span></div>`)}</div>
${chart('各层级协调中的问题', { animation: false, tooltip: {}, grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true }, xAxis: { type: 'category', data: m.rungs.map((r) => r.rung) }, yAxis: { type: 'value', minInterval: 1 }, series: [{ type: 'bar', data: m.rungs.map((r) => r.count), itemStyle: { color: '#8250df' } }] }, 220)}
${d.overdueProblems.length > 0 ? html`<h3>久拖未决</h3><ul class="plain">${d.overdueProblems.slice(0, 30).map((p) => html`<li>#${p.no} ${projectLink(p.project)}：${p.text}（${p.days} 天）</li>`)}</ul>` : ''}
<p><a href="${links.problems()}">查看问题台账</a></p></section>
<section><h2>本周期未报送（${d.missingReports.length}）</h2>${d.missingReports.length === 0 ? html`<p class="muted">全部按时报送。</p>` : html`<ul class="plain">${d.missingReports.slice(0, 100).map((n) => html`<li>${projectLink(n)}</li>`)}</ul>${d.missingReports.length > 100 ? html`<p class="muted">另有 ${d.missingReports.length - 100} 个</p>` : ''}`}</section>
<section>${chart(`五个一批（${dayjs(m.now).tz().year()}年）`, {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: FIVE_BATCHES.map((x) => x.label) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '完成', type: 'bar', data: FIVE_BATCHES.map((x) => m.batches.total[x.label]), itemStyle: { color: '#1a7f37' } },
      ...(m.targets ? [{ name: '目标', type: 'bar', data: FIVE_BATCHES.map((x) => m.targets![x.label]), itemStyle: { color: '#afb8c1' } }] : []),
    ],
  }, 240)}
<table><tr><th>批次</th>${FIVE_BATCHES.map((x) => html`<th class="num">${x.label}</th>`)}</tr><tr><td>完成</td>${FIVE_BATCHES.map((x) => html`<td class="num">${m.batches.total[x.label]}</td>`)}</tr>${m.targets ? html`<tr><td>目标</td>${FIVE_BATCHES.map((x) => html`<td class="num">${m.targets![x.label]}</td>`)}</tr>` : ''}</table></section>
<section><h2>考核排名${m.ranking ? html`（${m.ranking.label}，已发布）` : ''}</h2>${m.ranking ? rankingTable(m.ranking) : html`<p class="muted">还没有已发布的考核。</p>`}<p><a href="${links.assessment(m.ranking?.period)}">查看考核得分依据</a></p></section>
</div>`;
  return layout({ title: '总览', active: '总览', who: who(viewer), body, charts: true });
}

export function projectView(m: ProjectModel, viewer: Viewer): string {
  const p = m.project;
  const s = m.standing;
  const body = html`
<section><h2>${p.name}</h2>
<p>${[p.stage && `阶段：${p.stage}`, p.township && `属地：${p.township}`, p.industry && `行业：${p.industry}`, p.department && `牵头：${p.department}`].filter(Boolean).join(' · ')}</p>
<div class="kpis"><div class="kpi"><b>${s.unplanned ? NO_PLAN : rate(s.completionRate)}</b><span>年度完成率</span></div><div class="kpi"><b>${rate(s.scheduleRate)}</b><span>序时进度</span></div><div class="kpi"><b>${p.totalInvestment === undefined ? '—' : wan(p.totalInvestment)}</b><span>总投资</span></div><div class="kpi"><b>${cardTag(s.warning)}</b><span>${s.warningReasons.join('；') || '预警'}</span></div></div></section>
<div class="grid">
<section>${chart('年度计划与实际完成（万元，累计）', {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: m.months.map((x) => `${x.month}月`) },
    yAxis: { type: 'value' },
    series: [
      { name: '计划', type: 'line', data: m.months.map((x) => r1(x.plan)), itemStyle: { color: '#d4a72c' } },
      { name: '实际', type: 'bar', data: m.months.map((x) => r1(x.actual)), itemStyle: { color: '#0969da' } },
    ],
  }, 280)}</section>
<section><h2>相关人员</h2><table>${m.people.map((x) => html`<tr><td>${x.role}</td><td>${x.name}</td></tr>`)}</table>
<h3>落地审批</h3><p>${m.tier.tier ?? '待定'}（${m.tier.basis}）</p></section>
<section><h2>前期手续</h2><table><tr><th>事项</th><th>状态</th><th>日期</th></tr>${m.checklist.map((a) => html`<tr><td>${a.item}</td><td>${a.status}</td><td>${day(a.since)}</td></tr>`)}</table></section>
<section><h2>预警记录（${m.cards.length}）</h2>${m.cards.length === 0 ? html`<p class="muted">从未亮牌。</p>` : html`<table><tr><th>时间</th><th>牌</th><th>原因</th></tr>${m.cards.map((c) => html`<tr><td>${time(c.at)}</td><td>${c.card ? cardTag(c.card) : '解除'}</td><td>${c.reasons.join('；')}</td></tr>`)}</table>`}</section>
<section><h2>问题（${m.problems.length}）</h2>${m.problems.length === 0 ? html`<p class="muted">无</p>` : m.problems.map(
    (x) => html`<h3>#${x.no} ${x.text}</h3><ul class="plain"><li>${time(x.openedAt)} ${m.names.get(x.reportedBy) ?? x.reportedBy} 提出，责任单位 ${x.unit ?? p.department ?? '未填写'}</li>${x.escalations.map((e) => html`<li>${time(e.at)} 升级到${LADDER[e.level] ?? LADDER.at(-1)}</li>`)}${x.resolvedAt ? html`<li>${time(x.resolvedAt)} ${m.names.get(x.resolvedBy ?? '') ?? x.resolvedBy} 销号：${x.resolution}</li>` : html`<li>${x.status}</li>`}</ul>`,
  )}</section>
</div>
<section><h2>报送记录（${m.reports.length}）</h2>${m.reports.length === 0 ? html`<p class="muted">还没有报送。</p>` : m.reports.map(
    ({ report: r, sender, corrects }) => html`<div><p><b>${time(r.reportedAt)}</b> ${sender} <span class="tag">${{ confirmed: '已计入', pending: '待确认', superseded: '已被更正' }[r.status]}</span>${r.unregistered ? html`<span class="tag">非登记人员</span>` : ''}${r.confirmedBy ? html`<span class="muted">确认：${m.names.get(r.confirmedBy) ?? r.confirmedBy}</span>` : ''}</p>
<div class="msg">${r.text}</div><p class="muted">${fieldLines(r.fields).join('；')}</p>${corrects ? html`<p class="muted">更正前：${fieldLines(corrects.fields).join('；')}</p>` : ''}</div>`,
  )}</section>`;
  return layout({ title: p.name, active: '', who: who(viewer), body, charts: true });
}

export function problemsView(m: ProblemsModel, viewer: Viewer, now: Date, query: string): string {
  const f = m.filter;
  const body = html`<section><h2>问题台账（${m.problems.length}）</h2>
<form class="filter" method="get" action="${links.problems()}"><label>责任单位<select name="unit"><option value="">全部</option>${m.units.map((u) => html`<option value="${u}" ${u === f.unit ? 'selected' : ''}>${u}</option>`)}</select></label>
<label>协调层级<select name="rung"><option value="">全部</option>${LADDER.map((r, i) => html`<option value="${i}" ${i === f.rung ? 'selected' : ''}>${r}</option>`)}</select></label>
<label>已过天数 ≥<input name="days" type="number" min="0" value="${f.minDays ?? ''}" style="width:6em"></label><button type="submit">筛选</button></form>
<p><a class="dl" href="${COCKPIT_PREFIX}/problems.xlsx${query ? `?${query}` : ''}">下载（.xlsx）</a></p>
<div class="scroll"><table><tr><th class="num">编号</th><th>项目</th><th>问题</th><th>责任单位</th><th>层级</th><th class="num">天数</th></tr>${m.problems.map(
    (x) => html`<tr><td class="num">#${x.no}</td><td>${projectLink(x.project)}</td><td>${x.text}</td><td>${unitOf(x, m.projects)}</td><td>${LADDER[x.level] ?? LADDER.at(-1)}</td><td class="num">${dayjs(now).diff(x.openedAt, 'day')}</td></tr>`,
  )}</table></div></section>`;
  return layout({ title: '问题台账', active: '问题台账', who: who(viewer), body, charts: false });
}

export function assessmentView(m: Exclude<AssessmentModel, { refused: string }>, viewer: Viewer): string {
  const { card, assessment: a } = m;
  const state = a.publishedAt ? `已于 ${dayjs(a.publishedAt).tz().format('M月D日')} 发布` : `未发布，按截至 ${time(a.asOf ?? m.period.to)} 的数据计算，可能变化`;
  const body = html`<section><h2>${card.label} 考核评比</h2><p class="muted">${state}</p>
<form class="filter" method="get" action="${links.assessment()}"><label>期间<input name="period" value="${m.period.key}" placeholder="2026-10 / 2026-Q3 / 2026" style="width:10em"></label><button type="submit">查看</button></form>
<p><a class="dl" href="${COCKPIT_PREFIX}/assessment.xlsx?period=${encodeURIComponent(m.period.key)}">下载（.xlsx）</a></p>
${a.notes.map((n) => html`<p class="muted">${n}</p>`)}</section>
${card.units.length === 0 ? html`<section><p class="muted">没有您可查看的单位得分。</p></section>` : card.units.map(
    (u) => html`<section><h2>${u.rank}. ${u.unit} · ${u.total} 分${u.band === 'top' ? '（一票评优）' : u.band === 'veto' ? '（一票否优）' : ''}</h2>${u.flag ? html`<p>${u.flag.flag === 'top' ? '一票评优' : '一票否优'}：${u.flag.reason}</p>` : ''}
<table><tr><th>项目</th><th class="num">得分</th><th>依据</th></tr>${u.lines.map((l) => html`<tr><td>${COMPONENT_NAMES[l.component]}</td><td class="num">${l.points}</td><td>${l.facts.join('；')}</td></tr>`)}</table></section>`,
  )}`;
  return layout({ title: `${card.label}考核`, active: '考核', who: who(viewer), body, charts: false });
}
