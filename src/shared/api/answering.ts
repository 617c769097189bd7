import { z } from 'zod';

export const ANSWER_STATUSES = ['answered', 'clarify', 'no_answer', 'handoff'] as const;
export const ANSWER_CHANNELS = ['web', 'wechat', 'app', 'phone', 'agent'] as const;

export const ZAnswerRequest = z.object({
  question: z
    .string({ message: '问题必须是文字' })
    .trim()
    .min(1, { message: '请输入问题' })
    .max(500, { message: '问题不超过 500 字' }),
  /** Center code of the caller's region (jl-changchun, …); a region named in the question wins. */
  region: z.string().trim().regex(/^[a-z0-9-]{2,40}$/, { message: '地区编码形如 jl-changchun' }).optional(),
  sessionId: z.string().trim().regex(/^[A-Za-z0-9-]{8,64}$/, { message: '会话编号格式不正确' }).optional(),
  channel: z.enum(ANSWER_CHANNELS).default('web'),
});
export type TAnswerRequest = z.input<typeof ZAnswerRequest>;

export const ZAnswerCandidate = z.object({
  entryId: z.number().int(),
  title: z.string(),
  /** The entry's standard question, for "您是想问…?". */
  question: z.string(),
  topicIds: z.array(z.string()),
  /** Similarity 0 … 1. */
  score: z.number(),
});
export type TAnswerCandidate = z.infer<typeof ZAnswerCandidate>;

export const ZAnswerResponse = z.object({
  status: z.enum(ANSWER_STATUSES),
  /** What to show or say to the citizen. */
  message: z.string(),
  answer: z
    .object({
      entryId: z.number().int(),
      title: z.string(),
      /** The short answer (read out on the phone, about 60 seconds at most). */
      text: z.string(),
      /** The full answer, Markdown. */
      fullText: z.string(),
      legalBasis: z.array(z.object({ law: z.string(), article: z.number().int() })),
      /** The answer quotes local figures the center maintains. */
      localFigures: z.boolean(),
      /** The short answer reworded for this question by the optional language model (no new facts). */
      rephrased: z.string().optional(),
    })
    .optional(),
  candidates: z.array(ZAnswerCandidate),
  sessionId: z.string(),
  /** The question asks for the caller's own figure ("我能领多少失业金"): the calculator that works it out. */
  calculator: z.object({ name: z.string(), title: z.string() }).optional(),
  /** Out of scope: who does handle it. */
  referral: z.object({ label: z.string(), hotline: z.object({ number: z.string(), name: z.string() }).optional() }).optional(),
  /** A person should take over (always with status handoff; offered with no_answer). */
  handoff: z
    .object({
      urgent: z.boolean(),
      reason: z.string(),
      /** Agents are on duty now (the center's working day and hours). */
      inWorkingHours: z.boolean().optional(),
      nextOpenAt: z.string().nullable().optional(),
      /** An agent is taking live chats right now for this region. */
      liveChat: z.boolean().optional(),
    })
    .optional(),
  /** How the question was read, for the chat page's "did you mean" and for staff. */
  understood: z.object({ region: z.string().nullable(), corrections: z.array(z.object({ from: z.string(), to: z.string() })) }).optional(),
});
export type TAnswerResponse = z.infer<typeof ZAnswerResponse>;

// ---- live chat --------------------------------------------------------------------------------

export const ZLiveChatMessage = z.object({ id: z.number().int(), at: z.string(), sender: z.enum(['citizen', 'agent', 'system']), text: z.string() });
export type TLiveChatMessage = z.infer<typeof ZLiveChatMessage>;

export const ZLiveChatStart = z.object({
  question: z.string().trim().min(1, { message: '请写下您要咨询的问题' }).max(500, { message: '问题不能超过500字' }),
  sessionId: z.string().trim().regex(/^[A-Za-z0-9-]{8,64}$/, { message: '会话编号格式不正确' }).optional(),
  region: z.string().trim().regex(/^[a-z0-9-]{2,40}$/, { message: '地区编码格式不正确' }).optional(),
});

/** What the citizen's page holds: the chat id and its secret token (no account needed). */
export const ZLiveChatTicket = z.object({ id: z.number().int(), token: z.string(), status: z.enum(['waiting', 'active', 'closed']) });

export const ZLiveChatView = z.object({
  id: z.number().int(),
  status: z.enum(['waiting', 'active', 'closed']),
  agentName: z.string().nullable(),
  question: z.string(),
  regionName: z.string().nullable(),
  createdAt: z.string(),
  acceptedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  messages: z.array(ZLiveChatMessage),
});
export type TLiveChatView = z.infer<typeof ZLiveChatView>;

export const ZLiveChatAvailability = z.object({ available: z.boolean(), agents: z.number().int() });
