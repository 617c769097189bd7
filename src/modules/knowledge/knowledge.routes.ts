import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { shanghaiDate, type Clock } from '../../platform/clock.js';
import { auditActorOf, hasRole, principalOf } from '../../platform/http/access.js';
import { ZDate, ZIdParams } from '../../shared/api/common.js';
import {
  ZBulletin,
  ZEntry,
  ZEntryListItem,
  ZEntryListQuery,
  ZEntrySave,
  ZEntryVersion,
  ZFeedback,
  ZFieldDiff,
  ZPublicEntry,
  ZPublicSearchQuery,
  ZReviewDecision,
  ZSendBack,
} from '../../shared/api/knowledge.js';
import { SEED_TOPICS } from './starter/starter-content.js';
import type { EntryImport } from './import-export/entry-import.js';
import { ZImportReport } from '../../shared/api/knowledge.js';
import { AppError, forbidden } from '../../platform/http/app-error.js';
import { EDITOR_ROLES, REVIEWER_ROLES, type KnowledgeService } from './knowledge.service.js';

const tags = ['knowledge'];
const ZEntryCreate = ZEntrySave.extend({ key: z.string().trim().regex(/^[A-Za-z0-9:_@.-]{1,80}$/, { message: '编号为 1–80 位字母、数字或 :_@.-' }).optional() });

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ZSheetFormat = z.enum(['csv', 'xlsx']).default('xlsx');
/** An import of a center's whole knowledge base (about 8,000 entries) fits. */
const IMPORT_BODY_LIMIT = 50 * 1024 * 1024;

