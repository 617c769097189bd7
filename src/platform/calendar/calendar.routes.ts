import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZCalendarDay, ZCalendarDayUpdate, ZCalendarStatus, ZLoadYearRequest } from '../../shared/api/calendar.js';
import { ZDate } from '../../shared/api/common.js';
import { assertCenterInScope, assertProvinceScope, auditActorOf, principalOf } from '../http/access.js';
import type { WorkingDayCalendar } from './working-day-calendar.js';

const tags = ['calendar'];

/** `chainOf(centerId)` gives a center and its ancestors (from the centers module). */
export function calendarRoutes(deps: { calendar: WorkingDayCalendar; chainOf: (centerId: number) => Promise<number[]> }): FastifyPluginAsyncZod {
  const { calendar } = deps;
  return async (app) => {
    app.get(
      '/calendar/status',
      { config: { access: 'authenticated' }, schema: { tags, summary: '已载入年份与提醒', response: { 200: ZCalendarStatus } } },
      async () => calendar.status(),
    );

    app.get(
      '/calendar/days',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: '日期区间内每天的类型(工作日、休息日、法定节假日、调休上班)',
          querystring: z.object({ from: ZDate, to: ZDate, centerId: z.coerce.number().int().positive().optional() }),
          response: { 200: z.object({ items: z.array(ZCalendarDay) }) },
        },
      },
      async (req) => {
        const { from, to, centerId } = req.query;
        if (centerId) assertCenterInScope(principalOf(req), centerId);
        return { items: await calendar.days(from, to, centerId ? await deps.chainOf(centerId) : []) };
      },
    );

    app.get(
      '/calendar/working-days/add',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: '从某日起第 N 个工作日(工单办结时限)',
          querystring: z.object({ from: ZDate, days: z.coerce.number().int().min(1).max(60), centerId: z.coerce.number().int().positive().optional() }),
          response: { 200: z.object({ from: ZDate, days: z.number(), date: ZDate }) },
        },
      },
      async (req) => {
        const { from, days, centerId } = req.query;
        if (centerId) assertCenterInScope(principalOf(req), centerId);
        const date = await calendar.addWorkingDays(from, days, centerId ? await deps.chainOf(centerId) : []);
        return { from, days, date };
      },
    );

    app.put(
      '/calendar/days/:date',
      {
        config: { access: ['admin'] },
        schema: { tags, summary: '修改全国日历中的一天(须注明依据)', params: z.object({ date: ZDate }), body: ZCalendarDayUpdate, response: { 200: ZCalendarDay } },
      },
      async (req) => {
        assertProvinceScope(principalOf(req));
        return calendar.setDay(auditActorOf(req), req.params.date, req.body);
      },
    );

    app.put(
      '/centers/:centerId/calendar/days/:date',
      {
        config: { access: ['admin'] },
        schema: {
          tags,
          summary: '本中心的地方性调整(如地方节日),覆盖全国日历',
          params: z.object({ centerId: z.coerce.number().int().positive(), date: ZDate }),
          body: ZCalendarDayUpdate,
          response: { 200: ZCalendarDay },
        },
      },
      async (req) => {
        assertCenterInScope(principalOf(req), req.params.centerId);
        await deps.chainOf(req.params.centerId);
        return calendar.setDay(auditActorOf(req), req.params.date, req.body, req.params.centerId);
      },
    );

    app.delete(
      '/centers/:centerId/calendar/days/:date',
      {
        config: { access: ['admin'] },
        schema: { tags, params: z.object({ centerId: z.coerce.number().int().positive(), date: ZDate }), response: { 204: z.null() } },
      },
      async (req, reply) => {
        assertCenterInScope(principalOf(req), req.params.centerId);
        await calendar.clearCenterDay(auditActorOf(req), req.params.centerId, req.params.date);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/calendar/years/:year',
      {
        config: { access: ['admin'] },
        schema: {
          tags,
          summary: '载入一年的日历',
          params: z.object({ year: z.coerce.number().int().min(1990).max(2200) }),
          body: ZLoadYearRequest,
          response: { 201: z.object({ year: z.number(), source: z.string(), days: z.number() }) },
        },
      },
      async (req, reply) => {
        assertProvinceScope(principalOf(req));
        return reply.status(201).send(await calendar.loadYear(auditActorOf(req), req.params.year, req.body.source));
      },
    );
  };
}
