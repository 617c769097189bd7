import type { ChineseAnalyzer } from '../../platform/text/chinese-analyzer.js';
import { DOMAIN_WORDS, SYNONYM_GROUPS } from '../../platform/text/domain-vocabulary.js';
import type { TAnswerCandidate, TAnswerRequest, TAnswerResponse } from '../../shared/api/answering.js';
import type { TEntryContent } from '../../shared/api/knowledge.js';
import { applyRegionOverride, inChain, isValidOn } from '../knowledge/index.js';
import { createDialogueSessions, type DialogueSessions } from './dialogue/dialogue-sessions.js';
import { QuestionIndex, type EntryMatch, type QueryFeatures } from './retrieval/question-index.js';
import { createHomophoneCorrector } from './understanding/homophone-corrector.js';
import { detectOutOfScope, detectUncovered, isChitChat } from './understanding/out-of-scope.js';
import { createQuestionNormalizer } from './understanding/question-normalizer.js';
import { createRegionMentions } from './understanding/region-mention.js';
import { detectUrgency } from './understanding/urgency.js';

/**
 * The answering engine: from a citizen's words to one answer, a choice of three, or a person.
 *
 *   normalise → urgent? → chit-chat / out of scope? → correct homophones → find the region →
 *   match against every stored question (and the previous turn, for a follow-up) → confidence band.
 *
 * Pure and in memory (the knowledge it reads is pushed to it by the knowledge module), so that it
 * answers in about a millisecond; what it needs from outside (region chains, opening hours) is
 * injected.
 */
export type AnswerEngineDeps = {
  analyzer: ChineseAnalyzer;
  /** Region code → the center chain (self, parent, …) whose entries apply, nearest first. */
  regionChain: (code: string | undefined) => Promise<number[]>;
  centers: () => Promise<Parameters<typeof createRegionMentions>[0]>;
  today: () => string;
  sessions?: DialogueSessions;
};

type Meta = { entryId: number; content: TEntryContent };
/** A match with the question features it was scored on (for the unexplained-word check). */
type Ranked = EntryMatch<Meta> & { asked: QueryFeatures; /** The overridden entry whose wording matched. */ lentBy?: number };

/** Confidence bands, calibrated on the evaluation sets (bench/eval, ../shared/eval). */
export const BANDS = {
  /** At or above: answer, if the runner-up on another topic is far enough behind. */
  answer: 0.55,
  /**
   * How far ahead of the best entry on another topic the top entry must be. The same for a near-exact
   * match: on colloquial-3 and -6 the confident wrong answers were mostly a stored question matched
   * almost whole with a neighbouring entry's just behind (a lead of 0.02–0.07 at 0.97–1.0). 0.10
   * since the intent channel (question-intent.ts) pushes runners-up that ask another thing further
   * down: at 0.08 it had turned as many choices of three into wrong answers as into right ones.
   */
  margin: 0.1,
  /** At or above (and below answer): offer the top three. Below: no answer. */
  clarify: 0.3,
  /** A business word this rare (IDF) that the top entry never mentions stops it from being the answer. */
  salientIdf: 1.5,
  /** A question on an out-of-scope subject is declined unless a stored question matches this well. */
  outOfScopeOverride: 0.8,
  /** Both coverages at least this: a stored question says what was asked almost word for word. */
  nearlyWordForWord: 0.8,
} as const;

const GENERIC_TERMS = new Set(['用人单位', '劳动者', '订立', '劳动合同', '工资', '社会保险', '缴费', '待遇', '领取', '查询', '怎么办', '多少', '什么', '怎么', '投诉', '退休']);

/** Words that never say what a question is about (家人: the relatives a caller asks for, see domain-vocabulary.ts). */
const NOT_A_SUBJECT = new Set(['用人单位', '劳动者', '订立', '待遇', '领取', '查询', '怎么办', '多少', '什么', '怎么', '家人']);

/** A grade ("九级", as colloquial.ts writes 9级) names the benefits of that grade: an entry that never mentions it is not the answer. */
const DISABILITY_GRADES = ['一级', '二级', '三级', '四级', '五级', '六级', '七级', '八级', '九级', '十级'];

/** The citizen asks for a person outright. */
const HUMAN_REQUEST = /^(转|找|要|我要|我想找|帮我转|请转)?(人工|人工服务|人工客服|真人|客服|接线员|工作人员)(服务)?[!！。.]*$/;

