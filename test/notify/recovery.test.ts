import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createNotifier } from "../../bot/notify/notifier";
import { connectorSender, type Sender } from "../../bot/notify/sender";
import { leaseHolder } from "../../bot/notify/store";
import { openDatabase, type Db } from "../../db/client";
import { domainEvents } from "../../db/schema";
import { makeAssignment, makeCustomer, makePool, testDb } from "../support/factories";
import { FakeConnector } from "./support/fakeConnector";
import { virtualTime, type VirtualTime } from "./support/virtualTime";
import { addChannel, partnerWithChat, rows } from "./support/world";

const START = "2026-03-01T08:00:00Z";
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function connector(now: () => number): Promise<FakeConnector> {
  const fake = await new FakeConnector(now).start();
  cleanup.push(() => fake.close());
  return fake;
}

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "notify-"));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, "licensing.db");
}

/** Partners each with an expiring assignment, a subscribed chat, `channels` subscribed channels, and one outbox event. */
function seed(db: Db, clock: () => Date, url: string, partners: number, channels = 0): string[] {
  const conversations: string[] = [];
  for (let i = 0; i < partners; i++) {
    const w = partnerWithChat(db, clock, url);
    const pool = makePool(db, w.partner.id);
    const c = makeCustomer(db, w.partner.id);
    makeAssignment(db, { customerId: c.id, poolId: pool.id, assignedOn: "2026-02-01", expiresOn: "2026-03-08" });
    db.insert(domainEvents).values({ partnerId: w.partner.id, kind: "merged_pool_overage", payload: { sourceKey: `k${i}`, serviceId: "cloud-backup-for-microsoft-365", on: "2026-03-16", capacity: 5, assigned: 8 }, at: START }).run();
    conversations.push(w.conversationId);
    for (let j = 0; j < channels; j++) conversations.push(addChannel(db, clock, url, w.partner, w.admin));
  }
  return conversations;
}

const tracked = (vt: VirtualTime, inner: Sender): Sender => ({ send: (r, a) => vt.track(inner.send(r, a)) });
const never = <T>() => new Promise<T>(() => {});

/** How many cards each conversation received. */
function perConversation(fake: FakeConnector): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of fake.deliveries) m.set(d.conversationId, (m.get(d.conversationId) ?? 0) + 1);
  return m;
}

describe("crash and restart", () => {
  it("a crash between claim and send: after restart each card is delivered exactly once", async () => {
    const vt = virtualTime(START);
    const fake = await connector(vt.now);
    const db = testDb();
    const conversations = seed(db, vt.clock, fake.url, 3);
    // Process A claims, then dies before anything reaches Teams (its sends never start).
    const a = createNotifier({ db, clock: vt.clock, sender: { send: () => never() }, sleep: vt.sleep, holder: "A" });
    void a.sweep(vt.clock());
    await new Promise((r) => setImmediate(r));
    expect(rows(db, "select count(*) n from notices where status = 'claimed'")[0]!.n).toBeGreaterThan(0);
    expect(fake.deliveries).toHaveLength(0);

    // Process B starts: A's lease is still live, so B sends nothing yet...
    const b = createNotifier({ db, clock: vt.clock, sender: tracked(vt, connectorSender({ now: vt.now })), sleep: vt.sleep, holder: "B" });
    expect((await b.deliver()).sent).toBe(0);
    // ...until it lapses; then B sends every leftover claim, once.
    vt.advance(b.config.leaseMs);
    const report = await b.deliver();
    expect(report.sent).toBe(3);
    expect(perConversation(fake)).toEqual(new Map(conversations.map((c) => [c, 1])));
    expect(rows(db, "select distinct status from notices")).toEqual([{ status: "sent" }]);
    // And nothing more on another pass or another sweep the same day.
    await b.deliver();
    await b.sweep(vt.clock());
    expect(fake.deliveries).toHaveLength(3);
  });

  it("the documented window: Teams accepted the card, the process died before recording it, the card repeats once", async () => {
    const vt = virtualTime(START);
    const fake = await connector(vt.now);
    const db = testDb();
    const [conversation] = seed(db, vt.clock, fake.url, 1);
    const inner = connectorSender({ now: vt.now });
    // A's send reaches Teams, then A dies before recordSent.
    const a = createNotifier({ db, clock: vt.clock, sender: { send: async (r, act) => (await inner.send(r, act), never()) }, sleep: vt.sleep, holder: "A" });
    void a.sweep(vt.clock());
    while (fake.deliveries.length === 0) await new Promise((r) => setTimeout(r, 5));
    expect(rows(db, "select distinct status from notices")).toEqual([{ status: "claimed" }]);

    vt.advance(a.config.leaseMs);
    const b = createNotifier({ db, clock: vt.clock, sender: tracked(vt, inner), sleep: vt.sleep, holder: "B" });
    expect((await b.deliver()).sent).toBe(1);
    expect(fake.deliveredTo(conversation!)).toHaveLength(2);
    await b.deliver();
    await b.sweep(vt.clock());
    expect(fake.deliveredTo(conversation!)).toHaveLength(2);
  });

  it("stop() lets a send in flight finish and be recorded, then releases the lease at once", async () => {
    const vt = virtualTime(START);
    const fake = await connector(vt.now);
    const db = testDb();
    const [slow, ...others] = seed(db, vt.clock, fake.url, 1, 3);
    fake.script(slow!, { status: 201, delayMs: 400 });
    const a = createNotifier({ db, clock: vt.clock, sender: tracked(vt, connectorSender({ now: vt.now })), sleep: vt.sleep, holder: "A" });
    const sweeping = a.sweep(vt.clock());
    while (fake.deliveries.length < others.length) await new Promise((r) => setTimeout(r, 5));
    await a.stop();
    await sweeping;
    expect(fake.deliveredTo(slow!)).toHaveLength(1);
    expect(rows(db, "select distinct status from notices where conversation_id = ?", slow)).toEqual([{ status: "sent" }]);
    expect(leaseHolder(db, vt.now())).toBeNull();
    expect((await a.sweep(vt.clock())).reason).toBe("stopped");
  });
});

