import { describe, expect, it } from "vitest";
import { disconnect, onboard } from "../../domain";
import { storageConsumption } from "../../domain/queries";
import { makeAssignment, makeCustomer, makePartner, makePool, mspWorld, testDb } from "../support/factories";
import { value } from "../support/outcomes";
import { addUsage, adminCtx, M365, OPUS, queryAt, WM_STORAGE, type Measurement } from "./fixtures/world";

/** Four customers of one MSP with storage measured on various days around 15 March 2026, and a neighbour. */
function storageWorld() {
  const db = testDb();
  const msp = makePartner(db, { name: "Contoso MSP" });
  const other = makePartner(db, { name: "Northwind MSP" });
  const pools = {
    opus: makePool(db, msp.id, { serviceId: OPUS, quantity: 5000 }),
    wm: makePool(db, msp.id, { serviceId: WM_STORAGE, quantity: 5000 }),
    m365: makePool(db, msp.id, { quantity: 100 }),
    theirs: makePool(db, other.id, { serviceId: OPUS, quantity: 9000 }),
  };
  const c = (name: string, partnerId = msp.id) => makeCustomer(db, partnerId, { name });
  const adatum = c("Adatum");
  const bellows = c("Bellows");
  const coho = c("Coho");
  const dunn = c("Dunn");
  const zed = c("Zed (Northwind)", other.id);
  makeAssignment(db, { customerId: adatum.id, poolId: pools.opus.id, quantity: 200 });
  makeAssignment(db, { customerId: adatum.id, poolId: pools.wm.id, quantity: 50 });
  makeAssignment(db, { customerId: bellows.id, poolId: pools.opus.id, quantity: 300 });
  makeAssignment(db, { customerId: coho.id, poolId: pools.m365.id, quantity: 10 });
  makeAssignment(db, { customerId: dunn.id, poolId: pools.opus.id, quantity: 10 });
  makeAssignment(db, { customerId: zed.id, poolId: pools.theirs.id, quantity: 5000 });
  const measurements: Measurement[] = [
    { customerId: adatum.id, serviceId: OPUS, date: "2026-03-01", storageGb: 100.25 },
    { customerId: adatum.id, serviceId: OPUS, date: "2026-03-10", storageGb: 150.5 },
    { customerId: adatum.id, serviceId: OPUS, date: "2026-03-20", storageGb: 999 },
    { customerId: adatum.id, serviceId: WM_STORAGE, date: "2026-03-05", storageGb: 40 },
    { customerId: bellows.id, serviceId: OPUS, date: "2026-02-01", storageGb: 300 },
    { customerId: coho.id, serviceId: M365, date: "2026-03-08", licensedUsers: 10, storageGb: 12.75 },
    // A later seat count without storage does not hide the earlier storage figure.
    { customerId: coho.id, serviceId: M365, date: "2026-03-12", licensedUsers: 11 },
    // Dunn's only measurement is after today.
    { customerId: dunn.id, serviceId: OPUS, date: "2026-03-16", storageGb: 70 },
    { customerId: zed.id, serviceId: OPUS, date: "2026-03-01", storageGb: 5000 },
  ];
  addUsage(db, measurements);
  return { db, msp, other, adatum, bellows, coho, dunn, zed, measurements };
}

