import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { createInterface } from "node:readline";

/** The repository root: the bot runs from here, as `npm start` does. */
export const ROOT = resolve(import.meta.dirname, "../../..");

export interface Running {
  readonly name: string;
  readonly child: ChildProcess;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves with how it ended. */
  stop(graceMs?: number): Promise<string>;
}

interface StartOptions {
  name: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Every stdout and stderr line goes here too (kept as test output). */
  logFile: string;
  /** Resolves the start once a stdout line gives what the caller waits for. */
  ready: (line: string) => string | undefined;
  timeoutMs: number;
}

/** Starts `node ...args` and waits for the line that says it is ready; a child that dies first fails the start. */
async function startNode(o: StartOptions): Promise<{ running: Running; value: string }> {
  const log = createWriteStream(o.logFile);
  const child = spawn(process.execPath, o.args, { cwd: o.cwd, env: o.env, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<string>((done) => child.once("exit", (code, signal) => done(signal ?? `exit ${code}`)));
  const running: Running = {
    name: o.name,
    child,
    async stop(graceMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
        const how = await exited;
        clearTimeout(timer);
        log.end();
        return how;
      }
      log.end();
      return exited;
    },
  };
  child.stderr!.on("data", (chunk: Buffer) => log.write(chunk));
  const value = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`${o.name} was not ready within ${o.timeoutMs} ms (log: ${o.logFile})`)), o.timeoutMs);
    void exited.then((how) => fail(new Error(`${o.name} stopped before it was ready (${how}); log: ${o.logFile}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      log.write(line + "\n");
      const v = o.ready(line);
      if (v !== undefined) {
        clearTimeout(timer);
        done(v);
      }
    });
  }).catch(async (err: unknown) => {
    await running.stop(2_000);
    throw err;
  });
  return { running, value };
}

/**
 * The bot as `npm start` runs it, on its own database and any free port, auth off (no BOT_ID), with
 * a notification sweep every two seconds so the digest comes while the test watches.
 */
export async function startBot(o: { databasePath: string; logFile: string }): Promise<{ bot: Running; url: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (/^(BOT_|OPENAI_|AZURE_OPENAI_|PUBLIC_URL$|EXPORT_SECRET$)/.test(k)) delete env[k];
  Object.assign(env, {
    DATABASE_PATH: o.databasePath,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    NOTIFY: "on",
    NOTIFY_CRON: "*/2 * * * * *",
    NOTIFY_DRAIN_SECONDS: "1",
  });
  const { running, value } = await startNode({
    name: "bot",
    args: ["--import", "tsx", "bot/index.ts"],
    cwd: ROOT,
    env,
    logFile: o.logFile,
    // pino JSON lines; the "listening" one carries the address it ended up on.
    ready: (line) => {
      if (!line.startsWith("{")) return undefined;
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      return entry.msg === "listening" ? entry.url : undefined;
    },
    timeoutMs: 90_000,
  });
  return { bot: running, url: value };
}

/**
 * The Microsoft 365 Agents Playground (the dev dependency's own CLI, as `npm run playground`) on a
 * free port, talking to the bot as Teams would, with no browser of its own. It runs in `cwd` so that
 * its log and any developer's `.m365agentsplayground.yml` (another signed-in user) stay out of the test.
 */
export async function startPlayground(o: { botUrl: string; cwd: string; logFile: string }): Promise<{ playground: Running; url: string }> {
  const cli = createRequire(import.meta.url).resolve("@microsoft/m365agentsplayground/cli.js");
  const { running, value } = await startNode({
    name: "playground",
    args: [cli, "-e", `${o.botUrl}/api/messages`, "-c", "msteams", "--disable-telemetry", "-p", "0"],
    cwd: o.cwd,
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: "none" },
    logFile: o.logFile,
    ready: (line) => /Listening on (\d+)/.exec(line)?.[1],
    timeoutMs: 60_000,
  });
  return { playground: running, url: `http://localhost:${value}/` };
}
