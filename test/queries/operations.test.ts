import { describe, expect, it } from "vitest";
import { customerOperations, JOB_STATUSES, lastDays, serviceOperations, type JobStatus } from "../../domain/queries";
import { makeCustomer, makePartner, testDb } from "../support/factories";
import { addJobs, CENSE, eachDay, localDay, M365, queryAt, type Job } from "./fixtures/world";

function operationsWorld(timeZone = "UTC") {
  const db = testDb();
  const msp = makePartner(db, { name: "Contoso MSP", timeZone });
  const other = makePartner(db, { name: "Northwind MSP", timeZone });
  const [adatum, bellows, coho] = ["Adatum", "Bellows", "Coho"].map((name) => makeCustomer(db, msp.id, { name }));
  const zed = makeCustomer(db, other.id, { name: "Zed (Northwind)" });
  const jobs: Job[] = [
    { customerId: adatum!.id, serviceId: M365, startedAt: "2026-02-28T23:59:59.999Z", status: "succeeded" },
    { customerId: adatum!.id, serviceId: M365, startedAt: "2026-03-01T00:00:00Z", status: "succeeded" },
    { customerId: adatum!.id, serviceId: M365, startedAt: "2026-03-02T08:00:00Z", status: "failed" },
    { customerId: adatum!.id, serviceId: M365, startedAt: "2026-03-03T08:00:00Z", status: "succeeded" },
    { customerId: bellows!.id, serviceId: M365, startedAt: "2026-03-04T12:00:00Z", status: "partially_succeeded" },
    { customerId: bellows!.id, serviceId: M365, startedAt: "2026-03-07T23:59:59Z", status: "failed" },
    { customerId: bellows!.id, serviceId: M365, startedAt: "2026-03-08T00:00:00Z", status: "succeeded" },
    { customerId: coho!.id, serviceId: CENSE, startedAt: "2026-03-05T10:00:00Z", status: "in_progress" },
    { customerId: coho!.id, serviceId: CENSE, startedAt: "2026-03-06T10:00:00Z", status: "canceled" },
    { customerId: adatum!.id, serviceId: CENSE, startedAt: "2026-03-06T11:00:00Z", status: "failed" },
    { customerId: zed.id, serviceId: M365, startedAt: "2026-03-03T09:00:00Z", status: "failed" },
    { customerId: zed.id, serviceId: CENSE, startedAt: "2026-03-04T09:00:00Z", status: "succeeded" },
  ];
  addJobs(db, jobs);
  const mine = new Set([adatum!.id, bellows!.id, coho!.id]);
  return { db, msp, other, adatum: adatum!, bellows: bellows!, coho: coho!, zed, jobs, mine, timeZone };
}

/** Naive R3: bucket each of the partner's jobs by its local day (Intl), then count. */
function reference(w: { jobs: Job[]; mine: Set<string>; timeZone: string }, from: string, to: string, status?: JobStatus) {
  const days = new Set(eachDay(from, to));
  const hits = w.jobs.filter((j) => w.mine.has(j.customerId) && days.has(localDay(j.startedAt, w.timeZone)) && (!status || j.status === status));
  const services = [...new Set(hits.map((j) => j.serviceId))].map((serviceId) => {
    const of = hits.filter((j) => j.serviceId === serviceId);
    const byStatus = Object.fromEntries(JOB_STATUSES.map((s) => [s, of.filter((j) => j.status === s).length]));
    return { serviceId, total: of.length, byStatus, customers: new Set(of.map((j) => j.customerId)).size };
  });
  return { total: hits.length, services: services.sort((a, b) => a.serviceId.localeCompare(b.serviceId)) };
}

const summary = (r: ReturnType<typeof customerOperations>) => ({
  total: r.total,
  services: r.services.map((s) => ({ serviceId: s.serviceId, total: s.total, byStatus: s.byStatus, customers: s.customers })).sort((a, b) => a.serviceId.localeCompare(b.serviceId)),
});

