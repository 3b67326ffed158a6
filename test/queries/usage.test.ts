import { describe, expect, it } from "vitest";
import { changeSeats, importUsage } from "../../domain";
import { customerUsage, subscriptionUsage, usageTrend, type UsageLine } from "../../domain/queries";
import { makeAssignment, makeCustomer, makePartner, makePool, mspWorld } from "../support/factories";
import { value } from "../support/outcomes";
import { addUsage, changeQuantity, daysOfMonth, endAssignment, M365, OPUS, queryAt, type Measurement } from "./fixtures/world";

/**
 * Five customers of one MSP in March 2026. Adatum's seats go from 20 to 26 on the 15th (through the
 * `seats` verb); Dunn starts on the 10th; Eagle is superseded on the 12th. A neighbour's customer
 * has usage too.
 */
function usageWorld() {
  const w = mspWorld("2026-03-18");
  const m365 = makePool(w.db, w.partner.id, { id: "m365", quantity: 200 });
  const opus = makePool(w.db, w.partner.id, { id: "opus", serviceId: OPUS, quantity: 1000 });
  const c = (name: string) => makeCustomer(w.db, w.partner.id, { name });
  const [adatum, bellows, coho, dunn, eagle] = ["Adatum", "Bellows", "Coho", "Dunn", "Eagle"].map(c) as [ReturnType<typeof c>, ReturnType<typeof c>, ReturnType<typeof c>, ReturnType<typeof c>, ReturnType<typeof c>];
  makeAssignment(w.db, { id: "adatum-m365", customerId: adatum.id, poolId: m365.id, quantity: 20, assignedOn: "2026-01-10" });
  makeAssignment(w.db, { id: "adatum-opus", customerId: adatum.id, poolId: opus.id, quantity: 100, assignedOn: "2026-01-10" });
  makeAssignment(w.db, { customerId: bellows.id, poolId: m365.id, quantity: 15, assignedOn: "2026-02-01" });
  makeAssignment(w.db, { customerId: coho.id, poolId: m365.id, quantity: 8, assignedOn: "2026-02-01" });
  makeAssignment(w.db, { customerId: dunn.id, poolId: m365.id, quantity: 8, assignedOn: "2026-03-10" });
  makeAssignment(w.db, { id: "eagle-m365", customerId: eagle.id, poolId: m365.id, quantity: 12, assignedOn: "2026-01-05" });
  endAssignment(w.db, "eagle-m365", "2026-03-12", "superseded");
  value(changeSeats(w.ctx("2026-03-15"), { customerId: adatum.id, serviceId: M365, quantity: 26 }));

  const measurements: Measurement[] = [
    { customerId: adatum.id, serviceId: M365, date: "2026-02-25", licensedUsers: 19 },
    { customerId: adatum.id, serviceId: M365, date: "2026-03-01", licensedUsers: 21 },
    { customerId: adatum.id, serviceId: M365, date: "2026-03-14", licensedUsers: 24 },
    { customerId: adatum.id, serviceId: M365, date: "2026-03-15", licensedUsers: 27 },
    // After "today": never used.
    { customerId: adatum.id, serviceId: M365, date: "2026-03-25", licensedUsers: 40 },
    { customerId: adatum.id, serviceId: OPUS, date: "2026-03-01", storageGb: 120.5 },
    // Bellows has nothing on the 1st: the last one before it counts.
    { customerId: bellows.id, serviceId: M365, date: "2026-02-20", licensedUsers: 14 },
    { customerId: bellows.id, serviceId: M365, date: "2026-03-05", licensedUsers: 16 },
  ];
  addUsage(w.db, measurements);

  const other = makePartner(w.db, { name: "Northwind MSP" });
  const theirPool = makePool(w.db, other.id, { quantity: 50 });
  const theirs = makeCustomer(w.db, other.id, { name: "Aardvark (Northwind)" });
  makeAssignment(w.db, { customerId: theirs.id, poolId: theirPool.id, quantity: 30, assignedOn: "2026-01-01" });
  addUsage(w.db, [{ customerId: theirs.id, serviceId: M365, date: "2026-03-01", licensedUsers: 33 }]);
  return { ...w, adatum, bellows, coho, dunn, eagle, other, theirs, measurements };
}

const pick = (l: UsageLine) => [l.customerName, l.serviceName, l.assigned, l.consumed, l.measuredOn, l.assignedChange, l.consumedChange, l.over];

