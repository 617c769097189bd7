import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { recordAudit, type AuditActor } from '../../platform/audit/audit-trail.js';
import { shanghaiDate, type Clock } from '../../platform/clock.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import { conflict, notFound } from '../../platform/http/app-error.js';
import type { Principal } from '../../platform/http/access.js';
import { maskText } from '../../platform/logging/mask.js';
import type { ChineseAnalyzer } from '../../platform/text/chinese-analyzer.js';
import type { TAnswerRequest, TAnswerResponse } from '../../shared/api/answering.js';
import type { CentersService } from '../centers/index.js';
import type { KnowledgeService } from '../knowledge/index.js';
import { createAnswerEngine, type AnswerEngine } from './answer-engine.js';
import { questionLogRepository as repo, type AnswerLogInsert } from './question-log.repository.js';
import type { Rephraser } from './rephrasing/llm-rephraser.js';

declare module '../../platform/events/event-bus.js' {
  interface DomainEvents {
    /** A citizen asked for a person: urgent ones go to the team lead's live view at once. */
    'answering.handoff_requested': { sessionId: string; urgent: boolean; reason: string; region: string | null };
    'answering.callback_requested': { requestId: number; urgent: boolean; region: string | null };
  }
}

export type AnsweringDeps = {
  db: Kysely<any>;
  clock: Clock;
  bus: EventBus;
  log: Logger;
  analyzer: ChineseAnalyzer;
  centers: CentersService;
  knowledge: KnowledgeService;
  /** Optional language-model rephrasing of answers (LLM_BASE_URL). */
  rephraser?: Rephraser;
  /** The calculator whose figure answers a topic (S004 → overtime pay), to offer it with the answer. */
  calculators?: { forTopics(topics: readonly string[]): { name: string; title: { zh: string } } | undefined };
  /** Whether an agent is taking live chats for a region, to offer the chat with a hand-off. */
  liveChat?: { availability(region: string | undefined): Promise<{ available: boolean }> };
};

/** The caller wants their own figure, not the rule: "我能领多少", "几个月", "哪年退休", "怎么算". */
const ASKS_FOR_A_FIGURE = /多少|几个月|几年|几天|哪年|哪一年|什么时候退休|何时退休|怎么算|咋算|如何计算|怎样计算|计算|算一下|算算|能领|能拿|能赔|赔多少|补多少/;

/** Below this, an answered question still shows up for editors as worth a look. */
const REVIEW_CONFIDENCE = 0.6;
const LOG_FLUSH_MS = 500;
const LOG_BATCH = 500;

/**
 * The answering module: the engine, kept in step with the published knowledge; the question log
 * (written in batches, so logging never slows an answer); opening hours for the hand-off; the
 * learning loop (grouped unanswered questions, turned into similar questions); callback requests.
 */
