/** "需县财政局协调", "请城关镇牵头", "由县自然资源局负责": a unit named as the one to act. */
const NAMED_UNIT = /(?:需要?|请|由|提请)\s*([\u4e00-\u9fa5]{2,14}?(?:局|委|办|中心|公司|镇|乡|街道|开发区|经开区|管委会))(?:协调|牵头|负责|解决|配合|支持|对接|研究|督办)/;

/** 责任单位 of a problem: the unit its text names, else the project's 牵头部门. */
export function responsibleUnit(text: string, leadDepartment: string | undefined): string | undefined {
  return NAMED_UNIT.exec(text)?.[1] ?? leadDepartment;
}
