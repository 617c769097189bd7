import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Bm25Index, highlightRanges } from '../bm25-index.js';
import { createChineseAnalyzer } from '../chinese-analyzer.js';

const analyzer = createChineseAnalyzer();

describe('Chinese analyzer', () => {
  it('maps callers’ words and the law’s words to the same terms', () => {
    const lay = new Set(analyzer.terms('公司没跟我签合同,能要双倍工资吗'));
    const law = new Set(analyzer.terms('用人单位未与劳动者订立书面劳动合同的，应当向劳动者每月支付二倍的工资'));
    for (const t of ['用人单位', '订立', '劳动合同', '二倍', '工资']) {
      assert.ok(lay.has(t), `lay has ${t}: ${[...lay]}`);
      assert.ok(law.has(t), `law has ${t}: ${[...law]}`);
    }
    assert.ok(!lay.has('吗') && !lay.has(','), 'stopwords and punctuation are dropped');
  });

  it('reads traditional characters and full-width forms as simplified', () => {
    assert.deepEqual(analyzer.terms('養老金怎麼算'), analyzer.terms('养老金怎么算'));
    assert.equal(analyzer.normalize('ＡＢＣ１２３３３'), 'abc12333');
  });

  it('gives homophones and dialect pronunciations the same sounds', () => {
    const sounds = (s: string) => new Set(analyzer.sounds(s));
    assert.ok([...sounds('公伤认定')].some((x) => sounds('工伤认定').has(x)), '公伤 ~ 工伤');
    // n/l and zh/z are merged: 牛奶 / 流来 style confusions of northern and southern speakers.
    assert.deepEqual([...sounds('失业')], [...sounds('四夜')]);
  });
});

describe('BM25 index', () => {
  const index = new Bm25Index<{ n: number }>(analyzer, [
    { field: 'q', channel: 'terms', weight: 3 },
    { field: 'q', channel: 'bigrams', weight: 0.5 },
    { field: 'q', channel: 'sounds', weight: 0.5 },
  ]);
  const docs = ['工伤认定申请时限是多久', '失业保险金领取期限', '社保卡丢了怎么挂失', '最低工资标准是多少', '养老保险转移接续怎么办理'];
  docs.forEach((q, n) => index.put(String(n), { q }, { n }));

  it('ranks the matching document first, through synonyms, homophones and typos', () => {
    assert.equal(index.search('社会保障卡丢失', { limit: 1 })[0]?.meta.n, 2);
    assert.equal(index.search('公伤认定多久要申请', { limit: 1 })[0]?.meta.n, 0, 'speech-recognition homophone');
    assert.equal(index.search('失业金能领多长时间', { limit: 1 })[0]?.meta.n, 1);
    assert.equal(index.search('养老保险转移续接', { limit: 1 })[0]?.meta.n, 4, 'transposed characters still share bigrams');
  });

  it('filters, pages and removes', () => {
    const page = index.searchPage('怎么', { offset: 0, limit: 1, accept: (m) => m.n !== 2 });
    assert.equal(page.items[0]?.meta.n, 4);
    index.remove('4');
    assert.equal(index.search('养老保险转移', { limit: 5 }).some((d) => d.meta.n === 4), false);
    index.put('4', { q: docs[4]! }, { n: 4 });
    assert.equal(index.search('养老保险转移', { limit: 1 })[0]?.meta.n, 4);
  });

  it('highlights every variant of a matched term', () => {
    const text = '社保卡和社会保障卡是一回事';
    const marks = highlightRanges(analyzer, text, [analyzer.canonicalOf('社保卡')]);
    assert.deepEqual(marks.map(([s, e]) => text.slice(s, e)), ['社保卡', '社会保障卡']);
  });
});
