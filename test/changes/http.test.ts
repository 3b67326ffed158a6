/**
 * Changes over HTTP, as Teams drives them: the real server with the demo data, the fake Bot
 * Connector capturing replies, and Action.Execute answered in the invoke response. The clock is
 * injected and moved by the tests (spec: confirmations expire after 24 hours).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { actionExecute, actionSubmit, channelMessage, DEMO, personalMessage, search, type Person } from "../bot/support/activities";
import { startTestBot, type TestBot } from "../bot/support/bot";
import { buttons, cardText, type CardAction } from "../cards/inspect";
import { activeAssignments, button, channelExecute, checkCard, domainRows, hasButton, movableClock, NOW, pendingChanges } from "./support";

const clock = movableClock();
let bot: TestBot;
let serviceUrl: string;

beforeAll(async () => {
  bot = await startTestBot({ clock });
  serviceUrl = bot.connector.url;
});
afterAll(() => bot.close());
beforeEach(() => {
  bot.connector.clear();
  clock.set(NOW);
});

/** Types a command (in the personal chat, or @mentioning the bot in a channel); the card the bot answers with. */
async function type(text: string, from: Person = DEMO.admin, where: "personal" | "channel" = "personal"): Promise<unknown> {
  bot.connector.clear();
  const res = await bot.post(where === "channel" ? channelMessage(text, { serviceUrl, from }) : personalMessage(text, { serviceUrl, from }));
  expect(res.status).toBe(200);
  const cards = bot.connector.cards();
  expect(cards).toHaveLength(1);
  checkCard(cards[0]);
  return cards[0];
}

/**
 * Clicks an Action.Execute button as Teams does (an invoke); the card in the HTTP response replaces
 * the one clicked. `activityId` repeats an invoke exactly, as Teams' retry does.
 */
async function execute(action: CardAction, from: Person = DEMO.admin, where: "personal" | "channel" = "personal", activityId?: string): Promise<unknown> {
  expect(action.type).toBe("Action.Execute");
  bot.connector.clear();
  const at = { serviceUrl, from, ...(activityId ? { id: activityId } : {}) };
  const body = where === "channel" ? channelExecute(action.verb, action.data, at) : actionExecute(action.verb, action.data, at);
  const res = await bot.post(body);
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
  // Replaced in place: nothing posted to the conversation.
  expect(bot.connector.messages()).toEqual([]);
  checkCard(res.json.value);
  return res.json.value;
}

