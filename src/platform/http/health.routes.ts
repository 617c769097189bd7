import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** `/healthz`: the process is alive. `/readyz`: the database answers and every migration has run. */
export function healthRoutes(deps: { ping(): Promise<void>; pendingMigrations(): Promise<string[]> }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/healthz',
      { config: { access: 'public' }, schema: { tags: ['operations'], response: { 200: z.object({ status: z.literal('ok') }) } } },
      async () => ({ status: 'ok' as const }),
    );
    app.get(
      '/readyz',
      {
        config: { access: 'public' },
        schema: {
          tags: ['operations'],
          response: {
            200: z.object({ status: z.literal('ready'), database: z.literal('ok'), pendingMigrations: z.array(z.string()) }),
            503: z.object({ status: z.literal('unavailable'), database: z.enum(['ok', 'down']), pendingMigrations: z.array(z.string()), reason: z.string() }),
          },
        },
      },
      async (req, reply) => {
        try {
          await withTimeout(deps.ping(), 3000);
        } catch (err) {
          req.log.warn({ err }, 'readiness: database unreachable');
          return reply.status(503).send({ status: 'unavailable', database: 'down', pendingMigrations: [], reason: '数据库无法连接' });
        }
        const pending = await deps.pendingMigrations().catch(() => ['?']);
        if (pending.length) {
          return reply.status(503).send({ status: 'unavailable', database: 'ok', pendingMigrations: pending, reason: '数据库迁移未完成' });
        }
        return { status: 'ready' as const, database: 'ok' as const, pendingMigrations: [] };
      },
    );
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
