import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createChineseAnalyzer } from '../../../platform/text/chinese-analyzer.js';
import type { TEntryContent } from '../../../shared/api/knowledge.js';
import { createAnswerEngine, type AnswerEngine } from '../answer-engine.js';
import { createHomophoneCorrector } from '../understanding/homophone-corrector.js';
import { createQuestionNormalizer } from '../understanding/question-normalizer.js';

/**
 * The engine on a small knowledge base of its own (no database): every behaviour the answering
 * issue names — normalisation, synonyms, homophones, traditional characters, regions, the three
 * bands, out-of-scope questions, follow-ups and the urgent hand-off.
 */
const PROVINCE = 1;
const CHANGCHUN = 2;

function entry(topics: string[], question: string, similarQuestions: string[], over: Partial<TEntryContent> = {}): TEntryContent {
  return {
    library: 'qa',
    businessLine: 'labour_relations',
    regionCenterId: null,
    title: question.slice(0, 20),
    question,
    similarQuestions,
    shortAnswer: `${question}的答复。`,
    fullAnswer: `${question}的完整答复。`,
    legalBasis: [{ law: '劳动合同法', article: 82 }],
    sources: [],
    topics,
    keywords: [],
    localFigures: false,
    figuresNote: null,
    validFrom: null,
    validTo: null,
    ...over,
  };
}

const ENTRIES: [number, TEntryContent][] = [
  [1, entry(['S009'], '用人单位应当在什么时候签订劳动合同', ['入职多久必须签合同', '公司不跟我签合同能要双倍工资吗', '没签劳动合同怎么办'], { title: '订立书面劳动合同的期限' })],
  [2, entry(['S002'], '经济补偿金如何计算', ['被辞退了补偿金怎么算', 'N+1是怎么回事', '解除劳动合同给几个月工资的补偿'], { title: '经济补偿的计算' })],
  [3, entry(['S080'], '失业保险金怎么申领', ['失业金怎么领', '丢了工作能领失业金吗', '领失业保险金要什么条件'], { businessLine: 'unemployment', title: '失业保险金的申领' })],
  [4, entry(['S081'], '申领失业保险金需要带什么材料', ['领失业金要准备哪些材料', '失业金申请材料清单', '办失业金要带身份证吗'], { businessLine: 'unemployment', title: '失业保险金申领材料' })],
  [5, entry(['S015'], '哪些情形应当认定为工伤', ['上班受伤算工伤吗', '上下班路上出车祸算工伤吗', '工伤认定的条件'], { businessLine: 'work_injury', title: '工伤认定的情形' })],
  [6, entry(['S017'], '工伤认定申请的时限和材料', ['工伤认定去哪里申请', '单位不给申报工伤怎么办', '工伤认定要多长时间'], { businessLine: 'work_injury', title: '申请工伤认定' })],
  [7, entry(['S060'], '养老保险关系如何转移接续', ['换城市工作养老保险怎么转', '社保转移怎么办理', '跨省转养老保险'], { businessLine: 'pension', title: '养老保险转移接续' })],
  [8, entry(['S061'], '灵活就业人员如何参加养老保险', ['自由职业者怎么交养老保险', '个体户怎么交社保', '打零工的能交养老保险吗'], { businessLine: 'pension', title: '灵活就业人员参保' })],
  [9, entry(['S062'], '养老保险最低缴费年限是多少', ['养老保险要交满多少年', '社保交够多少年才能领退休金', '养老保险交几年能领钱'], { businessLine: 'pension', title: '最低缴费年限' })],
  [10, entry(['S050'], '生育津贴怎么计算', ['产假工资怎么算', '生育津贴发多少', '休产假单位发不发工资'], { businessLine: 'maternity', title: '生育津贴' })],
  [11, entry(['S001'], '最低工资标准是多少', ['最低工资是多少钱', '本地的最低工资标准', '工资最低不能低于多少'], { title: '最低工资标准(全国规则)' })],
  [12, entry(['S001'], '最低工资标准是多少', ['长春最低工资是多少钱', '本地的最低工资标准', '工资最低不能低于多少'], { title: '长春市最低工资标准', regionCenterId: CHANGCHUN, localFigures: true })],
  [13, entry(['S070'], '养老保险缴费基数怎么确定', ['社保基数怎么定', '缴费基数是多少'], { businessLine: 'pension', title: '缴费基数', validTo: '2020-12-31' })],
  [15, entry(['S018'], '申请工伤认定需要带什么材料', ['工伤认定要准备哪些材料', '报工伤要什么材料'], { businessLine: 'work_injury', title: '工伤认定申请材料' })],
  [14, entry(['S071'], '社保卡丢了怎么挂失', ['社保卡丢失如何补办', '社会保障卡挂失电话'], { businessLine: 'card', title: '社保卡挂失' })],
];