describe("assign, from the typed command to the confirmed change", () => {
  it("A3, P8: the confirmation says exactly what will happen; Confirm replaces it with the result and writes the assignment", async () => {
    const before = domainRows(bot.db);
    const confirmation = await type("assign 20 m365 backup to woodgrove from direct");
    const said = cardText(confirmation);
    expect(said).toContain("Assign 20 seats of Cloud Backup for Microsoft 365 to Woodgrove Bank?");
    expect(said).toContain("Quantity: 20 seats");
    expect(said).toContain("From pool: contoso-m365-direct · direct, prepaid");
    expect(said).toContain("Starts: 2026-03-02");
    expect(said).toContain("Expires: 2026-09-30");
    expect(said).toContain("you can't lower these before 2026-04-02 (A5)");
    expect(said).toContain("It expires with the direct contract on 2026-09-30");
    // Asking wrote the pending change (and its audit row) and nothing else.
    expect(activeAssignments(bot.db, "woodgrove").map((a) => a.service_id)).not.toContain("cloud-backup-for-microsoft-365");
    expect(pendingChanges(bot.db).length).toBe((before.pending_changes as unknown[]).length + 1);

    const confirm = button(confirmation, "Confirm");
    expect(confirm.data).toEqual({ verb: "change.confirm", changeId: expect.any(String) });
    const result = await execute(confirm);
    expect(cardText(result)).toContain("Assigned 20 seats of Cloud Backup for Microsoft 365 to Woodgrove Bank");
    expect(hasButton(result, "Confirm")).toBe(false);
    const rows = activeAssignments(bot.db, "woodgrove").filter((a) => a.service_id === "cloud-backup-for-microsoft-365");
    expect(rows).toMatchObject([{ pool_id: "contoso-m365-direct", quantity: 20, assigned_on: "2026-03-02", expires_on: "2026-09-30" }]);
    const change = pendingChanges(bot.db).find((c) => c.id === confirm.data.changeId);
    expect(change).toMatchObject({ status: "done", verb: "assign", requested_by: DEMO.admin.aadObjectId });
    const audit = bot.db.$client.prepare("select action, actor_name from audit_log where customer_id = 'woodgrove' and action = 'assign'").all();
    expect(audit).toEqual([{ action: "assign", actor_name: "Alex Wilber" }]);
  });

  it("a double click and Teams retrying the invoke change nothing twice and show the same result", async () => {
    const confirmation = await type("assign 5 insights m365 to coho winery");
    const confirm = button(confirmation, "Confirm");
    const first = await execute(confirm, DEMO.admin, "personal", "invoke-retry-1");
    const rows = domainRows(bot.db);
    const retried = await execute(confirm, DEMO.admin, "personal", "invoke-retry-1");
    const again = await execute(confirm);
    expect(retried).toEqual(first);
    expect(again).toEqual(first);
    expect(domainRows(bot.db)).toEqual(rows);
    expect(activeAssignments(bot.db, "coho-winery").filter((a) => a.service_id === "insights-for-microsoft-365")).toHaveLength(1);
    // Cancel after the change was made shows what was done; it undoes nothing.
    expect(cardText(await execute(button(confirmation, "Cancel")))).toContain("Assigned 5 seats of Insights for Microsoft 365 to Coho Winery");
    expect(domainRows(bot.db)).toEqual(rows);
  });

  it("a client without Universal Actions posts the button's data as a message: the card clicked is updated with the result", async () => {
    const confirmation = await type("seats woodgrove policies 125");
    const confirm = button(confirmation, "Confirm");
    bot.connector.clear();
    await bot.post(actionSubmit(confirm.data, { serviceUrl, replyToId: "confirmation-card" }));
    const updates = bot.connector.calls.filter((c) => c.kind === "update");
    expect(updates.map((c) => c.activityId)).toEqual(["confirmation-card"]);
    const updated = updates[0]!.body.attachments[0].content;
    checkCard(updated);
    expect(cardText(updated)).toContain("Raised Policies for Microsoft 365 for Woodgrove Bank to 125 seats");
    expect(bot.connector.messages()).toEqual([]);
    expect(activeAssignments(bot.db, "woodgrove").find((a) => a.service_id === "policies-for-microsoft-365")?.quantity).toBe(125);
    // Where the card can't be updated (the connector refuses), the result comes as a new message.
    bot.connector.clear();
    bot.connector.answerWith((c) => (c.kind === "update" ? { status: 404, body: { error: { code: "NotFound", message: "gone" } } } : undefined));
    await bot.post(actionSubmit(confirm.data, { serviceUrl, replyToId: "deleted-card" }));
    bot.connector.answerWith(undefined);
    expect(bot.connector.cards().map(cardText)).toEqual([expect.stringContaining("Raised Policies for Microsoft 365 for Woodgrove Bank to 125 seats")]);
    // The fallback on the card carries the same data.
    const raw = JSON.stringify(confirmation);
    expect(raw).toContain('"fallback":{"type":"Action.Submit"');
  });

  it("Cancel replaces the card with a note; nothing is assigned, and Confirm afterwards does nothing", async () => {
    const confirmation = await type("assign 300 opus to tailspin");
    const before = activeAssignments(bot.db, "tailspin");
    expect(cardText(await execute(button(confirmation, "Cancel")))).toContain("Canceled");
    expect(cardText(await execute(button(confirmation, "Confirm")))).toContain("This change was canceled");
    expect(activeAssignments(bot.db, "tailspin")).toEqual(before);
  });
});

