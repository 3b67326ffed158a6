/**
 * WAL checkpoints off the request path. By default SQLite checkpoints inside the COMMIT that takes
 * the write-ahead log past 1,000 pages: that commit copies about 4 MB into the database file and
 * syncs it, on the one thread that serves every request, and the chat turn that happened to write
 * waits 10 to 15 ms (docs/http-bench.md). The bot process instead turns automatic checkpoints off
 * on its connection and runs passive checkpoints from a worker thread with a connection of its own:
 * readers and writers carry on meanwhile, as WAL mode allows.
 *
 * Only for a database file (":memory:" has no log to checkpoint). If the worker cannot start or
 * dies, automatic checkpoints are turned back on, so the log never grows without bound.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { Db } from "./client";

export interface CheckpointResult {
  /** Pages in the log, and how many of them are now in the database file (PRAGMA wal_checkpoint). */
  log: number;
  checkpointed: number;
  busy: boolean;
}

export interface Checkpointer {
  /** Checkpoints now, in the worker; resolves with what SQLite reports. */
  checkpointNow(): Promise<CheckpointResult>;
  /** A last checkpoint, the worker's connection closed and automatic checkpoints back on. */
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  /** Between two passive checkpoints. */
  intervalMs?: number;
  /** Told when the worker fails and automatic checkpoints are back on. */
  onError?: (err: Error) => void;
}

/** How long stop() waits for a last checkpoint before ending the worker (a wedged one must not hold up shutdown). */
const STOP_TIMEOUT_MS = 5_000;
/** SQLite's own default, restored whenever the worker is not running. */
const AUTO_PAGES = 1000;
/** The log file is cut back to this size when it restarts, so one burst of writes does not leave it large. */
const LOG_LIMIT_BYTES = 64 * 1024 * 1024;

// CommonJS for an eval'd worker: it needs no loader for TypeScript, whatever runs the bot.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 5000");
const checkpoint = () => {
  const [r] = db.pragma("wal_checkpoint(PASSIVE)");
  return { log: r.log, checkpointed: r.checkpointed, busy: r.busy === 1 };
};
const timer = setInterval(() => {
  try { checkpoint(); } catch (err) { parentPort.postMessage({ type: "error", message: String(err && err.message || err) }); }
}, workerData.intervalMs);
parentPort.on("message", (m) => {
  if (m.type === "now") {
    try { parentPort.postMessage({ type: "done", id: m.id, result: checkpoint() }); }
    catch (err) { parentPort.postMessage({ type: "done", id: m.id, error: String(err && err.message || err) }); }
  } else if (m.type === "stop") {
    clearInterval(timer);
    try { checkpoint(); } finally { db.close(); parentPort.close(); }
  }
});
parentPort.postMessage({ type: "ready" });
`;

type FromWorker =
  | { type: "ready" }
  | { type: "error"; message: string }
  | { type: "done"; id: number; result?: CheckpointResult; error?: string };

/** Starts checkpointing `file` (the file `db` has open) from a worker; resolves once it is running. */
export async function startCheckpointer(db: Db, file: string, options: CheckpointerOptions = {}): Promise<Checkpointer> {
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { file, driver: createRequire(import.meta.url).resolve("better-sqlite3"), intervalMs: options.intervalMs ?? 1000 },
  });
  const waiting = new Map<number, { resolve: (r: CheckpointResult) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let running = false;
  let stopped = false;

  let ended = false;
  // The worker is gone or failing: SQLite checkpoints in the bot's commits again (once).
  const fallBack = (err: Error) => {
    if (ended) return;
    ended = true;
    if (running && db.$client.open) db.$client.pragma(`wal_autocheckpoint = ${AUTO_PAGES}`);
    running = false;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
    if (stopped) return;
    options.onError?.(err);
    void worker.terminate();
  };

  await new Promise<void>((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", (m: FromWorker) => (m.type === "ready" ? resolve() : reject(new Error(`checkpoint worker: ${JSON.stringify(m)}`))));
  });
  running = true;
  db.$client.pragma("wal_autocheckpoint = 0");
  db.$client.pragma(`journal_size_limit = ${LOG_LIMIT_BYTES}`);

  worker.on("message", (m: FromWorker) => {
    if (m.type === "error") return fallBack(new Error(`checkpoint worker: ${m.message}`));
    if (m.type !== "done") return;
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.result) w?.resolve(m.result);
    else w?.reject(new Error(`checkpoint worker: ${m.error}`));
  });
  worker.on("error", (err) => fallBack(err));
  worker.on("exit", (code) => fallBack(new Error(`checkpoint worker exited (${code})`)));
  // It must not keep the process up (after the listeners: adding one references the worker again).
  worker.unref();

  return {
    checkpointNow() {
      if (!running) return Promise.reject(new Error("the checkpoint worker is not running"));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ type: "now", id });
      });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (!running) return;
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      // Unreferenced while running (it must not keep the process up); waited for now, a while.
      worker.ref();
      worker.postMessage({ type: "stop" });
      const timer = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
