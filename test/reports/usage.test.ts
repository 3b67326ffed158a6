/**
 * R2/B2 customer usage over HTTP (`usage [customer] [today | YYYY-MM]`): per customer and service,
 * assigned and consumed, for today (with the change since the 1st) or a billing cycle (the snapshot
 * of its 1st); P6 overages shown; one customer's six-cycle trend chart.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASSIGNMENTS, button, cardActions, cardText, chart, FORMULA_NAME, GAMMA_POLICIES, QUOTED_NAME, reportBot, tableRows, TODAY, USAGE, activeOn } from "./support";

let t: Awaited<ReturnType<typeof reportBot>>;
beforeAll(async () => {
  t = await reportBot();
});
afterAll(() => t.bot.close());

/** B2: the last measurement on or before `day`. */
function measured(customerId: string, service: string, day: string): number | undefined {
  return USAGE.filter((u) => u.customerId === customerId && u.service === service && u.date <= day)
    .sort((a, b) => (a.date < b.date ? 1 : -1))[0]?.licensedUsers;
}

describe("usage (R2, B2)", () => {
  it("R2, B2: today, per customer and service: assigned and consumed, with the change since the 1st; P6 overage shown", async () => {
    const card = await t.say("usage");
    const text = cardText(card);
    expect(text).toContain("Customer usage");
    expect(text).toContain("Today, 2 March 2026; change since 1 March 2026");
    expect(text).toContain("Data as of 2026-03-02 (newest usage record).");
    // Customers with a service active today or on the 1st: everyone but epsilon (ended in February).
    const customers = new Set(ASSIGNMENTS.filter((a) => a.customerId.startsWith("nw-") && (activeOn(a, TODAY) || activeOn(a, "2026-03-01"))).map((a) => a.customerId));
    expect(customers.size).toBe(5);
    expect(text).toContain(`Customers 1–5 of 5`);

    const rows = tableRows(card);
    const alpha = measured("nw-alpha", "Cloud Backup for Microsoft 365", TODAY)!;
    const alphaOn1st = measured("nw-alpha", "Cloud Backup for Microsoft 365", "2026-03-01")!;
    expect(rows).toContainEqual([
      `Alpha Corp\nCloud Backup for Microsoft 365\n${alpha - 40} seat over assigned (P6)`,
      "40 seats",
      "0",
      `${alpha} seats`,
      `+${alpha - alphaOn1st}`,
    ]);
    // Alpha's Fly seats were active on the 1st too: no change; never measured (units of no usage).
    const fly = ASSIGNMENTS.find((a) => a.id === "as-alpha-fly")!;
    const flyChange = (activeOn(fly, TODAY) ? fly.quantity : 0) - (activeOn(fly, "2026-03-01") ? fly.quantity : 0);
    expect(rows).toContainEqual(["Fly > Aviator", "4 seats", flyChange === 0 ? "0" : `+${flyChange}`, "not measured", "–"]);
    // P6: raised from 30 to 40 today (the pool's last seats), 55 measured: 15 over.
    expect(rows).toContainEqual([
      `Policies for Microsoft 365\n${GAMMA_POLICIES.measured - GAMMA_POLICIES.granted} seats over assigned (P6)`,
      `${GAMMA_POLICIES.granted} seats`,
      `+${GAMMA_POLICIES.granted - 30}`,
      `${GAMMA_POLICIES.measured} seats`,
      "0",
    ]);
    // Names are shown as given (the formula-looking one is text on a card; CSV defuses it).
    expect(rows.map((r) => r[0]!.split("\n")[0])).toEqual(expect.arrayContaining([FORMULA_NAME, QUOTED_NAME]));
    expect(text).toContain("services consuming more than assigned (P6)");
  });

  it("B2: a billing cycle is the snapshot of its 1st, labelled so", async () => {
    const card = await t.say("usage 2026-02");
    const text = cardText(card);
    expect(text).toContain("Billing cycle February 2026, snapshot of 1 February");
    expect(text).toContain("Data as of 2026-02-01 (newest usage record).");
    const rows = tableRows(card);
    const onFirst = ASSIGNMENTS.filter((a) => a.customerId.startsWith("nw-") && activeOn(a, "2026-02-01"));
    expect(rows).toHaveLength(onFirst.length);
    expect(rows).toContainEqual(["Alpha Corp\nCloud Backup for Microsoft 365", "40 seats", `${measured("nw-alpha", "Cloud Backup for Microsoft 365", "2026-02-01")} seats`, "2026-02-01"]);
    expect(rows).toContainEqual(["Epsilon PAYG\nCloud Archiving", "10 seats", "not measured", "–"]);
  });

  it("one customer: its services and a six-cycle trend chart (Chart.Line with a fallback)", async () => {
    const card = await t.say("usage alpha");
    expect(cardText(card)).toContain("Usage: Alpha Corp");
    const line = chart(card, "Chart.Line");
    expect(line.fallback.type).toBe("FactSet");
    const months = ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"];
    const assigned = months.map((m) => ASSIGNMENTS.filter((a) => a.customerId === "nw-alpha" && a.poolId === "nw-m365-direct" && activeOn(a, `${m}-01`)).reduce((n, a) => n + a.quantity, 0));
    expect(line.data[0]).toEqual({ legend: "Cloud Backup for Microsoft 365: assigned", values: months.map((x, i) => ({ x, y: assigned[i] })) });
    expect(line.data[1]).toEqual({
      legend: "Cloud Backup for Microsoft 365: consumed",
      values: months.flatMap((x) => {
        const v = measured("nw-alpha", "Cloud Backup for Microsoft 365", `${x}-01`);
        return v === undefined ? [] : [{ x, y: v }];
      }),
    });
    expect(line.data.map((s: any) => s.legend)).toEqual(["Cloud Backup for Microsoft 365: assigned", "Cloud Backup for Microsoft 365: consumed", "Fly > Aviator: assigned"]);
  });

  it("the period picker (an input) and Show: the card's filter as a card input", async () => {
    const card = await t.say("usage");
    const show = button(card, "Show");
    const cycle = await t.click(show, undefined, { period: "2026-02" });
    expect(cardText(cycle)).toContain("Billing cycle February 2026, snapshot of 1 February");
    // A customer's first cell opens that customer's usage for the same period.
    const open = cardActions(cycle).find((a) => a.verb === "usage.show" && a.data.customerId === "nw-alpha")!;
    expect(open.data.period).toBe("2026-02");
    // No one had a service on 1 January: the cycle says so.
    const empty = await t.click(show, undefined, { period: "2026-01" });
    expect(cardText(empty)).toContain("No customer had an active service on that day.");
  });

  it("a cycle not begun, a customer not known, one of another partner's: clear answers, nothing else shown", async () => {
    expect(cardText(await t.say("usage 2027-01"))).toContain("That billing cycle has not started");
    expect(cardText(await t.say("usage alpha 2026-13"))).toContain("is not a billing cycle");
    const unknown = await t.say("usage fabrikam");
    expect(cardText(unknown)).toContain("I don't know a customer called “fabrikam”");
    const forged = await t.click({ type: "Action.Execute", title: "x", verb: "usage.show", data: { verb: "usage.show", customerId: "fabrikam", period: "today" }, select: false });
    expect(cardText(forged)).toContain("I can't find that customer");
    expect(JSON.stringify(forged)).not.toContain("Fabrikam");
  });

  it("an ambiguous name gets the candidates as buttons that run usage for each", async () => {
    const card = await t.say("usage payg 2026-02");
    expect(cardActions(card).filter((a) => a.verb === "command.run").map((a) => a.data.text)).toEqual(["usage nw-epsilon 2026-02", "usage nw-zeta 2026-02"]);
  });
});
