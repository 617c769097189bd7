import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readAmount, readDate, readDigits, readInteger } from '../prompts/chinese-readout.js';

describe('Chinese read-outs', () => {
  it('reads integers the way they are spoken', () => {
    const cases: [number, string][] = [
      [0, '零'],
      [7, '七'],
      [10, '十'],
      [15, '十五'],
      [20, '二十'],
      [101, '一百零一'],
      [110, '一百一十'],
      [115, '一百一十五'],
      [1001, '一千零一'],
      [1010, '一千零一十'],
      [1234, '一千二百三十四'],
      [10005, '一万零五'],
      [15000, '一万五千'],
      [100015, '十万零一十五'],
      [150000, '十五万'],
      [1000000, '一百万'],
      [12333, '一万二千三百三十三'],
      [100000000, '一亿'],
      [100010000, '一亿零一万'],
      [100000001, '一亿零一'],
      [1001000000, '十亿零一百万'],
      [1000000000000, '一万亿'],
      [-42, '负四十二'],
    ];
    for (const [n, text] of cases) assert.equal(readInteger(n), text, String(n));
    assert.throws(() => readInteger(1.5), RangeError);
  });

  it('reads money in 元角分', () => {
    const cases: [string | number, string][] = [
      ['1234.50', '一千二百三十四元五角'],
      ['1234.56', '一千二百三十四元五角六分'],
      ['1234.05', '一千二百三十四元零五分'],
      ['1234', '一千二百三十四元'],
      ['1,234.00', '一千二百三十四元'],
      ['0.5', '五角'],
      ['0.05', '五分'],
      ['0', '零元'],
      ['10.5', '十元五角'],
      ['100.01', '一百元零一分'],
      ['2.345', '二元三角五分'],
      ['¥3000', '三千元'],
      ['-3.2', '负三元二角'],
      [1234.5, '一千二百三十四元五角'],
    ];
    for (const [a, text] of cases) assert.equal(readAmount(a), text, String(a));
    assert.throws(() => readAmount('12元'), RangeError);
  });

  it('reads dates with the year digit by digit', () => {
    assert.equal(readDate('2026-12-02'), '二〇二六年十二月二日');
    assert.equal(readDate('2000/1/10'), '二〇〇〇年一月十日');
    assert.equal(readDate('2026年3月31日'), '二〇二六年三月三十一日');
    assert.throws(() => readDate('2026-13-01'), RangeError);
    assert.throws(() => readDate('yesterday'), RangeError);
  });

  it('reads work-order numbers symbol by symbol, 1 as 幺', () => {
    assert.equal(readDigits('WO20261202001'), 'W O 二 零 二 六 幺 二 零 二 零 零 幺');
    assert.equal(readDigits('wo-123'), 'W O ， 幺 二 三');
    assert.equal(readDigits('１２３３３'), '幺 二 三 三 三', 'full-width digits');
    assert.equal(readDigits('12333', '一'), '一 二 三 三 三');
  });
});
