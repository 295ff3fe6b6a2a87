/** 9200 → "9,200 万元" (the domain's reasons; cards have their own formatter). */
export const wanText = (n: number) => `${n.toLocaleString('en-US', { maximumFractionDigits: 2 })} 万元`;