describe('answering engine', () => {
  let engine: AnswerEngine;
  before(() => {
    engine = createAnswerEngine({
      analyzer: createChineseAnalyzer(),
      regionChain: async (code) => (code === 'jl-changchun' ? [CHANGCHUN, PROVINCE] : code === 'jl' ? [PROVINCE] : []),
      centers: async () => [
        { code: 'jl', name: '吉林省人力资源和社会保障厅12333咨询服务中心', shortName: '吉林省中心', level: 'province', active: true },
        { code: 'jl-changchun', name: '长春市12333咨询服务分中心', shortName: '长春', level: 'city', active: true },
      ],
      today: () => '2026-11-24',
    });
    for (const [id, c] of ENTRIES) engine.putEntry(id, c);
  });
  const ask = (question: string, extra: { region?: string; sessionId?: string } = {}) => engine.answer({ question, channel: 'web', ...extra });

  it('answers a plainly asked question with its legal basis and ranked candidates', async () => {
    const r = await ask('入职多久必须签劳动合同');
    assert.equal(r.status, 'answered');
    assert.equal(r.answer?.entryId, 1);
    assert.deepEqual(r.answer?.legalBasis, [{ law: '劳动合同法', article: 82 }]);
    assert.equal(r.candidates[0]?.entryId, 1);
    assert.ok(r.candidates.every((c, i) => i === 0 || c.score <= r.candidates[i - 1]!.score), 'candidates best first');
  });

  it('reads colloquial words through the synonym table (炒鱿鱼, 老板, 双倍)', async () => {
    assert.equal((await ask('被老板炒鱿鱼了补偿金咋算')).answer?.entryId, 2);
    assert.equal((await ask('老板不和俺签合同,能要两倍工资不')).answer?.entryId, 1);
  });

  it('strips greetings, fillers, full-width characters and reads traditional characters', async () => {
    const r = await ask('您好！請問一下，那個失業金怎麼領？謝謝');
    assert.equal(r.status, 'answered');
    assert.equal(r.answer?.entryId, 3);
    const normalizer = createQuestionNormalizer(createChineseAnalyzer());
    assert.equal(normalizer.clean('您好，請問ＮＡ失業金怎麼領？謝謝！'), 'na失业金怎么领');
  });

  it('corrects speech-recognition homophones to the domain word', async () => {
    const corrector = createHomophoneCorrector(['失业金', '工伤认定', '养老保险', '生育津贴', '事业单位']);
    assert.equal(corrector.correct('事业金怎么领').text, '失业金怎么领');
    assert.equal(corrector.correct('工商认定要多久').text, '工伤认定要多久');
    assert.equal(corrector.correct('元老保险怎么转').text, '养老保险怎么转');
    assert.equal(corrector.correct('生意津贴发多少').text, '生育津贴发多少');
    // A real word is never "corrected" into another one.
    assert.equal(corrector.correct('事业单位岗位').text, '事业单位岗位');
    assert.equal((await ask('事业金怎么领')).answer?.entryId, 3);
    assert.equal((await ask('工商认定去哪里申请')).answer?.entryId, 6);
    assert.equal((await ask('生意津贴发多少')).answer?.entryId, 10);
    const r = await ask('元老保险跨省怎么转');
    assert.equal(r.answer?.entryId, 7);
    assert.deepEqual(r.understood?.corrections, [{ from: '元老保险', to: '养老保险' }]);
  });

  it('finds the question at the end of a long story', async () => {
    const r = await ask(
      '我在一家电子厂干了三年多,上个月厂里说效益不好,让我们十几个人都回家,也没提前说一声,工资倒是结清了,可别的什么都没给,我想问问这种情况补偿金怎么算?',
    );
    assert.equal(r.answer?.entryId ?? r.candidates[0]?.entryId, 2);
  });

  it('asks only what follows a subject the caller puts aside', async () => {
    const normalizer = createQuestionNormalizer(createChineseAnalyzer());
    assert.equal(normalizer.normalize('我老婆生孩子的事先不急，我想先问我自己的失业金咋申请').text, '我想先问我自己的失业金怎么申请');
    assert.equal(normalizer.normalize('工伤的事以后再说。失业金能领多久').text, '失业金能领多久');
    assert.equal(normalizer.normalize('失业金的事先不说,工伤').text, '失业金的事先不说,工伤', 'too little left to be the question');
  });

  it('applies the region: a local entry overrides the national one, named or passed', async () => {
    assert.equal((await ask('最低工资标准是多少')).answer?.entryId, 11, 'no region: the national rule');
    assert.equal((await ask('最低工资标准是多少', { region: 'jl-changchun' })).answer?.entryId, 12);
    const named = await ask('长春的最低工资是多少');
    assert.equal(named.answer?.entryId, 12);
    assert.equal(named.understood?.region, 'jl-changchun');
    assert.ok(!named.candidates.some((c) => c.entryId === 11), 'the overridden national entry is not offered');
  });

  it('takes the place a caller names for the region, not as a word to match', async () => {
    engine.putEntry(44, entry(['S035'], '长春失业金每月发多少', ['长春的失业金一个月多少钱', '在长春领失业金标准'], { businessLine: 'unemployment', regionCenterId: CHANGCHUN, title: '长春市失业保险金标准' }));
    const r = await ask('长春领失业金去哪办');
    assert.equal(r.understood?.region, 'jl-changchun');
    assert.equal(r.candidates[0]?.entryId, 3, 'how to apply, not Changchun’s figures');
    assert.equal((await ask('长春的失业金一个月多少钱')).answer?.entryId, 44);
    engine.putEntry(44, undefined);
  });

  it('never answers from an expired entry', async () => {
    const r = await ask('社保缴费基数怎么定');
    assert.ok(!r.candidates.some((c) => c.entryId === 13));
    assert.notEqual(r.status, 'answered');
  });

  it('has three bands: answer, clarify with the top three, no answer', async () => {
    const answered = await ask('失业金怎么领');
    assert.equal(answered.status, 'answered');
    const clarify = await ask('工伤');
    assert.equal(clarify.status, 'clarify', `工伤 alone: ${JSON.stringify(clarify.candidates)}`);
    assert.match(clarify.message, /您是想问/);
    assert.ok(clarify.candidates.slice(0, 3).some((c) => c.entryId === 5) && clarify.candidates.slice(0, 3).some((c) => c.entryId === 6));
    const none = await ask('我家的猫不吃饭');
    assert.equal(none.status, 'no_answer');
    assert.equal(none.answer, undefined);
  });

  it('declines out-of-scope questions and names the right hotline', async () => {
    for (const [q, hotline] of [
      ['公积金贷款额度怎么算', '12329'],
      ['个税专项附加扣除怎么填', '12366'],
      ['高铁票怎么改签', '12306'],
      ['个体户营业执照注销要啥材料', '12315'],
    ] as const) {
      const r = await ask(q);
      assert.equal(r.status, 'no_answer', q);
      assert.equal(r.referral?.hotline?.number, hotline, q);
    }
    const chat = await ask('你好');
    assert.equal(chat.status, 'no_answer');
    const commercial = await ask('保险公司的养老保险产品收益多少');
    assert.notEqual(commercial.status, 'answered');
    const drugs = await ask('这个药在不在医保目录里头,能不能报');
    assert.equal(drugs.status, 'no_answer');
    assert.match(drugs.message ?? '', /医疗保障部门/);
    assert.equal((await ask('孩子明年上小学,要准备什么材料')).status, 'no_answer');
  });

  it('does not answer a disability grade from an entry that never names one', async () => {
    engine.putEntry(42, entry(['S068'], '工伤保险基金支付哪些费用', ['工伤赔偿', '工伤了基金给报哪些钱'], { title: '工伤保险基金支付的费用' }));
    engine.putEntry(43, entry(['S073'], '七至十级伤残有哪些待遇', ['评了九级伤残能拿多少钱', '八级伤残补助'], { title: '七至十级伤残待遇' }));
    assert.equal((await ask('工伤赔偿')).answer?.entryId, 42);
    const graded = await ask('工伤赔偿标准 九级');
    assert.notEqual(graded.answer?.entryId, 42);
    assert.ok(graded.candidates.slice(0, 3).some((c) => c.entryId === 43));
    engine.putEntry(42, undefined);
    engine.putEntry(43, undefined);
  });

  it('does not answer how many days of leave from an entry that only names the leave, until an entry asks it', async () => {
    engine.putEntry(40, entry(['S006'], '休假期间单位要发工资吗', ['婚假期间有工资吗', '年休假期间工资照发吗'], { title: '休假期间的工资' }));
    assert.equal((await ask('婚假期间有工资吗')).answer?.entryId, 40);
    const days = await ask('婚假有几天');
    assert.equal(days.status, 'no_answer');
    assert.equal(days.referral, undefined, 'it is our business, only not in the knowledge base: no other hotline');
    assert.equal((await ask('年假一年能休几天,我干了八年了')).status, 'no_answer');
    assert.equal((await ask('病假工资最少给多少')).status, 'no_answer');
    assert.equal((await ask('社保卡密码忘了咋整')).status, 'no_answer', 'the card entry is about losing it');
    engine.putEntry(41, entry(['S006'], '职工带薪年休假有几天', ['年假一年能休几天', '年休假天数怎么算'], { title: '带薪年休假的天数' }));
    assert.equal((await ask('年假一年能休几天')).answer?.entryId, 41);
    engine.putEntry(40, undefined);
    engine.putEntry(41, undefined);
  });

  it('understands a follow-up against the previous turn', async () => {
    const first = await ask('失业金怎么领');
    assert.equal(first.answer?.entryId, 3);
    const follow = await ask('需要带什么材料', { sessionId: first.sessionId });
    assert.equal(follow.answer?.entryId, 4, JSON.stringify(follow.candidates));
    const other = await ask('养老保险要交满多少年');
    assert.equal(other.answer?.entryId, 9);
    const who = await ask('那灵活就业人员呢', { sessionId: other.sessionId });
    assert.equal(who.candidates[0]?.entryId, 8);
    // Without the previous turn the same words could mean any materials: no confident answer.
    const alone = await ask('需要带什么材料');
    assert.notEqual(alone.status, 'answered', JSON.stringify(alone.candidates));
    assert.ok(alone.candidates.slice(0, 3).some((c) => c.entryId === 15));
    // Whom it is for names no subject either, though an entry's wording names the same relative.
    engine.putEntry(45, entry(['C14'], '参保人去世后个人账户余额怎么继承', ['我爸去世了需要带什么材料'], { businessLine: 'pension', title: '个人账户余额继承' }));
    assert.notEqual((await ask('我老爸需要带什么材料')).status, 'answered');
    engine.putEntry(45, undefined);
  });

  it('hands a caller in distress or in a rage to a person at once, flagged urgent', async () => {
    const r = await ask('工伤一直不给认定,再不给认定我就去跳楼');
    assert.equal(r.status, 'handoff');
    assert.equal(r.handoff?.urgent, true);
    assert.equal(r.handoff?.reason, 'self_harm');
    const angry = await ask('你们这帮人什么破服务,我要去上访');
    assert.equal(angry.status, 'handoff');
    assert.equal(angry.handoff?.urgent, true);
    const cursing = await ask('他妈的,工资三个月没发了');
    assert.equal(cursing.handoff?.reason, 'anger');
    // Asking about death benefits, a mother's pension or a phone scam is not distress.
    assert.notEqual((await ask('工亡待遇有哪些')).status, 'handoff');
    assert.notEqual((await ask('我妈的养老金这个月没到账')).status, 'handoff');
    assert.notEqual((await ask('这张社保卡是我妈的,丢了怎么补办')).status, 'handoff');
    assert.equal((await ask('妈的,工资又没发')).handoff?.reason, 'anger');
    assert.equal((await ask('他妈的又不发工资')).handoff?.reason, 'anger');
    assert.notEqual((await ask('他妈的养老金停了怎么办')).status, 'handoff', 'his mother’s pension');
    assert.notEqual((await ask('打电话让我做养老金认证的是不是骗子')).status, 'handoff');
    // Whether a suicide counts as a work injury is a question of the rules; a threat is not.
    assert.notEqual((await ask('工人自杀能算工伤不')).status, 'handoff');
    assert.notEqual((await ask('员工在宿舍自杀了属于工亡吗')).status, 'handoff');
    assert.equal((await ask('不给我认定工伤我就跳楼')).handoff?.reason, 'self_harm');
    assert.equal((await ask('再不给算工伤我就自杀')).handoff?.reason, 'self_harm');
    assert.equal((await ask('自杀算不算工伤,不给我认定我就自杀')).handoff?.reason, 'self_harm', 'a question, then a threat');
  });

  it('keeps up with the knowledge: an unpublished entry stops being answered', async () => {
    engine.putEntry(99, entry(['S099'], '退休人员死亡后丧葬补助金怎么领', ['老人去世了丧葬费怎么领', '退休老人去世有什么补助']));
    assert.equal((await ask('老人去世了丧葬费怎么领')).answer?.entryId, 99);
    engine.putEntry(99, undefined);
    assert.ok(!(await ask('老人去世了丧葬费怎么领')).candidates.some((c) => c.entryId === 99));
  });
});