describe("two processes on one database file", () => {
  it("two connections with their own leases, sweeping and draining at once, send each card once", async () => {
    const vt = virtualTime(START);
    const fake = await connector(vt.now);
    const file = tempFile();
    const db1 = openDatabase(file);
    cleanup.push(() => void db1.$client.close());
    const conversations = seed(db1, vt.clock, fake.url, 5, 1);
    const db2 = openDatabase(file);
    cleanup.push(() => void db2.$client.close());
    const sender = () => tracked(vt, connectorSender({ now: vt.now }));
    const one = createNotifier({ db: db1, clock: vt.clock, sender: sender(), sleep: vt.sleep, holder: "one" });
    const two = createNotifier({ db: db2, clock: vt.clock, sender: sender(), sleep: vt.sleep, holder: "two" });
    const reports = await Promise.all([one.sweep(vt.clock()), two.sweep(vt.clock()), two.drain(vt.clock()), one.drain(vt.clock())]);
    expect(reports.map((r) => r.ran)).toEqual([true, false, false, true]);
    // One card per conversation: the daily digest, which carries the pending outbox events too.
    expect(perConversation(fake)).toEqual(new Map(conversations.map((c) => [c, 1])));
    expect(rows(db1, "select count(*) n from domain_events where delivered_at is null")).toEqual([{ n: 0 }]);
    expect(rows(db1, "select count(*) n from notices where status <> 'sent'")).toEqual([{ n: 0 }]);
    expect(fake.violations).toEqual([]);
  });

  // Two real processes cost two tsx start-ups (seconds each on a loaded 2-core machine): opt in
  // with NOTIFY_PROCESSES=1. The test above runs the same race on two connections every time.
  it.runIf(process.env.NOTIFY_PROCESSES === "1")("two OS processes racing on one file: every card once", async () => {
    const fake = await connector(Date.now);
    const file = tempFile();
    const db = openDatabase(file);
    const now = new Date(START);
    const conversations = seed(db, () => now, fake.url, 20);
    db.$client.close();
    const script = resolve(import.meta.dirname, "support/sweeper.ts");
    const children = ["p1", "p2"].map((holder) => spawn(process.execPath, ["--import", "tsx", script, file, START, holder], { cwd: resolve(import.meta.dirname, "../.."), stdio: ["pipe", "pipe", "inherit"] }));
    const outputs = children.map(
      (child) =>
        new Promise<string[]>((done, fail) => {
          const lines: string[] = [];
          let buffer = "";
          child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
            buffer += chunk;
            const parts = buffer.split("\n");
            buffer = parts.pop()!;
            lines.push(...parts);
            if (parts.includes("ready")) ready();
          });
          child.on("exit", (code) => (code === 0 ? done(lines) : fail(new Error(`sweeper exited ${code}`))));
        }),
    );
    let readyCount = 0;
    function ready() {
      // Both loaded: release them together.
      if (++readyCount === children.length) for (const c of children) c.stdin!.end("go\n");
    }
    const reports = (await Promise.all(outputs)).map((lines) => JSON.parse(lines.at(-1)!) as { holder: string; report: { ran: boolean } });
    expect(reports.filter((r) => r.report.ran)).toHaveLength(1);
    expect(perConversation(fake)).toEqual(new Map(conversations.map((c) => [c, 1])));
  }, 60_000);
});