describe("refusals reach the user with their reason and the day they lift", () => {
  const cases: [string, string, string, string | null][] = [
    ["A5: lowering seats within 31 days", "seats blue yonder m365 50", "You can reduce them from 2026-03-13", "2026-03-13"],
    ["A6: disconnecting within 31 days of an assignment", "disconnect blue yonder", "You can disconnect it from 2026-03-13", "2026-03-13"],
    ["A7: switching within 31 days", "switch blue yonder m365 to direct", "You can switch Blue Yonder Airlines from 2026-03-13", "2026-03-13"],
    ["A4: an expiration within 31 days of the assignment", "extend coho cloud backup to 2026-03-10", "choose 2026-03-21 or later", null],
    ["P8: more than the pool has left", "assign 300 insights m365 to fabrikam", "seats are left in pool contoso-insights-mkt-apm; 300 were asked for", null],
    ["A1: a second source for a service", "assign 10 m365 backup to fabrikam from direct", "a customer has one source per service", null],
    ["A8: a CMP license takes precedence", "assign 10 policies to tailspin", "CMP license for Policies for Microsoft 365", null],
    ["A2: a PAYG customer and a prepaid pool", "assign 5 insights m365 to litware", "a customer has one payment model", null],
    ["P7, P10: a canceled order's pool", "assign 5 baseline to woodgrove from contoso-baseline-offmkt", "was canceled by the distributor", null],
  ];

  it.each(cases)("%s", async (_label, command, reason, lifts) => {
    const before = domainRows(bot.db);
    const answer = await type(command);
    const said = cardText(answer);
    expect(said).toContain("Not possible:");
    expect(said).toContain(reason);
    expect(said).toContain("Nothing was changed.");
    if (lifts) expect(said).toContain(`Possible from: ${lifts}`);
    expect(hasButton(answer, "Confirm")).toBe(false);
    expect(domainRows(bot.db)).toEqual(before);
  });
});

describe("who may confirm", () => {
  it("in a channel, another administrator and a viewer get the card back for the requester; the requester confirms", async () => {
    const confirmation = await type("assign 400 opus to northwind", DEMO.admin, "channel");
    const confirm = button(confirmation, "Confirm");
    const before = domainRows(bot.db);
    const adele = { tenantId: DEMO.admin.tenantId, aadObjectId: "", name: "Adele Vance" };
    adele.aadObjectId = (bot.db.$client.prepare("select aad_object_id id from partner_users where name = 'Adele Vance'").get() as { id: string }).id;
    for (const someone of [adele, DEMO.viewer]) {
      for (const title of ["Confirm", "Cancel"]) {
        const shown = await execute(button(confirmation, title), someone, "channel");
        expect(cardText(shown)).toContain("Only Alex Wilber, who asked for this change, can confirm or cancel it. It stays here for them.");
        expect(cardText(shown)).toContain("Assign 400 GB of Opus > Storage Optimization to Northwind Traders?");
        // The buttons stay, with the same change.
        expect(button(shown, "Confirm").data).toEqual(confirm.data);
      }
    }
    expect(domainRows(bot.db)).toEqual(before);
    const result = await execute(confirm, DEMO.admin, "channel");
    expect(cardText(result)).toContain("Assigned 400 GB of Opus > Storage Optimization to Northwind Traders");
    // Once decided, anyone clicking sees the decision.
    expect(await execute(confirm, DEMO.viewer, "channel")).toEqual(result);
  });

  it("U1: a viewer asking for a change is told politely it is for administrators; nothing is asked for", async () => {
    const before = domainRows(bot.db);
    for (const command of ["assign 5 m365 backup to woodgrove", "seats fabrikam m365 300", "disconnect fabrikam", "onboard Initech", "admin add Diego"]) {
      expect(cardText(await type(command, DEMO.viewer))).toContain("Only administrators can make changes");
    }
    expect(domainRows(bot.db)).toEqual(before);
  });
});