describe("customer operations (R3)", () => {
  it("R3: counts the partner's jobs by service and status over the last 7 days, by hand", () => {
    const w = operationsWorld();
    const q = queryAt(w.db, w.msp.id, "2026-03-07");
    const range = lastDays(q, 7);
    expect(range).toEqual({ from: "2026-03-01", to: "2026-03-07" });
    const r = customerOperations(q, range);
    expect(r.services).toEqual([
      { serviceId: CENSE, serviceName: "Cense", total: 3, byStatus: { succeeded: 0, failed: 1, partially_succeeded: 0, in_progress: 1, canceled: 1 }, customers: 2 },
      {
        serviceId: M365,
        serviceName: "Cloud Backup for Microsoft 365",
        total: 5,
        byStatus: { succeeded: 2, failed: 2, partially_succeeded: 1, in_progress: 0, canceled: 0 },
        customers: 2,
      },
    ]);
    expect(r.total).toBe(8);
    expect(r.newest).toBe("2026-03-07T23:59:59.000Z");
  });

  it("R3: a status filter counts only that status", () => {
    const w = operationsWorld();
    const q = queryAt(w.db, w.msp.id, "2026-03-07");
    const r = customerOperations(q, lastDays(q, 7, "failed"));
    expect(r.status).toBe("failed");
    expect(r.services.map((s) => [s.serviceName, s.total, s.byStatus.failed, s.byStatus.succeeded, s.customers])).toEqual([
      ["Cense", 1, 1, 0, 1],
      ["Cloud Backup for Microsoft 365", 2, 2, 0, 2],
    ]);
    expect(r.total).toBe(3);
    expect(customerOperations(q, lastDays(q, 7, "in_progress")).services.map((s) => [s.serviceId, s.total])).toEqual([[CENSE, 1]]);
  });

  it("R3: one service's detail lists customers with their counts", () => {
    const w = operationsWorld();
    const q = queryAt(w.db, w.msp.id, "2026-03-07");
    expect(serviceOperations(q, M365, lastDays(q, 7))).toEqual([
      { customerId: w.adatum.id, customerName: "Adatum", total: 3, byStatus: { succeeded: 2, failed: 1, partially_succeeded: 0, in_progress: 0, canceled: 0 }, lastStartedAt: "2026-03-03T08:00:00.000Z" },
      { customerId: w.bellows.id, customerName: "Bellows", total: 2, byStatus: { succeeded: 0, failed: 1, partially_succeeded: 1, in_progress: 0, canceled: 0 }, lastStartedAt: "2026-03-07T23:59:59.000Z" },
    ]);
    expect(serviceOperations(q, M365, lastDays(q, 7, "failed")).map((c) => [c.customerName, c.total, c.lastStartedAt])).toEqual([
      ["Adatum", 1, "2026-03-02T08:00:00.000Z"],
      ["Bellows", 1, "2026-03-07T23:59:59.000Z"],
    ]);
  });

  it("R3: every range and status agrees with a naive per-job count", () => {
    const w = operationsWorld();
    const q = queryAt(w.db, w.msp.id, "2026-03-10");
    const ranges = [
      { from: "2026-02-28", to: "2026-02-28" },
      { from: "2026-03-01", to: "2026-03-01" },
      { from: "2026-03-02", to: "2026-03-05" },
      { from: "2026-03-07", to: "2026-03-08" },
      { from: "2026-02-01", to: "2026-03-31" },
    ];
    for (const range of ranges) {
      for (const status of [undefined, ...JOB_STATUSES]) {
        const r = customerOperations(q, { ...range, ...(status ? { status } : {}) });
        expect({ range, status, ...summary(r) }).toEqual({ range, status, ...reference(w, range.from, range.to, status) });
      }
    }
  });

  it("R3: a partner with a small share of the customers (read per customer, not per service) gets the same counts", () => {
    const w = operationsWorld();
    // Twelve more customers elsewhere leave Contoso 3 of 16: its jobs are then read customer by customer.
    const crowd = Array.from({ length: 12 }, (_, i) => makeCustomer(w.db, w.other.id, { name: `Crowd ${i}` }));
    const extra: Job[] = crowd.map((c, i) => ({ customerId: c.id, serviceId: i % 2 ? M365 : CENSE, startedAt: `2026-03-0${1 + (i % 7)}T10:00:00Z`, status: "succeeded" }));
    addJobs(w.db, extra);
    const q = queryAt(w.db, w.msp.id, "2026-03-10");
    for (const range of [{ from: "2026-03-01", to: "2026-03-07" }, { from: "2026-02-01", to: "2026-03-31" }]) {
      for (const status of [undefined, "failed", "succeeded"] as const) {
        const r = customerOperations(q, { ...range, ...(status ? { status } : {}) });
        expect({ range, status, ...summary(r) }).toEqual({ range, status, ...reference(w, range.from, range.to, status) });
      }
    }
    expect(serviceOperations(q, M365, { from: "2026-03-01", to: "2026-03-07" }).map((c) => [c.customerName, c.total])).toEqual([
      ["Adatum", 3],
      ["Bellows", 2],
    ]);
    // The other partner, now holding most customers, reads per service: its own jobs only.
    const theirs = customerOperations(queryAt(w.db, w.other.id, "2026-03-10"), { from: "2026-03-01", to: "2026-03-07" });
    expect(theirs.total).toBe(2 + 12);
  });

  it("U2: another partner's jobs never count, and its customers never appear in a detail", () => {
    const w = operationsWorld();
    const mine = queryAt(w.db, w.msp.id, "2026-03-07");
    const wide = { from: "2026-01-01", to: "2026-12-31" };
    expect(serviceOperations(mine, M365, wide).map((c) => c.customerId)).not.toContain(w.zed.id);
    expect(serviceOperations(mine, CENSE, wide).map((c) => c.customerId)).not.toContain(w.zed.id);
    const theirs = customerOperations(queryAt(w.db, w.other.id, "2026-03-07"), wide);
    expect(theirs.services.map((s) => [s.serviceId, s.total, s.customers])).toEqual([
      [CENSE, 1, 1],
      [M365, 1, 1],
    ]);
  });
});

