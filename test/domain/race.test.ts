import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { setPoolQuantity, type Ctx } from "../../domain";
import { clockAt, makeAssignment, makeCustomer, makePartner, makePool, makeUser } from "../support/factories";
import type { WriterCommand, WriterConfig, WriterMessage, WriterOutcome } from "./race/writer";

/*
 * Two writers, each its own OS process with its own connection to ONE SQLite file (WAL, busy
 * timeout, BEGIN IMMEDIATE: all from db/client.ts), race for the last seat of a pool through the
 * real `assign` and `changeSeats` verbs. The pool starts full. Each round the parent adds one seat
 * (the real `setPoolQuantity`, on a third connection), then starts the round in both writers at
 * once (an IPC message; no sleeps): four one-seat requests, two from each writer, both writers
 * opening with the same verb. However the race goes, exactly one request per round may win.
 */

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
const WRITER = join(HERE, "race/writer.ts");
const M365 = "cloud-backup-for-microsoft-365";
const DAY = "2026-03-01";

/** Per writer: customers holding one seat from the start (raised by `changeSeats`). */
const HELD = 10;
/** The pool starts full with the held seats; each round adds one seat. */
const START = 2 * HELD;
const ROUNDS = 30;

const dir = mkdtempSync(join(tmpdir(), "props-race-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill();
  rmSync(dir, { recursive: true, force: true });
});

function setUp(file: string) {
  const db = openDatabase(file);
  const partner = makePartner(db, { name: "Contoso MSP" });
  const pool = makePool(db, partner.id, { serviceId: M365, quantity: START });
  const owner = makeUser(db, partner.id, "administrator", "pool owner");
  const writers = ["writer-a", "writer-b"].map((name): WriterConfig => {
    const admin = makeUser(db, partner.id, "administrator", name);
    const held = Array.from({ length: HELD }, (_, i) => {
      const c = makeCustomer(db, partner.id, { name: `${name} held ${i}` });
      makeAssignment(db, { customerId: c.id, poolId: pool.id, quantity: 1, assignedOn: "2026-01-05", expiresOn: "2026-12-31" });
      return c.id;
    });
    const fresh = Array.from({ length: ROUNDS }, (_, i) => makeCustomer(db, partner.id, { name: `${name} fresh ${i}` }).id);
    return { file, at: `${DAY}T12:00:00Z`, partnerId: partner.id, aadObjectId: admin.aadObjectId, poolId: pool.id, serviceId: M365, fresh, held };
  });
  const ctx: Ctx = { db, clock: clockAt(DAY), actor: { kind: "user", partnerId: partner.id, aadObjectId: owner.aadObjectId, name: owner.name, role: "administrator" } };
  return { db, ctx, poolId: pool.id, writers };
}

/** A writer process, driven by messages: `next(type)` waits for its next message of that type. */
function launch(config: WriterConfig) {
  const child = spawn(process.execPath, ["--import", "tsx", WRITER, JSON.stringify(config)], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  children.push(child);
  const inbox: WriterMessage[] = [];
  let wake: () => void = () => {};
  let failure: Error | null = null;
  child.on("message", (m: WriterMessage) => {
    if (m.type === "error") failure = new Error(`writer failed: ${m.message}`);
    inbox.push(m);
    wake();
  });
  const exited = new Promise<number | null>((r) =>
    child.on("exit", (code) => {
      if (code !== 0) failure ??= new Error(`writer exited with ${code}`);
      wake();
      r(code);
    }),
  );
  return {
    send: (c: WriterCommand) => child.send(c),
    exited,
    async next<T extends WriterMessage["type"]>(type: T): Promise<Extract<WriterMessage, { type: T }>> {
      for (;;) {
        if (failure) throw failure;
        const i = inbox.findIndex((m) => m.type === type);
        if (i >= 0) return inbox.splice(i, 1)[0] as Extract<WriterMessage, { type: T }>;
        await new Promise<void>((r) => (wake = r));
      }
    },
  };
}

describe("two processes racing for the last seat of a pool (P8)", () => {
  it("P8: writers on one SQLite file never oversubscribe: one win per seat added, the pool ends exactly full, every refusal is for capacity, every win is audited", async () => {
    const file = join(dir, "race.db");
    const { db, ctx, poolId, writers } = setUp(file);

    const procs = writers.map(launch);
    await Promise.all(procs.map((p) => p.next("ready")));
    const rounds: WriterOutcome[][] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const grown = setPoolQuantity(ctx, { poolId, quantity: START + round + 1 });
      expect(grown.ok).toBe(true);
      // Alternate who hears first, so neither writer is favoured by the order of the messages.
      for (const p of round % 2 === 0 ? procs : [...procs].reverse()) p.send({ type: "round", round });
      const done = await Promise.all(procs.map((p) => p.next("round")));
      rounds.push(done.flatMap((d) => d.outcomes));
    }
    for (const p of procs) p.send({ type: "stop" });
    expect(await Promise.all(procs.map((p) => p.exited))).toEqual([0, 0]);

    // Read back with this test's own SQL.
    const sql = db.$client;
    const taken = (
      sql
        .prepare(`select coalesce(sum(quantity), 0) as n from assignments where pool_id = ? and assigned_on <= ? and ? <= expires_on and (ended_on is null or ? < ended_on)`)
        .get(poolId, DAY, DAY, DAY) as { n: number }
    ).n;
    const capacity = (sql.prepare(`select quantity from pools where id = ?`).get(poolId) as { quantity: number }).quantity;
    const audited = writers.map((w) => (sql.prepare(`select count(*) as n from audit_log where actor_id = ? and action in ('assign', 'seats')`).get(w.aadObjectId) as { n: number }).n);
    const drift = sql
      .prepare(`select a.id from assignments a where a.quantity <> (select q.quantity from assignment_quantities q where q.assignment_id = a.id order by q.id desc limit 1)`)
      .all();
    sql.close();

    const all = rounds.flat();
    const wins = writers.map((w) => all.filter((o) => o.ok && w.fresh.concat(w.held).includes(o.customerId)).length);
    // P8: each round's one new seat went to exactly one of its four requests, and no further.
    expect(rounds.map((r) => r.filter((o) => o.ok).length)).toEqual(Array(ROUNDS).fill(1));
    expect(capacity).toBe(START + ROUNDS);
    expect(taken).toBe(capacity);
    // Every refusal is the capacity one, naming the rule.
    expect(new Set(all.filter((o) => !o.ok).map((o) => `${o.code} ${o.rule}`))).toEqual(new Set(["INSUFFICIENT_CAPACITY P8"]));
    // One audit row per win, by the writer that won; quantities agree with their history.
    expect(audited).toEqual(wins);
    expect(drift).toEqual([]);
  }, 30_000);
});
