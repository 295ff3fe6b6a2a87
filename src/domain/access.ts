import type { PersonDoc, ProblemDoc, ProjectDoc } from './records.js';
import type { Rules } from './rules.js';
import { groupBy } from './group-by.js';

/**
 * Who someone is to the bot. `county`: the admin, leaders whose 职务 is in the rules' list
 * (default 县委书记/县长/常务副县长), or a person marked `scope: "county"`; `leader`: a 分管
 * leader; `unit`: a department or a township (its people carry the unit's name as `department`).
 */
export type AccessRole = 'county' | 'leader' | 'unit' | 'specialist' | 'liaison' | 'stranger';

export const ACCESS_ROLES: readonly AccessRole[] = ['county', 'leader', 'unit', 'specialist', 'liaison', 'stranger'];

/** Role names as people read them (the README's matrix, the refusals). */
export const ACCESS_ROLE_NAMES: Record<AccessRole, string> = {
  county: '县级领导/管理员',
  leader: '分管领导',
  unit: '部门/乡镇',
  specialist: '服务专员',
  liaison: '联络员',
  stranger: '未登记人员',
};

/** RULES_FILE `access.countyTitles`: the 职务 that see the whole county. */
export type AccessRules = Rules['access'];

/**
 * Which roles may use a command at all; what it then shows or changes is narrowed per project by
 * `reads`, `reports` and `handles`. People the bot does not know get only /帮助.
 */
const KNOWN: readonly AccessRole[] = ['county', 'leader', 'unit', 'specialist', 'liaison'];
const REPORTERS: readonly AccessRole[] = ['county', 'specialist', 'liaison'];

export const COMMAND_ROLES: Record<string, readonly AccessRole[]> = {
  帮助: ACCESS_ROLES,
  进度: KNOWN,
  问题列表: KNOWN,
  手续: KNOWN,
  预警: KNOWN,
  排名: KNOWN,
  日报: KNOWN,
  考核: KNOWN,
  问题: KNOWN,
  解决: KNOWN,
  更正: REPORTERS,
  绑定: REPORTERS,
  解绑: REPORTERS,
  停工: REPORTERS,
  复工: REPORTERS,
  请假: REPORTERS,
};

export interface Access {
  person: PersonDoc | null;
  role: AccessRole;
  /** Sees every project, every problem and every unit's score. */
  county: boolean;
  /** May use the command at all (COMMAND_ROLES; a command missing from the table is refused). */
  uses(command: string): boolean;
  /** May read the project: figures, reports, problems, 手续. */
  reads(project: ProjectDoc): boolean;
  /** The projects of a list this person reads, in the list's order (`list.filter(reads)`). */
  readable(list: readonly ProjectDoc[]): ProjectDoc[];
  /** May report, correct and confirm for the project: its liaisons, its 服务专员, the admin. */
  reports(project: ProjectDoc): boolean;
  /** May close or register the problem: who reports for the project, who reads it, and the unit it is assigned to. */
  handles(problem: Pick<ProblemDoc, 'unit'>, project: ProjectDoc): boolean;
  /** May see a unit's 考核 score (county-wide roles: every unit; a unit: its own). */
  readsUnit(unit: string): boolean;
}

function roleOf(person: PersonDoc | null, rules: AccessRules): AccessRole {
  if (!person) return 'stranger';
  if (person.role === 'admin' || person.scope === 'county') return 'county';
  if (person.role === 'leader') return rules.countyTitles.includes(person.title ?? '') ? 'county' : 'leader';
  if (person.role === 'department') return 'unit';
  return person.role;
}

const leaderIndexes = new WeakMap<readonly ProjectDoc[], Map<string | undefined, ProjectDoc[]>>();

/** A list's projects by 分管 leader, built once however many leaders' digests are cut from it. */
function byLeader(list: readonly ProjectDoc[]): Map<string | undefined, ProjectDoc[]> {
  let index = leaderIndexes.get(list);
  if (!index) leaderIndexes.set(list, (index = groupBy(list, (p) => p.leader)));
  return index;
}

/**
 * The access matrix (README, 权限): one place decides what each person may report and read.
 * `standsInFor`: the people on leave who named this person their deputy (请假); the deputy reports for their projects meanwhile.
 */
export function accessOf(person: PersonDoc | null, rules: AccessRules, standsInFor: readonly string[] = []): Access {
  const role = roleOf(person, rules);
  const county = role === 'county';
  const me = person?.userid;
  const unit = person?.department;
  const reports = (p: ProjectDoc) =>
    person?.role === 'admin' || (me !== undefined && (p.liaisons.includes(me) || p.specialist === me)) || (person !== null && standsInFor.some((u) => p.liaisons.includes(u)));
  const reads = (p: ProjectDoc): boolean => {
    switch (role) {
      case 'county':
        return true;
      case 'leader':
        return p.leader === me;
      case 'unit':
        return unit !== undefined && (p.department === unit || p.township === unit);
      case 'specialist':
      case 'liaison':
        return reports(p);
      case 'stranger':
        return false;
    }
  };
  return {
    person,
    role,
    county,
    uses: (command) => COMMAND_ROLES[command]?.includes(role) ?? false,
    reads,
    readable: (list) => (role === 'leader' ? [...(byLeader(list).get(me) ?? [])] : list.filter(reads)),
    reports,
    handles: (problem, p) => reads(p) || reports(p) || (unit !== undefined && problem.unit === unit),
    readsUnit: (name) => county || (unit !== undefined && unit === name),
  };
}