describe("operations by the partner's day boundaries (R3, time zones)", () => {
  const instants = ["2026-02-28T09:59:59Z", "2026-02-28T10:00:00Z", "2026-03-07T09:59:59Z", "2026-03-07T10:00:00Z", "2026-03-07T12:00:00Z"];

  function zoneWorld(timeZone: string, at: string[]) {
    const db = testDb();
    const msp = makePartner(db, { timeZone });
    const c = makeCustomer(db, msp.id, { name: "Adatum" });
    const jobs: Job[] = at.map((startedAt) => ({ customerId: c.id, serviceId: M365, startedAt, status: "succeeded" }));
    addJobs(db, jobs);
    return { db, msp, jobs, mine: new Set([c.id]), timeZone };
  }

  it("R3: in Pacific/Kiritimati (UTC+14) a day starts at 10:00 UTC the day before", () => {
    const kiri = zoneWorld("Pacific/Kiritimati", instants);
    const utc = zoneWorld("UTC", instants);
    const week = { from: "2026-03-01", to: "2026-03-07" };
    // Local days in Kiritimati: 02-28, 03-01, 03-07, 03-08, 03-08.
    expect(customerOperations(queryAt(kiri.db, kiri.msp.id, "2026-03-07"), week).total).toBe(2);
    expect(customerOperations(queryAt(utc.db, utc.msp.id, "2026-03-07"), week).total).toBe(3);
    // At 11:00 UTC on 7 March it is already 8 March in Kiritimati: "today" there holds two jobs.
    const kq = queryAt(kiri.db, kiri.msp.id, "2026-03-07T11:00:00Z");
    expect(lastDays(kq, 1)).toEqual({ from: "2026-03-08", to: "2026-03-08" });
    expect(customerOperations(kq, lastDays(kq, 1)).total).toBe(2);
    const uq = queryAt(utc.db, utc.msp.id, "2026-03-07T11:00:00Z");
    expect(customerOperations(uq, lastDays(uq, 1)).total).toBe(3);
    expect(summary(customerOperations(kq, week))).toEqual(reference(kiri, week.from, week.to));
  });

  it("R3: in Pacific/Pago_Pago (UTC-11) a day starts at 11:00 UTC the same date", () => {
    const pago = zoneWorld("Pacific/Pago_Pago", ["2026-03-01T10:59:59Z", "2026-03-01T11:00:00Z", "2026-03-08T10:59:59Z", "2026-03-08T11:00:00Z"]);
    const q = queryAt(pago.db, pago.msp.id, "2026-03-08T05:00:00Z");
    // 05:00 UTC on 8 March is 18:00 on 7 March in Pago Pago.
    expect(q.today).toBe("2026-03-07");
    const r = customerOperations(q, lastDays(q, 7));
    expect(r.total).toBe(2);
    expect(r.newest).toBe("2026-03-08T10:59:59.000Z");
    expect(serviceOperations(q, M365, lastDays(q, 7))[0]).toMatchObject({ total: 2, lastStartedAt: "2026-03-08T10:59:59.000Z" });
  });

  it("R3: day boundaries follow daylight saving time (Europe/Paris, America/New_York), as a naive per-job count says", () => {
    // Every hour across the spring and autumn changes of 2026, in UTC.
    const around = (from: string, hours: number) => Array.from({ length: hours }, (_, i) => new Date(Date.parse(from) + i * 3_600_000).toISOString());
    const at = [...around("2026-03-07T00:00:00Z", 120), ...around("2026-03-27T00:00:00Z", 96), ...around("2026-10-24T00:00:00Z", 96), ...around("2026-10-31T00:00:00Z", 72)];
    for (const timeZone of ["Europe/Paris", "America/New_York"]) {
      const w = zoneWorld(timeZone, at);
      const q = queryAt(w.db, w.msp.id, "2026-12-01");
      for (const day of [...eachDay("2026-03-07", "2026-03-10"), ...eachDay("2026-03-27", "2026-03-30"), ...eachDay("2026-10-24", "2026-10-27"), ...eachDay("2026-10-31", "2026-11-02")]) {
        expect({ timeZone, day, total: customerOperations(q, { from: day, to: day }).total }).toEqual({ timeZone, day, total: reference(w, day, day).total });
      }
    }
  });
});
