/**
 * `npm start`: reads the configuration, opens (migrates, and for an empty database fills with the
 * demo data) the database, serves the bot, and on SIGTERM/SIGINT stops taking requests, lets those
 * in flight finish and closes the database.
 */
import { ConfigError, loadConfig, type Config } from "./config";
import { createLogger } from "./logging";

let config: Config;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}

// Loaded after the configuration is known good: botbuilder and teams-ai take seconds to import,
// and a mistyped variable should be reported at once.
const { prepareDatabase, startBot } = await import("./startup");
const { connectorSender, notifyConfig, startNotifier } = await import("./notify");
const { startCheckpointer } = await import("../db/checkpointer");
const logger = createLogger(config.LOG_LEVEL);
const clock = () => new Date();

try {
  const { db, demo } = prepareDatabase(config.DATABASE_PATH, clock);
  if (demo.length > 0) logger.info({ path: config.DATABASE_PATH, loaded: demo }, "loaded the demo data");
  logger.info({ path: config.DATABASE_PATH }, "database ready");
  // WAL checkpoints from a worker thread, so no chat turn waits for one (db/checkpointer.ts).
  const checkpointer =
    config.DATABASE_PATH === ":memory:"
      ? undefined
      : await startCheckpointer(db, config.DATABASE_PATH, {
          onError: (err) => logger.error({ err }, "the checkpoint worker failed: SQLite checkpoints in commits again"),
        }).catch((err: unknown) => {
          logger.error({ err }, "could not start the checkpoint worker: SQLite checkpoints in commits");
          return undefined;
        });
  const bot = await startBot({ config, db, clock, logger });
  // Proactive notices go out through the Bot Connector with the bot's own credentials (none for
  // the Playground), on the partner's schedule; the outbox of imports is drained every few seconds.
  const notifier =
    config.NOTIFY === "on"
      ? startNotifier({
          db,
          clock,
          sender: connectorSender({ appId: config.BOT_ID, appPassword: config.BOT_PASSWORD, tenantId: config.BOT_TENANT_ID, timeoutMs: 15_000 }),
          config: notifyConfig({ cron: config.NOTIFY_CRON, drainSeconds: config.NOTIFY_DRAIN_SECONDS }),
          log: logger,
        })
      : undefined;

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    await bot.stop();
    // Sends in flight finish and are recorded before the database closes; the lease is released.
    await notifier?.stop();
    await checkpointer?.stop();
    db.$client.close();
    logger.info("stopped");
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
} catch (err) {
  logger.fatal({ err }, "could not start");
  process.exitCode = 1;
}
