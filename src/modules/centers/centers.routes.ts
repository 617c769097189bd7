import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertCenterInScope, auditActorOf, canSeeCenter, principalOf } from '../../platform/http/access.js';
import { fieldError } from '../../platform/http/app-error.js';
import {
  ZAreaCode,
  ZCenter,
  ZCenterCreate,
  ZCenterStatus,
  ZCenterUpdate,
  ZDepartment,
  ZDepartmentCreate,
  ZDepartmentUpdate,
} from '../../shared/api/centers.js';
import { ZIdParams } from '../../shared/api/common.js';
import type { CentersService } from './centers.service.js';

const tags = ['centers'];

export function centersRoutes(centers: CentersService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/centers',
      { config: { access: 'authenticated' }, schema: { tags, summary: '可见的中心(省中心看全部,市县看本级及下级)', response: { 200: z.object({ items: z.array(ZCenter) }) } } },
      async (req) => ({ items: await centers.visible(principalOf(req).scope) }),
    );

    app.get(
      '/centers/by-area-code/:areaCode',
      { config: { access: ['admin', 'leader', 'team_lead'] }, schema: { tags, summary: '按区号查找中心(来电归属)', params: z.object({ areaCode: ZAreaCode }), response: { 200: z.object({ items: z.array(ZCenter) }) } } },
      async (req) => {
        const { scope } = principalOf(req);
        return { items: (await centers.byAreaCode(req.params.areaCode)).filter((c) => canSeeCenter(scope, c.id)) };
      },
    );

    app.get(
      '/centers/:id',
      { config: { access: 'authenticated' }, schema: { tags, params: ZIdParams, response: { 200: ZCenter } } },
      async (req) => {
        const center = await centers.get(req.params.id);
        assertCenterInScope(principalOf(req), center.id);
        return center;
      },
    );

    app.post(
      '/centers',
      { config: { access: ['admin'] }, schema: { tags, summary: '新建市州分中心或县区', body: ZCenterCreate, response: { 201: ZCenter } } },
      async (req, reply) => {
        const principal = principalOf(req);
        if (req.body.parentId === null && !principal.scope.all) throw fieldError('body.parentId', 'required', '必须指定上级中心', 'parentId required');
        if (req.body.parentId !== null) assertCenterInScope(principal, req.body.parentId);
        return reply.status(201).send(await centers.create(auditActorOf(req), req.body));
      },
    );

    app.patch(
      '/centers/:id',
      { config: { access: ['admin'] }, schema: { tags, params: ZIdParams, body: ZCenterUpdate, response: { 200: ZCenter } } },
      async (req) => {
        assertCenterInScope(principalOf(req), (await centers.get(req.params.id)).id);
        return centers.update(auditActorOf(req), req.params.id, req.body);
      },
    );

    app.get(
      '/centers/:id/status',
      { config: { access: 'authenticated' }, schema: { tags, summary: '当前是否在人工服务时间', params: ZIdParams, response: { 200: ZCenterStatus } } },
      async (req) => {
        assertCenterInScope(principalOf(req), (await centers.get(req.params.id)).id);
        return centers.status(req.params.id);
      },
    );

    app.get(
      '/centers/:id/departments',
      { config: { access: 'authenticated' }, schema: { tags, summary: '业务处室', params: ZIdParams, response: { 200: z.object({ items: z.array(ZDepartment) }) } } },
      async (req) => {
        assertCenterInScope(principalOf(req), (await centers.get(req.params.id)).id);
        return { items: await centers.departments(req.params.id) };
      },
    );

    app.post(
      '/centers/:id/departments',
      { config: { access: ['admin'] }, schema: { tags, params: ZIdParams, body: ZDepartmentCreate, response: { 201: ZDepartment } } },
      async (req, reply) => {
        assertCenterInScope(principalOf(req), (await centers.get(req.params.id)).id);
        return reply.status(201).send(await centers.createDepartment(auditActorOf(req), req.params.id, req.body));
      },
    );

    app.patch(
      '/departments/:id',
      { config: { access: ['admin'] }, schema: { tags, params: ZIdParams, body: ZDepartmentUpdate, response: { 200: ZDepartment } } },
      async (req) => {
        assertCenterInScope(principalOf(req), (await centers.department(req.params.id)).centerId);
        return centers.updateDepartment(auditActorOf(req), req.params.id, req.body);
      },
    );
  };
}
