import { describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import * as domain from "../../domain";
import type { Ctx } from "../../domain/context";
import type { Outcome } from "../../domain/outcome";
import {
  dump,
  makeAllocation,
  makeAssignment,
  makeCustomer,
  makeCustomerUser,
  makePartner,
  makePool,
  makeUser,
  mspWorld,
} from "../support/factories";

const M365 = "cloud-backup-for-microsoft-365";

/**
 * Arms every table with a trigger that calls `inject()` before each write; `inject` throws on the
 * k-th write (k = 0 only counts). A verb that fails midway must leave the database as it was.
 */
function armFailure(db: Db, k: number): { writes: () => number } {
  let n = 0;
  db.$client.function("inject", () => {
    n += 1;
    if (n === k) throw new Error(`injected failure at write ${k}`);
    return null;
  });
  const tables = db.$client
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'")
    .all() as { name: string }[];
  for (const { name } of tables) {
    for (const op of ["INSERT", "UPDATE", "DELETE"]) {
      db.$client.exec(`create temp trigger if not exists "fi_${name}_${op}" before ${op} on main."${name}" begin select inject(); end`);
    }
  }
  return { writes: () => n };
}

type Scenario = () => { ctx: Ctx; run: (ctx: Ctx) => Outcome<unknown> };

function world(day = "2026-05-01") {
  const w = mspWorld(day);
  const c = makeCustomer(w.db, w.partner.id, { name: "Fabrikam" });
  const p = makePool(w.db, w.partner.id, { quantity: 100, mode: "auto_adjusted" });
  const q = makePool(w.db, w.partner.id, { channel: "off_marketplace", quantity: 100, distributorOrderId: "o-1" });
  return { ...w, c, p, q };
}

function withAssignment(day = "2026-05-01") {
  const w = world(day);
  makeAssignment(w.db, { customerId: w.c.id, poolId: w.p.id, assignedOn: "2026-02-01", quantity: 10 });
  const d = makeCustomer(w.db, w.partner.id, { name: "Northwind" });
  makeAssignment(w.db, { customerId: d.id, poolId: w.q.id, assignedOn: "2026-02-01", quantity: 10 });
  return w;
}

const scenarios: Record<string, Scenario> = {
  assign: () => {
    const w = world();
    return { ctx: w.ctx(), run: (ctx) => domain.assign(ctx, { customerId: w.c.id, poolId: w.p.id, quantity: 5 }) };
  },
  changeSeats: () => {
    const w = world();
    makeAssignment(w.db, { customerId: w.c.id, poolId: w.p.id, assignedOn: "2026-02-01", quantity: 10 });
    return { ctx: w.ctx(), run: (ctx) => domain.changeSeats(ctx, { customerId: w.c.id, serviceId: M365, quantity: 20 }) };
  },
  extend: () => {
    const w = world();
    makeAssignment(w.db, { customerId: w.c.id, poolId: w.q.id, assignedOn: "2026-02-01", expiresOn: "2026-06-01" });
    return { ctx: w.ctx(), run: (ctx) => domain.extend(ctx, { customerId: w.c.id, serviceId: M365, expiresOn: "2026-10-01" }) };
  },
  extendAll: () => {
    const w = world();
    for (let i = 0; i < 3; i++) {
      const c = makeCustomer(w.db, w.partner.id);
      makeAssignment(w.db, { customerId: c.id, poolId: w.q.id, assignedOn: "2026-02-01", expiresOn: "2026-06-01" });
    }
    return { ctx: w.ctx(), run: (ctx) => domain.extendAll(ctx, { poolId: w.q.id, to: "end" }) };
  },
  switchPool: () => {
    const w = world();
    makeAssignment(w.db, { customerId: w.c.id, poolId: w.p.id, assignedOn: "2026-02-01", quantity: 10 });
    return { ctx: w.ctx(), run: (ctx) => domain.switchPool(ctx, { customerId: w.c.id, serviceId: M365, toPoolId: w.q.id }) };
  },
  disconnect: () => {
    const w = world();
    makeAssignment(w.db, { customerId: w.c.id, poolId: w.p.id, assignedOn: "2026-02-01" });
    const a = makePool(w.db, w.partner.id, { serviceId: "cloud-archiving" });
    makeAssignment(w.db, { customerId: w.c.id, poolId: a.id, assignedOn: "2026-02-01" });
    return { ctx: w.ctx(), run: (ctx) => domain.disconnect(ctx, { customerId: w.c.id }) };
  },
  applyLicense: () => {
    const w = world();
    makeAssignment(w.db, { customerId: w.c.id, poolId: w.p.id, assignedOn: "2026-02-01" });
    return { ctx: w.ctx(), run: (ctx) => domain.applyLicense(ctx, { customerId: w.c.id, serviceId: M365, type: "cmp", end: "2027-01-01" }) };
  },
  onboard: () => {
    const w = world();
    const a = makePool(w.db, w.partner.id, { serviceId: "cloud-archiving" });
    return {
      ctx: w.ctx(),
      run: (ctx) =>
        domain.onboard(ctx, {
          name: "Northwind",
          m365TenantId: "nw",
          services: [{ poolId: w.p.id, quantity: 5 }, { poolId: a.id, quantity: 3 }],
          tenantOwner: { upn: "it@nw.example", name: "IT" },
        }),
    };
  },
  changeTenantOwner: () => {
    const w = world();
    makeCustomerUser(w.db, w.c.id, ["Service Administrator"], true, "a@fab.example");
    makeCustomerUser(w.db, w.c.id, ["Service Administrator"], false, "b@fab.example");
    return { ctx: w.ctx(), run: (ctx) => domain.changeTenantOwner(ctx, { customerId: w.c.id, upn: "b@fab.example" }) };
  },
  addAdministrator: () => {
    const w = world();
    return { ctx: w.ctx(), run: (ctx) => domain.addAdministrator(ctx, { aadObjectId: w.viewer.aadObjectId }) };
  },
  removeAdministrator: () => {
    const w = world();
    const bob = makeUser(w.db, w.partner.id);
    return { ctx: w.ctx(), run: (ctx) => domain.removeAdministrator(ctx, { aadObjectId: bob.aadObjectId }) };
  },
  recordFeedback: () => {
    const w = world();
    return { ctx: w.ctx(), run: (ctx) => domain.recordFeedback(ctx, { text: "Nice" }) };
  },
  createPool: () => {
    const w = world();
    return {
      ctx: w.ctx(),
      run: (ctx) =>
        domain.createPool(ctx, { serviceId: "cense", channel: "marketplace", paymentModel: "prepaid", paymentOption: "apm", start: "2026-05-01", end: "2027-04-30", quantity: 5 }),
    };
  },
  setPoolQuantity: () => {
    const w = world();
    return { ctx: w.ctx(), run: (ctx) => domain.setPoolQuantity(ctx, { poolId: w.p.id, quantity: 150 }) };
  },
  renewPool: () => {
    const w = world();
    return { ctx: w.ctx(), run: (ctx) => domain.renewPool(ctx, { poolId: w.q.id, end: "2027-12-31" }) };
  },
  cancelOrder: () => {
    const w = withAssignment();
    return { ctx: w.ctx(), run: (ctx) => domain.cancelOrder(ctx, { poolId: w.q.id, canceledOn: "2026-06-01" }) };
  },
  allocate: () => {
    const w = mspWorld("2026-05-01", { kind: "lar", tier2Enabled: true });
    const msp = makePartner(w.db, { larId: w.partner.id });
    const p = makePool(w.db, w.partner.id, { quantity: 100 });
    makeAllocation(w.db, p.id, msp.id, 10);
    return { ctx: w.ctx(), run: (ctx) => domain.allocate(ctx, { poolId: p.id, mspId: msp.id, quantity: 15 }) };
  },
  importUsage: () => {
    const w = withAssignment();
    const records = [
      { customerId: w.c.id, serviceId: M365, date: "2026-04-30", licensedUsers: 30 },
      { customerId: w.c.id, serviceId: M365, date: "2026-05-01", licensedUsers: 200 },
    ];
    return { ctx: w.ctx(), run: (ctx) => domain.importUsage(ctx, { records }) };
  },
  requestChange: () => {
    const w = world();
    return { ctx: w.ctx(), run: (ctx) => domain.requestChange(ctx, "assign", { customerId: w.c.id, poolId: w.p.id, quantity: 5 }) };
  },
  confirmChange: () => {
    const w = world();
    const pending = domain.requestChange(w.ctx(), "assign", { customerId: w.c.id, poolId: w.p.id, quantity: 5 });
    if (!pending.ok) throw new Error("setup");
    return { ctx: w.ctx(), run: (ctx) => domain.confirmChange(ctx, { id: pending.value.id }) };
  },
  cancelChange: () => {
    const w = world();
    const pending = domain.requestChange(w.ctx(), "assign", { customerId: w.c.id, poolId: w.p.id, quantity: 5 });
    if (!pending.ok) throw new Error("setup");
    return { ctx: w.ctx(), run: (ctx) => domain.cancelChange(ctx, { id: pending.value.id }) };
  },
};

describe("atomicity: a failure midway through any mutation leaves the database exactly as before", () => {
  for (const [name, scenario] of Object.entries(scenarios)) {
    it(`${name}: every write, failed in turn, rolls back the whole change`, () => {
      // Count the writes of a successful run first.
      const probe = scenario();
      const counter = armFailure(probe.ctx.db, 0);
      const outcome = probe.run(probe.ctx);
      expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
      const writes = counter.writes();
      expect(writes).toBeGreaterThan(1);
      const audits = (dump(probe.ctx.db).audit_log ?? []).length;
      expect(audits).toBeGreaterThan(0);

      for (let k = 1; k <= writes; k++) {
        const s = scenario();
        const before = dump(s.ctx.db);
        armFailure(s.ctx.db, k);
        expect(() => s.run(s.ctx), `write ${k} of ${writes}`).toThrow(/injected failure/);
        expect(dump(s.ctx.db), `write ${k} of ${writes}`).toEqual(before);
      }
    });
  }

  it("covers every verb the domain exports", () => {
    const verbs = Object.entries(domain)
      .filter(([, v]) => typeof v === "function")
      .map(([k]) => k)
      .sort();
    expect(Object.keys(scenarios).sort()).toEqual(verbs);
  });
});

