import { describe, expect, it } from "vitest";
import { claimPlan, pendingDigests, recordSent } from "../../bot/notify/store";
import { setNotify, snoozeItem } from "../../bot/notify/conversations";
import type { Db } from "../../db/client";
import { domainEvents } from "../../db/schema";
import { dueThreshold, planOutbox, planSweep, type NoticeItem } from "../../domain/notices";
import { extend } from "../../domain";
import { clockAt, makeAssignment, makeCustomer, makePool, makeUser, testDb } from "../support/factories";
import { value } from "../support/outcomes";
import { addChannel, partnerWithChat, rows, teamsActivity } from "./support/world";
import { recordConversation } from "../../bot/notify/conversations";

const URL = "http://127.0.0.1:9/";
const at = (day: string) => new Date(`${day}T08:00:00Z`);

/** Plans, claims and marks every digest as sent: the delivery side is tested elsewhere. */
function sweepAndSend(db: Db, day: string): NoticeItem[] {
  const now = at(day);
  claimPlan(db, planSweep(db, now), { now });
  const sent: NoticeItem[] = [];
  for (const d of pendingDigests(db)) {
    recordSent(db, d.id, { now });
    sent.push(...d.items);
  }
  return sent;
}

function world(day = "2026-03-01") {
  const db = testDb();
  const clock = clockAt(day);
  const w = partnerWithChat(db, clock, URL);
  const pool = makePool(db, w.partner.id, { start: "2026-01-01", end: "2026-12-31", quantity: 100 });
  const customer = makeCustomer(db, w.partner.id, { name: "Fabrikam" });
  return { db, clock, ...w, pool, customer };
}

const kinds = (items: NoticeItem[], kind: NoticeItem["kind"]) => items.filter((i) => i.kind === kind);