describe("customer usage for a billing cycle (R2, B2)", () => {
  it("B2: a cycle shows the quantity and the measurement as of the 1st, even though seats changed on the 15th", () => {
    const w = usageWorld();
    const r = customerUsage(queryAt(w.db, w.partner.id, "2026-03-18"), { period: { kind: "cycle", month: "2026-03" } });
    expect(r.day).toBe("2026-03-01");
    expect(r.label).toBe("Billing cycle March 2026, snapshot of 1 March");
    expect(r.total).toBe(4);
    expect(r.lines.map(pick)).toEqual([
      ["Adatum", "Cloud Backup for Microsoft 365", 20, 21, "2026-03-01", null, null, 1],
      ["Adatum", "Opus > Storage Optimization", 100, 120.5, "2026-03-01", null, null, 20.5],
      ["Bellows", "Cloud Backup for Microsoft 365", 15, 14, "2026-02-20", null, null, 0],
      ["Coho", "Cloud Backup for Microsoft 365", 8, null, null, null, null, 0],
      ["Eagle", "Cloud Backup for Microsoft 365", 12, null, null, null, null, 0],
    ]);
  });

  it("B2: the last measurement on or before the 1st is used when the 1st has none", () => {
    const w = usageWorld();
    const feb = customerUsage(queryAt(w.db, w.partner.id, "2026-03-18"), { period: { kind: "cycle", month: "2026-02" } });
    expect(feb.label).toBe("Billing cycle February 2026, snapshot of 1 February");
    // Nothing was measured on or before 1 February; Dunn had not started.
    expect(feb.lines.map(pick)).toEqual([
      ["Adatum", "Cloud Backup for Microsoft 365", 20, null, null, null, null, 0],
      ["Adatum", "Opus > Storage Optimization", 100, null, null, null, null, 0],
      ["Bellows", "Cloud Backup for Microsoft 365", 15, null, null, null, null, 0],
      ["Coho", "Cloud Backup for Microsoft 365", 8, null, null, null, null, 0],
      ["Eagle", "Cloud Backup for Microsoft 365", 12, null, null, null, null, 0],
    ]);
    const apr = customerUsage(queryAt(w.db, w.partner.id, "2026-04-20"), { period: { kind: "cycle", month: "2026-04" }, customerId: w.adatum.id });
    // 1 April: the 25 March measurement (40) is the last on or before it.
    expect(apr.lines.map(pick)[0]).toEqual(["Adatum", "Cloud Backup for Microsoft 365", 26, 40, "2026-03-25", null, null, 14]);
  });

  it("B2: today shows current use with the change since the 1st", () => {
    const w = usageWorld();
    const r = customerUsage(queryAt(w.db, w.partner.id, "2026-03-18"), { period: { kind: "today" } });
    expect(r.day).toBe("2026-03-18");
    expect(r.label).toBe("Today, 18 March 2026");
    expect(r.total).toBe(5);
    expect(r.lines.map(pick)).toEqual([
      ["Adatum", "Cloud Backup for Microsoft 365", 26, 27, "2026-03-15", 6, 6, 1],
      ["Adatum", "Opus > Storage Optimization", 100, 120.5, "2026-03-01", 0, 0, 20.5],
      ["Bellows", "Cloud Backup for Microsoft 365", 15, 16, "2026-03-05", 0, 2, 1],
      ["Coho", "Cloud Backup for Microsoft 365", 8, null, null, 0, null, 0],
      ["Dunn", "Cloud Backup for Microsoft 365", 8, null, null, 8, null, 0],
      ["Eagle", "Cloud Backup for Microsoft 365", 0, null, null, -12, null, 0],
    ]);
  });

  it("B2: every day of March agrees with a naive reference built from the fixture", () => {
    const w = usageWorld();
    // The fixture's assignments as plain data: quantity history and active days.
    const plan = [
      { customer: "Adatum", serviceId: M365, from: "2026-01-10", endedOn: null, history: [["2026-01-10", 20], ["2026-03-15", 26]] },
      { customer: "Adatum", serviceId: OPUS, from: "2026-01-10", endedOn: null, history: [["2026-01-10", 100]] },
      { customer: "Bellows", serviceId: M365, from: "2026-02-01", endedOn: null, history: [["2026-02-01", 15]] },
      { customer: "Coho", serviceId: M365, from: "2026-02-01", endedOn: null, history: [["2026-02-01", 8]] },
      { customer: "Dunn", serviceId: M365, from: "2026-03-10", endedOn: null, history: [["2026-03-10", 8]] },
      { customer: "Eagle", serviceId: M365, from: "2026-01-05", endedOn: "2026-03-12", history: [["2026-01-05", 12]] },
    ] as const;
    const ids: Record<string, string> = { Adatum: w.adatum.id, Bellows: w.bellows.id, Coho: w.coho.id, Dunn: w.dunn.id, Eagle: w.eagle.id };
    const held = (p: (typeof plan)[number], day: string) =>
      p.from <= day && (p.endedOn === null || day < p.endedOn) ? p.history.filter(([d]) => d <= day).at(-1)![1] : 0;
    const measured = (customer: string, serviceId: string, day: string) => {
      let best: Measurement | null = null;
      for (const m of w.measurements) if (m.customerId === ids[customer] && m.serviceId === serviceId && m.date <= day && (!best || m.date > best.date)) best = m;
      return best ? { date: best.date, value: serviceId === OPUS ? best.storageGb! : best.licensedUsers! } : null;
    };
    for (const day of daysOfMonth("2026-03")) {
      const expected = plan
        .filter((p) => held(p, day) > 0 || held(p, "2026-03-01") > 0)
        .map((p) => {
          const now = measured(p.customer, p.serviceId, day);
          const then = measured(p.customer, p.serviceId, "2026-03-01");
          const assigned = held(p, day);
          return {
            customer: p.customer,
            serviceId: p.serviceId,
            assigned,
            consumed: now?.value ?? null,
            measuredOn: now?.date ?? null,
            assignedChange: assigned - held(p, "2026-03-01"),
            consumedChange: now && then ? now.value - then.value : null,
            over: now && now.value > assigned ? now.value - assigned : 0,
          };
        });
      const actual = customerUsage(queryAt(w.db, w.partner.id, day), { period: { kind: "today" } }).lines.map((l) => ({
        customer: l.customerName,
        serviceId: l.serviceId,
        assigned: l.assigned,
        consumed: l.consumed,
        measuredOn: l.measuredOn,
        assignedChange: l.assignedChange,
        consumedChange: l.consumedChange,
        over: l.over,
      }));
      expect({ day, lines: actual }).toEqual({ day, lines: expected });
    }
  });

  // B2's snapshot is the last measurement *of the unit's quantity* on or before the day, as R4
  // (storage.ts) skips rows without the figure it needs.
  it("B2: a later row that measured only storage does not hide the last licensed-user count", () => {
    const w = usageWorld();
    addUsage(w.db, [{ customerId: w.bellows.id, serviceId: M365, date: "2026-03-10", storageGb: 5.5 }]);
    const line = customerUsage(queryAt(w.db, w.partner.id, "2026-03-18"), { period: { kind: "today" }, customerId: w.bellows.id }).lines[0]!;
    expect(pick(line)).toEqual(["Bellows", "Cloud Backup for Microsoft 365", 15, 16, "2026-03-05", 0, 2, 1]);
  });

  it("R2: pages by customer and filters to one customer", () => {
    const w = usageWorld();
    const q = queryAt(w.db, w.partner.id, "2026-03-18");
    const page = customerUsage(q, { period: { kind: "today" }, offset: 1, limit: 2 });
    expect(page.total).toBe(5);
    expect([...new Set(page.lines.map((l) => l.customerName))]).toEqual(["Bellows", "Coho"]);
    const one = customerUsage(q, { period: { kind: "today" }, customerId: w.adatum.id });
    expect(one.total).toBe(1);
    expect(one.lines.map((l) => l.serviceId)).toEqual([M365, OPUS]);
  });

  it("U2: another partner's customers and usage never appear", () => {
    const w = usageWorld();
    const q = queryAt(w.db, w.partner.id, "2026-03-18");
    for (const period of [{ kind: "today" } as const, { kind: "cycle", month: "2026-03" } as const]) {
      expect(customerUsage(q, { period }).lines.map((l) => l.customerId)).not.toContain(w.theirs.id);
      expect(customerUsage(q, { period, customerId: w.theirs.id })).toMatchObject({ total: 0, lines: [] });
    }
    expect(usageTrend(q, w.theirs.id)).toEqual([]);
    const theirs = customerUsage(queryAt(w.db, w.other.id, "2026-03-18"), { period: { kind: "cycle", month: "2026-03" } });
    expect(theirs.lines.map(pick)).toEqual([["Aardvark (Northwind)", "Cloud Backup for Microsoft 365", 30, 33, "2026-03-01", null, null, 3]]);
  });
});

