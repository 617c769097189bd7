import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createChineseAnalyzer } from '../../../platform/text/chinese-analyzer.js';
import { DOMAIN_WORDS, SYNONYM_GROUPS } from '../../../platform/text/domain-vocabulary.js';
import type { TEntryContent } from '../../../shared/api/knowledge.js';
import { createAnswerEngine } from '../answer-engine.js';
import { nthLargest, QuestionIndex } from '../retrieval/question-index.js';
import { standardizeColloquial, standardizeWords } from '../understanding/colloquial.js';
import { createHomophoneCorrector } from '../understanding/homophone-corrector.js';
import { askedIntents, INTENT, TRANSFER, transferDirection } from '../understanding/question-intent.js';

/** What tells two neighbouring entries apart: insurance line, insured group, dialect, rough counts, region. */
const analyzer = createChineseAnalyzer();

function index(entries: { id: number; title: string; questions: string[] }[]) {
  const ix = new QuestionIndex<number>(analyzer);
  for (const e of entries) {
    ix.put({
      entryId: e.id,
      meta: e.id,
      texts: [{ kind: 'title', text: e.title }, ...e.questions.map((text) => ({ kind: 'similar' as const, text }))],
      content: `${e.title} ${e.questions.join(' ')}`,
    });
  }
  return (q: string) => ix.search(ix.query(q), 5);
}