describe("thresholds (Edge cases: notifications)", () => {
  it.each([
    [31, null],
    [30, 30],
    [10, 30],
    [8, 30],
    [7, 7],
    [5, 7],
    [1, 1],
    [0, 1],
    [-1, null],
  ])("an item %i days out is due for threshold %s", (daysLeft, expected) => {
    expect(dueThreshold([30, 7, 1], daysLeft)).toBe(expected);
  });

  it("10 days out: the 30-day notice once; at 7 days the 7-day notice; at 5 days nothing; at 1 day the 1-day notice", () => {
    const w = world();
    const a = makeAssignment(w.db, { customerId: w.customer.id, poolId: w.pool.id, assignedOn: "2026-02-01", expiresOn: "2026-03-11" });
    const sent = (day: string) => kinds(sweepAndSend(w.db, day), "assignment_expiring").map((i) => `${i.itemId}@${i.threshold}`);
    expect(sent("2026-03-01")).toEqual([`${a.id}@30`]);
    expect(sent("2026-03-02")).toEqual([]);
    expect(sent("2026-03-04")).toEqual([`${a.id}@7`]);
    expect(sent("2026-03-06")).toEqual([]);
    expect(sent("2026-03-10")).toEqual([`${a.id}@1`]);
    expect(sent("2026-03-11")).toEqual([]);
    expect(sent("2026-03-12")).toEqual([]);
  });

  it("first seen 5 days out: only the 7-day notice, never the 30-day one afterwards", () => {
    const w = world();
    const a = makeAssignment(w.db, { customerId: w.customer.id, poolId: w.pool.id, assignedOn: "2026-02-01", expiresOn: "2026-03-06" });
    expect(kinds(sweepAndSend(w.db, "2026-03-01"), "assignment_expiring").map((i) => i.threshold)).toEqual([7]);
    expect(kinds(sweepAndSend(w.db, "2026-03-02"), "assignment_expiring")).toEqual([]);
    expect(rows(w.db, "select threshold from notices where item_id = ?", a.id)).toEqual([{ threshold: 7 }]);
  });

  it("an assignment extended after its 7-day notice is notified again for its new date", () => {
    const w = world("2026-03-04");
    const a = makeAssignment(w.db, { customerId: w.customer.id, poolId: w.pool.id, assignedOn: "2026-01-05", expiresOn: "2026-03-11" });
    expect(kinds(sweepAndSend(w.db, "2026-03-04"), "assignment_expiring").map((i) => [i.expiresOn, i.threshold])).toEqual([["2026-03-11", 7]]);
    value(extend(w.ctx, { customerId: w.customer.id, serviceId: w.pool.serviceId, expiresOn: "2026-04-02" }));
    expect(kinds(sweepAndSend(w.db, "2026-03-05"), "assignment_expiring").map((i) => [i.itemId, i.expiresOn, i.threshold])).toEqual([[a.id, "2026-04-02", 30]]);
    expect(kinds(sweepAndSend(w.db, "2026-03-27"), "assignment_expiring").map((i) => [i.expiresOn, i.threshold])).toEqual([["2026-04-02", 7]]);
  });

  it("custom thresholds per conversation (notify at 14,3)", () => {
    const w = world();
    value(setNotify(w.ctx, { conversationId: w.conversationId, thresholds: [3, 14] }));
    makeAssignment(w.db, { customerId: w.customer.id, poolId: w.pool.id, assignedOn: "2026-02-01", expiresOn: "2026-03-11" });
    expect(kinds(sweepAndSend(w.db, "2026-03-01"), "assignment_expiring").map((i) => i.threshold)).toEqual([14]);
    expect(kinds(sweepAndSend(w.db, "2026-03-08"), "assignment_expiring").map((i) => i.threshold)).toEqual([3]);
  });

  it("the partner's own time zone decides today", () => {
    const db = testDb();
    const clock = clockAt("2026-03-01T20:00:00Z");
    const w = partnerWithChat(db, clock, URL, { timeZone: "Pacific/Auckland" });
    const pool = makePool(db, w.partner.id);
    const c = makeCustomer(db, w.partner.id);
    makeAssignment(db, { customerId: c.id, poolId: pool.id, assignedOn: "2026-02-01", expiresOn: "2026-03-09" });
    // 20:00 UTC on 1 March is 2 March in Auckland: 7 days left there, 8 in UTC.
    const plan = planSweep(db, new Date("2026-03-01T20:00:00Z"));
    expect(plan.digests[0]!.day).toBe("2026-03-02");
    expect(kinds(plan.digests[0]!.items, "assignment_expiring")[0]!.threshold).toBe(7);
  });
});

