import type { FastifyInstance } from 'fastify';
import { SYSTEM_ACTOR } from './platform/audit/audit-trail.js';
import { systemClock, type Clock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import { openDatabase, type Database } from './platform/db/database.js';
import { migrateToLatest, pendingMigrations } from './platform/db/migrations.js';
import { createEventBus } from './platform/events/create-event-bus.js';
import type { EventBus } from './platform/events/event-bus.js';
import { healthRoutes } from './platform/http/health.routes.js';
import { createHttpServer } from './platform/http/server.js';
import { createLogger, type Logger } from './platform/logging/logger.js';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoUsers } from './modules/accounts/index.js';
import { seedDemoProvince } from './modules/centers/index.js';
import { seedStarterKnowledge } from './modules/knowledge/index.js';
import { seedDemoParameters } from './modules/calculators/index.js';
import { seedDemoPhones } from './modules/telephony/index.js';
import { allMigrations, createModules, type Modules } from './modules/registry.js';

export type AppOptions = {
  config: Config;
  clock?: Clock;
  log?: Logger;
  /** An already open database (tests); otherwise opened from config. */
  database?: Database;
};

export type RunningApp = {
  http: FastifyInstance;
  modules: Modules;
  database: Database;
  bus: EventBus;
  log: Logger;
  /** Demo accounts created by this start (empty when they already existed or demo mode is off). */
  demoUsersCreated: { username: string; roles: string[] }[];
  close(): Promise<void>;
};

/**
 * Boots the platform without listening: database, migrations, event bus, modules, seed data, HTTP.
 * Used by `main.ts` and by the tests, so both run the same code.
 */
export async function buildApp(options: AppOptions): Promise<RunningApp> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger({ level: config.logLevel });
  const database = options.database ?? (await openDatabase(config.database));
  const ownsDatabase = !options.database;
  try {
    const applied = await migrateToLatest(database.db, allMigrations);
    if (applied.length) log.info({ applied }, 'migrations applied');

    const bus = await createEventBus(config, { clock, log });
    const modules = createModules({ db: database.db, clock, bus, log, config });
    // Another node changed the calendar: drop this node's cached days.
    await bus.subscribe('calendar.changed', () => modules.calendar.invalidate());

    const loadedYears = await modules.calendar.loadPackageYears(SYSTEM_ACTOR);
    if (loadedYears.length) log.info({ years: loadedYears }, 'working-day calendar loaded from chinese-days');
    for (const w of (await modules.calendar.status()).warnings) log.warn({ code: w.code }, w.messageEn);

    let demoUsersCreated: RunningApp['demoUsersCreated'] = [];
    if (config.demoMode) {
      await seedDemoProvince(modules.centers, SYSTEM_ACTOR);
      demoUsersCreated = (await seedDemoUsers(modules.users, modules.centers, SYSTEM_ACTOR)).map((u) => ({ username: u.username, roles: u.roles }));
      await seedDemoParameters(modules.calculators, modules.centers, SYSTEM_ACTOR);
      await seedDemoPhones(modules.telephony, modules.centers, SYSTEM_ACTOR);
    }

    // Knowledge: law texts (once), the search indexes, starter content where missing; then keep
    // this node's index current when any node changes an entry.
    await modules.laws.importTexts();
    await modules.knowledge.rebuildIndex();
    if (config.knowledgeStarter) {
      const seeded = await seedStarterKnowledge(modules, SYSTEM_ACTOR);
      if (seeded.created) log.info(seeded, 'starter knowledge published');
    }
    await bus.subscribe('knowledge.entry_changed', (e) => modules.knowledge.onEntryChanged(e.payload));
    await bus.subscribe('centers.center_changed', () => {
      modules.knowledge.invalidateCenters();
      modules.answering.engine.invalidateRegions();
    });

    // The phone line; a port already taken must not take the web platform down with it.
    if (config.sip.enabled) {
      await modules.telephony.start().catch((err) => log.error({ err }, 'the phone line could not start'));
    }

    const http = await createHttpServer({
      log,
      bodyLimitBytes: config.bodyLimitBytes,
      trustProxy: config.trustProxy,
      publicRateLimitPerMinute: config.publicRateLimitPerMinute,
      webDistDir: config.webDistDir,
      resolvePrincipal: (token) => modules.auth.principalOfToken(token),
      rootRoutes: [
        healthRoutes({
          ping: () => database.ping(),
          pendingMigrations: () => pendingMigrations(database.db, allMigrations),
        }),
      ],
      apiRoutes: modules.apiRoutes,
    });
    await http.ready();

    let closed = false;
    return {
      http,
      modules,
      database,
      bus,
      log,
      demoUsersCreated,
      async close() {
        if (closed) return;
        closed = true;
        await http.close();
        await modules.telephony.close();
        await modules.answering.close();
        await bus.close();
        if (ownsDatabase) await database.close();
      },
    };
  } catch (err) {
    if (ownsDatabase) await database.close().catch(() => {});
    throw err;
  }
}

export function demoAccountsBanner(created: RunningApp['demoUsersCreated'], url: string): string {
  const rows = DEMO_USERS.map((u) => `  ${u.username.padEnd(12)} ${u.roles.join(',').padEnd(20)} ${u.displayName}`);
  return [
    '',
    `12333 服务平台演示模式 / demo mode — ${url}`,
    `演示账号 (demo accounts), 密码 password: ${DEMO_PASSWORD}${created.length ? '' : ' (already created earlier)'}`,
    ...rows,
    '',
  ].join('\n');
}
