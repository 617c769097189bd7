import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActorOf, principalOf } from '../../../platform/http/access.js';
import { ZIdParams } from '../../../shared/api/common.js';
import { ZLiveChatAvailability, ZLiveChatStart, ZLiveChatTicket, ZLiveChatView } from '../../../shared/api/answering.js';
import type { LiveChat } from './live-chat.service.js';

const tags = ['live-chat'];
const ZText = z.object({ text: z.string().trim().min(1, { message: '消息不能为空' }).max(1000, { message: '消息不能超过1000字' }) });
const ZToken = z.string().regex(/^[A-Za-z0-9_-]{20,64}$/, { message: '凭证格式不正确' });
const ZAfter = z.coerce.number().int().min(0).max(2_147_483_647).default(0);
/** Who answers citizens' chats. */
const AGENTS = ['agent', 'team_lead'] as const;

export function liveChatRoutes(chat: LiveChat): FastifyPluginAsyncZod {
  return async (app) => {
    // ---- citizens (no account: the chat's token is the key) ----
    app.get(
      '/answer/live-chats/availability',
      { config: { access: 'public' }, schema: { tags, summary: '是否有工作人员可在线接待', querystring: z.object({ region: z.string().regex(/^[a-z0-9-]{2,40}$/).optional() }), response: { 200: ZLiveChatAvailability } } },
      async (req) => chat.availability(req.query.region),
    );
    app.post(
      '/answer/live-chats',
      { config: { access: 'public' }, schema: { tags, summary: '市民发起在线人工咨询', body: ZLiveChatStart, response: { 201: ZLiveChatTicket } } },
      async (req, reply) => reply.status(201).send(await chat.start(auditActorOf(req), req.body)),
    );
    app.get(
      '/answer/live-chats/:id',
      { config: { access: 'public' }, schema: { tags, summary: '市民查看会话与新消息', params: ZIdParams, querystring: z.object({ token: ZToken, after: ZAfter }), response: { 200: ZLiveChatView } } },
      async (req) => chat.citizen.get(req.params.id, req.query.token, req.query.after),
    );
    app.post(
      '/answer/live-chats/:id/messages',
      { config: { access: 'public' }, schema: { tags, summary: '市民发送消息', params: ZIdParams, body: ZText.extend({ token: ZToken }), response: { 201: z.object({ id: z.number().int() }) } } },
      async (req, reply) => reply.status(201).send(await chat.citizen.send(req.params.id, req.body.token, req.body.text)),
    );
    app.post(
      '/answer/live-chats/:id/close',
      { config: { access: 'public' }, schema: { tags, summary: '市民结束会话', params: ZIdParams, body: z.object({ token: ZToken }), response: { 204: z.null() } } },
      async (req, reply) => {
        await chat.citizen.close(req.params.id, req.body.token, auditActorOf(req));
        return reply.status(204).send(null);
      },
    );

    // ---- agents ----
    app.put(
      '/answer/live-chat-agents/me',
      { config: { access: [...AGENTS] }, schema: { tags, summary: '咨询员开始或停止接待在线咨询(页面每20秒续期)', body: z.object({ available: z.boolean() }), response: { 200: z.object({ available: z.boolean(), until: z.string().nullable() }) } } },
      async (req) => chat.agent.setAvailable(principalOf(req), req.body.available),
    );
    app.get(
      '/answer/live-chats',
      { config: { access: [...AGENTS] }, schema: { tags, summary: '等待接入的会话和本人正在进行的会话', response: { 200: z.object({ items: z.array(ZLiveChatView) }) } } },
      async (req) => ({ items: await chat.agent.list(principalOf(req)) }),
    );
    app.post(
      '/answer/live-chats/:id/accept',
      { config: { access: [...AGENTS] }, schema: { tags, summary: '接入会话(先到先得)', params: ZIdParams, response: { 200: ZLiveChatView } } },
      async (req) => chat.agent.accept(principalOf(req), auditActorOf(req), req.params.id),
    );
    app.get(
      '/answer/live-chats/:id/desk',
      { config: { access: [...AGENTS] }, schema: { tags, summary: '咨询员查看会话与新消息', params: ZIdParams, querystring: z.object({ after: ZAfter }), response: { 200: ZLiveChatView } } },
      async (req) => chat.agent.get(principalOf(req), req.params.id, req.query.after),
    );
    app.post(
      '/answer/live-chats/:id/replies',
      { config: { access: [...AGENTS] }, schema: { tags, summary: '咨询员回复', params: ZIdParams, body: ZText, response: { 201: z.object({ id: z.number().int() }) } } },
      async (req, reply) => reply.status(201).send(await chat.agent.send(principalOf(req), req.params.id, req.body.text)),
    );
    app.post(
      '/answer/live-chats/:id/end',
      { config: { access: [...AGENTS] }, schema: { tags, summary: '咨询员结束会话', params: ZIdParams, response: { 204: z.null() } } },
      async (req, reply) => {
        await chat.agent.close(principalOf(req), auditActorOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
