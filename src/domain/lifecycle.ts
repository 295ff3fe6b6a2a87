/** Lifecycle order (domain.md): 谋划 → … → 达产/达效. */
export const LIFECYCLE = ['谋划', '储备', '签约', '落地', '开工', '在建', '竣工', '投产', '达产'] as const;
export type Stage = (typeof LIFECYCLE)[number];

/** The milestones 五个一批 counts (seed 002); 达效 is the lifecycle's 达产. */
export const FIVE_BATCHES = [
  { label: '签约', stage: '签约' },
  { label: '落地', stage: '落地' },
  { label: '开工', stage: '开工' },
  { label: '投产', stage: '投产' },
  { label: '达效', stage: '达产' },
] as const satisfies ReadonlyArray<{ label: string; stage: Stage }>;
export type FiveBatch = (typeof FIVE_BATCHES)[number]['label'];

export function stageIndex(stage: string | undefined | null): number {
  return stage ? LIFECYCLE.indexOf(stage as Stage) : -1;
}

/** True only for a known stage after the current one (so it also narrows `next` to a Stage). */
export function isLaterStage(next: string, current: string | undefined): next is Stage {
  return stageIndex(next) > stageIndex(current);
}

export function hasStarted(stage: string | undefined): boolean {
  return stageIndex(stage ?? '谋划') >= stageIndex('开工');
}
