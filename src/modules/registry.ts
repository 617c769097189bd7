import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { auditMigrations } from '../platform/audit/audit-trail.js';
import { auditRoutes } from '../platform/audit/audit.routes.js';
import { calendarMigrations } from '../platform/calendar/calendar.repository.js';
import { calendarRoutes } from '../platform/calendar/calendar.routes.js';
import { createWorkingDayCalendar } from '../platform/calendar/working-day-calendar.js';
import type { Clock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import { collectMigrations } from '../platform/db/migrations.js';
import type { EventBus } from '../platform/events/event-bus.js';
import { accountsMigrations, accountsRoutes, createAuthService, createUsersService } from './accounts/index.js';
import { centersMigrations, centersRoutes, createCentersService } from './centers/index.js';
import { createEntryImport, createKnowledgeService, createLawLibrary, knowledgeMigrations, knowledgeRoutes, lawsRoutes } from './knowledge/index.js';
import { createChineseAnalyzer } from '../platform/text/chinese-analyzer.js';
import { answeringMigrations, answeringRoutes, createAnsweringService, createLiveChat, createLlmRephraser, liveChatMigrations, liveChatRoutes } from './answering/index.js';
import { calculatorMigrations, calculatorsRoutes, createCalculatorsService } from './calculators/index.js';
import { createTelephony, telephonyMigrations, telephonyRoutes } from './telephony/index.js';

/**
 * The composition root: every module's migrations, services and routes, wired in dependency order.
 * A new module adds its migrations to `allMigrations`, its service to `createModules` and its
 * routes to `apiRoutes`; nothing else changes.
 */
export const allMigrations = collectMigrations([auditMigrations, calendarMigrations, centersMigrations, accountsMigrations, knowledgeMigrations, answeringMigrations, calculatorMigrations, liveChatMigrations, telephonyMigrations]);

export type ModuleDeps = { db: Kysely<any>; clock: Clock; bus: EventBus; log: Logger; config: Config };

export function createModules(deps: ModuleDeps) {
  const calendar = createWorkingDayCalendar(deps);
  const centers = createCentersService({ ...deps, calendar });
  const auth = createAuthService({
    ...deps,
    centers,
    policy: { sessionTtlMs: deps.config.sessionTtlMs, maxFailures: deps.config.login.maxFailures, lockMs: deps.config.login.lockMs },
  });
  const users = createUsersService({ ...deps, centers });
  const analyzer = createChineseAnalyzer();
  const knowledge = createKnowledgeService({ ...deps, centers, analyzer });
  const laws = createLawLibrary({ ...deps, analyzer, entries: knowledge.searchIndex });
  const entryImport = createEntryImport({ knowledge, centers, laws });
  const rephraser = deps.config.llm ? createLlmRephraser({ ...deps.config.llm, log: deps.log }) : undefined;
  const calculators = createCalculatorsService({ ...deps, centers });
  const liveChat = createLiveChat({ ...deps, centers });
  const answering = createAnsweringService({ ...deps, analyzer, centers, knowledge, rephraser, calculators, liveChat });
  const telephony = createTelephony({ ...deps, centers });

  const apiRoutes: FastifyPluginAsyncZod[] = [
    accountsRoutes({
      auth,
      users,
      cookieSecure: deps.config.cookieSecure,
      loginRateLimitPerMinute: Math.min(deps.config.publicRateLimitPerMinute, 30),
    }),
    centersRoutes(centers),
    calendarRoutes({ calendar, chainOf: centers.chainOf }),
    auditRoutes({ db: deps.db }),
    knowledgeRoutes({ knowledge, entryImport, clock: deps.clock }),
    lawsRoutes(laws),
    answeringRoutes(answering),
    calculatorsRoutes(calculators),
    liveChatRoutes(liveChat),
    telephonyRoutes(telephony),
  ];

  return { calendar, centers, auth, users, analyzer, knowledge, laws, answering, liveChat, calculators, telephony, apiRoutes };
}

export type Modules = ReturnType<typeof createModules>;
