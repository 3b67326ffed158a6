import { afterEach, describe, expect, it } from "vitest";
import { createNotifier, type NotifierDeps } from "../../bot/notify/notifier";
import { connectorSender, type Sender } from "../../bot/notify/sender";
import { claimPlan } from "../../bot/notify/store";
import type { NotifyLog } from "../../bot/notify/deliver";
import type { Db } from "../../db/client";
import { domainEvents } from "../../db/schema";
import { planOutbox } from "../../domain/notices";
import { makeAssignment, makeCustomer, makePool, testDb } from "../support/factories";
import { FakeConnector } from "./support/fakeConnector";
import { virtualTime, type VirtualTime } from "./support/virtualTime";
import { addChannel, partnerWithChat, rows } from "./support/world";

const START = "2026-03-01T08:00:00Z";
let fake: FakeConnector | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

interface Logged {
  msg: string;
  obj: Record<string, unknown>;
}

async function setup(config: NotifierDeps["config"] = {}) {
  const vt = virtualTime(START);
  fake = await new FakeConnector(vt.now).start();
  const db = testDb();
  const logged: Logged[] = [];
  const log: NotifyLog = {
    info: (obj, msg) => logged.push({ obj: obj as Record<string, unknown>, msg }),
    warn: (obj, msg) => logged.push({ obj: obj as Record<string, unknown>, msg }),
    error: (obj, msg) => logged.push({ obj: obj as Record<string, unknown>, msg }),
  };
  const inner = connectorSender({ now: vt.now, timeoutMs: 5_000 });
  // The virtual clock stands still while a request is on the wire.
  const sender: Sender = { send: (ref, activity) => vt.track(inner.send(ref, activity)) };
  const notifier = createNotifier({ db, clock: vt.clock, sender, sleep: vt.sleep, random: () => 0.5, log, config });
  return { vt, fake, db, notifier, logged };
}

/** A partner whose chat (and `channels` channels) will each get one digest at the 08:00 sweep. */
function dueWorld(db: Db, vt: VirtualTime, url: string, channels = 0) {
  const w = partnerWithChat(db, vt.clock, url);
  const pool = makePool(db, w.partner.id);
  const c = makeCustomer(db, w.partner.id, { name: "Fabrikam" });
  makeAssignment(db, { customerId: c.id, poolId: pool.id, assignedOn: "2026-02-01", expiresOn: "2026-03-08" });
  const conversations = [w.conversationId];
  for (let i = 0; i < channels; i++) conversations.push(addChannel(db, vt.clock, url, w.partner, w.admin));
  return { ...w, conversations };
}

