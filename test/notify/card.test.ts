import * as AC from "adaptivecards";
import { describe, expect, it } from "vitest";
import { CARD_BYTES_MAX, NOTIFY_ACTIONS, OFF_LINE, PAGE_SIZE, digestActivity, digestCard, parseNotifyAction, summarize } from "../../bot/notify/card";
import type { NoticeItem } from "../../domain/notices";

const long = (s: string) => `${s} ${"with a very long name indeed ".repeat(3)}`.trim();

/** One of every kind, with names as long as partners type them. */
function items(n: number): NoticeItem[] {
  const out: NoticeItem[] = [];
  for (let i = 0; out.length < n; i++) {
    const all: NoticeItem[] = [
      { kind: "assignment_expiring", itemId: `asg-${i}`, expiresOn: "2026-03-08", threshold: 7, assignmentId: `asg-${i}`, customerId: `cust-${i}`, customerName: long(`Customer ${i}`), serviceId: "cloud-backup-for-microsoft-365", serviceName: "Cloud Backup for Microsoft 365", poolId: "pool-1", quantity: 25 },
      { kind: "pool_expiring", itemId: `pool-${i}`, expiresOn: "2026-03-20", threshold: 30, sourceKey: `pool-${i}`, poolId: `pool-${i}`, serviceId: "s", serviceName: "Cloud Backup for Microsoft 365", quantity: 100, assigned: 80 },
      { kind: "pool_full", itemId: `pool-f${i}`, expiresOn: "2026-12-31", threshold: 90, sourceKey: `pool-f${i}`, poolId: `pool-f${i}`, serviceId: "s", serviceName: "Cloud Backup for Microsoft 365", quantity: 100, inUse: 95, utilization: 0.95 },
      { kind: "renewal_due", itemId: `merged:p:s${i}`, expiresOn: "2026-03-04", threshold: 7, sourceKey: `merged:p:s${i}`, poolId: `pool-m${i}`, serviceId: "s", serviceName: "Cloud Backup for Microsoft 365", poolEnd: "2027-02-28", assignments: 12 },
      {
        kind: "order_canceled",
        itemId: `event:${i}`,
        expiresOn: "2026-03-15",
        threshold: 0,
        eventId: i,
        poolId: `pool-c${i}`,
        serviceId: "s",
        serviceName: "Cloud Backup for Microsoft 365",
        canceledOn: "2026-03-15",
        customers: Array.from({ length: 40 }, (_, j) => ({ customerId: `c${j}`, customerName: long(`Affected ${j}`), assignmentId: `a${j}`, expiresOn: "2026-03-15" })),
      },
      { kind: "auto_adjust_overage", itemId: `event:a${i}`, expiresOn: "2026-03-01", threshold: 0, eventId: i, customerId: `cust-${i}`, customerName: long(`Customer ${i}`), serviceId: "s", serviceName: "Cloud Backup for Microsoft 365", poolId: "pool-1", measured: 120, granted: 100, overage: 20, unit: "seats" },
      { kind: "merged_pool_overage", itemId: `event:m${i}`, expiresOn: "2026-03-16", threshold: 0, eventId: i, sourceKey: "merged:p:s", serviceId: "s", serviceName: "Cloud Backup for Microsoft 365", on: "2026-03-16", capacity: 50, assigned: 58 },
    ];
    out.push(...all.slice(0, n - out.length));
  }
  return out;
}

function validate(card: unknown): string[] {
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const e of parsed.validateProperties().validationEvents) problems.push(e.message);
  return problems;
}

function actionsOf(card: unknown): { type: string; verb?: string; data: { verb: string } & Record<string, unknown> }[] {
  const out: { type: string; verb?: string; data: { verb: string } & Record<string, unknown> }[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === "object") {
      const o = n as Record<string, unknown>;
      if (typeof o.type === "string" && o.type.startsWith("Action.")) out.push(o as never);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

describe("the digest card", () => {
  it("is a valid Adaptive Card 1.5, under Teams' size limit, for a full page of the longest items", () => {
    const digest = { id: 42, day: "2026-03-01", items: items(PAGE_SIZE * 3) };
    for (let page = 0; page < 3; page++) {
      const card = digestCard(digest, { page });
      expect(validate(card)).toEqual([]);
      expect(Buffer.byteLength(JSON.stringify(digestActivity({ ...digest }).attachments))).toBeLessThan(CARD_BYTES_MAX);
      expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(CARD_BYTES_MAX);
    }
  });

  it("pages: first page has More, the middle both, the last Previous; every page says how to turn notices off", () => {
    const digest = { id: 7, day: "2026-03-01", items: items(25) };
    const nav = (page: number) => actionsOf(digestCard(digest, { page })).filter((a) => a.verb === "notify.more").map((a) => [a.type, a.data.page]);
    expect(nav(0)).toEqual([["Action.Execute", 1]]);
    expect(nav(1)).toEqual([
      ["Action.Execute", 0],
      ["Action.Execute", 2],
    ]);
    expect(nav(2)).toEqual([["Action.Execute", 1]]);
    for (const page of [0, 1, 2]) expect(JSON.stringify(digestCard(digest, { page }))).toContain(JSON.stringify(OFF_LINE).slice(1, -1));
  });

  it("every button's data parses under its own verb's schema (the wire shape the handlers read)", () => {
    const card = digestCard({ id: 3, day: "2026-03-01", items: items(7) });
    const actions = actionsOf(card);
    expect(new Set(actions.map((a) => a.data.verb))).toEqual(new Set(["notify.extend", "notify.seats", "customer.open", "notify.extendAll", "notify.snooze"]));
    for (const a of actions) {
      expect(Object.keys(NOTIFY_ACTIONS)).toContain(a.data.verb);
      if (a.type === "Action.Execute") expect(a.verb).toBe(a.data.verb);
      const { verb, ...data } = a.data;
      expect(parseNotifyAction(verb, data).ok).toBe(true);
    }
  });

  it("summarizes what it holds for Teams' notification", () => {
    expect(summarize(items(7))).toBe(
      "1 distributor order was canceled, 2 overages, 1 assignment expires soon, 1 pool ends soon, 1 pool has assignments to extend, 1 pool is nearly full.",
    );
  });
});
