import type { Application } from "@microsoft/teams-ai";
import { mkdirSync } from "node:fs";
import type { Server } from "node:http";
import { dirname } from "node:path";
import { openDatabase, type Db } from "../db/client";
import { demoDocument } from "../db/demo/demo";
import { describeCounts, loadDocument } from "../db/import/load";
import { partners } from "../db/schema";
import { dayInZone } from "../domain/dates";
import { BotAdapter } from "./adapter";
import { createApp, type AppDeps } from "./app";
import { resolveHost, type Config } from "./config";
import { createExportLinks, randomSecret } from "./export";
import { phraserFromConfig } from "./faq/phrase";
import type { Logger } from "./logging";
import { close, createHttpServer, listen } from "./server";

export interface Prepared {
  db: Db;
  /** Lines describing what the demo load wrote; empty when the database already held data. */
  demo: string[];
}

/**
 * Opens (creating the folder if needed) and migrates the database; when it holds no partner yet,
 * loads the demo document with dates relative to today, through the same import as `npm run import`.
 */
export function prepareDatabase(path: string, clock: () => Date): Prepared {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = openDatabase(path);
  const empty = db.select({ id: partners.id }).from(partners).limit(1).all().length === 0;
  if (!empty) return { db, demo: [] };
  const result = loadDocument(db, demoDocument(dayInZone(clock(), "UTC")), { clock });
  if (!result.ok) {
    db.$client.close();
    throw new Error(`The demo data was refused:\n${result.problems.join("\n")}`);
  }
  return { db, demo: describeCounts(result.counts) };
}

export interface BotDeps {
  config: Config;
  db: Db;
  clock: () => Date;
  logger: Logger;
  /** Tests of the transport substitute their own commands. */
  commands?: AppDeps["commands"];
  /** The FAQ's language model; unset, the one the config names (OPENAI_* / AZURE_OPENAI_*), if any. */
  phraser?: AppDeps["phraser"];
}

export interface RunningBot {
  server: Server;
  app: Application;
  adapter: BotAdapter;
  /** Where it listens, e.g. http://127.0.0.1:3978 */
  url: string;
  /** Stops taking requests and waits for those in flight; the database is the caller's to close. */
  stop(): Promise<void>;
}

/**
 * Builds the adapter (auth from the config: none without BOT_ID, Bot Framework tokens with it), the
 * Teams app and the HTTP server, and listens: on loopback unless HOST says otherwise when auth is off.
 */
export async function startBot(deps: BotDeps): Promise<RunningBot> {
  const { config, db, logger } = deps;
  const adapter = new BotAdapter(config);
  // Export links point at PUBLIC_URL, or (unset) at the address the server ends up listening on.
  let publicUrl = config.PUBLIC_URL ?? "";
  const exports = createExportLinks({ secret: config.EXPORT_SECRET ?? randomSecret(), baseUrl: () => publicUrl, clock: deps.clock });
  const phraser = deps.phraser ?? phraserFromConfig(config);
  const app = createApp({ db, clock: deps.clock, config, logger, adapter, commands: deps.commands, exports, phraser });
  const healthy = () => db.$client.prepare("select 1").pluck().get() === 1;
  const server = createHttpServer({ adapter, app, logger, healthy, exports: { db, clock: deps.clock, links: exports } });
  const host = resolveHost(config);
  const address = await listen(server, config.PORT, host);
  const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${shown}:${address.port}`;
  publicUrl ||= url;
  logger.info({ url, auth: config.BOT_ID ? "bot-framework" : "off" }, "listening");
  if (!config.BOT_ID && !isLoopback(host)) {
    logger.warn({ host }, "authentication is off (no BOT_ID) and the endpoint is not on loopback: anyone who reaches it can act as any user");
  }
  return { server, app, adapter, url, stop: () => close(server) };
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}
