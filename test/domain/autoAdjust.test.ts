import { describe, expect, it } from "vitest";
import { importUsage } from "../../domain";
import { SYSTEM, type Ctx } from "../../domain/context";
import { clockAt, dump, makeAssignment, makeCustomer, makePartner, makePool, makeUser, mspWorld } from "../support/factories";
import { refusal, value } from "../support/outcomes";

const M365 = "cloud-backup-for-microsoft-365";

function quantityOf(w: ReturnType<typeof mspWorld>, id: string): number {
  return (dump(w.db).assignments as { id: string; quantity: number }[]).find((a) => a.id === id)!.quantity;
}

describe("auto-adjust (P6)", () => {
  it("P6: an auto-adjusted assignment follows the licensed users at each usage import", () => {
    const w = mspWorld("2026-05-01");
    const c = makeCustomer(w.db, w.partner.id);
    const p = makePool(w.db, w.partner.id, { mode: "auto_adjusted", quantity: 100 });
    const a = makeAssignment(w.db, { customerId: c.id, poolId: p.id, assignedOn: "2026-02-01", quantity: 20 });
    const r = value(importUsage(w.ctx(), { records: [{ customerId: c.id, serviceId: M365, date: "2026-05-01", licensedUsers: 27 }] }));
    expect(r.adjustments).toEqual([expect.objectContaining({ from: 20, to: 27, overage: 0 })]);
    expect(quantityOf(w, a.id)).toBe(27);
    // After 31 days it follows usage down too.
    value(importUsage(w.ctx("2026-05-02"), { records: [{ customerId: c.id, serviceId: M365, date: "2026-05-02", licensedUsers: 18 }] }));
    expect(quantityOf(w, a.id)).toBe(18);
  });

  it("P6 with A5: within 31 days of the assignment auto-adjust only raises", () => {
    const w = mspWorld("2026-03-15");
    const c = makeCustomer(w.db, w.partner.id);
    const p = makePool(w.db, w.partner.id, { mode: "auto_adjusted" });
    const a = makeAssignment(w.db, { customerId: c.id, poolId: p.id, assignedOn: "2026-03-01", quantity: 20 });
    value(importUsage(w.ctx("2026-03-31"), { records: [{ customerId: c.id, serviceId: M365, date: "2026-03-31", licensedUsers: 12 }] }));
    expect(quantityOf(w, a.id)).toBe(20);
    value(importUsage(w.ctx("2026-04-01"), { records: [{ customerId: c.id, serviceId: M365, date: "2026-04-01", licensedUsers: 12 }] }));
    expect(quantityOf(w, a.id)).toBe(12);
  });

  it("P6: beyond what the pool has left the quantity is capped, the overage recorded and admins told", () => {
    const w = mspWorld("2026-05-01");
    const [c, d] = [1, 2].map(() => makeCustomer(w.db, w.partner.id, { name: "Fabrikam" }));
    const p = makePool(w.db, w.partner.id, { mode: "auto_adjusted", quantity: 50 });
    const a = makeAssignment(w.db, { customerId: c!.id, poolId: p.id, assignedOn: "2026-02-01", quantity: 20 });
    makeAssignment(w.db, { customerId: d!.id, poolId: p.id, assignedOn: "2026-02-01", quantity: 25 });
    const r = value(importUsage(w.ctx(), { records: [{ customerId: c!.id, serviceId: M365, date: "2026-05-01", licensedUsers: 31 }] }));
    expect(r.adjustments).toEqual([expect.objectContaining({ from: 20, to: 25, measured: 31, overage: 6 })]);
    expect(quantityOf(w, a.id)).toBe(25);
    const events = dump(w.db).domain_events as { kind: string; payload: string }[];
    expect(events.map((e) => e.kind)).toEqual(["auto_adjust_overage"]);
    expect(JSON.parse(events[0]!.payload)).toMatchObject({ customerName: "Fabrikam", overage: 6 });

    // The same measurement imported again: the quantity is already capped and admins were told,
    // so nothing is written at all, not even an audit row.
    const before = dump(w.db);
    const again = value(importUsage(w.ctx(), { records: [{ customerId: c!.id, serviceId: M365, date: "2026-05-01", licensedUsers: 31 }] }));
    expect(again).toEqual({ measurementsChanged: 0, adjustments: [] });
    expect(dump(w.db)).toEqual(before);
  });

  it("P6: manual pools are left alone; capacity services follow measured GB", () => {
    const w = mspWorld("2026-05-01");
    const c = makeCustomer(w.db, w.partner.id);
    const manual = makePool(w.db, w.partner.id, { mode: "manual" });
    const cap = makePool(w.db, w.partner.id, { serviceId: "opus-storage-optimization", mode: "auto_adjusted", quantity: 1000 });
    const a = makeAssignment(w.db, { customerId: c.id, poolId: manual.id, assignedOn: "2026-02-01", quantity: 20 });
    const g = makeAssignment(w.db, { customerId: c.id, poolId: cap.id, assignedOn: "2026-02-01", quantity: 100 });
    value(
      importUsage(w.ctx(), {
        records: [
          { customerId: c.id, serviceId: M365, date: "2026-05-01", licensedUsers: 40 },
          { customerId: c.id, serviceId: "opus-storage-optimization", date: "2026-05-01", storageGb: 140.2 },
        ],
      }),
    );
    expect(quantityOf(w, a.id)).toBe(20);
    expect(quantityOf(w, g.id)).toBe(141);
  });

  it("P6: the latest measurement on or before today counts; importing the same usage twice changes nothing", () => {
    const w = mspWorld("2026-05-01");
    const c = makeCustomer(w.db, w.partner.id);
    const p = makePool(w.db, w.partner.id, { mode: "auto_adjusted" });
    const a = makeAssignment(w.db, { customerId: c.id, poolId: p.id, assignedOn: "2026-02-01", quantity: 20 });
    const records = [
      { customerId: c.id, serviceId: M365, date: "2026-04-29", licensedUsers: 22 },
      { customerId: c.id, serviceId: M365, date: "2026-04-30", licensedUsers: 24 },
      { customerId: c.id, serviceId: M365, date: "2026-05-05", licensedUsers: 90 },
    ];
    const system: Ctx = { db: w.db, clock: clockAt("2026-05-01"), actor: SYSTEM };
    value(importUsage(system, { records }));
    expect(quantityOf(w, a.id)).toBe(24);
    const once = dump(w.db);
    const again = value(importUsage(system, { records }));
    expect(again).toEqual({ measurementsChanged: 0, adjustments: [] });
    expect(dump(w.db)).toEqual(once);
  });

  it("U1 and U2: viewers cannot import usage; another partner's customer is refused and nothing is written", () => {
    const w = mspWorld("2026-05-01");
    const c = makeCustomer(w.db, w.partner.id);
    const record = { customerId: c.id, serviceId: M365, date: "2026-05-01", licensedUsers: 1 };
    const before = dump(w.db);
    expect(refusal(importUsage(w.viewerCtx(), { records: [record] })).code).toBe("NOT_ADMINISTRATOR");
    const other = makePartner(w.db, { name: "Other MSP" });
    const eve = makeUser(w.db, other.id);
    const eveCtx: Ctx = { db: w.db, clock: clockAt("2026-05-01"), actor: { kind: "user", partnerId: other.id, aadObjectId: eve.aadObjectId, name: eve.name, role: "administrator" } };
    const mid = dump(w.db);
    expect(refusal(importUsage(eveCtx, { records: [record] })).code).toBe("NOT_FOUND");
    expect(dump(w.db)).toEqual(mid);
    expect(mid.usage).toEqual(before.usage);
  });
});
