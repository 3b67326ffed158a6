/** Every report has a button path from the home card (spec: nobody has to remember the grammar), and every report card says "data as of". */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { button, cardText, reportBot } from "./support";

let t: Awaited<ReturnType<typeof reportBot>>;
beforeAll(async () => {
  t = await reportBot();
});
afterAll(() => t.bot.close());

describe("reports from the home card", () => {
  it.each([
    ["Pools", "Subscription usage"],
    ["Usage", "Customer usage"],
    ["Operations", "Customer operations"],
    ["Storage", "Storage consumption"],
    ["PAYG bill", "PAYG bill: February 2026"],
  ])("%s opens %s, which says when its data is from and offers Export CSV", async (title, heading) => {
    const home = await t.say("help");
    const card = await t.click(button(home, title));
    expect(cardText(card)).toContain(heading);
    expect(cardText(card)).toMatch(/Data as of \d{4}-\d{2}-\d{2}/);
    button(card, "Export CSV");
  });

  it("a customer's card opens its usage", async () => {
    const customer = await t.say("customer alpha");
    const usage = await t.click(button(customer, "Usage"));
    expect(cardText(usage)).toContain("Usage: Alpha Corp");
  });
});
