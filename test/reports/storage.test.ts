/**
 * R4 storage consumption over HTTP (`report storage`): the total of every customer's storage (each
 * service's latest measurement), then one entry per customer, largest first, with its detail by service.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASSIGNMENTS, cardActions, cardText, CUSTOMERS, reportBot, tableRows, TODAY, USAGE } from "./support";

let t: Awaited<ReturnType<typeof reportBot>>;
beforeAll(async () => {
  t = await reportBot();
});
afterAll(() => t.bot.close());

const GB = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const gb = (n: number) => `${GB.format(n)} GB`;

/** Per Northwind customer: each service it was ever assigned, at its latest storage measurement on or before today. */
function expected() {
  const out: { id: string; name: string; services: { service: string; gb: number; date: string }[] }[] = [];
  for (const c of CUSTOMERS.filter((x) => x.partnerId === "nw")) {
    const services = [...new Set(ASSIGNMENTS.filter((a) => a.customerId === c.id).map((a) => a.poolId))];
    const measured = USAGE.filter((u) => u.customerId === c.id && "storageGb" in u && u.date <= TODAY) as { service: string; storageGb: number; date: string }[];
    const latest = new Map<string, { service: string; gb: number; date: string }>();
    for (const u of measured.sort((a, b) => (a.date < b.date ? -1 : 1))) latest.set(u.service, { service: u.service, gb: u.storageGb, date: u.date });
    if (services.length && latest.size) out.push({ id: c.id, name: c.name, services: [...latest.values()] });
  }
  return out.sort((a, b) => total(b) - total(a));
}
const total = (c: { services: { gb: number }[] }) => c.services.reduce((n, s) => n + s.gb, 0);

describe("report storage (R4)", () => {
  it("R4: the total of all customers, then each customer, largest first; data as of the newest measurement", async () => {
    const card = await t.say("report storage");
    const want = expected();
    const text = cardText(card);
    expect(text).toContain(gb(want.reduce((n, c) => n + total(c), 0)));
    expect(text).toContain("Total storage used by all your customers");
    expect(text).toContain("Data as of 2026-03-02 (newest storage measurement).");
    expect(tableRows(card)).toEqual(want.map((c) => [c.name, gb(total(c)), `${c.services.length} service${c.services.length === 1 ? "" : "s"}`, c.services.map((s) => s.date).sort().at(-1)]));
    // Another MSP's customer (999 GB) is not in Northwind's total.
    expect(text).not.toContain("999");
  });

  it("R4: a customer's detail by service", async () => {
    const card = await t.say("report storage");
    const alpha = cardActions(card).find((a) => a.verb === "storage.customer" && a.data.customerId === "nw-alpha")!;
    const detail = await t.click(alpha);
    const want = expected().find((c) => c.id === "nw-alpha")!;
    expect(cardText(detail)).toContain("Storage: Alpha Corp");
    expect(cardText(detail)).toContain(gb(total(want)));
    expect(tableRows(detail)).toEqual(want.services.map((s) => [s.service, gb(s.gb), s.date]));
    const forged = await t.click({ ...alpha, data: { ...alpha.data, customerId: "fabrikam" } });
    expect(cardText(forged)).toContain("I can't find that customer");
  });
});
