import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createChineseAnalyzer } from '../../../platform/text/chinese-analyzer.js';
import { DOMAIN_WORDS, SYNONYM_GROUPS } from '../../../platform/text/domain-vocabulary.js';
import { createHomophoneCorrector } from '../understanding/homophone-corrector.js';

describe('homophone corrector', () => {
  const analyzer = createChineseAnalyzer();
  const corrector = createHomophoneCorrector([...DOMAIN_WORDS, ...SYNONYM_GROUPS.flat()], { cut: (t) => analyzer.words(t, { dictionaryOnly: true }) });
  const correct = (t: string) => corrector.correct(analyzer.normalize(t));

  it('puts back the domain word a recogniser replaced by one of the same sound', () => {
    assert.equal(correct('元老保险是从工资里扣吗').text, '养老保险是从工资里扣吗');
    assert.equal(correct('事业金怎么领').text, '失业金怎么领');
    assert.equal(correct('设保断了咋办').text, '社保断了咋办');
    assert.deepEqual(correct('设保断了咋办').corrections, [{ from: '设保', to: '社保' }]);
  });

  it('leaves real words alone and never loses a character the segmenter skips', () => {
    assert.equal(correct('事业单位岗位分几类').text, '事业单位岗位分几类');
    assert.equal(correct('N+1怎么算').text, 'n+1怎么算');
    assert.equal(correct('5～6级伤残 待遇').text, '5~6级伤残 待遇');
    assert.equal(correct('我 要 查 医报').text, '我 要 查 医保');
  });
});
