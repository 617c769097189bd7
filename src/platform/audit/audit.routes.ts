import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { ZAuditEntry, ZAuditQuery } from '../../shared/api/audit.js';
import { principalOf } from '../http/access.js';
import type { AuditTables } from './audit-trail.js';

/** The administrator's view of the audit trail, newest first, scoped to the viewer's centers. */
export function auditRoutes(deps: { db: Kysely<any> }): FastifyPluginAsyncZod {
  const db = deps.db as Kysely<AuditTables>;
  return async (app) => {
    app.get(
      '/audit',
      {
        config: { access: ['admin', 'leader'] },
        schema: { tags: ['audit'], summary: '操作审计日志', querystring: ZAuditQuery, response: { 200: z.object({ items: z.array(ZAuditEntry), total: z.number() }) } },
      },
      async (req) => {
        const q = req.query;
        const { scope } = principalOf(req);
        let query = db.selectFrom('audit_log');
        if (!scope.all) query = query.where('center_id', 'in', [...scope.centerIds]);
        if (q.actorId) query = query.where('actor_id', '=', q.actorId);
        if (q.action) query = query.where('action', 'like', `${q.action.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
        if (q.entityType) query = query.where('entity_type', '=', q.entityType);
        if (q.entityId) query = query.where('entity_id', '=', q.entityId);
        // Dates are Shanghai calendar dates.
        if (q.from) query = query.where('at', '>=', sql<Date>`(${q.from}::date)::timestamp at time zone 'Asia/Shanghai'`);
        if (q.to) query = query.where('at', '<', sql<Date>`((${q.to}::date) + 1)::timestamp at time zone 'Asia/Shanghai'`);
        const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
        const rows = await query
          .selectAll()
          .orderBy('id', 'desc')
          .offset((q.page - 1) * q.pageSize)
          .limit(q.pageSize)
          .execute();
        return {
          total: Number(total),
          items: rows.map((r) => ({
            id: Number(r.id),
            at: r.at.toISOString(),
            actorId: r.actor_id,
            actorName: r.actor_name,
            action: r.action,
            entityType: r.entity_type,
            entityId: r.entity_id,
            centerId: r.center_id,
            before: r.before,
            after: r.after,
            requestId: r.request_id,
            ip: r.ip,
          })),
        };
      },
    );
  };
}