describe("time and changes in between", () => {
  it("a confirmation 25 hours later has expired: nothing is assigned", async () => {
    const confirmation = await type("assign 2 opus to adventure works");
    clock.advanceHours(25);
    const before = domainRows(bot.db);
    const answer = await execute(button(confirmation, "Confirm"));
    expect(cardText(answer)).toContain("This change has expired");
    expect(cardText(answer)).toContain("Nothing was changed.");
    expect(domainRows(bot.db)).toEqual(before);
  });

  it("confirmed just inside 24 hours, it is made", async () => {
    const confirmation = await type("extend wide world m365 to 2026-06-01");
    clock.advanceHours(23.9);
    expect(cardText(await execute(button(confirmation, "Confirm")))).toContain("Extended Cloud Backup for Microsoft 365 for Wide World Importers to 2026-06-01");
  });

  it("a change that became illegal meanwhile is refused at confirmation, with the reason", async () => {
    const free = (bot.db.$client.prepare(
      "select p.quantity - (select coalesce(sum(quantity), 0) from assignments where pool_id = p.id and ended_on is null and expires_on >= '2026-03-02') n from pools p where id = 'contoso-fly-objects-direct'",
    ).get() as { n: number }).n;
    // Northwind asks for most of what is left; Adele then takes it first.
    const mine = await type(`assign ${free - 10} fly objects to northwind`);
    expect(cardText(mine)).toContain(`This takes ${(free - 10).toLocaleString("en-US")} of the ${free.toLocaleString("en-US")} objects left in pool contoso-fly-objects-direct.`);
    const adele = { tenantId: DEMO.admin.tenantId, aadObjectId: (bot.db.$client.prepare("select aad_object_id id from partner_users where name = 'Adele Vance'").get() as { id: string }).id, name: "Adele Vance" };
    const theirs = await type(`assign ${free - 5} fly objects to coho winery`, adele);
    expect(cardText(await execute(button(theirs, "Confirm"), adele))).toContain("Assigned");
    const before = domainRows(bot.db);
    const answer = await execute(button(mine, "Confirm"));
    expect(cardText(answer)).toContain("Not possible: assign these licenses");
    expect(cardText(answer)).toContain("Only 5 objects are left in pool contoso-fly-objects-direct");
    // The refusal is recorded on the pending change; no assignment is written.
    expect(domainRows(bot.db).assignments).toEqual(before.assignments);
    expect(activeAssignments(bot.db, "northwind").map((a) => a.service_id)).not.toContain("fly-global-objects");
  });
});

describe("card data is untrusted", () => {
  it("another partner's pending change is unknown here, and its confirmation leaks nothing", async () => {
    const trey = await type("allocate 10 trey-m365-direct to relecloud", DEMO.otherPartner);
    const confirm = button(trey, "Confirm");
    const answer = await execute(confirm, DEMO.admin);
    expect(cardText(answer)).toContain("I can't find that change");
    expect(JSON.stringify(answer)).not.toMatch(/relecloud|Trey|trey-m365/i);
    expect(pendingChanges(bot.db).find((c) => c.id === confirm.data.changeId)?.status).toBe("pending");
  });

  it("a form naming another partner's customer or pool is answered as unknown; nothing is written", async () => {
    const before = domainRows(bot.db);
    for (const [data, problem] of [
      [{ customer: "bellows-college", pool: "contoso-m365-direct", quantity: "5" }, "No such customer in your partner account."],
      [{ customer: "woodgrove", pool: "trey-m365-direct", quantity: "5" }, "No such pool in your partner account."],
    ] as const) {
      const res = await bot.post(actionExecute("change.submit", { verb: "change.submit", form: "assign", ...data }, { serviceUrl }));
      const shown = res.json.value;
      checkCard(shown);
      expect(cardText(shown)).toContain(problem);
      expect(cardText(shown)).toContain("Nothing was changed.");
      expect(JSON.stringify(shown)).not.toMatch(/Bellows College|trey-m365-direct ·/);
    }
    expect(domainRows(bot.db)).toEqual(before);
  });

  it("an unknown verb is answered with a card, never HTTP 501", async () => {
    const res = await bot.post(actionExecute("change.frobnicate", { changeId: "x" }, { serviceUrl }));
    expect(res.status).toBe(200);
    expect(cardText(res.json.value)).toContain("That button is not one I know");
    const notice = await bot.post(actionExecute("notify.extend", { verb: "notify.extend", customerId: "fabrikam", serviceId: "cloud-backup-for-microsoft-365", assignmentId: "asg-fabrikam-m365" }, { serviceUrl }));
    expect(cardText(notice.json.value)).toContain("Change an expiration for Fabrikam, Inc.");
  });
});

