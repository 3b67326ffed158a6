/**
 * B1 PAYG bill over HTTP (`bill [YYYY-MM]`): per service and customer, each subscription's billed
 * quantity for the month and why; the 31-day minimum where it applies.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASSIGNMENTS, button, cardText, hasButton, LAR_ADMIN, reportBot, tableRows } from "./support";

let t: Awaited<ReturnType<typeof reportBot>>;
beforeAll(async () => {
  t = await reportBot();
});
afterAll(() => t.bot.close());

const day = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const daysIn = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;

/** B1 by hand: billable from the assignment through max(last active day, assignedOn + 30), within the month. */
function billable(id: string, first: string, last: string) {
  const a = ASSIGNMENTS.find((x) => x.id === id)!;
  const lastActive = a.endedOn ? day(a.endedOn, -1) : a.expiresOn;
  const through = [lastActive, day(a.assignedOn, 30)].sort().at(-1)!;
  const from = [a.assignedOn, first].sort().at(-1)!;
  const to = [through, last].sort()[0]!;
  return { from, to, days: daysIn(from, to), quantity: a.quantity, minimum: to > lastActive };
}

describe("bill (B1)", () => {
  it("B1: last month by default: each PAYG subscription's billed quantity and why, the 31-day minimum named", async () => {
    const card = await t.say("bill");
    const text = cardText(card);
    expect(text).toContain("PAYG bill: February 2026");
    expect(text).toContain("Data as of 2026-02-28 (newest usage record).");
    const epsilon = billable("as-epsilon-arch", "2026-02-01", "2026-02-28");
    const zeta = billable("as-zeta-arch", "2026-02-01", "2026-02-28");
    expect(epsilon).toMatchObject({ from: "2026-02-01", to: "2026-02-19", minimum: true });
    expect(text).toContain(`Cloud Archiving: ${epsilon.quantity + zeta.quantity} seats for 2 customers`);
    expect(tableRows(card)).toEqual([
      ["Epsilon PAYG\nCloud Archiving", `${epsilon.quantity} seats`, `${epsilon.from} to ${epsilon.to} (${epsilon.days} days)\nEnded after 2026-02-05; the 31-day minimum from 2026-01-20 bills through 2026-02-19.`],
      ["Zeta PAYG\nCloud Archiving", `${zeta.quantity} seats`, `${zeta.from} to ${zeta.to} (${zeta.days} days)\nAssigned from ${zeta.from} to ${zeta.to}.`],
    ]);
  });

  it("B1: another month, typed or by the month buttons; the current month so far; a month not begun refused", async () => {
    const jan = await t.say("bill 2026-01");
    const epsilon = billable("as-epsilon-arch", "2026-01-01", "2026-01-31");
    expect(tableRows(jan)).toEqual([["Epsilon PAYG\nCloud Archiving", "10 seats", `${epsilon.from} to ${epsilon.to} (${epsilon.days} days)\nAssigned from ${epsilon.from} to ${epsilon.to}.`]]);
    const feb = await t.click(button(jan, "February 2026 ▶"));
    expect(cardText(feb)).toContain("PAYG bill: February 2026");
    const march = await t.click(button(feb, "March 2026 ▶"));
    expect(cardText(march)).toContain("PAYG bill: March 2026 (so far)");
    expect(hasButton(march, "April 2026 ▶")).toBe(false);
    expect(cardText(await t.say("bill 2026-04"))).toContain("That month has not begun");
    expect(cardText(await t.say("bill february"))).toContain("is not a month");
  });

  it("T2: a LAR's bill is its own PAYG pools' (none here): said plainly", async () => {
    expect(cardText(await t.say("bill", LAR_ADMIN))).toContain("No PAYG subscription was billable in February 2026.");
  });
});