describe("storage consumption (R4)", () => {
  it("R4: totals per customer and service use the last measurement on or before today, largest first", () => {
    const w = storageWorld();
    const r = storageConsumption(queryAt(w.db, w.msp.id, "2026-03-15"));
    expect(r.day).toBe("2026-03-15");
    expect(r.totalGb).toBe(503.25);
    expect(r.customers).toBe(3);
    expect(r.newest).toBe("2026-03-10");
    expect(r.rows).toEqual([
      { customerId: w.bellows.id, customerName: "Bellows", gb: 300, services: [{ serviceId: OPUS, serviceName: "Opus > Storage Optimization", gb: 300, measuredOn: "2026-02-01" }] },
      {
        customerId: w.adatum.id,
        customerName: "Adatum",
        gb: 190.5,
        services: [
          { serviceId: OPUS, serviceName: "Opus > Storage Optimization", gb: 150.5, measuredOn: "2026-03-10" },
          { serviceId: WM_STORAGE, serviceName: "Workspace Management - Storage Optimization", gb: 40, measuredOn: "2026-03-05" },
        ],
      },
      { customerId: w.coho.id, customerName: "Coho", gb: 12.75, services: [{ serviceId: M365, serviceName: "Cloud Backup for Microsoft 365", gb: 12.75, measuredOn: "2026-03-08" }] },
    ]);
  });

  it("R4: each day agrees with a naive scan of the measurements", () => {
    const w = storageWorld();
    const mine = new Set([w.adatum.id, w.bellows.id, w.coho.id, w.dunn.id]);
    for (const day of ["2026-01-31", "2026-02-01", "2026-03-01", "2026-03-09", "2026-03-16", "2026-03-20", "2026-12-31"]) {
      const latest = new Map<string, Measurement>();
      for (const m of w.measurements) {
        if (!mine.has(m.customerId) || m.storageGb === undefined || m.date > day) continue;
        const key = `${m.customerId}/${m.serviceId}`;
        if (!latest.has(key) || latest.get(key)!.date < m.date) latest.set(key, m);
      }
      const perCustomer = new Map<string, number>();
      for (const m of latest.values()) perCustomer.set(m.customerId, (perCustomer.get(m.customerId) ?? 0) + m.storageGb!);
      const r = storageConsumption(queryAt(w.db, w.msp.id, day));
      const total = [...perCustomer.values()].reduce((a, b) => a + b, 0);
      expect({ day, total: r.totalGb, customers: r.customers }).toEqual({ day, total: Math.round(total * 100) / 100, customers: perCustomer.size });
      expect(r.rows.map((c) => [c.customerId, c.gb])).toEqual([...perCustomer].sort((a, b) => b[1] - a[1]));
    }
  });

  it("R4: pages by customer; the totals stay those of all customers", () => {
    const w = storageWorld();
    const q = queryAt(w.db, w.msp.id, "2026-03-15");
    const page = storageConsumption(q, { offset: 1, limit: 1 });
    expect(page.rows.map((c) => c.customerName)).toEqual(["Adatum"]);
    expect(page).toMatchObject({ totalGb: 503.25, customers: 3 });
    expect(storageConsumption(q, { offset: 2, limit: 5 }).rows.map((c) => c.customerName)).toEqual(["Coho"]);
    expect(storageConsumption(q, { offset: 3 }).rows).toEqual([]);
  });

  it("U2: another partner's storage never counts", () => {
    const w = storageWorld();
    const mine = storageConsumption(queryAt(w.db, w.msp.id, "2026-03-15"));
    expect(mine.rows.map((c) => c.customerId)).not.toContain(w.zed.id);
    expect(storageConsumption(queryAt(w.db, w.other.id, "2026-03-15"))).toMatchObject({ totalGb: 5000, customers: 1, rows: [expect.objectContaining({ customerName: "Zed (Northwind)" })] });
  });

  // Decision: R4 counts the partner's connected customers. A disconnected customer belongs to no
  // partner ("while connected"), its assignments ended (A6), so its data is no longer backed up by
  // the partner; once another partner onboards the tenant its storage counts there, never twice.
  it("R4/A6: a disconnected customer's storage no longer counts for its former partner, only for the partner that onboards it", () => {
    const w = mspWorld("2026-03-01");
    makePool(w.db, w.partner.id, { id: "opus-a", serviceId: OPUS, quantity: 1000 });
    const stay = makeCustomer(w.db, w.partner.id, { name: "Stayer" });
    makeAssignment(w.db, { customerId: stay.id, poolId: "opus-a", quantity: 50, assignedOn: "2026-01-01" });
    const mover = value(onboard(w.ctx("2026-01-05"), { name: "Mover", m365TenantId: "tenant-mover", services: [{ poolId: "opus-a", quantity: 100 }] })).customer;
    addUsage(w.db, [
      { customerId: stay.id, serviceId: OPUS, date: "2026-02-01", storageGb: 40 },
      { customerId: mover.id, serviceId: OPUS, date: "2026-02-01", storageGb: 100 },
    ]);
    value(disconnect(w.ctx("2026-03-01"), { customerId: mover.id }));
    const other = makePartner(w.db, { name: "Northwind MSP" });
    makePool(w.db, other.id, { id: "opus-b", serviceId: OPUS, quantity: 1000 });
    const moved = value(onboard(adminCtx(w.db, other.id, "2026-03-02"), { name: "Mover", m365TenantId: "tenant-mover", services: [{ poolId: "opus-b", quantity: 100 }] })).customer;
    addUsage(w.db, [{ customerId: moved.id, serviceId: OPUS, date: "2026-03-05", storageGb: 120 }]);
    expect(storageConsumption(queryAt(w.db, other.id, "2026-03-15"))).toMatchObject({ totalGb: 120, customers: 1 });
    expect(storageConsumption(queryAt(w.db, w.partner.id, "2026-03-15"))).toMatchObject({ totalGb: 40, customers: 1, rows: [expect.objectContaining({ customerName: "Stayer" })] });
    // On its last connected day (disconnected from 1 March) it still counted for the first partner.
    expect(storageConsumption(queryAt(w.db, w.partner.id, "2026-02-28"))).toMatchObject({ totalGb: 140, customers: 2 });
  });
});
