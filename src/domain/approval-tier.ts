/**
 * Who approves a new investment project's landing (seed 004 磐安 "分类、分层审核审批"): non-land
 * projects → 分管副县长; land up to 20 亩 (文旅、康养、服务业、农业、商业) or 30 亩 (工业) → 分管副县长;
 * up to 50 亩 → 县长办公会; above 50 亩 → 县委常委会.
 */
export const LAND_USES = ['工业', '服务业'] as const;
export type LandUse = (typeof LAND_USES)[number];

export type ApprovalTier = '分管副县长' | '县长办公会' | '县委常委会';

export interface TierInput {
  acres?: number | undefined;
  landUse?: LandUse | undefined;
  category?: string | undefined;
  industry?: string | undefined;
}

export interface TierResult {
  tier: ApprovalTier | null;
  /** Why, in words a county official reads; when tier is null, what is missing. */
  basis: string;
}

const SERVICE_INDUSTRY = /文旅|旅游|康养|养老|服务|农业|农产品|商业|商贸|物流|文创/;

/** 工业 unless the industry names a service sector; unknown when the project is not an industry project. */
export function landUseOf(p: TierInput): LandUse | null {
  if (p.landUse) return p.landUse;
  if (p.industry && SERVICE_INDUSTRY.test(p.industry)) return '服务业';
  if (p.category === '产业') return '工业';
  return null;
}

export function approvalTier(p: TierInput): TierResult {
  const acres = p.acres ?? 0;
  if (acres <= 0) return { tier: '分管副县长', basis: '非供地项目' };
  if (acres > 50) return { tier: '县委常委会', basis: `供地 ${acres} 亩，超过 50 亩` };
  const use = landUseOf(p);
  if (!use) return { tier: null, basis: `供地 ${acres} 亩，未注明供地类别（工业/服务业）` };
  const small = use === '工业' ? 30 : 20;
  if (acres <= small) return { tier: '分管副县长', basis: `${use}供地 ${acres} 亩（${small} 亩及以下）` };
  return { tier: '县长办公会', basis: `${use}供地 ${acres} 亩（${small}–50 亩）` };
}
