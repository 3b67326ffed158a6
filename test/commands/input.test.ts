/**
 * What arrives is untrusted: typed text of any length and card data any client can post under any
 * verb. Every answer is a valid card, refusals change nothing, and nothing of another partner shows.
 */
import { describe, expect, it } from "vitest";
import { runCommand, type CommandContext } from "../../bot/commands";
import { recordConversation } from "../../bot/notify";
import { VERBS } from "../../cards";
import { feedback } from "../../db/schema";
import { clockAt, dump, makeCustomer, makePartner, makeUser, mspWorld } from "../support/factories";
import { act, button, buttonTitles, card, click, heading, say, text } from "./support";

function world() {
  const w = mspWorld("2026-03-01", { name: "Acme MSP" });
  makeCustomer(w.db, w.partner.id, { id: "acme-1", name: "Northwind Traders" });
  const other = makePartner(w.db, { name: "Other MSP" });
  makeUser(w.db, other.id, "administrator", "Olivia Other");
  const foreign = makeCustomer(w.db, other.id, { id: "other-1", name: "Other Customer" });
  const ctx = (u: typeof w.admin): CommandContext => ({ db: w.db, clock: clockAt("2026-03-10"), speaker: { ...u, partnerId: w.partner.id } });
  return { ...w, foreign, admin: ctx(w.admin), viewer: ctx(w.viewer) };
}

describe("notify: expiry notifications for this conversation", () => {
  function inConversation() {
    const w = world();
    const conversationId = "a:personal-chat-1";
    const recorded = recordConversation(
      { db: w.db, clock: w.admin.clock },
      {
        type: "message",
        serviceUrl: "https://smba.trafficmanager.net/emea/",
        channelId: "msteams",
        conversation: { id: conversationId, conversationType: "personal", tenantId: w.partner.teamsTenantId } as never,
        channelData: { tenant: { id: w.partner.teamsTenantId } },
        from: { id: "29:alex", aadObjectId: w.admin.speaker.aadObjectId, name: "Alex" },
        recipient: { id: "28:bot", name: "bot" },
      },
      w.admin.speaker,
    );
    expect(recorded.action).toBe("upserted");
    return { ...w, admin: { ...w.admin, conversationId }, viewer: { ...w.viewer, conversationId } };
  }

  it("shows, turns off, sets the days and turns on again; help shows the settings", async () => {
    const w = inConversation();
    expect(text(await say(w.admin, "notify"))).toContain("Expiry notifications are on here, 30, 7 and 1 days before anything expires.");
    expect(text(await say(w.admin, "notify off"))).toContain("Expiry notifications are off in this conversation.");
    expect(text(await say(w.admin, "help"))).toContain("Expiry notifications are off in this conversation.");
    expect(text(await say(w.admin, "NOTIFY at 14, 3"))).toContain("Expiry notifications are on here, 14 and 3 days before anything expires.");
    expect(text(await click(w.admin, button(await say(w.admin, "help"), "Notification settings")))).toContain("14 and 3 days");
  });

  it("U1: a viewer may look but not change them; bad days change nothing", async () => {
    const w = inConversation();
    const before = dump(w.db);
    const refused = await say(w.viewer, "notify off");
    expect(heading(refused)).toBe("Notifications not changed");
    expect(text(refused)).toMatch(/administrator/i);
    expect(text(await say(w.viewer, "notify"))).toContain("on here");
    expect(heading(await say(w.admin, "notify at 400"))).toBe("Notifications not changed");
    expect(heading(await say(w.admin, "notify sometimes"))).toBe("Notifications not changed");
    expect(dump(w.db)).toEqual(before);
  });

  it("without a conversation (a card outside chat) it says where to type it", async () => {
    const w = world();
    expect(text(await say(w.admin, "notify on"))).toContain("Notifications are set per conversation");
  });
});