const FOLLOW_UP = /^(那|那么|那如果|如果是|如果|要是|还有|另外|再问|那要|那我|那他|那她|那像|像|换成|对于)|(呢|的话)[?？]?$|^(需要|要带|带什么|去哪|在哪|到哪|多久|多长时间|什么时候|怎么办理|怎么申请|材料)/;

export function createAnswerEngine(deps: AnswerEngineDeps) {
  const index = new QuestionIndex<Meta>(deps.analyzer);
  const normalizer = createQuestionNormalizer(deps.analyzer);
  const corrector = createHomophoneCorrector([...DOMAIN_WORDS, ...SYNONYM_GROUPS.flat()], {
    cut: (t) => deps.analyzer.words(t, { dictionaryOnly: true, normalized: true }),
    canonicalOf: deps.analyzer.canonicalOf,
  });
  const sessions = deps.sessions ?? createDialogueSessions();
  // The hotline's business words (报销, 工伤认定, 试用期 …), as the index stores them; not the words
  // for the parties, money and asking, which any question may add without changing its subject.
  const businessTerms = new Set(
    [...DOMAIN_WORDS, ...SYNONYM_GROUPS.map((g) => g[0]!), ...DISABILITY_GRADES].map((w) => deps.analyzer.canonicalOf(w)).filter((w) => !GENERIC_TERMS.has(w) && !NOT_A_SUBJECT.has(w)),
  );
  let regions: ReturnType<typeof createRegionMentions> | undefined;

  function putEntry(entryId: number, content: TEntryContent | undefined) {
    if (!content) {
      index.remove(entryId);
      return;
    }
    const texts = [
      { kind: 'question' as const, text: content.question },
      ...content.similarQuestions.map((text) => ({ kind: 'similar' as const, text })),
      { kind: 'title' as const, text: content.title },
      ...(content.keywords.length ? [{ kind: 'keywords' as const, text: content.keywords.join(' ') }] : []),
    ];
    index.put({
      entryId,
      meta: { entryId, content },
      texts,
      // The entry's profile: every word it is asked in, for questions that mix two wordings.
      content: `${content.title} ${content.keywords.join(' ')} ${content.question} ${content.similarQuestions.join(' ')}`,
    });
    // An editor's single-word keyword names a subject callers ask about (高温津贴, 电子社保卡 …).
    for (const k of content.keywords) {
      const terms = deps.analyzer.terms(k);
      if (terms.length === 1 && !GENERIC_TERMS.has(terms[0]!) && terms[0]!.length >= 2) businessTerms.add(terms[0]!);
    }
  }

  async function regionMentions() {
    if (!regions) regions = createRegionMentions(await deps.centers());
    return regions;
  }

  /** `read` holds the features of texts already read in this turn (the question, its focus, a context). */
  function rank(text: string, chain: readonly number[], day: string, read: Map<string, QueryFeatures>, context?: string): Ranked[] {
    const accept = (m: Meta) => isValidOn(m.content, day) && inChain(m.content.regionCenterId, chain);
    const q = (t: string) => {
      let f = read.get(t);
      if (!f) read.set(t, (f = index.query(corrector.correct(t).text)));
      return f;
    };
    const asked = q(text);
    const hits = index.search(asked, 30, accept, context ? q(context) : undefined).map((h) => ({ ...h, content: h.meta.content, asked }));
    const kept: Ranked[] = applyRegionOverride(hits, chain);
    if (kept.length === hits.length) return kept;
    // A local entry answers its topic for the caller, but the wordings of the entry it overrides
    // (usually the national one, with more of them) still say what the question is about: the
    // local entry takes their score when it is better.
    for (const dropped of hits) {
      if (kept.includes(dropped)) continue;
      const local = kept.find((k) => sameTopic(k.meta.content, dropped.meta.content));
      if (local && dropped.score > local.score) Object.assign(local, { score: dropped.score, best: dropped.best, lentBy: dropped.entryId });
    }
    return kept.sort((a, b) => b.score - a.score || a.entryId - b.entryId);
  }

  function merge(...lists: Ranked[][]): Ranked[] {
    const best = new Map<number, Ranked>();
    for (const list of lists) for (const h of list) if ((best.get(h.entryId)?.score ?? -1) < h.score) best.set(h.entryId, h);
    return [...best.values()].sort((a, b) => b.score - a.score || a.entryId - b.entryId);
  }

  async function answer(
    input: TAnswerRequest,
  ): Promise<TAnswerResponse & { internal: { normalized: string; confidence: number; lead: number; region?: string; reason: string; matched?: EntryMatch<Meta>['best'] } }> {
    const session = sessions.get(input.sessionId);
    const { text, focus } = normalizer.normalize(input.question);
    const base = { sessionId: session.id, candidates: [] as TAnswerCandidate[] };
    let corrections: { from: string; to: string }[] = [];
    let matched: EntryMatch<Meta>['best'] | undefined;
    let lead = 0;
    const finish = (r: TAnswerResponse, reason: string, confidence: number, region?: string) => {
      sessions.record(session, { question: text, entryId: r.answer?.entryId, topics: r.candidates[0]?.topicIds ?? [], status: r.status });
      return { ...r, understood: { region: region ?? null, corrections }, internal: { normalized: text, confidence, lead, region, reason, matched } };
    };

    const urgency = detectUrgency(text);
    if (urgency) {
      return finish(
        { ...base, status: 'handoff', message: '您的情况我们非常重视,正在为您转接人工服务,请稍候。', handoff: { urgent: true, reason: urgency.reason } },
        `urgent:${urgency.reason}`,
        0,
        input.region ?? session.region,
      );
    }
    if (HUMAN_REQUEST.test(text)) {
      return finish({ ...base, status: 'handoff', message: '好的,正在为您转接人工服务。', handoff: { urgent: false, reason: 'requested' } }, 'requested', 0, input.region ?? session.region);
    }
    if (isChitChat(text)) {
      return finish({ ...base, status: 'no_answer', message: '您好,我是12333智能助手,请直接说出您要咨询的人社业务问题,例如“失业金怎么领”。' }, 'chit_chat', 0);
    }

    const mention = (await regionMentions()).find(text);
    const regionCode = input.region ?? mention?.code ?? session.region;
    if (regionCode) session.region = regionCode;
    const chain = await deps.regionChain(regionCode);
    const day = deps.today();

    // The place a caller names chose the region; as a word it would only favour the stored questions
    // that happen to name it ("白城这边领失业金去哪办" is asked of how to apply, not of 白城's figures).
    const placeless = (t: string) => (mention ? t.replaceAll(mention.alias, ' ').trim() || t : t);
    const asked = placeless(text);
    const askedFocus = placeless(focus);
    const corrected = corrector.correct(asked);
    corrections = corrected.corrections;
    const whole = index.query(corrected.text);
    const read = new Map([[asked, whole]]);
    const lists = [rank(asked, chain, day, read)];
    if (askedFocus !== asked) {
      // The question at the end of a story is still about the insurance and the people the story names.
      const question = index.query(corrector.correct(askedFocus).text);
      read.set(askedFocus, { ...question, lines: question.lines || whole.lines, groups: question.groups || whole.groups });
      lists.push(rank(askedFocus, chain, day, read));
      // The gist of a story: its business words (and the words for the parties and money) before
      // the question it ends with, which alone often names no subject ("这钱给得对不对").
      const gistWords = [...new Set(whole.terms.filter((t) => businessTerms.has(t) || GENERIC_TERMS.has(t)))];
      if (gistWords.length) {
        const gist = `${gistWords.join(' ')} ${askedFocus}`;
        const said = index.query(gist);
        read.set(gist, { ...said, lines: said.lines || whole.lines, groups: said.groups || whole.groups });
        lists.push(rank(gist, chain, day, read));
      }
    }
    let hits = merge(...lists);

    // A follow-up is read against the previous answered turn when that explains it better.
    const previous = sessions.context(session);
    let reason = 'matched';
    if (previous && (FOLLOW_UP.test(text) || (hits[0]?.score ?? 0) < BANDS.answer)) {
      // Read with the previous question, but what is asked now decides between the entries that
      // fit both: "失业金怎么领" then "需要带什么材料" is about materials, not about 失业金 again.
      const withContext = rank(asked, chain, day, read, `${previous.question},${asked}`);
      const aloneTop = hits[0]?.score ?? 0;
      const contextTop = withContext[0]?.score ?? 0;
      if ((FOLLOW_UP.test(text) && contextTop >= aloneTop - 0.05) || contextTop > aloneTop + 0.05) {
        hits = withContext;
        reason = 'follow_up';
      }
    }

    const candidates = toCandidates(hits);
    const top = hits[0];
    matched = top?.best;
    // Scores above 1 still rank (a stored question matched whole, plus the entry's other wordings); confidence stops at 1.
    const confidence = Math.min(1, top?.score ?? 0);
    const outOfScope = detectOutOfScope(text, deps.analyzer.words(text));
    if (outOfScope && confidence < (outOfScope.scenery ? BANDS.clarify : BANDS.outOfScopeOverride)) {
      const referral = outOfScope.hotline ? { label: outOfScope.label, hotline: outOfScope.hotline } : { label: outOfScope.label };
      const where = outOfScope.hotline ? `请拨打${outOfScope.hotline.name} ${outOfScope.hotline.number} 咨询。` : (outOfScope.advice ?? '请向相关机构咨询。');
      return finish({ ...base, status: 'no_answer', candidates, referral, message: `您咨询的${outOfScope.label}事项不属于人力资源和社会保障业务,${where}` }, `out_of_scope:${outOfScope.id}`, confidence, regionCode);
    }

    const uncovered = detectUncovered(text);
    if (uncovered && !(top && top.best.queryCoverage >= BANDS.nearlyWordForWord && top.best.storedCoverage >= BANDS.nearlyWordForWord)) {
      return finish(
        { ...base, status: 'no_answer', candidates, message: `抱歉,关于${uncovered.label}的问题暂时没有现成的答复。您可以转人工服务,或留言由工作人员回复您。` },
        `uncovered:${uncovered.id}`,
        confidence,
        regionCode,
      );
    }

    const runnerUp = hits.find((h) => !sameTopic(h.meta.content, top!.meta.content));
    lead = (top?.score ?? 0) - (runnerUp?.score ?? 0);
    // A rare word of the question that the entry never mentions means it answers another question.
    const isBusiness = (t: string) => businessTerms.has(t);
    let unexplained = top ? index.unexplained(top.entryId, top.asked, BANDS.salientIdf, isBusiness) : [];
    if (top?.lentBy !== undefined && unexplained.length) {
      const byLender = new Set(index.unexplained(top.lentBy, top.asked, BANDS.salientIdf, isBusiness));
      unexplained = unexplained.filter((t) => byLender.has(t));
    }
    // "需要带什么材料" names no subject: any of several entries could be meant (unless a previous turn says which).
    const subjectless =
      !!top && reason !== 'follow_up' && !top.asked.termIds.some((t) => (businessTerms.has(t.term) || GENERIC_TERMS.has(t.term)) && !NOT_A_SUBJECT.has(t.term));
    if (top && unexplained.length === 0 && !subjectless && confidence >= BANDS.answer && lead >= BANDS.margin) {
      const c = top.meta.content;
      return finish(
        {
          ...base,
          status: 'answered',
          candidates,
          message: c.shortAnswer,
          answer: {
            entryId: top.entryId,
            title: c.title,
            text: c.shortAnswer,
            fullText: c.fullAnswer,
            legalBasis: c.legalBasis.map((b) => ({ law: b.law, article: b.article })),
            localFigures: c.localFigures,
          },
        },
        reason,
        confidence,
        regionCode,
      );
    }
    // A bare subject ("工伤", "养老金") fits many entries and none well: offer the likeliest three.
    const bareSubject = !!top && text.length <= 6 && top.best.queryCoverage >= 0.85;
    if (top && (confidence >= BANDS.clarify || bareSubject)) {
      const options = candidates.slice(0, 3);
      return finish(
        { ...base, status: 'clarify', candidates, message: `您是想问:${options.map((o, i) => `${i + 1}. ${o.question}`).join(' ')} ?` },
        reason,
        confidence,
        regionCode,
      );
    }
    return finish(
      { ...base, status: 'no_answer', candidates, message: '抱歉,暂时没有找到与您的问题相符的答复。您可以换个说法,或转人工服务。' },
      top ? 'low_confidence' : 'nothing_matched',
      confidence,
      regionCode,
    );
  }

  /** Best first, one per entry, never two entries on the same topic (the region override keeps one). */
  function toCandidates(hits: EntryMatch<Meta>[]): TAnswerCandidate[] {
    return hits.slice(0, 5).map((h) => ({
      entryId: h.entryId,
      title: h.meta.content.title,
      question: h.meta.content.question,
      topicIds: h.meta.content.topics,
      score: Math.round(Math.min(1, h.score) * 1000) / 1000,
    }));
  }

  return {
    answer,
    putEntry,
    /** Re-reads the region names (a center was added or renamed). */
    invalidateRegions: () => {
      regions = undefined;
    },
    get entryCount() {
      return index.entryCount;
    },
    sessions,
  };
}

function sameTopic(a: TEntryContent, b: TEntryContent) {
  return a.topics.some((t) => b.topics.includes(t));
}

export type AnswerEngine = ReturnType<typeof createAnswerEngine>;