describe("auto-adjust overages in usage (P6)", () => {
  it("P6: an overage capped by the pool shows as `over` (measured beyond assigned)", () => {
    const w = mspWorld("2026-05-01");
    const pool = makePool(w.db, w.partner.id, { id: "auto", mode: "auto_adjusted", quantity: 50 });
    const fabrikam = makeCustomer(w.db, w.partner.id, { name: "Fabrikam" });
    const litware = makeCustomer(w.db, w.partner.id, { name: "Litware" });
    makeAssignment(w.db, { customerId: fabrikam.id, poolId: pool.id, assignedOn: "2026-02-01", quantity: 20 });
    makeAssignment(w.db, { customerId: litware.id, poolId: pool.id, assignedOn: "2026-02-01", quantity: 25 });
    value(importUsage(w.ctx(), { records: [{ customerId: fabrikam.id, serviceId: M365, date: "2026-05-01", licensedUsers: 31 }] }));
    const q = queryAt(w.db, w.partner.id, "2026-05-01");
    // 50 - 25 = 25 is all Fabrikam can get; 31 measured leaves 6 over.
    expect(customerUsage(q, { period: { kind: "today" } }).lines.map(pick)).toEqual([
      ["Fabrikam", "Cloud Backup for Microsoft 365", 25, 31, "2026-05-01", 0, 0, 6],
      ["Litware", "Cloud Backup for Microsoft 365", 25, null, null, 0, null, 0],
    ]);
    expect(customerUsage(q, { period: { kind: "cycle", month: "2026-05" } }).lines[0]).toMatchObject({ assigned: 25, consumed: 31, over: 6 });
    expect(subscriptionUsage(q)[0]).toMatchObject({ quantity: 50, assigned: 50, available: 0 });
  });
});