describe("what a digest holds", () => {
  it("pools ending, pools at 90% or more, and renewals due (A11) beside the assignments", () => {
    const w = world();
    const ending = makePool(w.db, w.partner.id, { serviceId: "cloud-backup-for-microsoft-365", channel: "marketplace", paymentOption: "monthly", start: "2026-02-01", end: "2026-03-20", quantity: 10 });
    const c2 = makeCustomer(w.db, w.partner.id, { name: "Northwind" });
    makeAssignment(w.db, { customerId: c2.id, poolId: ending.id, quantity: 9, assignedOn: "2026-02-01", expiresOn: "2026-03-04" });
    const plan = planSweep(w.db, at("2026-03-01"));
    const items = plan.digests[0]!.items;
    expect(kinds(items, "pool_expiring")).toMatchObject([{ poolId: ending.id, itemId: `merged:${w.partner.id}:cloud-backup-for-microsoft-365`, expiresOn: "2026-03-20", threshold: 30 }]);
    expect(kinds(items, "pool_full")).toMatchObject([{ poolId: ending.id, quantity: 10, inUse: 9, threshold: 90 }]);
    expect(kinds(items, "renewal_due")).toMatchObject([{ poolId: ending.id, assignments: 1, expiresOn: "2026-03-04", poolEnd: "2026-03-20", threshold: 7 }]);
    // A nearly full pool is told once per term.
    sweepAndSend(w.db, "2026-03-01");
    expect(kinds(planSweep(w.db, at("2026-03-02")).digests[0]?.items ?? [], "pool_full")).toEqual([]);
  });

  it("P10, P6 and P9 events from the outbox, each once, and marked delivered in the claim", () => {
    const w = world();
    w.db.insert(domainEvents).values([
      { partnerId: w.partner.id, kind: "order_canceled", payload: { poolId: "p1", serviceId: "cloud-backup-for-microsoft-365", canceledOn: "2026-03-15", customers: [{ customerId: w.customer.id, customerName: "Fabrikam", assignmentId: "x", expiresOn: "2026-03-15" }] }, at: "2026-03-01T07:00:00Z" },
      { partnerId: w.partner.id, kind: "auto_adjust_overage", payload: { customerId: w.customer.id, customerName: "Fabrikam", serviceId: "cloud-backup-for-microsoft-365", poolId: "p1", measured: 12, granted: 10, overage: 2, unit: "seats" }, at: "2026-03-01T07:00:00Z" },
      { partnerId: w.partner.id, kind: "merged_pool_overage", payload: { sourceKey: "merged:x:y", serviceId: "cloud-backup-for-microsoft-365", on: "2026-03-16", capacity: 5, assigned: 8 }, at: "2026-03-01T07:00:00Z" },
    ]).run();
    const plan = planOutbox(w.db, at("2026-03-01"));
    expect(plan.digests).toHaveLength(1);
    expect(plan.digests[0]!.source).toBe("outbox");
    expect(plan.digests[0]!.items.map((i) => i.kind)).toEqual(["order_canceled", "merged_pool_overage", "auto_adjust_overage"]);
    claimPlan(w.db, plan, { now: at("2026-03-01") });
    expect(rows(w.db, "select delivered_at d from domain_events").every((r) => r.d === "2026-03-01T08:00:00.000Z")).toBe(true);
    expect(planOutbox(w.db, at("2026-03-01")).digests).toEqual([]);
  });

  it("events of a partner nobody subscribed for are handed over, not kept forever", () => {
    const w = world();
    value(setNotify(w.ctx, { conversationId: w.conversationId, enabled: false }));
    w.db.insert(domainEvents).values({ partnerId: w.partner.id, kind: "merged_pool_overage", payload: { sourceKey: "k", serviceId: "cloud-backup-for-microsoft-365", on: "2026-03-16", capacity: 5, assigned: 8 }, at: "2026-03-01T07:00:00Z" }).run();
    const plan = planOutbox(w.db, at("2026-03-01"));
    expect(plan.digests).toEqual([]);
    claimPlan(w.db, plan, { now: at("2026-03-01") });
    expect(rows(w.db, "select count(*) n from domain_events where delivered_at is null")).toEqual([{ n: 0 }]);
  });

  it("an unreadable event is reported and does not block the others", () => {
    const w = world();
    w.db.insert(domainEvents).values([
      { partnerId: w.partner.id, kind: "order_canceled", payload: { nonsense: true }, at: "2026-03-01T07:00:00Z" },
      { partnerId: w.partner.id, kind: "merged_pool_overage", payload: { sourceKey: "k", serviceId: "cloud-backup-for-microsoft-365", on: "2026-03-16", capacity: 5, assigned: 8 }, at: "2026-03-01T07:00:00Z" },
    ]).run();
    const plan = planOutbox(w.db, at("2026-03-01"));
    expect(plan.unreadable.map((u) => u.eventId)).toEqual([1]);
    expect(plan.digests[0]!.items.map((i) => i.kind)).toEqual(["merged_pool_overage"]);
  });
});