describe("typeahead over HTTP", () => {
  it("application/search answers the picker from the sender's partner only", async () => {
    const contoso = await bot.post(search("customers", "b", { serviceUrl }));
    expect(contoso.json).toEqual({
      type: "application/vnd.microsoft.search.searchResponse",
      value: { results: [{ title: "Blue Yonder Airlines", value: "blue-yonder" }, { title: "Woodgrove Bank", value: "woodgrove" }] },
    });
    const lar = await bot.post(search("pools", "", { serviceUrl, from: DEMO.otherPartner }));
    expect(lar.json.value.results.map((r: { value: string }) => r.value)).toEqual(["trey-m365-direct"]);
    const stranger = await bot.post(search("customers", "", { serviceUrl, from: DEMO.stranger }));
    expect(stranger.json.value.results).toEqual([]);
  });
});

describe("the onboarding form", () => {
  it("a bad submission comes back with the problems next to the fields, and nothing is written", async () => {
    const form = await type("onboard Initech");
    expect(cardText(form)).toContain("Onboard a customer");
    const review = buttons(form).find((b) => b.title === "Review")!;
    const before = domainRows(bot.db);
    const res = await bot.post(
      actionExecute(review.verb, { ...review.data, name: "Initech", m365TenantId: "not-a-tenant", pool1: "contoso-m365-direct", quantity1: "-3", expiresOn1: "2026-02-30" }, { serviceUrl }),
    );
    const shown = res.json.value;
    checkCard(shown);
    const lines = cardText(shown).split("\n");
    expect(lines[0]).toBe("Nothing was changed: 3 fields need a fix, marked below.");
    expect(lines).toContain("Microsoft 365 tenant id is not a tenant id: it looks like 00000000-0000-0000-0000-000000000000.");
    expect(lines).toContain("Service 1: quantity can't be negative (you gave “-3”).");
    expect(lines).toContain("Service 1: expires on is not a date: write it as YYYY-MM-DD, for example 2026-12-31 (you gave “2026-02-30”).");
    // What was typed stays in the form.
    expect(JSON.stringify(shown)).toContain('"value":"Initech"');
    expect(domainRows(bot.db)).toEqual(before);
  });

  it("a good one asks for confirmation, and Confirm onboards the customer with its service", async () => {
    const res = await bot.post(
      actionExecute("change.submit", { verb: "change.submit", form: "onboard", name: "Initech", m365TenantId: "8B0C2D6E-1F4A-4C3B-9E7D-5A6B7C8D9E0F", ownerUpn: "bill.lumbergh@initech.com", ownerName: "Bill Lumbergh", pool1: "contoso-m365-direct", quantity1: "12" }, { serviceUrl }),
    );
    const confirmation = res.json.value;
    checkCard(confirmation);
    expect(cardText(confirmation)).toContain("Onboard Initech?");
    expect(cardText(confirmation)).toContain("12 seats of Cloud Backup for Microsoft 365 from pool contoso-m365-direct, until 2026-09-30");
    const result = await execute(button(confirmation, "Confirm"));
    expect(cardText(result)).toContain("Onboarded Initech");
    const customer = bot.db.$client.prepare("select id, m365_tenant_id t from customers where name = 'Initech'").get() as { id: string; t: string };
    expect(customer.t).toBe("8b0c2d6e-1f4a-4c3b-9e7d-5a6b7c8d9e0f");
    expect(activeAssignments(bot.db, customer.id)).toMatchObject([{ pool_id: "contoso-m365-direct", quantity: 12 }]);
  });
});