export function knowledgeRoutes(deps: { knowledge: KnowledgeService; entryImport: EntryImport; clock: Clock }): FastifyPluginAsyncZod {
  const { knowledge, entryImport } = deps;
  return async (app) => {
    for (const type of ['text/csv', XLSX_TYPE, 'application/octet-stream']) {
      app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_req, body, done) => done(null, body));
    }

    app.post(
      '/kb/import',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        config: { access: EDITOR_ROLES },
        schema: {
          tags,
          summary: '批量导入(CSV 或 XLSX):先逐行检查,全部通过才导入,否则一条也不导入并给出逐行错误',
          querystring: z.object({ format: ZSheetFormat, publish: z.enum(['true', 'false']).default('false'), dryRun: z.enum(['true', 'false']).default('false') }),
          response: { 200: ZImportReport },
        },
      },
      async (req) => {
        const principal = principalOf(req);
        const publish = req.query.publish === 'true';
        // Publishing without review is for migrating a center's existing base: team leads and administrators only.
        if (publish && !hasRole(principal, 'team_lead', 'admin')) throw forbidden();
        if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
          throw new AppError('BAD_REQUEST', '请上传 CSV 或 XLSX 文件(Content-Type: text/csv 或 xlsx)', 'Upload a CSV or XLSX file as the request body');
        }
        const report = await entryImport.importSheet(auditActorOf(req), principal, { format: req.query.format, data: req.body, publish, dryRun: req.query.dryRun === 'true' });
        return report;
      },
    );

    app.get(
      '/kb/export',
      { config: { access: EDITOR_ROLES }, schema: { tags, summary: '导出条目(CSV 或 XLSX,可直接再导入)', querystring: ZEntryListQuery.extend({ format: ZSheetFormat }) } },
      async (req, reply) => {
        const { format, ...query } = req.query;
        const file = await entryImport.exportSheet(format, query);
        const name = `knowledge-${shanghaiDate(deps.clock.now())}.${format}`;
        return reply
          .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE)
          .header('content-disposition', `attachment; filename="${name}"`)
          .send(file);
      },
    );

    // ---- staff --------------------------------------------------------------------------------
    app.get(
      '/kb/entries',
      {
        config: { access: 'authenticated' },
        schema: { tags, summary: '知识条目列表与检索(编辑看工作版本,其他岗位看已发布版本)', querystring: ZEntryListQuery, response: { 200: z.object({ items: z.array(ZEntryListItem), total: z.number().int() }) } },
      },
      async (req) => knowledge.list(req.query, hasRole(principalOf(req), ...EDITOR_ROLES) ? 'staff' : 'citizen'),
    );

    app.get(
      '/kb/entries/:id',
      { config: { access: 'authenticated' }, schema: { tags, params: ZIdParams, response: { 200: ZEntry } } },
      async (req) => (hasRole(principalOf(req), ...EDITOR_ROLES) ? knowledge.get(req.params.id) : knowledge.getPublished(req.params.id)),
    );

    app.post(
      '/kb/entries',
      { config: { access: EDITOR_ROLES }, schema: { tags, summary: '新建条目(草稿)', body: ZEntryCreate, response: { 201: ZEntry } } },
      async (req, reply) => reply.status(201).send(await knowledge.create(auditActorOf(req), principalOf(req), req.body.content, { key: req.body.key, changeNote: req.body.changeNote })),
    );

    app.put(
      '/kb/entries/:id',
      { config: { access: EDITOR_ROLES }, schema: { tags, summary: '保存工作版本(已发布条目会生成新版本,发布前市民仍看到旧版本)', params: ZIdParams, body: ZEntrySave, response: { 200: ZEntry } } },
      async (req) => knowledge.save(auditActorOf(req), principalOf(req), req.params.id, req.body.content, req.body.changeNote),
    );

    app.post(
      '/kb/entries/:id/submit',
      { config: { access: EDITOR_ROLES }, schema: { tags, summary: '提交审核', params: ZIdParams, response: { 200: ZEntry } } },
      async (req) => knowledge.submit(auditActorOf(req), principalOf(req), req.params.id),
    );

    app.post(
      '/kb/entries/:id/approve',
      { config: { access: REVIEWER_ROLES }, schema: { tags, summary: '审核通过并发布(须由提交人以外的编辑或业务组长审核)', params: ZIdParams, body: ZReviewDecision, response: { 200: ZEntry } } },
      async (req) => knowledge.approve(auditActorOf(req), principalOf(req), req.params.id, req.body.comment),
    );

    app.post(
      '/kb/entries/:id/send-back',
      { config: { access: REVIEWER_ROLES }, schema: { tags, summary: '退回修改(须写明原因)', params: ZIdParams, body: ZSendBack, response: { 200: ZEntry } } },
      async (req) => knowledge.sendBack(auditActorOf(req), principalOf(req), req.params.id, req.body.comment),
    );

    app.post(
      '/kb/entries/:id/archive',
      { config: { access: EDITOR_ROLES }, schema: { tags, summary: '归档(市民不再可见)', params: ZIdParams, response: { 200: ZEntry } } },
      async (req) => knowledge.archive(auditActorOf(req), principalOf(req), req.params.id),
    );

    app.get(
      '/kb/entries/:id/versions',
      { config: { access: EDITOR_ROLES }, schema: { tags, summary: '版本历史', params: ZIdParams, response: { 200: z.object({ items: z.array(ZEntryVersion) }) } } },
      async (req) => ({ items: await knowledge.versions(req.params.id) }),
    );

    app.get(
      '/kb/entries/:id/diff',
      {
        config: { access: EDITOR_ROLES },
        schema: { tags, summary: '两个版本的差异', params: ZIdParams, querystring: z.object({ from: z.coerce.number().int().positive().max(2_147_483_647), to: z.coerce.number().int().positive().max(2_147_483_647) }), response: { 200: z.object({ fields: z.array(ZFieldDiff) }) } },
      },
      async (req) => ({ fields: await knowledge.diff(req.params.id, req.query.from, req.query.to) }),
    );

    app.get(
      '/kb/bulletin',
      { config: { access: 'authenticated' }, schema: { tags, summary: '每日新增和变更知识通报(晨会用)', querystring: z.object({ date: ZDate.optional() }), response: { 200: ZBulletin } } },
      async (req) => knowledge.bulletin(req.query.date ?? shanghaiDate(deps.clock.now())),
    );

    app.get(
      '/kb/topics',
      {
        config: { access: 'authenticated' },
        schema: { tags, summary: '种子问题清单及其已发布条目', response: { 200: z.object({ items: z.array(z.object({ id: z.string(), question: z.string(), source: z.string(), entries: z.number().int() })) }) } },
      },
      async () => {
        const { items } = await knowledge.list({ status: ['published'], validity: 'any', page: 1, pageSize: 100000 } as never, 'citizen');
        const counts = new Map<string, number>();
        for (const i of items) for (const t of i.topics) counts.set(t, (counts.get(t) ?? 0) + 1);
        return { items: SEED_TOPICS.map((t) => ({ ...t, entries: counts.get(t.id) ?? 0 })) };
      },
    );

    // ---- citizens (web, robot, IVR) -------------------------------------------------------------
    app.get(
      '/kb/public/search',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: '市民检索已发布知识(按来电地区,本地条目优先于全国条目)',
          querystring: ZPublicSearchQuery,
          response: { 200: z.object({ items: z.array(z.object({ score: z.number(), entry: ZPublicEntry })) }) },
        },
      },
      async (req) => ({
        items: (await knowledge.publicSearch(req.query.q, req.query.region, req.query.limit)).map((h) => ({ score: Math.round(h.score * 1000) / 1000, entry: h.entry })),
      }),
    );

    app.get(
      '/kb/public/entries/:id',
      { config: { access: 'public' }, schema: { tags, params: ZIdParams, querystring: z.object({ region: z.string().trim().max(40).optional() }), response: { 200: ZPublicEntry } } },
      async (req) => knowledge.publicEntry(req.params.id, req.query.region),
    );

    app.post(
      '/kb/public/entries/:id/feedback',
      { config: { access: 'public' }, schema: { tags, summary: '有用/没用反馈', params: ZIdParams, body: ZFeedback, response: { 204: z.null() } } },
      async (req, reply) => {
        await knowledge.feedback(req.params.id, req.body);
        return reply.status(204).send(null);
      },
    );
  };
}