describe("usage trend (B2)", () => {
  it("B2: six billing cycles, each the snapshot of its 1st, per service", () => {
    const w = mspWorld("2026-06-10");
    const m365 = makePool(w.db, w.partner.id, { id: "m365", quantity: 100 });
    const opus = makePool(w.db, w.partner.id, { id: "opus", serviceId: OPUS, quantity: 1000 });
    const t = makeCustomer(w.db, w.partner.id, { name: "Tailspin" });
    makeAssignment(w.db, { id: "t-m365", customerId: t.id, poolId: m365.id, quantity: 10, assignedOn: "2026-01-15" });
    changeQuantity(w.db, "t-m365", 12, "2026-03-01");
    changeQuantity(w.db, "t-m365", 15, "2026-04-20");
    makeAssignment(w.db, { customerId: t.id, poolId: opus.id, quantity: 50, assignedOn: "2026-02-01", expiresOn: "2026-04-15" });
    addUsage(w.db, [
      { customerId: t.id, serviceId: M365, date: "2026-01-20", licensedUsers: 9 },
      { customerId: t.id, serviceId: M365, date: "2026-02-01", licensedUsers: 11 },
      { customerId: t.id, serviceId: M365, date: "2026-03-10", licensedUsers: 13 },
      { customerId: t.id, serviceId: M365, date: "2026-05-01", licensedUsers: 16 },
      { customerId: t.id, serviceId: M365, date: "2026-06-05", licensedUsers: 18 },
      { customerId: t.id, serviceId: OPUS, date: "2026-02-15", storageGb: 40.5 },
      { customerId: t.id, serviceId: OPUS, date: "2026-04-01", storageGb: 55 },
    ]);
    const trend = usageTrend(queryAt(w.db, w.partner.id, "2026-06-10"), t.id);
    expect(trend.map((p) => [p.month, p.day, p.serviceId, p.assigned, p.consumed])).toEqual([
      ["2026-01", "2026-01-01", M365, 0, null],
      ["2026-01", "2026-01-01", OPUS, 0, null],
      ["2026-02", "2026-02-01", M365, 10, 11],
      ["2026-02", "2026-02-01", OPUS, 50, null],
      ["2026-03", "2026-03-01", M365, 12, 11],
      ["2026-03", "2026-03-01", OPUS, 50, 40.5],
      ["2026-04", "2026-04-01", M365, 12, 13],
      ["2026-04", "2026-04-01", OPUS, 50, 55],
      ["2026-05", "2026-05-01", M365, 15, 16],
      ["2026-05", "2026-05-01", OPUS, 0, 55],
      ["2026-06", "2026-06-01", M365, 15, 16],
      ["2026-06", "2026-06-01", OPUS, 0, 55],
    ]);
    expect(usageTrend(queryAt(w.db, w.partner.id, "2026-06-10"), t.id, 2).map((p) => p.month)).toEqual(["2026-05", "2026-05", "2026-06", "2026-06"]);
  });
});
