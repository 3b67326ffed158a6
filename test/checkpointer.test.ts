import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startCheckpointer } from "../db/checkpointer";
import { openDatabase } from "../db/client";

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

function fileDb() {
  const dir = mkdtempSync(join(tmpdir(), "checkpointer-"));
  dirs.push(dir);
  const file = join(dir, "bot.db");
  return { file, db: openDatabase(file) };
}

function writeRows(db: ReturnType<typeof openDatabase>, n: number) {
  const insert = db.$client.prepare("insert into change_counters (name, value) values (?, 0)");
  for (let i = 0; i < n; i++) db.$client.transaction(() => insert.run(`${i}`.padEnd(2000, "x")))();
}

/** db/checkpointer.ts: the bot's commits no longer copy the log into the database file themselves. */
describe("WAL checkpoints from a worker", () => {
  it("takes checkpoints off the bot's connection, checkpoints in the worker, and gives them back when stopped", async () => {
    const { file, db } = fileDb();
    const pragma = (name: string) => db.$client.pragma(name, { simple: true });
    expect(pragma("wal_autocheckpoint")).toBe(1000);

    const cp = await startCheckpointer(db, file, { intervalMs: 60_000 });
    try {
      expect(pragma("wal_autocheckpoint")).toBe(0);
      // Far past the 1,000 pages at which a commit would have checkpointed: nothing was copied.
      writeRows(db, 1500);
      const walPages = statSync(`${file}-wal`).size / 4096;
      expect(walPages).toBeGreaterThan(1500);

      const r = await cp.checkpointNow();
      expect(r.busy).toBe(false);
      expect(r.log).toBeGreaterThan(1500);
      expect(r.checkpointed).toBe(r.log);
    } finally {
      await cp.stop();
    }
    expect(pragma("wal_autocheckpoint")).toBe(1000);
    await expect(cp.checkpointNow()).rejects.toThrow("not running");
    db.$client.close();
  });

  it("leaves SQLite's own checkpoints on when the worker cannot start", async () => {
    const { file, db } = fileDb();
    await expect(startCheckpointer(db, join(file, "not-a-folder", "x.db"), { intervalMs: 60_000 })).rejects.toThrow();
    expect(db.$client.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    db.$client.close();
  });
});
