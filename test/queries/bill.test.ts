import { describe, expect, it } from "vitest";
import { applyLicense, assign, changeSeats } from "../../domain";
import { paygBill, type BillLine } from "../../domain/queries";
import { makeAssignment, makeCustomer, makePartner, makePool, mspWorld } from "../support/factories";
import { value } from "../support/outcomes";
import { CENSE, daysOfMonth, M365, plusDays, queryAt } from "./fixtures/world";

const payg = { channel: "direct", paymentModel: "payg", paymentOption: "monthly", quantity: null, mode: "manual", start: "2026-01-01", end: "2026-12-31" } as const;

/**
 * One MSP's PAYG customers in the first half of 2026, built through the domain verbs where a verb
 * exists (assign, license, seats), plus a prepaid customer and a neighbour's PAYG customer.
 */
function billWorld() {
  const w = mspWorld("2026-01-01");
  makePool(w.db, w.partner.id, { id: "payg-m365", serviceId: M365, ...payg });
  makePool(w.db, w.partner.id, { id: "payg-cense", serviceId: CENSE, ...payg });
  makePool(w.db, w.partner.id, { id: "prepaid-m365", serviceId: M365, quantity: 100 });
  const c = (name: string) => makeCustomer(w.db, w.partner.id, { name });
  const sprint = c("Sprint");
  const woodgrove = c("Woodgrove");
  const graphic = c("Graphic");
  const humongous = c("Humongous");
  const prepaid = c("Prepaid Co");

  // Assigned on the 20th, superseded by a CMP license on the 25th.
  value(assign(w.ctx("2026-03-20"), { customerId: sprint.id, poolId: "payg-m365", quantity: 5 }));
  value(applyLicense(w.ctx("2026-03-25"), { customerId: sprint.id, serviceId: M365, type: "cmp", end: "2026-12-31" }));
  // The whole month, every month.
  makeAssignment(w.db, { customerId: woodgrove.id, poolId: "payg-m365", quantity: 7, assignedOn: "2026-01-10", expiresOn: "2026-12-31" });
  // 10, raised to 14 on 16 March, lowered to 9 on 10 April; and Cense for 31 days from 5 March.
  makeAssignment(w.db, { customerId: graphic.id, poolId: "payg-m365", quantity: 10, assignedOn: "2026-02-01", expiresOn: "2026-12-31" });
  value(changeSeats(w.ctx("2026-03-16"), { customerId: graphic.id, serviceId: M365, quantity: 14 }));
  value(changeSeats(w.ctx("2026-04-10"), { customerId: graphic.id, serviceId: M365, quantity: 9 }));
  value(assign(w.ctx("2026-03-05"), { customerId: graphic.id, poolId: "payg-cense", quantity: 3 }));
  // Expired on 13 March (its 31-day default).
  makeAssignment(w.db, { customerId: humongous.id, poolId: "payg-m365", quantity: 3, assignedOn: "2026-02-10", expiresOn: "2026-03-13" });
  // Prepaid: never billed here.
  makeAssignment(w.db, { customerId: prepaid.id, poolId: "prepaid-m365", quantity: 40, assignedOn: "2026-01-05", expiresOn: "2026-12-31" });

  const other = makePartner(w.db, { name: "Northwind MSP" });
  makePool(w.db, other.id, { id: "nw-payg", serviceId: M365, ...payg });
  const nw = makeCustomer(w.db, other.id, { name: "Northwind Client" });
  makeAssignment(w.db, { customerId: nw.id, poolId: "nw-payg", quantity: 50, assignedOn: "2026-01-01", expiresOn: "2026-12-31" });

  /** The fixture as plain data: last active day and quantity history, for the naive reference. */
  const plan = [
    { customer: "Sprint", serviceId: M365, assignedOn: "2026-03-20", lastActive: "2026-03-24", history: [["2026-03-20", 5]] },
    { customer: "Woodgrove", serviceId: M365, assignedOn: "2026-01-10", lastActive: "2026-12-31", history: [["2026-01-10", 7]] },
    { customer: "Graphic", serviceId: M365, assignedOn: "2026-02-01", lastActive: "2026-12-31", history: [["2026-02-01", 10], ["2026-03-16", 14], ["2026-04-10", 9]] },
    { customer: "Graphic", serviceId: CENSE, assignedOn: "2026-03-05", lastActive: "2026-04-05", history: [["2026-03-05", 3]] },
    { customer: "Humongous", serviceId: M365, assignedOn: "2026-02-10", lastActive: "2026-03-13", history: [["2026-02-10", 3]] },
  ] as const;
  return { ...w, other, sprint, woodgrove, graphic, humongous, prepaid, nw, plan };
}

const brief = (l: BillLine) => [l.customerName, l.serviceId, l.quantity, l.from, l.to, l.days, l.minimumApplied];

