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
const logger = createLogger(config.LOG_LEVEL);
const clock = () => new Date();

try {
  const { db, demo } = prepareDatabase(config.DATABASE_PATH, clock);
  if (demo.length > 0) logger.info({ path: config.DATABASE_PATH, loaded: demo }, "loaded the demo data");
  logger.info({ path: config.DATABASE_PATH }, "database ready");
  const bot = await startBot({ config, db, clock, logger });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    await bot.stop();
    db.$client.close();
    logger.info("stopped");
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
} catch (err) {
  logger.fatal({ err }, "could not start");
  process.exitCode = 1;
}
