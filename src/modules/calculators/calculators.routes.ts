import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertCenterInScope, auditActorOf, principalOf } from '../../platform/http/access.js';
import { outOfScope } from '../../platform/http/app-error.js';
import { ZIdParams } from '../../shared/api/common.js';
import { ZCalcResponse, ZCalculatorInfo, ZParameter, ZParameterInput } from '../../shared/api/calculators.js';
import type { CalculatorsService } from './calculators.service.js';

const tags = ['calculators'];
/** Who sees the maintained figures (agents read them to callers); admins of a center maintain them. */
const STAFF = ['agent', 'team_lead', 'qa_inspector', 'knowledge_editor', 'leader', 'admin'] as const;

export function calculatorsRoutes(calculators: CalculatorsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/calculators',
      { config: { access: 'public' }, schema: { tags, summary: '计算器列表(含输入项的 JSON Schema)', response: { 200: z.object({ items: z.array(ZCalculatorInfo) }) } } },
      async () => ({ items: calculators.list() }),
    );

    app.get(
      '/calculators/parameters',
      { config: { access: [...STAFF] }, schema: { tags, summary: '各地区维护的计算参数(年度、来源)', response: { 200: z.object({ items: z.array(ZParameter) }) } } },
      async () => ({ items: await calculators.parameters() }),
    );

    app.put(
      '/calculators/parameters',
      { config: { access: ['admin'] }, schema: { tags, summary: '新增或修改一项计算参数(同地区同年度覆盖)', body: ZParameterInput, response: { 200: ZParameter } } },
      async (req) => {
        const principal = principalOf(req);
        // A national figure is kept by the province (the root center's administrators).
        if (req.body.centerId === null ? !principal.scope.all : false) throw outOfScope();
        if (req.body.centerId !== null) assertCenterInScope(principal, req.body.centerId);
        return calculators.saveParameter(auditActorOf(req), req.body);
      },
    );

    app.delete(
      '/calculators/parameters/:id',
      { config: { access: ['admin'] }, schema: { tags, params: ZIdParams, response: { 204: z.null() } } },
      async (req, reply) => {
        const principal = principalOf(req);
        const row = (await calculators.parameters()).find((p) => p.id === req.params.id);
        if (row && (row.centerId === null ? !principal.scope.all : false)) throw outOfScope();
        if (row?.centerId) assertCenterInScope(principal, row.centerId);
        await calculators.deleteParameter(auditActorOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/calculators/:name',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: '计算:退休年龄、养老金、失业金、工伤待遇、经济补偿、加班费、滞纳金、生育津贴等',
          description: '请求体为该计算器的输入项(见 GET /calculators),可加 region(地区编码)以使用该地区维护的参数。',
          params: z.object({ name: z.string().regex(/^[a-z-]{3,40}$/, { message: '计算器名称不正确' }) }),
          body: z.record(z.string(), z.unknown()),
          response: { 200: ZCalcResponse },
        },
      },
      async (req) => calculators.calculate(req.params.name, req.body),
    );
  };
}
