import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import type { AuditActor } from './platform/audit/audit-trail.js';
import { systemClock } from './platform/clock.js';
import { ConfigError, loadConfig } from './platform/config.js';
import { openDatabase } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrations.js';
import { createInProcessBus } from './platform/events/in-process-bus.js';
import { createLogger } from './platform/logging/logger.js';
import { allMigrations, createModules } from './modules/registry.js';

const USAGE = `Usage:
  npm run cli -- migrate
      Runs the database migrations (npm start runs them too).
  npm run cli -- create-admin --username NAME [--display-name 姓名] [--center CODE]
                              [--province-code CODE --province-name 名称]
      Creates an administrator. The password is read from ADMIN_PASSWORD or from standard input.
      On an empty database, --province-code and --province-name create the province center first.`;

const CLI_ACTOR: AuditActor = { userId: null, name: 'cli' };

async function readPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write('Password (at least 10 characters): ');
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line.trim();
  }
  return '';
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (!command || command === '--help' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  const log = createLogger({ level: 'warn' });
  const database = await openDatabase(config.database);
  try {
    await migrateToLatest(database.db, allMigrations);
    if (command === 'migrate') {
      console.log('Migrations are up to date.');
      return 0;
    }
    if (command !== 'create-admin') {
      console.error(`Unknown command ${command}\n\n${USAGE}`);
      return 2;
    }
    const { values } = parseArgs({
      args: rest,
      options: {
        username: { type: 'string' },
        'display-name': { type: 'string' },
        center: { type: 'string' },
        'province-code': { type: 'string' },
        'province-name': { type: 'string' },
      },
    });
    if (!values.username) {
      console.error(`--username is required\n\n${USAGE}`);
      return 2;
    }
    const bus = createInProcessBus({ clock: systemClock, log });
    const modules = createModules({ db: database.db, clock: systemClock, bus, log, config });
    await modules.calendar.loadPackageYears(CLI_ACTOR);
    let centers = await modules.centers.all();
    if (centers.length === 0) {
      if (!values['province-code'] || !values['province-name']) {
        console.error('The database has no center yet: give --province-code and --province-name to create the province center.');
        return 2;
      }
      await modules.centers.create(CLI_ACTOR, {
        code: values['province-code'],
        name: values['province-name'],
        shortName: values['province-name'].slice(0, 20),
        level: 'province',
        parentId: null,
        areaCodes: [],
        workingHours: { periods: [{ start: '08:30', end: '17:00' }] },
      });
      centers = await modules.centers.all();
    }
    const center = values.center ? centers.find((c) => c.code === values.center) : centers.find((c) => c.parentId === null);
    if (!center) {
      console.error(`No center with code ${values.center}. Centers: ${centers.map((c) => c.code).join(', ')}`);
      return 2;
    }
    const password = await readPassword();
    if (password.length < 10) {
      console.error('The password must have at least 10 characters.');
      return 2;
    }
    const user = await modules.users.create(CLI_ACTOR, null, {
      username: values.username,
      displayName: values['display-name'] ?? values.username,
      password,
      roles: ['admin'],
      centerId: center.id,
      departmentId: null,
      staffNo: null,
      phone: null,
    });
    console.log(`Administrator ${user.username} created at ${center.name}.`);
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof ConfigError) console.error(err.message);
    else console.error(err?.toBody?.().error?.message ?? err);
    process.exit(1);
  },
);
