/**
 * The process under load in `npm run bench:http` (forked by test/bench/http.ts): the real bot, as
 * `npm start` builds it (startBot: config, adapter, app, node:http server; auth off, loopback), over
 * the benchmark's database file, and beside it the bare echo bot (./echo.ts), once on teams-ai's
 * adapter and once on ours. It logs as the real bot does (pino, JSON lines at info) into /dev/null,
 * so formatting a log line is counted and writing it to a terminal is not. The parent asks over IPC
 * for CPU time, CPU profiles and counts.
 */
import { Session } from "node:inspector/promises";
import { writeFileSync } from "node:fs";
import { pino } from "pino";
import { startCheckpointer } from "../../../db/checkpointer";
import { openDatabase } from "../../../db/client";
import { loadConfig } from "../../../bot/config";
import { createLogger } from "../../../bot/logging";
import { startBot } from "../../../bot/startup";
import { startEchoBot } from "./echo";
import type { FromBot, ToBot } from "./ipc";

const file = process.env.HTTP_BENCH_DB;
const now = process.env.HTTP_BENCH_NOW;
if (!file || !now || !process.send) throw new Error("test/bench/http/bot.ts is started by test/bench/http.ts");
const send = (m: FromBot) => process.send!(m);

const at = new Date(now);
const clock = () => at;
// No BOT_ID: authentication off, loopback only. NOTIFY is irrelevant: startBot does not start the notifier.
const config = loadConfig({ PORT: "0", DATABASE_PATH: file, LOG_LEVEL: "info" });
const logger = createLogger(config.LOG_LEVEL, pino.destination({ dest: "/dev/null", sync: true }));
const db = openDatabase(file);
// As bot/index.ts does for `npm start`: WAL checkpoints in a worker thread.
const checkpointer = await startCheckpointer(db, file);
const bot = await startBot({ config, db, clock, logger });
const echo = await startEchoBot(config, logger);
const echoOurs = await startEchoBot(config, logger, { adapter: "ours" });

const inspector = new Session();
inspector.connect();

process.on("message", async (m: ToBot) => {
  switch (m.type) {
    case "cpu":
      return send({ type: "cpu", usage: process.cpuUsage(), rss: process.memoryUsage().rss });
    case "profile-start":
      await inspector.post("Profiler.enable");
      // 250 µs: fine enough for turns of a few milliseconds, coarse enough to cost little.
      await inspector.post("Profiler.setSamplingInterval", { interval: 250 });
      await inspector.post("Profiler.start");
      return send({ type: "profile-started" });
    case "profile-stop": {
      const { profile } = await inspector.post("Profiler.stop");
      writeFileSync(m.file, JSON.stringify(profile));
      return send({ type: "profile-stopped", file: m.file });
    }
    case "counts": {
      const s = db.$client;
      const rows = s.prepare("select status, count(*) n from pending_changes group by status").all() as { status: string; n: number }[];
      const assignments = (s.prepare("select count(*) n from assignments").get() as { n: number }).n;
      return send({ type: "counts", pending: Object.fromEntries(rows.map((r) => [r.status, r.n])), assignments });
    }
    case "stop":
      await bot.stop();
      await echo.stop();
      await echoOurs.stop();
      inspector.disconnect();
      await checkpointer.stop();
      db.$client.close();
      send({ type: "stopped" });
      process.disconnect();
      return;
  }
});

send({ type: "ready", botUrl: bot.url, echoUrl: echo.url, echoOursUrl: echoOurs.url, pid: process.pid });