describe("text that is not a command", () => {
  it("says it did not understand, guesses a typo of a command word, and shows help", async () => {
    const w = world();
    expect(heading(await say(w.admin, "custmers"))).toBe("I didn't understand “custmers”. Did you mean customers? Here is what I can do.");
    expect(heading(await say(w.admin, "Histroy northwind"))).toContain("Did you mean history?");
    const question = await say(w.admin, "how do I move a customer to another partner?");
    // A question is the FAQ's (bot/commands/faq.ts; test/faq-bot).
    expect(heading(question)).toBe("I'm not sure which topic you mean.");
    expect(heading(await say(w.admin, "admin frobnicate"))).toContain("I didn't understand");
  });

  it("a bare argument-taking command answers usefully", async () => {
    const w = world();
    expect(heading(await say(w.admin, "customer"))).toBe("Customers");
    expect(heading(await say(w.admin, "history"))).toBe("Whose history?");
    expect(heading(await say(w.admin, "feedback"))).toBe("What would you like to tell the vendor?");
    expect(heading(await say(w.admin, "admin"))).toBe("Administrators and viewers");
  });

  it("a 100 KB message is answered quickly and politely, and nothing is recorded", async () => {
    const w = world();
    const before = dump(w.db);
    const huge = "customer " + "northwind ".repeat(10_000);
    const started = performance.now();
    const reply = await say(w.admin, huge);
    expect(performance.now() - started).toBeLessThan(200);
    expect(heading(reply)).toBe("That message is too long for me");
    expect(text(reply)).toContain("100,009 characters");
    const long = await say(w.viewer, `feedback ${"x".repeat(100_000)}`);
    expect(heading(long)).toBe("That feedback is too long");
    expect(text(await say(w.viewer, `feedback ${"y".repeat(4001)}`))).toContain("at most 4,000 characters and yours has 4,001");
    expect(dump(w.db)).toEqual(before);
  });

  it("feedback of exactly 4,000 characters is recorded", async () => {
    const w = world();
    expect(heading(await say(w.viewer, `feedback ${"z".repeat(4000)}`))).toBe("Thank you");
    expect(w.db.select().from(feedback).all()).toHaveLength(1);
  });
});

