import { describe, expect, it } from 'vitest';
import { ACCESS_ROLES, COMMAND_ROLES, accessOf, type AccessRole } from '../src/domain/access.js';
import { defaultRules } from '../src/domain/rules.js';
import type { PersonDoc, ProjectDoc } from '../src/domain/records.js';
import { handlers } from '../handlers/index.js';

const rules = defaultRules.access;
const project: ProjectDoc = { name: '冷链', aliases: [], township: '城东镇', department: '县商务局', leader: 'fxz', specialist: 'zy', liaisons: ['ll'] };
const other: ProjectDoc = { name: '二实小', aliases: [], township: '城关镇', department: '县教体局', leader: 'fxz2', specialist: 'zy2', liaisons: ['ll2'] };

const people: Record<string, PersonDoc | null> = {
  admin: { userid: 'adm', name: '管理员', role: 'admin' },
  countyHead: { userid: 'xz', name: '县长', role: 'leader', title: '县长' },
  executive: { userid: 'cw', name: '常务', role: 'leader', title: '常务副县长' },
  countyScope: { userid: 'dc', name: '督查室', role: 'department', department: '县督查室', scope: 'county' },
  deputy: { userid: 'fxz', name: '分管副县长', role: 'leader', title: '副县长' },
  department: { userid: 'swj', name: '商务局', role: 'department', department: '县商务局' },
  township: { userid: 'cdz', name: '城东镇', role: 'department', department: '城东镇' },
  otherUnit: { userid: 'czj', name: '财政局', role: 'department', department: '县财政局' },
  specialist: { userid: 'zy', name: '专员', role: 'specialist' },
  liaison: { userid: 'll', name: '联络员', role: 'liaison' },
  otherLiaison: { userid: 'll2', name: '别的联络员', role: 'liaison' },
  stranger: null,
};

// Expected, cell by cell: [role, reads 冷链, reports 冷链, reads 二实小, county-wide].
const expected: Record<keyof typeof people, [AccessRole, boolean, boolean, boolean, boolean]> = {
  admin: ['county', true, true, true, true],
  countyHead: ['county', true, false, true, true],
  executive: ['county', true, false, true, true],
  countyScope: ['county', true, false, true, true],
  deputy: ['leader', true, false, false, false],
  department: ['unit', true, false, false, false],
  township: ['unit', true, false, false, false],
  otherUnit: ['unit', false, false, false, false],
  specialist: ['specialist', true, true, false, false],
  liaison: ['liaison', true, true, false, false],
  otherLiaison: ['liaison', false, false, true, false],
  stranger: ['stranger', false, false, false, false],
};

describe('access matrix: who may report and read', () => {
  it.each(Object.keys(people))('%s', (key) => {
    const a = accessOf(people[key]!, rules);
    expect([a.role, a.reads(project), a.reports(project), a.reads(other), a.county]).toEqual(expected[key as keyof typeof people]);
  });

  it.each(Object.keys(people))('%s: the projects of a list read are those `reads` lets through, in order', (key) => {
    const a = accessOf(people[key]!, rules);
    const list = [other, project, { ...other, name: '三号' }, { ...project, name: '四号' }];
    expect(a.readable(list)).toEqual(list.filter(a.reads));
  });

  it('a leader is county-wide only by a title in the rules', () => {
    const deputy = people.deputy!;
    expect(accessOf(deputy, { countyTitles: ['副县长'] }).county).toBe(true);
    expect(accessOf(people.countyHead!, { countyTitles: [] }).county).toBe(false);
  });

  it('the unit a problem is assigned to may handle it without reading the rest of the project', () => {
    const finance = accessOf(people.otherUnit!, rules);
    expect(finance.handles({ unit: '县财政局' }, project)).toBe(true);
    expect(finance.handles({ unit: '县商务局' }, project)).toBe(false);
    expect(accessOf(people.otherLiaison!, rules).handles({ unit: '县商务局' }, project)).toBe(false);
  });

  it("a deputy (请假) reports for the absent liaison's projects while standing in, and reads them", () => {
    expect(accessOf(people.otherLiaison!, rules, ['ll']).reports(project)).toBe(true);
    expect(accessOf(people.otherLiaison!, rules, ['ll']).reads(project)).toBe(true);
    expect(accessOf(people.otherLiaison!, rules, ['someone-else']).reports(project)).toBe(false);
    expect(accessOf(null, rules, ['ll']).reports(project)).toBe(false);
  });

  it('a unit reads its own 考核 score; county-wide roles read every unit', () => {
    expect(accessOf(people.department!, rules).readsUnit('县商务局')).toBe(true);
    expect(accessOf(people.department!, rules).readsUnit('城东镇')).toBe(false);
    expect(accessOf(people.executive!, rules).readsUnit('城东镇')).toBe(true);
    expect(accessOf(null, rules).readsUnit('城东镇')).toBe(false);
  });
});

describe('access matrix: role × command', () => {
  // Every cell: the commands each role may use at all (a project or unit check narrows them further).
  const READ = ['进度', '问题列表', '手续', '预警', '排名', '日报', '考核', '问题', '解决'];
  const WRITE = ['更正', '绑定', '解绑', '停工', '复工', '请假'];
  const allowed: Record<AccessRole, string[]> = {
    county: ['帮助', ...READ, ...WRITE],
    leader: ['帮助', ...READ],
    unit: ['帮助', ...READ],
    specialist: ['帮助', ...READ, ...WRITE],
    liaison: ['帮助', ...READ, ...WRITE],
    stranger: ['帮助'],
  };
  const commands = Object.keys(COMMAND_ROLES);
  it('covers exactly the commands the bot has', () => {
    expect([...commands].sort()).toEqual(handlers().commands.map((h) => h.command).sort());
    expect([...commands].sort()).toEqual(['帮助', ...READ, ...WRITE].sort());
  });
  for (const role of ACCESS_ROLES) {
    it.each(commands)(`${role} × /%s`, (command) => {
      const person: PersonDoc | null = role === 'stranger' ? null : { userid: 'x', name: 'x', role: role === 'county' ? 'admin' : role === 'unit' ? 'department' : role };
      expect(accessOf(person, rules).uses(command)).toBe(allowed[role].includes(command));
    });
  }
  it('refuses a command it does not know', () => {
    expect(accessOf(people.admin!, rules).uses('删库')).toBe(false);
  });
});
