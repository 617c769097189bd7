import fs from 'node:fs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertCenterInScope, auditActorOf, hasRole, principalOf } from '../../platform/http/access.js';
import { maskPhone } from '../../platform/logging/mask.js';
import { ZDate, ZId, ZIdParams } from '../../shared/api/common.js';
import type { Telephony } from './telephony.service.js';
import { PROMPT_NAMES } from './prompts/prompt-library.js';

const tags = ['telephony'];
const OUTCOMES = ['agent_answered', 'self_service', 'voice_message', 'abandoned', 'no_agent', 'rejected', 'failed', 'no_answer'] as const;

const ZPhone = z.object({
  id: z.number(),
  extension: z.string(),
  centerId: z.number(),
  displayName: z.string(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const ZPassword = z.string().min(8, { message: '密码至少8位' }).max(64, { message: '密码最多64位' });
const ZPromptName = z.enum(PROMPT_NAMES as [string, ...string[]], { message: '没有这个提示音' });
const ZCenterQuery = z.object({ centerId: ZId.optional() });

/** Who hears recordings and sees full caller numbers: QA and team leads (calls are their work). */
const SEES_CALLERS = ['qa_inspector', 'team_lead'] as const;

export function telephonyRoutes(telephony: Telephony): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser(['audio/wav', 'audio/x-wav', 'audio/wave', 'application/octet-stream'], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    app.get(
      '/telephony/status',
      { config: { access: ['team_lead', 'admin', 'leader'] }, schema: { tags, summary: '电话线路状态:注册话机、当前通话、SIP 统计' } },
      async (req) => {
        const status = telephony.status();
        const seesCallers = hasRole(principalOf(req), ...SEES_CALLERS);
        return { ...status, activeCalls: status.activeCalls.map((c) => ({ ...c, from: c.from && !seesCallers ? maskPhone(c.from) : c.from })) };
      },
    );

    app.get(
      '/telephony/phones',
      { config: { access: ['admin', 'team_lead'] }, schema: { tags, summary: '坐席话机(SIP 分机)账号', response: { 200: z.object({ items: z.array(ZPhone) }) } } },
      async (req) => {
        const scope = principalOf(req).scope;
        return { items: await telephony.phones(scope.all ? null : [...scope.centerIds]) };
      },
    );

    app.post(
      '/telephony/phones',
      {
        config: { access: ['admin'] },
        schema: {
          tags,
          summary: '新建坐席话机账号(话机用分机号和密码注册)',
          body: z.object({
            extension: z.string().regex(/^\d{3,6}$/, { message: '分机号为3到6位数字' }),
            centerId: ZId,
            displayName: z.string().trim().min(1).max(60),
            password: ZPassword,
          }),
          response: { 201: ZPhone },
        },
      },
      async (req, reply) => {
        assertCenterInScope(principalOf(req), req.body.centerId);
        return reply.status(201).send(await telephony.createPhone(auditActorOf(req), req.body));
      },
    );

    app.patch(
      '/telephony/phones/:id',
      {
        config: { access: ['admin'] },
        schema: {
          tags,
          summary: '修改话机账号:名称、密码、启用',
          params: ZIdParams,
          body: z.object({ displayName: z.string().trim().min(1).max(60).optional(), password: ZPassword.optional(), enabled: z.boolean().optional() }),
          response: { 200: ZPhone },
        },
      },
      async (req) => {
        assertCenterInScope(principalOf(req), (await telephony.phone(req.params.id)).centerId);
        return telephony.updatePhone(auditActorOf(req), req.params.id, req.body);
      },
    );

    app.get(
      '/telephony/calls',
      {
        config: { access: ['team_lead', 'qa_inspector', 'leader', 'admin'] },
        schema: {
          tags,
          summary: '通话记录(CDR)',
          querystring: z.object({
            from: ZDate.optional(),
            to: ZDate.optional(),
            outcome: z.enum(OUTCOMES).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
            offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
          }),
        },
      },
      async (req) => {
        const q = req.query;
        const items = await telephony.callRecords({
          from: q.from ? new Date(`${q.from}T00:00:00+08:00`) : undefined,
          to: q.to ? new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000) : undefined,
          outcome: q.outcome,
          limit: q.limit,
          offset: q.offset,
        });
        const seesCallers = hasRole(principalOf(req), ...SEES_CALLERS);
        return { items: items.map((c) => ({ ...c, callerNumber: c.callerNumber && !seesCallers ? maskPhone(c.callerNumber) : c.callerNumber })) };
      },
    );

    app.get(
      '/telephony/calls/:id/recording',
      {
        config: { access: [...SEES_CALLERS] },
        schema: {
          tags,
          summary: '通话录音(立体声 WAV:左声道来电人,右声道坐席)或留言录音',
          params: z.object({ id: z.uuid({ message: '通话编号不正确' }) }),
          querystring: z.object({ kind: z.enum(['call', 'voice_message']).default('call') }),
        },
      },
      async (req, reply) => {
        const file = await telephony.recordingFile(req.params.id, req.query.kind);
        return reply.type('audio/wav').header('content-disposition', `inline; filename="${req.params.id}.wav"`).send(fs.createReadStream(file));
      },
    );

    app.get(
      '/telephony/prompts',
      { config: { access: ['admin', 'team_lead'] }, schema: { tags, summary: '提示音列表(默认合成或本中心上传)', querystring: ZCenterQuery } },
      async (req) => {
        const principal = principalOf(req);
        const centerId = req.query.centerId ?? principal.centerId;
        assertCenterInScope(principal, centerId);
        return { items: await telephony.promptList(centerId) };
      },
    );

    app.get(
      '/telephony/prompts/:name/audio',
      { config: { access: ['admin', 'team_lead'] }, schema: { tags, summary: '试听提示音(8 kHz WAV)', params: z.object({ name: ZPromptName }), querystring: ZCenterQuery } },
      async (req, reply) => {
        const principal = principalOf(req);
        const centerId = req.query.centerId ?? principal.centerId;
        assertCenterInScope(principal, centerId);
        return reply.type('audio/wav').send(telephony.promptAudio(req.params.name, centerId));
      },
    );

    app.put(
      '/telephony/prompts/:name',
      {
        config: { access: ['admin'] },
        bodyLimit: 25 * 1024 * 1024,
        schema: { tags, summary: '上传本中心的提示音录音(WAV,请求体为文件本身)', params: z.object({ name: ZPromptName }), querystring: ZCenterQuery },
      },
      async (req) => {
        const principal = principalOf(req);
        const centerId = req.query.centerId ?? principal.centerId;
        assertCenterInScope(principal, centerId);
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        return telephony.uploadPrompt(auditActorOf(req), centerId, req.params.name, body);
      },
    );

    app.delete(
      '/telephony/prompts/:name',
      { config: { access: ['admin'] }, schema: { tags, summary: '删除本中心上传的提示音,恢复默认', params: z.object({ name: ZPromptName }), querystring: ZCenterQuery } },
      async (req, reply) => {
        const principal = principalOf(req);
        const centerId = req.query.centerId ?? principal.centerId;
        assertCenterInScope(principal, centerId);
        await telephony.removePrompt(auditActorOf(req), centerId, req.params.name);
        return reply.status(204).send(null);
      },
    );
  };
}
