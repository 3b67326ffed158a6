/**
 * The read commands over the demo data, as a new user of the demo would try them (issue 5, "What must
 * show"): Contoso MSP's administrator Alex Wilber (the Playground's user) and viewer Diego
 * Siciliani, Trey Research (a Tier 2 LAR) and its MSP Relecloud.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { CommandContext } from "../../bot/commands";
import { prepareDatabase } from "../../bot/startup";
import type { Db } from "../../db/client";
import { feedback } from "../../db/schema";
import { changeSeats } from "../../domain";
import { act, button, buttons, buttonTitles, card, cardActions, click, heading, linkedCustomers, say, speakerFor, text } from "./support";

const clock = () => new Date("2026-04-15T10:00:00Z");
let db: Db;
let alex: CommandContext;
let diego: CommandContext;
let trey: CommandContext;
let relecloud: CommandContext;

beforeAll(() => {
  db = prepareDatabase(":memory:", clock).db;
  const as = (partnerId: string, name: string): CommandContext => ({ db, clock, speaker: speakerFor(db, partnerId, name) });
  alex = as("contoso", "Alex Wilber");
  diego = as("contoso", "Diego Siciliani");
  trey = as("trey-research", "Megan Bowen");
  relecloud = as("relecloud", "Lee Gu");
});

describe("help", () => {
  it("answers with the home card: what the bot does and a button for every command path", async () => {
    const reply = await say(alex, "help");
    expect(heading(reply)).toBe("Pooled licensing");
    expect(text(reply)).toContain("Contoso MSP");
    expect(buttonTitles(card(reply))).toEqual(
      expect.arrayContaining(["Customers", "Administrators", "Open customer", "Customer history", "Show what expires", "Send feedback", "Pools", "Usage", "Operations", "Storage", "PAYG bill", "Notification settings", "Onboard a customer"]),
    );
    for (const words of ["customers ‹text›", "customer ‹name›", "expiring ‹days›", "admins", "history ‹customer›", "feedback ‹text›"]) expect(text(reply)).toContain(words);
  });

  it("is case-insensitive and answers a greeting or an empty message the same way", async () => {
    const expected = await say(alex, "help");
    for (const t of ["HELP", "Help ", "hi", "", "   "]) expect(await say(alex, t)).toEqual(expected);
  });

  it("U1: a viewer's home card has no buttons for changes", async () => {
    const titles = buttonTitles(card(await say(diego, "help")));
    expect(titles).toContain("Customers");
    expect(titles).not.toContain("Onboard a customer");
  });
});

describe("customers", () => {
  it("lists the first ten with status, seats and nearest expiry, and pages the rest with More", async () => {
    const first = await say(alex, "customers");
    expect(text(first)).toContain("1–10 of 12 · as of 2026-04-15");
    expect(text(first)).toContain("Alpine Ski House\nConnected · 1 service\n60\n2026-04-16 (tomorrow)");
    expect(linkedCustomers(first)).toHaveLength(10);
    const more = button(first, "More");
    expect(more).toMatchObject({ type: "Action.Execute", data: { verb: "customers.list", text: "", offset: 10 } });

    const second = await click(alex, more);
    expect(text(second)).toContain("11–12 of 12");
    expect(linkedCustomers(second)).toEqual(["woodgrove", "fourth-coffee"]);
    // Disconnected customers come last and say so.
    expect(text(second)).toContain("Fourth Coffee\nDisconnected · 0 services\n0\nnone");
    expect(buttonTitles(card(second))).not.toContain("More");
  });

  it("filters by name, forgivingly", async () => {
    expect(linkedCustomers(await say(alex, "customers world"))).toEqual(["wide-world-importers"]);
    expect(linkedCustomers(await say(alex, "Customers W"))).toEqual(["adventure-works", "coho-winery", "wide-world-importers", "woodgrove"]);
    expect(linkedCustomers(await say(alex, "customers bank woodgrove"))).toEqual(["woodgrove"]);
    expect(heading(await say(alex, "customers w"))).toBe("Customers matching “w”");
  });

  it("an unknown filter gets the nearest names as buttons", async () => {
    const reply = await say(alex, "customers nortwind");
    expect(text(reply)).toContain("No customer matches “nortwind”.");
    expect(buttons(card(reply))[0]).toMatchObject({ title: "Northwind Traders", verb: "customer.open", data: { customerId: "northwind" } });
  });

  it("U2: an MSP of a LAR sees its own customers only; the LAR has none of its own", async () => {
    expect(linkedCustomers(await say(relecloud, "customers"))).toEqual(["bellows-college", "consolidated-messenger", "vanarsdel"]);
    expect(text(await say(trey, "customers"))).toContain("No customers in your partner account yet.");
  });
});

describe("customer", () => {
  it("shows services, source pools with ids, quantities, expirations and the 31-day lock", async () => {
    const reply = await say(alex, "customer wide world importers");
    const t = text(reply);
    expect(heading(reply)).toBe("Wide World Importers");
    expect(t).toContain("Customer id: wide-world-importers");
    expect(t).toContain("Tenant owner: Hana Larsen (hana.larsen@wideworldimporters.com)");
    expect(t).toContain("Cloud Backup for Microsoft 365\n135 seats\nPool contoso-m365-mkt-apu · Cloud Marketplace (merged pools) · prepaid, APU (annual commitment, paid upfront) · expires 2026-04-20 (in 5 days)");
    expect(t).toContain("Fly > Global Objects\n1,200 objects\nPool contoso-fly-objects-direct");
    expect(t).toContain("no switch or disconnect, before 2026-04-21");
    expect(t).toContain("Can be disconnected: from 2026-04-21");
  });

  it("matches names forgivingly: case, punctuation, word order, prefixes, ids", async () => {
    for (const typed of ["FABRIKAM", "fabrikam, inc.", "Fabrikam Inc", "fab", "fabrikam"]) expect(heading(await say(alex, `customer ${typed}`))).toBe("Fabrikam, Inc.");
    expect(heading(await say(alex, "customer importers world wide"))).toBe("Wide World Importers");
    expect(heading(await say(alex, "customer adv cycles"))).toBe("Adventure Works Cycles");
    expect(heading(await say(alex, "customer wide-world-importers"))).toBe("Wide World Importers");
  });

  it("shows CMP and Enterprise licenses and what ended recently", async () => {
    const tailspin = text(await say(alex, "customer tailspin"));
    expect(tailspin).toContain("CMP and Enterprise licenses");
    expect(tailspin).toMatch(/Policies for Microsoft 365: CMP · 2026-01-17 to 2027-01-16/);
    const northwind = text(await say(alex, "customer northwind"));
    expect(northwind).toContain("Recently ended");
    expect(northwind).toMatch(/Cloud Backup for Microsoft 365: Switched to another pool · last day \d{4}-\d\d-\d\d · pool contoso-m365-mkt-apu/);
    expect(text(await say(alex, "customer fourth coffee"))).toContain("Disconnected on");
  });

  it("an ambiguous name gets the candidates as buttons", async () => {
    const reply = await say(alex, "customer wo");
    expect(heading(reply)).toBe("3 customers match “wo”. Which one did you mean?");
    expect(buttons(card(reply)).map((b) => [b.title, b.verb, b.data.customerId])).toEqual([
      ["Woodgrove Bank", "customer.open", "woodgrove"],
      ["Adventure Works Cycles", "customer.open", "adventure-works"],
      ["Wide World Importers", "customer.open", "wide-world-importers"],
      ["Show all matching", "customers.list", undefined],
    ]);
    expect(text(reply)).toContain("Connected · 4 services · 12,846 in use");
    expect(linkedCustomers(await click(alex, button(reply, "Show all matching")))).toEqual(["adventure-works", "wide-world-importers", "woodgrove"]);
    const chosen = await click(alex, button(reply, "Woodgrove Bank"));
    expect(heading(chosen)).toBe("Woodgrove Bank");
  });

  it("an unknown name gets the nearest names as buttons", async () => {
    const reply = await say(alex, "customer fabrkam");
    expect(heading(reply)).toBe("I don't know a customer called “fabrkam”.");
    expect(buttons(card(reply))[0]).toMatchObject({ title: "Fabrikam, Inc.", data: { customerId: "fabrikam" } });
  });

  it("U1: administrators get the change buttons, viewers do not", async () => {
    const admin = await say(alex, "customer fabrikam");
    expect(buttonTitles(card(admin))).toEqual(["History", "Usage", "All customers", "Assign", "Change seats", "Extend", "Switch pool", "Change tenant owner", "Disconnect"]);
    const answer = await click(alex, button(admin, "Assign"));
    expect(heading(answer)).toBe("Assign licenses to Fabrikam, Inc.");
    expect(buttonTitles(card(await say(diego, "customer fabrikam")))).toEqual(["History", "Usage", "All customers"]);
  });

  it("U2: another partner's customer is unknown, by name or by id", async () => {
    expect(text(await say(relecloud, "customer fabrikam"))).toContain("I don't know a customer called “fabrikam”.");
    const foreign = await act(relecloud, "customer.open", { verb: "customer.open", customerId: "fabrikam" });
    const missing = await act(relecloud, "customer.open", { verb: "customer.open", customerId: "no-such-customer" });
    expect(foreign).toEqual(missing);
    expect(text(foreign)).toContain("I can't find that customer");
    expect(text(foreign)).not.toContain("Fabrikam");
    // The LAR holds the pool its MSPs' customers draw on, but not those customers.
    expect(await act(trey, "customer.open", { customerId: "bellows-college" })).toEqual(missing);
    expect(await act(trey, "history.open", { customerId: "bellows-college" })).toEqual(missing);
  });
});

describe("expiring", () => {
  it("lists subscriptions and pools within 30 days by default, soonest first, paged", async () => {
    const reply = await say(alex, "expiring");
    expect(heading(reply)).toBe("Expiring within 30 days");
    expect(text(reply)).toContain("13 customer subscriptions and 4 pools end in the next 30 days · 1–15 of 17 · as of 2026-04-15");
    expect(text(reply)).toContain("2026-04-16\ntomorrow\nAlpine Ski House\nCloud Backup for Microsoft 365 · 60 seats");
    expect(text(reply)).toContain("2026-04-20\nin 5 days\nWide World Importers");
    expect(text(reply)).toContain("Pool contoso-cense-mkt-apm\nCense · merged Cloud Marketplace pools · 94 of 100 seats in use");
    expect(linkedCustomers(reply)[0]).toBe("alpine-ski-house");
    const more = button(reply, "More");
    expect(more).toMatchObject({ type: "Action.Execute", data: { days: 30, offset: 15 } });
    expect(text(await click(alex, more, {}))).toContain("16–17 of 17");
  });

  it("takes a number of days, with or without the word", async () => {
    expect(await say(alex, "expiring 30")).toEqual(await say(alex, "expiring"));
    expect(await say(alex, "Expiring 7 days")).toEqual(await say(alex, "expiring 7d"));
    expect(text(await say(alex, "expiring 7"))).toContain("within 7 days");
    expect(text(await say(alex, "expiring 7"))).not.toContain("Coho Winery");
  });

  it("refuses a number of days outside 1-365 or not a number, and says what it takes", async () => {
    for (const bad of ["0", "366", "-5", "soon", "3.5", "99999999999"]) {
      const reply = await say(alex, `expiring ${bad}`);
      expect(heading(reply)).toBe("expiring takes a number of days");
      expect(text(reply)).toContain("from 1 to 365");
    }
  });

  it("T2: a LAR sees its own pools expiring, no customer of its MSPs", async () => {
    const reply = await say(trey, "expiring 365");
    expect(text(reply)).toContain("Pool trey-m365-direct");
    expect(linkedCustomers(reply)).toEqual([]);
  });
});

describe("admins", () => {
  it("lists the partner's users and roles, marking the speaker", async () => {
    const reply = await say(alex, "admins");
    expect(text(reply)).toContain("Contoso MSP · 2 administrators, 1 viewer");
    expect(text(reply)).toContain("Adele Vance: Administrator\nAlex Wilber (you): Administrator\nDiego Siciliani: Viewer");
    expect(buttonTitles(card(reply))).toEqual(["Home", "Add an administrator", "Remove an administrator"]);
    expect(buttonTitles(card(await say(diego, "admins")))).toEqual(["Home"]);
    expect(text(await say(trey, "ADMINS"))).toContain("Johanna Lorenz: Viewer");
    expect(text(await say(trey, "admins"))).not.toContain("Alex Wilber");
  });
});

describe("history", () => {
  it("shows who changed what, when, newest first, in the partner's time", async () => {
    const before = text(await say(alex, "history northwind"));
    expect(before).toContain("History of Northwind Traders");
    expect(before).toContain("Auto-adjusted Cloud Backup for Microsoft 365 from 110 seats to 107 seats (measured usage)\nSystem · 2026-04-15 11:00");

    const own = prepareDatabase(":memory:", clock).db;
    const adele = speakerFor(own, "contoso", "Adele Vance");
    const later = () => new Date("2026-04-15T13:30:00Z");
    const changed = changeSeats({ db: own, clock: later, actor: { kind: "user", ...adele } }, { customerId: "northwind", serviceId: "cloud-backup-for-microsoft-365", quantity: 120 });
    expect(changed.ok).toBe(true);
    const after = text(await say({ db: own, clock: later, speaker: adele }, "history northwind TRADERS"));
    expect(after).toContain("Newest first · 1–2 · times in Europe/London");
    expect(after).toMatch(/Changed Cloud Backup for Microsoft 365 from 107 seats to 120 seats\nAdele Vance · 2026-04-15 14:30\nAuto-adjusted/);
  });

  it("from the customer card's button, and by name from the home card's input", async () => {
    const fromCard = await click(alex, button(await say(alex, "customer northwind"), "History"));
    expect(heading(fromCard)).toBe("History of Northwind Traders");
    const home = await say(alex, "help");
    expect(await click(alex, button(home, "Customer history"), { name: "northwind", days: "30", feedback: "" })).toEqual(fromCard);
  });
});

describe("feedback", () => {
  it("is recorded for viewers too, with the speaker as its author", async () => {
    const own = prepareDatabase(":memory:", clock).db;
    const viewer = { db: own, clock, speaker: speakerFor(own, "contoso", "Diego Siciliani") };
    const reply = await say(viewer, "feedback The expiring list saves me an hour a week");
    expect(heading(reply)).toBe("Thank you");
    expect(own.select().from(feedback).all()).toEqual([
      expect.objectContaining({ partnerId: "contoso", aadObjectId: viewer.speaker.aadObjectId, text: "The expiring list saves me an hour a week" }),
    ]);
  });
});

describe("the home card's buttons", () => {
  it("every button on the home card answers with a card", async () => {
    const home = card(await say(alex, "help"));
    const inputs = { name: "fabrikam", days: "7", feedback: "Nice" };
    for (const b of buttons(home)) {
      if (b.verb === "feedback.send") continue;
      const reply = await click(alex, b, inputs);
      expect(cardActions(card(reply)).length, b.title).toBeGreaterThan(0);
    }
    expect(heading(await click(alex, button(await say(alex, "help"), "Open customer"), inputs))).toBe("Fabrikam, Inc.");
    expect(heading(await click(alex, button(await say(alex, "help"), "Show what expires"), inputs))).toBe("Expiring within 7 days");
  });
});
