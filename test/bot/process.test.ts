import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { personalMessage } from "./support/activities";
import { startFakeConnector } from "./support/connector";

/**
 * bot/index.ts as `npm start` runs it, in a child process: configuration errors, start-up, a real
 * request, and a clean stop on SIGTERM. (Node with tsx's loader, so the signal reaches the bot
 * itself rather than a wrapper.)
 */
const ROOT = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "srv-bot-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(env: Record<string, string>): { child: ChildProcess; lines: AsyncIterableIterator<string>; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", "bot/index.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
  return { child, lines: createInterface({ input: child.stdout! })[Symbol.asyncIterator](), stderr: () => err, exited };
}

async function lineWith(lines: AsyncIterableIterator<string>, msg: string): Promise<any> {
  for (;;) {
    const next = await lines.next();
    if (next.done) throw new Error(`the bot stopped before logging "${msg}"`);
    const line = JSON.parse(next.value);
    if (line.msg === msg) return line;
  }
}

describe("npm start (bot/index.ts)", () => {
  it("refuses to start on a bad configuration, naming every bad variable", async () => {
    const bot = start({ PORT: "eighty", BOT_TYPE: "Tenantless", DATABASE_PATH: join(dir, "never.db") });
    expect(await bot.exited).toBe(1);
    expect(bot.stderr()).toContain("Invalid configuration:");
    expect(bot.stderr()).toContain("PORT must be a port number");
    expect(bot.stderr()).toContain("BOT_TYPE must be MultiTenant, SingleTenant or UserAssignedMSI");
    expect(bot.stderr()).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, "never.db"))).toBe(false);
  }, 60_000);

  it("loads the demo, serves a message on loopback, and on SIGTERM stops and closes the database", async () => {
    const database = join(dir, "licensing.db");
    const connector = await startFakeConnector();
    const bot = start({ PORT: "0", DATABASE_PATH: database, LOG_LEVEL: "info" });
    try {
      const demo = await lineWith(bot.lines, "loaded the demo data");
      expect(demo.loaded.length).toBeGreaterThan(0);
      const { url } = await lineWith(bot.lines, "listening");
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: "ok" });
      const res = await fetch(`${url}/api/messages`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(personalMessage("help", { serviceUrl: connector.url })),
      });
      expect(res.status).toBe(200);
      expect(connector.messages()).toHaveLength(1);

      bot.child.kill("SIGTERM");
      await lineWith(bot.lines, "stopped");
      expect(await bot.exited).toBe(0);
      // SQLite removes the WAL files when the last connection closes cleanly.
      expect(existsSync(database)).toBe(true);
      expect(existsSync(`${database}-wal`)).toBe(false);
    } finally {
      bot.child.kill("SIGKILL");
      await connector.close();
    }
  }, 60_000);
});
