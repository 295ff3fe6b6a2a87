import { describe, expect, it } from 'vitest';
import { approvalTier, landUseOf } from '../src/domain/approval-tier.js';
import { fiveBatches, type StageChange } from '../src/domain/five-batches.js';

describe('approval tier by 亩 and kind (seed 004)', () => {
  it.each([
    [{}, '分管副县长'],
    [{ acres: 0, landUse: '工业' }, '分管副县长'],
    [{ acres: 20, landUse: '服务业' }, '分管副县长'],
    [{ acres: 20.5, landUse: '服务业' }, '县长办公会'],
    [{ acres: 30, landUse: '工业' }, '分管副县长'],
    [{ acres: 31, landUse: '工业' }, '县长办公会'],
    [{ acres: 50, landUse: '服务业' }, '县长办公会'],
    [{ acres: 50, landUse: '工业' }, '县长办公会'],
    [{ acres: 50.1, landUse: '工业' }, '县委常委会'],
    [{ acres: 80 }, '县委常委会'],
  ] as const)('%o → %s', (input, tier) => {
    expect(approvalTier(input).tier).toBe(tier);
  });
  it('infers the kind from the industry, and says what is missing when it cannot', () => {
    expect(landUseOf({ industry: '文旅康养', category: '产业' })).toBe('服务业');
    expect(landUseOf({ industry: '高性能新材料', category: '产业' })).toBe('工业');
    expect(approvalTier({ acres: 25, industry: '农产品冷链物流' }).tier).toBe('县长办公会');
    const unknown = approvalTier({ acres: 25, category: '基础设施' });
    expect(unknown.tier).toBeNull();
    expect(unknown.basis).toContain('未注明供地类别');
  });
});

describe('五个一批 monthly counts', () => {
  const at = (s: string) => new Date(`${s}T10:00:00+08:00`);
  const change = (project: string, before: string | null, after: string, day: string, township = '城关镇', industry = '新材料'): StageChange => ({ project, township, industry, before, after, at: at(day) });
  const oct = [at('2026-10-01'), at('2026-11-01')] as const;

  it('counts each project once per milestone reached in the month, by township and industry', () => {
    const r = fiveBatches(
      [
        change('甲', '储备', '签约', '2026-10-03'),
        change('乙', '落地', '开工', '2026-10-20', '东河镇', '文旅'),
        change('丙', '签约', '在建', '2026-10-31', '东河镇'),
        change('丁', '在建', '投产', '2026-09-30'),
        change('戊', '投产', '达产', '2026-11-01'),
      ],
      ...oct,
    );
    expect(r.total).toEqual({ 签约: 1, 落地: 1, 开工: 2, 投产: 0, 达效: 0 });
    expect(r.byTownship.get('东河镇')).toEqual({ 签约: 0, 落地: 1, 开工: 2, 投产: 0, 达效: 0 });
    expect(r.byIndustry.get('文旅')).toEqual({ 签约: 0, 落地: 0, 开工: 1, 投产: 0, 达效: 0 });
    expect(r.projects.开工.sort()).toEqual(['丙', '乙']);
  });

  it('does not count a milestone reached again after a stage was set back', () => {
    const r = fiveBatches([change('甲', '落地', '开工', '2026-09-10'), change('甲', '开工', '落地', '2026-10-02'), change('甲', '落地', '开工', '2026-10-09')], ...oct);
    expect(r.total.开工).toBe(0);
  });
});