/** Naive B1: walk every day of the month, bill the days within the 31-day commitment or active. */
function reference(plan: ReturnType<typeof billWorld>["plan"], month: string) {
  const lines = [];
  for (const p of plan) {
    const billThrough = [p.lastActive, plusDays(p.assignedOn, 30)].sort().at(-1)!;
    const billable = daysOfMonth(month).filter((d) => p.assignedOn <= d && d <= billThrough);
    if (billable.length === 0) continue;
    const quantity = Math.max(...billable.map((d) => p.history.filter(([from]) => from <= d).at(-1)![1]));
    const to = billable.at(-1)!;
    lines.push([p.customer, p.serviceId, quantity, billable[0], to, billable.length, to > p.lastActive]);
  }
  return lines.sort((a, b) => String(a[1]).localeCompare(String(b[1])) || String(a[0]).localeCompare(String(b[0])));
}

describe("PAYG bill (B1)", () => {
  it("B1: assigned on the 20th and ended on the 25th, it is billed through assignedOn + 30, into the next month", () => {
    const w = billWorld();
    const q = queryAt(w.db, w.partner.id, "2026-06-01");
    const march = paygBill(q, "2026-03").lines.find((l) => l.customerId === w.sprint.id)!;
    expect(brief(march)).toEqual(["Sprint", M365, 5, "2026-03-20", "2026-03-31", 12, true]);
    expect(march.reason).toMatch(/31-day minimum/);
    const april = paygBill(q, "2026-04").lines.find((l) => l.customerId === w.sprint.id)!;
    expect(brief(april)).toEqual(["Sprint", M365, 5, "2026-04-01", "2026-04-19", 19, true]);
    expect(april.reason).toMatch(/31-day minimum/);
    expect(april.reason).toContain("2026-04-19");
    // 12 + 19 = 31 billed days; nothing in May.
    expect(paygBill(q, "2026-05").lines.some((l) => l.customerId === w.sprint.id)).toBe(false);
  });

  it("B1: a mid-month increase bills the larger quantity, and a decrease bills the larger until it took effect", () => {
    const w = billWorld();
    const q = queryAt(w.db, w.partner.id, "2026-06-01");
    const graphicM365 = (month: string) => paygBill(q, month).lines.find((l) => l.customerId === w.graphic.id && l.serviceId === M365)!.quantity;
    expect([graphicM365("2026-02"), graphicM365("2026-03"), graphicM365("2026-04"), graphicM365("2026-05")]).toEqual([10, 14, 14, 9]);
  });

  it("B1: a subscription lasting the whole month is billed for every day; prepaid and other partners' PAYG never are", () => {
    const w = billWorld();
    const bill = paygBill(queryAt(w.db, w.partner.id, "2026-06-01"), "2026-03");
    expect(bill).toMatchObject({ month: "2026-03", from: "2026-03-01", to: "2026-03-31" });
    expect(bill.lines.map(brief)).toEqual([
      ["Graphic", CENSE, 3, "2026-03-05", "2026-03-31", 27, false],
      ["Graphic", M365, 14, "2026-03-01", "2026-03-31", 31, false],
      ["Humongous", M365, 3, "2026-03-01", "2026-03-13", 13, false],
      ["Sprint", M365, 5, "2026-03-20", "2026-03-31", 12, true],
      ["Woodgrove", M365, 7, "2026-03-01", "2026-03-31", 31, false],
    ]);
    const customers = bill.lines.map((l) => l.customerId);
    expect(customers).not.toContain(w.prepaid.id);
    expect(customers).not.toContain(w.nw.id);
    expect(bill.totals.map((t) => [t.serviceName, t.customerName, t.quantity]).sort()).toEqual([
      ["Cense", "Graphic", 3],
      ["Cloud Backup for Microsoft 365", "Graphic", 14],
      ["Cloud Backup for Microsoft 365", "Humongous", 3],
      ["Cloud Backup for Microsoft 365", "Sprint", 5],
      ["Cloud Backup for Microsoft 365", "Woodgrove", 7],
    ]);
    expect(bill.total).toBe(32);
  });

  it("B1: every month of the half-year agrees with a naive day-by-day bill", () => {
    const w = billWorld();
    const q = queryAt(w.db, w.partner.id, "2026-07-01");
    for (const month of ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]) {
      const actual = paygBill(q, month)
        .lines.map(brief)
        .sort((a, b) => String(a[1]).localeCompare(String(b[1])) || String(a[0]).localeCompare(String(b[0])));
      expect({ month, lines: actual }).toEqual({ month, lines: reference(w.plan, month) });
    }
  });

  it("U2: another partner's bill holds only its own PAYG customers", () => {
    const w = billWorld();
    const theirs = paygBill(queryAt(w.db, w.other.id, "2026-06-01"), "2026-03");
    expect(theirs.lines.map(brief)).toEqual([["Northwind Client", M365, 50, "2026-03-01", "2026-03-31", 31, false]]);
    expect(theirs.total).toBe(50);
  });
});