describe("delivery against a fake Bot Connector that enforces Teams' limits", () => {
  it("every due digest is delivered exactly once, as a card, and the per-tenant window (50/s) is never exceeded", async () => {
    const { vt, fake, db, notifier } = await setup();
    const w = dueWorld(db, vt, fake.url, 59);
    const report = await notifier.sweep(vt.clock());
    expect(report).toMatchObject({ ran: true, claimed: 60, delivery: { sent: 60, failed: 0, dropped: 0 } });
    expect(fake.deliveries).toHaveLength(60);
    expect(new Set(fake.deliveries.map((d) => d.conversationId))).toEqual(new Set(w.conversations));
    expect(fake.violations).toEqual([]);
    // 60 sends at 50 a second take more than a second (of the virtual clock).
    expect(vt.now() - Date.parse(START)).toBeGreaterThanOrEqual(1_000);
    const first = fake.deliveries[0]!.activity as { type: string; summary: string; attachments: { contentType: string; content: { type: string } }[]; from: { id: string } };
    expect(first).toMatchObject({ type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: { type: "AdaptiveCard" } }], from: { id: "28:licensing-bot" } });
    expect(first.summary).toMatch(/assignment/);
    expect(rows(db, "select status, count(*) n from notices group by status")).toEqual([{ status: "sent", n: rows(db, "select count(*) n from notices")[0]!.n }]);
    // Nothing new the next hour: no second card anywhere.
    const again = await notifier.sweep(new Date(vt.now() + 3_600_000));
    expect(again).toMatchObject({ ran: true, claimed: 0 });
    expect(fake.deliveries).toHaveLength(60);
  });

  it("one conversation receiving 70 cards keeps 7 per second, 8 per 2 s and 60 per 30 s", async () => {
    const { vt, fake, db, notifier } = await setup();
    const w = partnerWithChat(db, vt.clock, fake.url);
    for (let i = 0; i < 70; i++) {
      db.insert(domainEvents).values({ partnerId: w.partner.id, kind: "merged_pool_overage", payload: { sourceKey: `k${i}`, serviceId: "cloud-backup-for-microsoft-365", on: "2026-03-16", capacity: 5, assigned: 8 }, at: START }).run();
      claimPlan(db, planOutbox(db, vt.clock()), { now: vt.clock() });
    }
    const report = await notifier.deliver();
    expect(report.sent).toBe(70);
    expect(fake.deliveredTo(w.conversationId)).toHaveLength(70);
    expect(fake.violations).toEqual([]);
    // The 61st card had to wait for the 30-second window.
    const times = fake.deliveries.map((d) => d.at);
    expect(times[60]! - times[0]!).toBeGreaterThanOrEqual(30_000);
  });

  it("429 with Retry-After: waits exactly that long, then delivers once", async () => {
    const { vt, fake, db, notifier, logged } = await setup();
    const w = dueWorld(db, vt, fake.url);
    fake.script(w.conversationId, { status: 429, retryAfter: "7" });
    const report = await notifier.sweep(vt.clock());
    expect(report.delivery).toMatchObject({ sent: 1, retries: 1 });
    expect(fake.requests.get(w.conversationId)).toBe(2);
    expect(fake.deliveredTo(w.conversationId)).toHaveLength(1);
    expect(logged.filter((l) => l.msg.includes("retrying")).map((l) => l.obj.waitMs)).toEqual([7_000]);
    expect(fake.deliveries[0]!.at - Date.parse(START)).toBeGreaterThanOrEqual(7_000);
  });

  it("429 without Retry-After, 412, 502, 503 and 504: exponential backoff with jitter, then one delivery", async () => {
    const { vt, fake, db, notifier, logged } = await setup();
    const w = dueWorld(db, vt, fake.url);
    fake.script(w.conversationId, { status: 429 }, { status: 412 }, { status: 502 }, { status: 503 }, { status: 504 });
    const report = await notifier.sweep(vt.clock());
    expect(report.delivery).toMatchObject({ sent: 1, retries: 5 });
    expect(fake.deliveredTo(w.conversationId)).toHaveLength(1);
    // Equal jitter at random 0.5: three quarters of 1, 2, 4, 8, 16 seconds.
    expect(logged.filter((l) => l.msg.includes("retrying")).map((l) => l.obj.waitMs)).toEqual([750, 1_500, 3_000, 6_000, 12_000]);
    expect(rows(db, "select status, attempts from notices")).toEqual([
      { status: "sent", attempts: 6 },
      { status: "sent", attempts: 6 },
    ]);
  });

  it.each([403, 404])("%i: the conversation is marked inactive, its notices dropped, never retried; the others are delivered", async (status) => {
    const { vt, fake, db, notifier } = await setup();
    const w = dueWorld(db, vt, fake.url, 2);
    const [gone, ...others] = w.conversations;
    fake.answerAlways(gone!, { status });
    const report = await notifier.sweep(vt.clock());
    expect(report.delivery).toMatchObject({ sent: 2, dropped: 1, failed: 0 });
    expect(fake.requests.get(gone!)).toBe(1);
    for (const c of others) expect(fake.deliveredTo(c)).toHaveLength(1);
    expect(rows(db, "select active, inactive_reason r from conversations where id = ?", gone)).toEqual([{ active: 0, r: `Teams answered ${status}` }]);
    expect(rows(db, "select distinct status from notices where conversation_id = ?", gone)).toEqual([{ status: "dropped" }]);
    expect(rows(db, "select action, actor_name from audit_log where entity_id = ? and action = 'conversation_deactivated'", gone)).toEqual([{ action: "conversation_deactivated", actor_name: "notifier" }]);
    // Later sweeps and outbox drains leave it alone.
    db.insert(domainEvents).values({ partnerId: w.partner.id, kind: "merged_pool_overage", payload: { sourceKey: "k", serviceId: "cloud-backup-for-microsoft-365", on: "2026-03-16", capacity: 5, assigned: 8 }, at: START }).run();
    await notifier.drain(new Date(vt.now() + 60_000));
    await notifier.sweep(new Date(Date.parse(START) + 4 * 86_400_000));
    await notifier.deliver();
    expect(fake.requests.get(gone!)).toBe(1);
  });

  it("a slow conversation does not delay the others", async () => {
    const { vt, fake, db, notifier } = await setup();
    const w = dueWorld(db, vt, fake.url, 19);
    const slow = w.conversations[0]!;
    fake.script(slow, { status: 201, delayMs: 700 });
    const started = Date.now();
    await notifier.sweep(vt.clock());
    const slowAnswered = fake.deliveredTo(slow)[0]!.answeredAt;
    const others = fake.deliveries.filter((d) => d.conversationId !== slow);
    expect(others).toHaveLength(19);
    // Every other card was delivered before the slow one was even answered.
    expect(Math.max(...others.map((d) => d.answeredAt))).toBeLessThan(slowAnswered);
    expect(slowAnswered - started).toBeGreaterThanOrEqual(600);
  });

  it("a throttled conversation (Retry-After 60) does not hold up the others", async () => {
    const { vt, fake, db, notifier } = await setup();
    const w = dueWorld(db, vt, fake.url, 9);
    const throttled = w.conversations[3]!;
    fake.script(throttled, { status: 429, retryAfter: "60" });
    await notifier.sweep(vt.clock());
    const t0 = Date.parse(START);
    const others = fake.deliveries.filter((d) => d.conversationId !== throttled);
    expect(others).toHaveLength(9);
    expect(Math.max(...others.map((d) => d.at)) - t0).toBeLessThan(60_000);
    expect(fake.deliveredTo(throttled)[0]!.at - t0).toBeGreaterThanOrEqual(60_000);
  });

  it("gives a digest up after the attempt limit on a persistent 500, and at once on a 400", async () => {
    const { vt, fake, db, notifier } = await setup({ maxAttempts: 3 });
    const w = dueWorld(db, vt, fake.url, 2);
    const [broken, bad, fine] = w.conversations;
    fake.answerAlways(broken!, { status: 500 });
    fake.answerAlways(bad!, { status: 400 });
    const report = await notifier.sweep(vt.clock());
    expect(report.delivery).toMatchObject({ sent: 1, failed: 2 });
    expect(fake.requests.get(broken!)).toBe(3);
    expect(fake.requests.get(bad!)).toBe(1);
    expect(fake.deliveredTo(fine!)).toHaveLength(1);
    expect(rows(db, "select distinct status from notices where conversation_id in (?, ?)", broken, bad)).toEqual([{ status: "failed" }]);
    // Failed is final: a later pass does not retry it, and the conversation stays active.
    await notifier.deliver();
    expect(fake.requests.get(broken!)).toBe(3);
    expect(rows(db, "select active from conversations where id = ?", broken)).toEqual([{ active: 1 }]);
  });
});
