import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActorOf, principalOf } from '../../platform/http/access.js';
import { ZAnswerRequest, ZAnswerResponse, ANSWER_CHANNELS } from '../../shared/api/answering.js';
import { EDITOR_ROLES } from '../knowledge/knowledge.service.js';
import type { AnsweringService } from './answering.service.js';

const tags = ['answering'];
const ZSessionId = z.string().trim().regex(/^[A-Za-z0-9-]{8,64}$/, { message: '会话编号格式不正确' });
const ZLogIds = z.array(z.number().int().positive().max(2_147_483_647)).min(1, { message: '至少选择一条提问' }).max(500);
/** Mainland mobile or landline (with area code), as a caller types it. */
const ZPhone = z
  .string()
  .trim()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^(1[3-9]\d{9}|0\d{2,3}\d{7,8})$/, { message: '请输入11位手机号或带区号的固定电话' }));

/** Who handles callback requests and sees citizens' phone numbers. */
const CALLBACK_ROLES = ['agent', 'team_lead', 'admin'] as const;

export function answeringRoutes(answering: AnsweringService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/answer',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: '智能问答:答复、请市民确认(三选一)、无答案或转人工',
          body: ZAnswerRequest,
          response: { 200: ZAnswerResponse },
        },
      },
      async (req) => answering.answer(req.body),
    );

    app.get(
      '/answer/regions',
      {
        config: { access: 'public' },
        schema: { tags, summary: '可选择的地区(问答按地区适用本地政策)', response: { 200: z.object({ items: z.array(z.object({ code: z.string(), name: z.string(), level: z.string() })) }) } },
      },
      async () => ({ items: await answering.regions() }),
    );

    app.post(
      '/answer/rating',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: '市民对答复评价(有用/没用)',
          body: z.object({ sessionId: ZSessionId, entryId: z.number().int().positive().max(2_147_483_647), useful: z.boolean(), channel: z.enum(ANSWER_CHANNELS).default('web') }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await answering.rate(req.body);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/answer/callback-requests',
      {
        config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: '市民留言并请求回电(无空闲坐席或非工作时间)',
          body: z.object({
            sessionId: ZSessionId.optional(),
            region: z.string().trim().regex(/^[a-z0-9-]{2,40}$/).optional(),
            phone: ZPhone,
            name: z.string().trim().max(20).optional(),
            question: z.string().trim().min(1, { message: '请填写留言' }).max(500, { message: '留言不超过 500 字' }),
          }),
          response: { 201: z.object({ id: z.number().int(), urgent: z.boolean(), inWorkingHours: z.boolean(), nextOpenAt: z.string().nullable() }) },
        },
      },
      async (req, reply) => reply.status(201).send(await answering.requestCallback(req.body)),
    );

    app.get(
      '/answer/callback-requests',
      {
        config: { access: [...CALLBACK_ROLES] },
        schema: { tags, summary: '回电请求列表(紧急优先)', querystring: z.object({ status: z.enum(['open', 'done', 'cancelled']).optional() }) },
      },
      async (req) => ({
        items: (await answering.callbackRequests(req.query.status)).map((r) => ({ ...r, requested_at: r.requested_at.toISOString() })),
      }),
    );

    // ---- learning loop (knowledge editors) -----------------------------------------------------
    app.get(
      '/answer/review-queue',
      {
        config: { access: EDITOR_ROLES },
        schema: { tags, summary: '未答出、低置信度和差评的市民提问,按相似度分组', querystring: z.object({ days: z.coerce.number().int().min(1).max(90).default(7) }) },
      },
      async (req) => ({ groups: await answering.reviewQueue(req.query.days) }),
    );

    app.post(
      '/answer/review-queue/add-similar',
      {
        config: { access: EDITOR_ROLES },
        schema: {
          tags,
          summary: '把市民提问加为条目的相似问(条目生成新版本,经审核后生效)',
          body: z.object({ logIds: ZLogIds, entryId: z.number().int().positive().max(2_147_483_647), question: z.string().trim().min(2).max(120) }),
        },
      },
      async (req) => answering.addAsSimilarQuestion(auditActorOf(req), principalOf(req), req.body),
    );

    app.post(
      '/answer/review-queue/resolve',
      {
        config: { access: EDITOR_ROLES },
        schema: {
          tags,
          summary: '标记已处理:已据此新建条目,或忽略',
          body: z.object({ logIds: ZLogIds, resolution: z.enum(['new_entry', 'dismissed']), entryId: z.number().int().positive().max(2_147_483_647).optional() }),
        },
      },
      async (req) => answering.resolveQuestions(auditActorOf(req), req.body),
    );
  };
}
