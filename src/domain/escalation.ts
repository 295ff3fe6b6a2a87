/** The escalation ladder of seed 002, lowest rung first. */
export const LADDER = ['牵头部门', '分管副县长', '常务副县长', '县长'] as const;

/** The rung a problem open `days` days has reached, given the days before each step up. */
export function escalationLevel(days: number, thresholds: readonly [number, number, number]): number {
  return thresholds.filter((t) => days >= t).length;
}