describe("card data is untrusted", () => {
  const tampered: [string, string, unknown, string][] = [
    ["a number for an id", "customer.open", { customerId: 42 }, "the customer id must be text"],
    ["no id", "customer.open", {}, "the customer id is missing"],
    ["an empty id", "history.open", { customerId: "  " }, "the customer id is missing"],
    ["a 100 KB id", "customer.open", { customerId: "x".repeat(100_000) }, "the customer id is too long"],
    ["data that is not an object", "customer.open", "fabrikam", "the button's data is not readable"],
    ["an array", "customers.list", [1, 2], "the button's data is not readable"],
    ["a negative offset", "customers.list", { offset: -1 }, "the page offset must be at least 0"],
    ["a fractional offset", "admins.show", { offset: 1.5 }, "the page offset must be a whole number"],
    ["an offset that is an object", "customers.list", { offset: { $gt: 0 } }, "the page offset must be a whole number"],
    ["a number as a filter", "customers.list", { text: 7 }, "the filter must be text"],
    ["days as a word", "expiring.show", { days: "soon" }, "the number of days must be a whole number"],
    ["days as true", "expiring.show", { days: true }, "the number of days must be a whole number"],
    ["days above 365", "expiring.show", { days: 400 }, "the number of days must be at most 365"],
    ["days as a string above 365", "expiring.show", { days: "366" }, "the number of days must be at most 365"],
    ["zero days", "expiring.show", { days: 0 }, "the number of days must be at least 1"],
    ["no name typed", "customer.find", { name: "" }, "type a customer name first"],
    ["a 100 KB name", "history.find", { name: "n".repeat(100_000) }, "a customer name has at most 300 characters"],
    ["feedback as an object", "feedback.send", { feedback: { text: "hi" } }, "feedback must be text"],
    ["empty feedback", "feedback.send", { feedback: "   " }, "write your feedback first"],
    ["feedback too long", "feedback.send", { feedback: "f".repeat(4001) }, "feedback has at most 4,000 characters"],
  ];

  it.each(tampered)("%s: a clear answer, nothing changes", async (_label, verb, data, problem) => {
    const w = world();
    const before = dump(w.db);
    for (const execute of [false, true]) {
      const reply = await act(w.admin, verb, data, execute);
      expect(heading(reply)).toBe("That button sent something I can't use");
      expect(text(reply)).toContain(`Nothing was changed: ${problem}`);
      expect(text(reply)).not.toContain("x".repeat(50));
    }
    expect(dump(w.db)).toEqual(before);
  });

  it("an unknown verb shows help and says the button is not known", async () => {
    const w = world();
    for (const verb of ["", "drop.tables", "constructor", "__proto__", "toString", "customer.OPEN"]) {
      const reply = await act(w.admin, verb, { customerId: "acme-1" });
      expect(heading(reply)).toBe("That button is not one I know; it may come from an older card. Here is what I can do now.");
    }
  });

  it("U2: another partner's customer id in any verb is answered exactly like an unknown id", async () => {
    const w = world();
    for (const verb of ["customer.open", "history.open"]) {
      const foreign = await act(w.admin, verb, { verb, customerId: w.foreign.id, offset: 0 });
      const unknown = await act(w.admin, verb, { verb, customerId: "does-not-exist", offset: 0 });
      expect(foreign).toEqual(unknown);
      expect(JSON.stringify(foreign)).not.toContain("Other");
      expect(JSON.stringify(foreign)).not.toContain(w.foreign.id);
    }
    // By name too: the other partner's customer is not a suggestion.
    expect(text(await act(w.admin, "customer.find", { name: "Other Customer" }))).not.toContain("Other Customer\n");
    expect(JSON.stringify(await act(w.admin, "customer.find", { name: "Other Customer" }))).not.toContain(w.foreign.id);
  });

  it("the partner comes from the speaker, never from card data", async () => {
    const w = world();
    const reply = await act(w.admin, "customers.list", { partnerId: w.foreign.partnerId, offset: 0 });
    expect(JSON.stringify(reply)).toContain("Northwind Traders");
    expect(JSON.stringify(reply)).not.toContain("Other Customer");
  });

  it("extra fields merged in by Action.Submit (the card's inputs, Teams' own) are ignored", async () => {
    const w = world();
    const reply = await act(w.admin, "customer.open", { verb: "customer.open", customerId: "acme-1", name: "typed", days: "30", feedback: "", msteams: { type: "messageBack" } });
    expect(heading(reply)).toBe("Northwind Traders");
  });

  it("every verb answers valid data with a card, for a viewer as for an administrator", async () => {
    const w = world();
    const valid: Record<string, unknown> = {
      home: {},
      "customers.list": {},
      "customer.open": { customerId: "acme-1" },
      "customer.find": { name: "northwind" },
      "history.open": { customerId: "acme-1" },
      "history.find": { name: "northwind" },
      "expiring.show": { days: "7" },
      "admins.show": {},
      "feedback.send": { feedback: "Works for me" },
      "pools.list": {},
      "pool.open": { key: "no-such-pool" },
      "usage.show": { customerId: "acme-1", period: "2026-03" },
      "operations.show": { range: "7d", status: "failed" },
      "operations.service": { serviceId: "cloud-backup-for-microsoft-365" },
      "storage.show": {},
      "storage.customer": { customerId: "acme-1" },
      "bill.show": { month: "2026-02" },
      "report.export": { report: "storage" },
      "change.form": { form: "assign" },
      "change.submit": { form: "adminAdd", user: "no-such-user" },
      "change.confirm": { changeId: "no-such-change" },
      "change.cancel": { changeId: "no-such-change" },
      "command.run": { text: "customers" },
      "faq.open": { entryId: "reduce-seats" },
      "faq.helpful": { entryId: "reduce-seats", helpful: true },
    };
    expect(Object.keys(valid).sort()).toEqual([...VERBS].sort());
    for (const ctx of [w.admin, w.viewer]) {
      for (const [verb, data] of Object.entries(valid)) {
        const reply = await runCommand(ctx, { kind: "action", verb, data, execute: false });
        expect(reply.attachments?.length, verb).toBe(1);
        expect(heading(reply), verb).not.toContain("can't use");
      }
    }
  });
});

describe("Action.Execute answers with one card that replaces the one clicked", () => {
  it("the More buttons", async () => {
    const w = world();
    for (let i = 0; i < 12; i++) makeCustomer(w.db, w.partner.id, { name: `Branch ${i}` });
    const reply = await act(w.admin, "customers.list", { verb: "customers.list", text: "", offset: 10 }, true);
    expect(reply.attachments).toHaveLength(1);
    expect(text(reply)).toContain("11–13 of 13");
    expect(buttonTitles(card(reply))).toEqual(["Home"]);
  });
});