describe("who hears", () => {
  it("notify off: nothing planned for that conversation; on again: what is due now", () => {
    const w = world();
    makeAssignment(w.db, { customerId: w.customer.id, poolId: w.pool.id, assignedOn: "2026-02-01", expiresOn: "2026-03-11" });
    value(setNotify(w.ctx, { conversationId: w.conversationId, enabled: false }));
    expect(planSweep(w.db, at("2026-03-01")).digests).toEqual([]);
    value(setNotify(w.ctx, { conversationId: w.conversationId, enabled: true }));
    expect(planSweep(w.db, at("2026-03-01")).digests).toHaveLength(1);
  });

  it("snooze silences one item in one conversation for 7 days", () => {
    const w = world();
    const channel = addChannel(w.db, w.clock, URL, w.partner, w.admin);
    const a = makeAssignment(w.db, { customerId: w.customer.id, poolId: w.pool.id, assignedOn: "2026-02-01", expiresOn: "2026-03-25" });
    const b = makeAssignment(w.db, { customerId: makeCustomer(w.db, w.partner.id).id, poolId: w.pool.id, assignedOn: "2026-02-01", expiresOn: "2026-03-25" });
    sweepAndSend(w.db, "2026-03-01");
    // Snoozed on 18 March (7 days left): the 7-day notice is due that day in the chat, not in the channel.
    const snoozed = value(snoozeItem({ ...w.ctx, clock: clockAt("2026-03-18") }, { conversationId: w.conversationId, itemKind: "assignment_expiring", itemId: a.id }));
    expect(snoozed.until).toBe("2026-03-25");
    const plan = planSweep(w.db, at("2026-03-18"));
    const chat = plan.digests.find((d) => d.conversationId === w.conversationId)!;
    const chan = plan.digests.find((d) => d.conversationId === channel)!;
    expect(kinds(chat.items, "assignment_expiring").map((i) => i.itemId)).toEqual([b.id]);
    expect(kinds(chan.items, "assignment_expiring").map((i) => i.itemId).sort()).toEqual([a.id, b.id].sort());
    // From the 25th (its last day) it is due again, for the smallest threshold.
    const later = planSweep(w.db, at("2026-03-25")).digests.find((d) => d.conversationId === w.conversationId)!;
    expect(kinds(later.items, "assignment_expiring").find((i) => i.itemId === a.id)?.threshold).toBe(1);
  });

  it("a viewer's personal install and a new channel start off; an administrator's personal install starts on", () => {
    const w = world();
    const viewer = makeUser(w.db, w.partner.id, "viewer");
    recordConversation({ db: w.db, clock: w.clock }, teamsActivity({ tenantId: w.partner.teamsTenantId, aadObjectId: viewer.aadObjectId, serviceUrl: URL, conversationId: "a:viewer" }));
    recordConversation({ db: w.db, clock: w.clock }, teamsActivity({ tenantId: w.partner.teamsTenantId, aadObjectId: w.admin.aadObjectId, serviceUrl: URL, conversationId: "19:c@thread.tacv2", kind: "channel", teamId: "19:t@thread.tacv2" }));
    expect(rows(w.db, "select conversation_id id, enabled, thresholds from notification_settings order by conversation_id")).toEqual([
      { id: "19:c@thread.tacv2", enabled: 0, thresholds: "[30,7,1]" },
      { id: w.conversationId, enabled: 1, thresholds: "[30,7,1]" },
      { id: "a:viewer", enabled: 0, thresholds: "[30,7,1]" },
    ]);
  });

  it("U2: a partner's items never reach another partner's conversation", () => {
    const w = world();
    const other = partnerWithChat(w.db, w.clock, URL);
    makeAssignment(w.db, { customerId: w.customer.id, poolId: w.pool.id, assignedOn: "2026-02-01", expiresOn: "2026-03-11" });
    const plan = planSweep(w.db, at("2026-03-01"));
    expect(plan.digests.map((d) => d.conversationId)).toEqual([w.conversationId]);
    expect(plan.digests.some((d) => d.conversationId === other.conversationId)).toBe(false);
  });

  it("a claim is idempotent: planning twice and claiming both writes each notice once", () => {
    const w = world();
    makeAssignment(w.db, { customerId: w.customer.id, poolId: w.pool.id, assignedOn: "2026-02-01", expiresOn: "2026-03-11" });
    const p1 = planSweep(w.db, at("2026-03-01"));
    const p2 = planSweep(w.db, at("2026-03-01"));
    const c1 = claimPlan(w.db, p1, { now: at("2026-03-01") });
    const c2 = claimPlan(w.db, p2, { now: at("2026-03-01") });
    expect(c1.digestIds).toHaveLength(1);
    expect(c2).toEqual({ digestIds: [], notices: 0, held: true });
    expect(rows(w.db, "select count(*) n from notice_digests")).toEqual([{ n: 1 }]);
  });
});
