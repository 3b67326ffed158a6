import type { Db } from "../../../db/client";
import type { AppDeps } from "../../../bot/app";
import { runCommand } from "../../../bot/commands";
import { loadConfig } from "../../../bot/config";
import { createLogger } from "../../../bot/logging";
import { prepareDatabase, startBot, type RunningBot } from "../../../bot/startup";
import { startFakeConnector, type FakeConnector } from "./connector";

/** The instant every bot test runs at: demo dates are relative to it, so answers never drift. */
export const FIXED_NOW = new Date("2026-03-02T09:00:00Z");

export interface TestBotOptions {
  /** Environment variables on top of PORT=0 and an in-memory database. */
  env?: Record<string, string>;
  clock?: () => Date;
  /** Commands to run instead of bot/commands (for tests of the transport alone). */
  commands?: Commands;
  /** The FAQ's language model (a fake: tests make no network calls). */
  phraser?: AppDeps["phraser"];
}

type Commands = NonNullable<AppDeps["commands"]>;

export interface Posted {
  status: number;
  headers: Headers;
  text: string;
  /** The response body parsed as JSON, when it is JSON. */
  json: any;
}

export interface TestBot {
  /** The bot's base url, e.g. http://127.0.0.1:41234 */
  url: string;
  connector: FakeConnector;
  db: Db;
  bot: RunningBot;
  /** Runs these commands from now on (`undefined`: the real ones in bot/commands). */
  useCommands(commands: Commands | undefined): void;
  /** Every log line written so far, parsed. */
  logs(): any[];
  /** Every log line written so far, as written. */
  rawLogs(): string;
  /** POSTs to /api/messages: an object is sent as JSON, a string or Buffer as is. */
  post(body: unknown, headers?: Record<string, string>): Promise<Posted>;
  get(path: string): Promise<Posted>;
  close(): Promise<void>;
}

/**
 * The real server (bot/startup.ts's startBot, as `npm start` runs it) on a free loopback port,
 * over an in-memory database loaded with the demo data at a fixed clock, logging into memory, with
 * a fake Bot Connector for its replies.
 */
export async function startTestBot(options: TestBotOptions = {}): Promise<TestBot> {
  const clock = options.clock ?? (() => FIXED_NOW);
  const config = loadConfig({ PORT: "0", DATABASE_PATH: ":memory:", LOG_LEVEL: "debug", ...options.env });
  const lines: string[] = [];
  const logger = createLogger(config.LOG_LEVEL, { write: (line: string) => void lines.push(line) });
  const { db } = prepareDatabase(config.DATABASE_PATH, clock);
  const connector = await startFakeConnector();
  let current = options.commands;
  const commands: Commands = (ctx, input) => (current ?? runCommand)(ctx, input);
  const bot = await startBot({ config, db, clock, logger, commands, ...(options.phraser ? { phraser: options.phraser } : {}) });

  const request = async (path: string, init: RequestInit): Promise<Posted> => {
    const res = await fetch(`${bot.url}${path}`, init);
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };

  return {
    url: bot.url,
    connector,
    db,
    bot,
    useCommands: (next) => void (current = next),
    logs: () => lines.map((l) => JSON.parse(l)),
    rawLogs: () => lines.join(""),
    post: (body, headers = {}) =>
      request("/api/messages", {
        method: "POST",
        headers: { "Content-Type": "application/json", ...headers },
        body: typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body),
      }),
    get: (path) => request(path, { method: "GET" }),
    close: async () => {
      await bot.stop();
      await connector.close();
      db.$client.close();
    },
  };
}