export function createAnsweringService(deps: AnsweringDeps) {
  const { db } = deps;
  const engine: AnswerEngine = createAnswerEngine({
    analyzer: deps.analyzer,
    regionChain: (code) => deps.knowledge.regionChain(code),
    centers: () => deps.centers.all(),
    today: () => shanghaiDate(deps.clock.now()),
  });
  for (const { entryId, content } of deps.knowledge.publishedKnowledge.entries()) engine.putEntry(entryId, content);
  deps.knowledge.publishedKnowledge.onChange((entryId, content) => engine.putEntry(entryId, content));

  // ---- question log, written behind the answers ---------------------------------------------------
  let pending: AnswerLogInsert[] = [];
  let flushing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => void flush(), LOG_FLUSH_MS);
  timer.unref();

  function flush(): Promise<void> {
    if (pending.length === 0) return flushing;
    const batch = pending;
    pending = [];
    flushing = flushing
      .then(async () => {
        for (let i = 0; i < batch.length; i += LOG_BATCH) await repo.insertMany(db, batch.slice(i, i + LOG_BATCH));
      })
      .catch((err) => deps.log.error({ err, rows: batch.length }, 'answer log write failed'));
    return flushing;
  }

  // ---- opening hours, cached briefly: every no-answer asks ------------------------------------------
  const hoursCache = new Map<string, { at: number; value: { inWorkingHours: boolean; nextOpenAt: string | null } }>();
  // Whether an agent is taking chats, per region, for two seconds: a burst of hand-offs must not
  // each query the agents' heartbeats.
  const chatCache = new Map<string, { at: number; value: boolean }>();
  async function chatAvailable(region: string | undefined): Promise<boolean> {
    if (!deps.liveChat) return false;
    const key = region ?? '';
    // Wall time of this process, not the platform clock: a cache, not a business time.
    const now = performance.now();
    const hit = chatCache.get(key);
    if (hit && now - hit.at < 2_000) return hit.value;
    const value = (await deps.liveChat.availability(region).catch(() => ({ available: false }))).available;
    chatCache.set(key, { at: now, value });
    return value;
  }

  async function hoursFor(region: string | undefined) {
    const key = region ?? '';
    const now = deps.clock.now().getTime();
    const hit = hoursCache.get(key);
    if (hit && now - hit.at < 30_000) return hit.value;
    const all = await deps.centers.all();
    const center = all.find((c) => c.code === region) ?? all.find((c) => c.parentId === null);
    let value = { inWorkingHours: false, nextOpenAt: null as string | null };
    if (center) {
      try {
        const s = await deps.centers.status(center.id);
        value = { inWorkingHours: s.inWorkingHours, nextOpenAt: s.nextOpenAt };
      } catch (err) {
        deps.log.warn({ err }, 'center status unavailable for the hand-off offer');
      }
    }
    hoursCache.set(key, { at: now, value });
    return value;
  }

  async function answer(input: TAnswerRequest): Promise<TAnswerResponse> {
    const { internal, ...result } = await engine.answer(input);
    if (result.status === 'answered' && result.answer && deps.rephraser && input.channel !== 'phone') {
      // Personal data never leaves the platform: the model sees the masked question.
      const rephrased = await deps.rephraser({ question: maskText(input.question), title: result.answer.title, answer: result.answer.text });
      if (rephrased) {
        result.answer.rephrased = rephrased;
        result.message = rephrased;
      }
    }
    if ((result.status === 'answered' || result.status === 'clarify') && deps.calculators && ASKS_FOR_A_FIGURE.test(internal.normalized)) {
      const calc = deps.calculators.forTopics(result.candidates[0]?.topicIds ?? []);
      if (calc) result.calculator = { name: calc.name, title: calc.title.zh };
    }
    if (result.status === 'handoff' || result.status === 'no_answer') {
      const hours = await hoursFor(internal.region);
      const urgent = result.handoff?.urgent ?? false;
      const liveChat = await chatAvailable(internal.region);
      result.handoff = { urgent, reason: result.handoff?.reason ?? internal.reason, ...hours, liveChat };
      if (result.status === 'handoff') {
        await deps.bus.publish('answering.handoff_requested', { sessionId: result.sessionId, urgent, reason: result.handoff.reason, region: internal.region ?? null });
      }
    }
    pending.push({
      asked_at: deps.clock.now(),
      session_id: result.sessionId,
      channel: input.channel ?? 'web',
      region: internal.region ?? null,
      question: maskText(input.question).slice(0, 500),
      normalized: maskText(internal.normalized).slice(0, 500),
      status: result.status,
      reason: internal.reason,
      entry_id: result.answer?.entryId ?? null,
      confidence: Math.round(internal.confidence * 1000) / 1000,
      candidates: result.candidates.slice(0, 3).map((c) => ({ entryId: c.entryId, score: c.score })),
    });
    if (pending.length >= LOG_BATCH) void flush();
    return result;
  }

  /** The citizen rates the answer they got: the entry's statistics and the learning loop both see it. */
  async function rate(input: { sessionId: string; entryId: number; useful: boolean; channel: string }) {
    await flush();
    const found = await repo.rateLastAnswer(db, input.sessionId, input.entryId, input.useful ? 1 : -1);
    if (!found) throw notFound('该会话中的答复', 'Answer in this session');
    await deps.knowledge.feedback(input.entryId, { useful: input.useful, channel: input.channel });
  }

  // ---- learning loop ------------------------------------------------------------------------------
  /** Unanswered, low-confidence and badly rated questions, grouped by the words they share. */
  async function reviewQueue(days: number) {
    await flush();
    const since = new Date(deps.clock.now().getTime() - days * 86_400_000);
    const rows = await repo.unresolved(db, since, REVIEW_CONFIDENCE, 2000);
    const groups: { terms: Set<string>; rows: typeof rows }[] = [];
    for (const row of rows) {
      const terms = new Set(deps.analyzer.terms(row.normalized));
      let home = groups.find((g) => jaccard(g.terms, terms) >= 0.5);
      if (!home) groups.push((home = { terms, rows: [] }));
      home.rows.push(row);
    }
    return groups
      .map((g) => {
        const top = g.rows[0]!.candidates[0];
        return {
          question: g.rows[0]!.question,
          count: g.rows.length,
          logIds: g.rows.map((r) => Number(r.id)),
          examples: [...new Set(g.rows.map((r) => r.question))].slice(0, 5),
          lastAskedAt: g.rows[0]!.asked_at.toISOString(),
          statuses: [...new Set(g.rows.map((r) => r.status))],
          suggestedEntryId: top?.entryId ?? null,
        };
      })
      .sort((a, b) => b.count - a.count || b.lastAskedAt.localeCompare(a.lastAskedAt));
  }

  /**
   * One action: a logged question becomes a similar question of an entry. The entry gets a new
   * working version (published entries go back through review, as every change does).
   */
  async function addAsSimilarQuestion(actor: AuditActor, principal: Principal, input: { logIds: number[]; entryId: number; question: string }) {
    const entry = await deps.knowledge.get(input.entryId);
    const question = input.question.trim();
    if (entry.status === 'in_review') throw conflict('条目正在审核中,请审核完成后再添加', 'Entry is in review', { field: 'entryId' });
    const content = entry.content;
    if (!content.similarQuestions.includes(question) && content.question !== question) {
      await deps.knowledge.save(actor, principal, input.entryId, { ...content, similarQuestions: [...content.similarQuestions, question] }, `从市民提问添加相似问:${question}`);
    }
    const resolved = await repo.resolve(db, input.logIds, `similar:${input.entryId}`, deps.clock.now());
    await recordAudit(db, actor, { action: 'answering.question_resolved', entityType: 'answer_log', entityId: input.logIds.join(','), after: { resolution: 'similar', entryId: input.entryId, resolved } });
    return { resolved, entryId: input.entryId };
  }

  async function resolveQuestions(actor: AuditActor, input: { logIds: number[]; resolution: 'new_entry' | 'dismissed'; entryId?: number }) {
    const resolution = input.resolution === 'new_entry' ? `new_entry:${input.entryId ?? ''}` : 'dismissed';
    const resolved = await repo.resolve(db, input.logIds, resolution, deps.clock.now());
    await recordAudit(db, actor, { action: 'answering.question_resolved', entityType: 'answer_log', entityId: input.logIds.join(','), after: { resolution, resolved } });
    return { resolved };
  }

  // ---- callback requests (no agent free, or out of hours) ----------------------------------------
  async function requestCallback(input: { sessionId?: string; region?: string; phone: string; name?: string; question: string }) {
    const urgent = engine.sessions.get(input.sessionId).turns.some((t) => t.status === 'handoff');
    const row = await repo.insertCallbackRequest(db, {
      requested_at: deps.clock.now(),
      session_id: input.sessionId ?? null,
      region: input.region ?? null,
      phone: input.phone,
      name: input.name ?? null,
      question: input.question,
      urgent,
      status: 'open',
    });
    await recordAudit(db, { userId: null, name: 'citizen' }, {
      action: 'answering.callback_requested',
      entityType: 'answer_callback_request',
      entityId: String(row.id),
      after: { region: input.region ?? null, urgent },
    });
    await deps.bus.publish('answering.callback_requested', { requestId: row.id, urgent, region: input.region ?? null });
    return { id: row.id, urgent, ...(await hoursFor(input.region)) };
  }

  /** The regions a citizen can choose on the chat page: every active center's place name. */
  async function regions() {
    return (await deps.centers.all())
      .filter((c) => c.active && !/(省直|市直)/.test(c.shortName))
      .map((c) => ({ code: c.code, name: c.name.split(/12333|人力资源/)[0]!.trim() || c.shortName, level: c.level }));
  }

  return {
    engine,
    answer,
    regions,
    rate,
    reviewQueue,
    addAsSimilarQuestion,
    resolveQuestions,
    requestCallback,
    callbackRequests: (status?: string) => repo.callbackRequests(db, status, 200),
    flush,
    close: async () => {
      clearInterval(timer);
      await flush();
    },
  };
}

function jaccard(a: Set<string>, b: Set<string>) {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  for (const x of a) if (b.has(x)) common++;
  return common / (a.size + b.size - common);
}

export type AnsweringService = ReturnType<typeof createAnsweringService>;
