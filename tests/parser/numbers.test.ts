import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readQuantity, toChineseNumeral } from '../../src/parser/numbers.js';
import { findMoney, findPercents } from '../../src/parser/money.js';
import { normaliseWidth } from '../../src/parser/normalise.js';

const money = (s: string) => findMoney(normaliseWidth(s)).map((f) => f.value);

describe('readQuantity', () => {
  it.each([
    ['8,600', 8600],
    ['2.3', 2.3],
    ['五百二十', 520],
    ['一亿零三百万', 103_000_000],
    ['两千三百万', 23_000_000],
    ['壹仟贰佰万', 12_000_000],
    ['叁佰伍拾', 350],
    ['十五', 15],
    ['一百零五', 105],
    ['一千二', 1200],
    ['三万五', 35_000],
    ['1亿2千万', 120_000_000],
    ['3千5百万', 35_000_000],
    ['一点二亿', 120_000_000],
  ])('%s → %d', (text, value) => {
    expect(readQuantity(text, 0)?.value).toBeCloseTo(value, 6);
  });

  it('does not start at a bare multiplier', () => {
    expect(readQuantity('百分之七十', 0)).toBeNull();
    expect(readQuantity('千万不要', 0)).toBeNull();
  });
});

describe('money in 万元', () => {
  it.each([
    ['1.2个亿', 12000],
    ['3.6千万', 3600],
    ['0.15亿元', 1500],
    ['3,450万元', 3450],
    ['五百二十万', 520],
    ['一亿零三百万', 10300],
    ['八千六百万', 8600],
    ['壹仟贰佰万', 1200],
    ['伍仟万元整', 5000],
    ['0元', 0],
    ['1亿2千万', 12000],
    ['3千5百万', 3500],
    ['１２５０万元', 1250],
    ['300余万元', 300],
    ['1.1亿余元', 11000],
    ['500000元', 50],
    ['12亿元', 120000],
  ])('%s → %d 万元', (text, value) => {
    expect(money(text)).toEqual([value]);
  });

  it.each(['3万平方米', '5万吨', '2万千瓦', '1250', '3户', '11月18日', 'G347', '1#厂房', '50MW'])('%s is not money', (text) => {
    expect(money(text)).toEqual([]);
  });
});

describe('percentages', () => {
  it.each([
    ['65%', 65],
    ['６５％', 65],
    ['百分之七十', 70],
    ['百分之六十五', 65],
    ['六成五', 65],
    ['7成', 70],
    ['62.5 %', 62.5],
  ])('%s → %d', (text, value) => {
    expect(findPercents(normaliseWidth(text)).map((f) => f.value)).toEqual([value]);
  });
});

describe('properties', () => {
  const integer = fc.integer({ min: 0, max: 999_999_999_999 });

  it('any integer written in Chinese numerals reads back as itself', () => {
    fc.assert(fc.property(integer, (n) => readQuantity(toChineseNumeral(n), 0)?.value === n), { numRuns: 2000 });
  });

  it('any integer in 大写 reads back as itself', () => {
    const upper: Record<string, string> = { 一: '壹', 二: '贰', 三: '叁', 四: '肆', 五: '伍', 六: '陆', 七: '柒', 八: '捌', 九: '玖', 十: '拾', 百: '佰', 千: '仟' };
    fc.assert(fc.property(integer, (n) => readQuantity(toChineseNumeral(n).replace(/./g, (c) => upper[c] ?? c), 0)?.value === n), { numRuns: 1000 });
  });

  it('Arabic amounts with thousands separators read as written', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), (n) => {
        const written = `${n.toLocaleString('en-US')}万元`;
        return money(written)[0] === n;
      }),
    );
  });
});