describe('question matching', () => {
  it('does not answer a question on one insurance line with a stored question on another', () => {
    const top = index([
      { id: 1, title: '基本医疗保险关系的转移接续', questions: ['换城市工作了，医保咋转', '医保关系怎么转移'] },
      { id: 2, title: '养老保险关系转移接续办理指南', questions: ['养老保险关系转移怎么办理', '换了城市上班，养老保险咋转'] },
    ]);
    const [first, second] = top('换城市工作了养老保险咋转');
    assert.equal(first?.entryId, 2);
    assert.ok(first!.score - second!.score > 0.1, 'the wording on 医保 loses a quarter of its similarity');
    assert.equal(top('换城市工作了医保咋转')[0]?.entryId, 1);
  });

  it('reads a stored question that names no line or group on its entry’s (the title’s)', () => {
    const top = index([
      { id: 1, title: '外地养老保险关系转入本地', questions: ['我在外省交过社保，回老家了能转回来吗'] },
      { id: 2, title: '基本医疗保险关系的转移接续', questions: ['医保关系怎么转移接续'] },
    ]);
    assert.equal(top('医保从外地转回来要怎么办')[0]?.entryId, 2);
  });

  it('reads dialect words as standard Mandarin, and leaves figures to the index', () => {
    assert.equal(standardizeWords('返工路上俾车撞咗，算唔算工伤'), '上班路上给车撞了，算工伤');
    assert.equal(standardizeWords('我哋交咗廿年社保'), '我们交了二十年社保');
    assert.equal(standardizeWords('阿拉自己交养老保险，每个月要交几钿'), '我自己交养老保险，每个月要交多少钱');
    assert.equal(standardizeWords('个体户补交社保咋个办，要交好多钱'), '个体户补交社保怎么办，要交多少钱');
    assert.equal(standardizeWords('饮醉酒返工受伤，算工伤伐？'), '饮醉酒上班受伤，算工伤吗？');
    assert.equal(standardizeWords('交了15年'), '交了15年');
    assert.equal(standardizeWords('退休了一个月能开多少'), '退休了一个月能领多少');
    assert.equal(standardizeWords('老板仨月没开支了'), '老板仨月没发工资了');
    assert.equal(standardizeWords('看病的开支大'), '看病的开支大');
    assert.equal(standardizeWords('最低人工几多钱'), '最低工资多少钱');
  });

  it('reads 湖北/湖南 words, and 退 alone as retiring only where it cannot be a refund', () => {
    assert.equal(standardizeWords('老板欠咯我两个月工资 我么样搞'), '老板欠了我两个月工资 我怎么办');
    assert.equal(standardizeWords('么样转过来'), '怎么转过来');
    assert.equal(standardizeWords('什么样的情况算工伤'), '什么样的情况算工伤');
    assert.equal(standardizeWords('我家那口子六五年的，今年能不能退？'), '我家那口子六五年的，今年能退休？');
    assert.equal(standardizeWords('我哪年能退'), '我哪年能退休');
    assert.equal(standardizeWords('社保交的钱能不能退'), '社保交的钱能退');
    assert.equal(standardizeWords('多交的费能退吗'), '多交的费能退吗');
    assert.equal(standardizeWords('能退保吗'), '能退保吗');
    assert.equal(standardizeWords('俺屋里娭毑冒得工作，能交养老不中'), '我家里奶奶没有工作，能交养老吗');
    assert.equal(standardizeWords('阿拉屋里厢'), '我家里', 'the longest rewrite wins: 屋里厢, not 屋里 + 厢');
    assert.equal(standardizeWords('佢哋公司'), '他们公司', '佢哋, not 佢 + 哋');
    assert.equal(standardizeWords('该退的钱一直没退'), '该退的钱一直没退');
  });

  it('finds the one stored question among many that share its common words', () => {
    // 400 stored questions share 养老保险 and 交 (common features, scored for the short list only);
    // only one also says 补缴 and 断了.
    const entries = Array.from({ length: 400 }, (_, i) => ({ id: i + 1, title: `养老保险问题${i}`, questions: [`养老保险交了第${i}年怎么办`] }));
    entries.push({ id: 999, title: '中断缴费后的补缴', questions: ['养老保险断了以后怎么补缴'] });
    const hits = index(entries)('养老保险交断了能补缴吗');
    assert.equal(hits[0]?.entryId, 999);
  });

  it('picks the short list of candidates by selection: the n-th largest partial score, ties included', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 500; round++) {
      const values = Float64Array.from({ length: 1 + Math.floor(rand() * 900) }, () => Math.round(rand() * (round % 2 ? 8 : 1000)) / 4);
      const n = 1 + Math.floor(rand() * values.length);
      const want = [...values].sort((a, b) => b - a)[n - 1];
      assert.equal(nthLargest(values, n), want);
    }
  });

  it('reads an A-not-A question and a closing 不 as a question, and keeps a negation', () => {
    assert.equal(standardizeWords('能不能认定工伤'), '能认定工伤');
    assert.equal(standardizeWords('可不可以补缴'), '可以补缴');
    assert.equal(standardizeWords('出差出了车祸，算工伤不'), '出差出了车祸，算工伤吗');
    assert.equal(standardizeWords('哪些情况不算工伤'), '哪些情况不算工伤');
    const top = index([
      { id: 1, title: '应当认定为工伤的情形', questions: ['哪些情况应当认定为工伤', '上班时受伤了算工伤吗'] },
      { id: 2, title: '不得认定为工伤的情形', questions: ['哪些情况不算工伤', '喝酒后上班受伤算工伤吗'] },
      { id: 3, title: '工伤认定的申请时限', questions: ['工伤认定多长时间内要申请'] },
      { id: 4, title: '失业保险金的申领条件', questions: ['哪些情况能领失业金'] },
      { id: 5, title: '停工停产期间的工资', questions: ['放假期间工资怎么发'] },
    ]);
    assert.equal(top('哪些情况算工伤')[0]?.entryId, 1);
    assert.equal(top('什么情况下不能算工伤')[0]?.entryId, 2);
  });

  it('tells what a question asks of its subject (whether, how long, how much, where), and prefers the stored question that asks the same', () => {
    assert.equal(askedIntents('失业保险交了不到一年能不能领'), INTENT.whether);
    assert.equal(askedIntents('交满一年能领几个月'), INTENT.time);
    assert.equal(askedIntents('我能领多少钱', '我能领多少钱'), INTENT.amount);
    assert.equal(askedIntents('咋申请', '怎么申请'), INTENT.procedure);
    assert.equal(askedIntents('要带啥材料'), INTENT.materials);
    assert.equal(askedIntents('怎么申请，要什么条件') & INTENT.procedure, INTENT.procedure);
    assert.equal(askedIntents('没交工伤保险出了工伤怎么办'), 0, '"what do I do" asks nothing in particular');
    // The how-long wording shares more words (失业金, 一年) with the question; the intent decides.
    const top = index([
      { id: 1, title: '失业保险金的申领条件', questions: ['失业保险才交了半年，能领吗', '失业金领取条件'] },
      { id: 2, title: '失业保险金的领取期限', questions: ['交了一年失业保险能领几个月失业金', '失业金最长领多久'] },
    ]);
    assert.equal(top('失业保险交了十个月能领失业金吗')[0]?.entryId, 1, 'whether, not how long');
    assert.equal(top('失业保险交了三年能领多久')[0]?.entryId, 2);
  });

  it('tells a transfer out from a transfer in, though they share every word', () => {
    assert.equal(transferDirection('养老保险可以转到外地吗'), TRANSFER.out);
    assert.equal(transferDirection('外地的养老保险能转到我们县吗'), TRANSFER.in);
    assert.equal(transferDirection('养老保险转回老家'), 0, 'in or out depends on where the caller is');
    const top = index([
      { id: 1, title: '养老保险关系转出办理指南', questions: ['养老保险怎么转出', '养老保险能转到外地去吗，去外地工作了'] },
      { id: 2, title: '外地养老保险关系转入本地', questions: ['外地的养老保险能转到我们县吗', '外省交的养老保险怎么转过来'] },
    ]);
    assert.equal(top('养老保险可以转到外地吗')[0]?.entryId, 1);
    assert.equal(top('外地养老保险能转过来吗')[0]?.entryId, 2);
  });

  it('reads a rough count in a story as 几, and keeps exact counts', () => {
    assert.equal(standardizeColloquial('交了二十多年社保'), '交了几年社保');
    assert.equal(standardizeColloquial('缝了十几针，等了一个多月'), '缝了几针，等了几个月');
    assert.equal(standardizeColloquial('交满15年，试用期6个月'), '交满十五年，试用期六个月');
    assert.equal(standardizeColloquial('多少钱'), '多少钱');
  });

  it('corrects a misheard pair when the words of that sound mean the same (工伤, 公伤)', () => {
    const corrector = createHomophoneCorrector([...DOMAIN_WORDS, ...SYNONYM_GROUPS.flat()], {
      cut: (t) => analyzer.words(t, { dictionaryOnly: true }),
      canonicalOf: analyzer.canonicalOf,
    });
    assert.equal(corrector.correct('工尚了能歇多长时间').text, '工伤了能歇多长时间');
    assert.equal(corrector.correct('事业单位岗位分几类').text, '事业单位岗位分几类');
    assert.equal(corrector.correct('失业保险交了不到一年能领吗').text, '失业保险交了不到一年能领吗', '失业保险 + 交, not 失业保险金');
    assert.equal(corrector.correct('元老保险怎么转').text, '养老保险怎么转');
    assert.equal(corrector.correct('生意津贴发多少').text, '生育津贴发多少');
    assert.equal(corrector.correct('婚假那几天工资单位能扣吗').text, '婚假那几天工资单位能扣吗', '工资 + 单位, not 工作单位');
  });

  it('lets a local entry answer with the wording of the national entry it overrides', async () => {
    const entry = (over: Partial<TEntryContent>): TEntryContent => ({
      library: 'qa', businessLine: 'unemployment', regionCenterId: null, title: '', question: '', similarQuestions: [], shortAnswer: '答复。', fullAnswer: '答复。',
      legalBasis: [], sources: [], topics: ['S035'], keywords: [], localFigures: false, figuresNote: null, validFrom: null, validTo: null, ...over,
    });
    const engine = createAnswerEngine({
      analyzer,
      regionChain: async (code) => (code === 'jl' ? [1] : []),
      centers: async () => [{ code: 'jl', name: '吉林省12333咨询服务中心', shortName: '吉林省中心', level: 'province', active: true }],
      today: () => '2026-11-24',
    });
    engine.putEntry(1, entry({ title: '失业保险金的发放标准', question: '失业保险金的申领标准是多少？', similarQuestions: ['我交了八年失业保险，每个月能拿多少失业金'] }));
    engine.putEntry(2, entry({ title: '吉林省失业保险金标准', question: '吉林省失业保险金每月标准是多少？', similarQuestions: ['吉林失业金一个月多少钱'], regionCenterId: 1 }));
    engine.putEntry(3, entry({ title: '失业保险金的领取期限', question: '失业保险金能领多久？', similarQuestions: ['交了几年失业保险能领几个月'], topics: ['S080'] }));
    const r = await engine.answer({ question: '我交了五年失业保险，每个月能领多少失业金', region: 'jl', channel: 'web' });
    assert.equal(r.candidates[0]?.entryId, 2, 'the local entry, ranked by the national wording');
    assert.ok(r.candidates[0]!.score > r.candidates[1]!.score);
  });
});
