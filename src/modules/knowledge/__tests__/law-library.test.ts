import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chineseNumeralToInt, intToChineseNumeral, parseLawText } from '../laws/law-text-parser.js';
import { readLawFolder } from '../laws/law-library-files.js';
import { LAW_CATALOG, SUPERSESSIONS } from '../laws/law-catalog.js';

describe('law texts', () => {
  it('reads Chinese article numbers', () => {
    const cases: [string, number][] = [['一', 1], ['十', 10], ['十二', 12], ['二十', 20], ['九十八', 98], ['一百', 100], ['一百零七', 107], ['一百一十', 110], ['一百二十三', 123]];
    for (const [cn, n] of cases) {
      assert.equal(chineseNumeralToInt(cn), n, cn);
      assert.equal(intToChineseNumeral(n), cn, String(n));
    }
    assert.equal(chineseNumeralToInt('十a'), null);
  });

  it('parses chapters, sections, multi-paragraph articles, numbered parts and a second text in one file', () => {
    const law = parseLawText(
      '示例法(2020-01-02).md',
      [
        '# 示例法', '', '2020年通过', '<!-- INFO END -->', '## 第一章 总则', '', '第一条 为了测试。', '', '（一）第一项；', '',
        '本法第三条规定的除外。', '## 第二章 分则', '### 第一节 特别规定', '第二条　全角空格。', '第三条 第三条。', '',
        '## 附属办法', '前言。', '第一条 办法第一条。',
      ].join('\n'),
    );
    assert.equal(law.length, 2);
    assert.equal(law[0]!.versionDate, '2020-01-02');
    assert.deepEqual(law[0]!.articles.map((a) => [a.number, a.chapter, a.section]), [[1, '第一章 总则', null], [2, '第二章 分则', '第一节 特别规定'], [3, '第二章 分则', '第一节 特别规定']]);
    assert.equal(law[0]!.articles[0]!.text, '为了测试。\n（一）第一项；\n本法第三条规定的除外。');
    assert.equal(law[1]!.title, '附属办法');
    assert.equal(law[1]!.preamble, '前言。');
    assert.deepEqual(law[1]!.articles.map((a) => a.number), [1]);

    const opinion = parseLawText('意见(2014-02-21).md', ['# 意见', '<!-- INFO END -->', '前言', '## 三、参保范围', '年满16周岁。', '## 七、待遇领取条件', '年满60周岁。'].join('\n'));
    assert.deepEqual(opinion[0]!.articles.map((a) => [a.number, a.label]), [[3, '三、'], [7, '七、']]);
    assert.match(opinion[0]!.articles[1]!.text, /年满60周岁/);
  });

  it('every shipped text is in the catalog and complete; superseded articles exist', () => {
    const texts = readLawFolder();
    assert.equal(new Set(texts.map((t) => t.catalog.short)).size, LAW_CATALOG.length);
    const count = (short: string) => texts.find((t) => t.catalog.short === short)!.articles.filter((a) => a.number !== null).length;
    assert.equal(count('劳动合同法'), 98);
    assert.equal(count('社会保险法'), 98);
    assert.equal(count('工伤保险条例'), 67);
    assert.equal(count('延迟退休决定'), 5);
    assert.equal(count('延迟退休办法'), 9);
    const a82 = texts.find((t) => t.catalog.short === '劳动合同法')!.articles.find((a) => a.number === 82)!;
    assert.match(a82.text, /^用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的/);
    assert.equal(a82.chapter, '第七章 法律责任');
    for (const s of SUPERSESSIONS) {
      const law = texts.find((t) => t.catalog.short === s.law);
      assert.ok(law, s.law);
      for (const n of s.articles) assert.ok(law!.articles.some((a) => a.number === n), `${s.law} ${n}`);
      if (s.by) assert.ok(texts.some((t) => t.catalog.short === s.by!.law), s.by.law);
    }
  });
});
