import { describe, expect, it } from "vitest";
import { assign, cancelOrder, createPool, renewPool, setPoolQuantity } from "../../domain";
import type { CreatePoolInput } from "../../domain/verbs/pools";
import { dump, makeAssignment, makeCustomer, makePool, mspWorld } from "../support/factories";
import { refusal, value } from "../support/outcomes";

const M365 = "cloud-backup-for-microsoft-365";
const base: CreatePoolInput = {
  serviceId: M365,
  channel: "direct",
  paymentModel: "prepaid",
  paymentOption: "annual_upfront",
  start: "2026-01-01",
  end: "2026-12-31",
  quantity: 100,
};

describe("pool terms (P1-P4, P6)", () => {
  it.each([
    ["prepaid", "direct", "annual_upfront", true],
    ["prepaid", "off_marketplace", "annual_upfront", true],
    ["prepaid", "marketplace", "monthly", true],
    ["prepaid", "marketplace", "apm", true],
    ["prepaid", "marketplace", "apu", true],
    ["payg", "direct", "monthly", true],
    ["prepaid", "direct", "monthly", false],
    ["prepaid", "off_marketplace", "apu", false],
    ["prepaid", "marketplace", "annual_upfront", false],
    ["payg", "marketplace", "monthly", false],
    ["payg", "off_marketplace", "monthly", false],
    ["payg", "direct", "annual_upfront", false],
  ] as const)("P1: %s from %s paid %s is %s", (paymentModel, channel, paymentOption, allowed) => {
    const w = mspWorld("2026-01-01");
    const r = createPool(w.ctx(), { ...base, paymentModel, channel, paymentOption, quantity: paymentModel === "payg" ? undefined : 100 });
    if (allowed) expect(value(r).channel).toBe(channel);
    else expect(refusal(r)).toMatchObject({ code: "CHANNEL_PAYMENT_INVALID", rule: "P1" });
  });

  it("P2: only distribution services come from marketplace or off-marketplace", () => {
    const w = mspWorld("2026-01-01");
    const r = refusal(createPool(w.ctx(), { ...base, serviceId: "cloud-archiving", channel: "marketplace", paymentOption: "apu" }));
    expect(r).toMatchObject({ code: "SERVICE_NOT_DISTRIBUTED", rule: "P2" });
    expect(createPool(w.ctx(), { ...base, serviceId: "cloud-archiving" }).ok).toBe(true);
    expect(createPool(w.ctx(), { ...base, serviceId: "cense", channel: "off_marketplace" }).ok).toBe(true);
  });

  it("P3: Fly is prepaid only", () => {
    const w = mspWorld("2026-01-01");
    const r = refusal(createPool(w.ctx(), { ...base, serviceId: "fly-aviator", paymentModel: "payg", paymentOption: "monthly", quantity: undefined, mode: "manual" }));
    expect(r).toMatchObject({ code: "FLY_PREPAID_ONLY", rule: "P3" });
  });

  it("P4: a direct prepaid term lasts at least one calendar year", () => {
    const w = mspWorld("2026-01-01");
    expect(refusal(createPool(w.ctx(), { ...base, start: "2026-03-15", end: "2027-03-13" }))).toMatchObject({ code: "DIRECT_TERM_TOO_SHORT", rule: "P4" });
    expect(createPool(w.ctx(), { ...base, start: "2026-03-15", end: "2027-03-14" }).ok).toBe(true);
    // Marketplace monthly terms are short by nature.
    expect(createPool(w.ctx(), { ...base, channel: "marketplace", paymentOption: "monthly", end: "2026-01-31" }).ok).toBe(true);
  });

  it("P6: pools default to auto-adjusted, Fly to manual, and auto-adjusted Fly is refused", () => {
    const w = mspWorld("2026-01-01");
    expect(value(createPool(w.ctx(), base)).mode).toBe("auto_adjusted");
    expect(value(createPool(w.ctx(), { ...base, serviceId: "fly-aviator" })).mode).toBe("manual");
    expect(refusal(createPool(w.ctx(), { ...base, serviceId: "fly-global-objects", mode: "auto_adjusted" }))).toMatchObject({ code: "AUTO_ADJUST_NOT_FOR_FLY", rule: "P6" });
  });

  it("U1: a viewer cannot create a pool", () => {
    const w = mspWorld("2026-01-01");
    expect(refusal(createPool(w.viewerCtx(), base)).code).toBe("NOT_ADMINISTRATOR");
  });
});

describe("pool quantity (P5)", () => {
  it("P5: a prepaid pool grows but never shrinks during its term", () => {
    const w = mspWorld("2026-03-01");
    const p = makePool(w.db, w.partner.id, { quantity: 100 });
    expect(value(setPoolQuantity(w.ctx(), { poolId: p.id, quantity: 120 })).quantity).toBe(120);
    expect(refusal(setPoolQuantity(w.ctx(), { poolId: p.id, quantity: 110 }))).toMatchObject({ code: "POOL_CANNOT_SHRINK", rule: "P5" });
  });

  it("P5: a monthly Cloud Marketplace pool may shrink, but not below what is assigned", () => {
    const w = mspWorld("2026-03-01");
    const c = makeCustomer(w.db, w.partner.id);
    const p = makePool(w.db, w.partner.id, { channel: "marketplace", paymentOption: "monthly", quantity: 100 });
    const apm = makePool(w.db, w.partner.id, { serviceId: "cense", channel: "marketplace", paymentOption: "apm", quantity: 100 });
    makeAssignment(w.db, { customerId: c.id, poolId: p.id, assignedOn: "2026-02-01", expiresOn: "2026-06-30", quantity: 40 });
    expect(value(setPoolQuantity(w.ctx(), { poolId: p.id, quantity: 40 })).quantity).toBe(40);
    expect(refusal(setPoolQuantity(w.ctx(), { poolId: p.id, quantity: 39 }))).toMatchObject({ code: "POOL_CANNOT_SHRINK", rule: "P8" });
    expect(refusal(setPoolQuantity(w.ctx(), { poolId: apm.id, quantity: 99 }))).toMatchObject({ rule: "P5" });
  });
});

