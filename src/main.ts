import { buildApp, demoAccountsBanner } from './app.js';
import { ConfigError, loadConfig } from './platform/config.js';
import { createLogger } from './platform/logging/logger.js';

/** Starts the platform: `npm start`. Settings come from the environment (README, "Settings"). */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger({ level: config.logLevel });
  log.info({ database: config.database.kind, demoMode: config.demoMode, eventBus: config.nats ? 'nats-jetstream' : 'in-process' }, 'starting');
  const app = await buildApp({ config, log });
  const address = await app.http.listen({ host: config.host, port: config.port });
  log.info({ address }, 'listening');
  if (config.demoMode) process.stdout.write(`${demoAccountsBanner(app.demoUsersCreated, address)}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => {
      log.error('shutdown took over 15 s; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    try {
      await app.close();
      log.info('stopped');
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'error while shutting down');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