describe("renewal (A11)", () => {
  it("A11: a renewal only moves the end later", () => {
    const w = mspWorld("2026-03-01");
    const p = makePool(w.db, w.partner.id, { channel: "marketplace", paymentOption: "monthly", end: "2026-03-31" });
    expect(refusal(renewPool(w.ctx(), { poolId: p.id, end: "2026-03-31" }))).toMatchObject({ code: "POOL_TERM_CANNOT_SHORTEN", rule: "A11" });
    expect(value(renewPool(w.ctx(), { poolId: p.id, end: "2026-04-30" })).end).toBe("2026-04-30");
  });
});

describe("distributor cancellation (P10)", () => {
  it("P10: every active assignment expires by the cancellation date; the partner is told who is affected", () => {
    const w = mspWorld("2026-05-01");
    const [a, b, c] = [1, 2, 3].map((i) => makeCustomer(w.db, w.partner.id, { name: `Customer ${i}` }));
    const p = makePool(w.db, w.partner.id, { channel: "off_marketplace", distributorOrderId: "ord-7" });
    const a1 = makeAssignment(w.db, { customerId: a!.id, poolId: p.id, assignedOn: "2026-02-01", expiresOn: "2026-12-31" });
    const a2 = makeAssignment(w.db, { customerId: b!.id, poolId: p.id, assignedOn: "2026-02-01", expiresOn: "2026-05-10" });
    makeAssignment(w.db, { customerId: c!.id, poolId: p.id, assignedOn: "2026-02-01", expiresOn: "2026-04-30" });
    const r = value(cancelOrder(w.ctx(), { poolId: p.id, canceledOn: "2026-05-20" }));
    expect(r.affected.map((x) => x.assignmentId)).toEqual([a1.id]);
    const d = dump(w.db) as Record<string, { id: string; expires_on: string }[]>;
    expect(d.assignments!.find((x) => x.id === a1.id)!.expires_on).toBe("2026-05-20");
    expect(d.assignments!.find((x) => x.id === a2.id)!.expires_on).toBe("2026-05-10");
    const events = dump(w.db).domain_events as { kind: string; payload: string }[];
    expect(events).toHaveLength(1);
    expect(events[0]!.kind).toBe("order_canceled");
    expect(JSON.parse(events[0]!.payload).customers).toEqual([expect.objectContaining({ customerName: "Customer 1", expiresOn: "2026-05-20" })]);
    // P7: after the cancellation day nothing more comes from it.
    const d2 = makeCustomer(w.db, w.partner.id);
    expect(refusal(assign(w.ctx("2026-05-21"), { customerId: d2.id, poolId: p.id, quantity: 1 })).code).toBe("POOL_CANCELED");
    expect(assign(w.ctx("2026-05-20"), { customerId: d2.id, poolId: p.id, quantity: 1 }).ok).toBe(true);
  });

  it("P10: a direct pool has no distributor order to cancel; a date outside the term is refused", () => {
    const w = mspWorld("2026-05-01");
    const direct = makePool(w.db, w.partner.id);
    const dist = makePool(w.db, w.partner.id, { channel: "off_marketplace" });
    const before = dump(w.db);
    expect(refusal(cancelOrder(w.ctx(), { poolId: direct.id, canceledOn: "2026-05-20" }))).toMatchObject({ code: "POOL_CHANGE_INVALID", rule: "P10" });
    expect(refusal(cancelOrder(w.ctx(), { poolId: dist.id, canceledOn: "2027-05-20" })).code).toBe("POOL_CHANGE_INVALID");
    expect(dump(w.db)).toEqual(before);
  });

  it("P9 with P10: canceling one constituent of a merged pool bounds expirations by the rest and reports an overage, cutting nothing", () => {
    const w = mspWorld("2026-05-01");
    const c = makeCustomer(w.db, w.partner.id);
    const long = makePool(w.db, w.partner.id, { channel: "marketplace", paymentOption: "apu", quantity: 10, end: "2026-12-31", distributorOrderId: "o1" });
    makePool(w.db, w.partner.id, { channel: "marketplace", paymentOption: "apu", quantity: 10, end: "2026-09-30" });
    const a = value(assign(w.ctx(), { customerId: c.id, poolId: long.id, quantity: 15, expiresOn: "2026-12-31" })).assignment;
    value(cancelOrder(w.ctx(), { poolId: long.id, canceledOn: "2026-06-30" }));
    const rows = dump(w.db) as Record<string, Record<string, unknown>[]>;
    expect(rows.assignments!.find((x) => x.id === a.id)).toMatchObject({ expires_on: "2026-09-30", quantity: 15, ended_on: null });
    const overage = rows.domain_events!.find((e) => e.kind === "merged_pool_overage")!;
    expect(JSON.parse(overage.payload as string)).toMatchObject({ on: "2026-07-01", capacity: 10, assigned: 15 });
  });
});
