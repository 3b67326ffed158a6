/**
 * The read commands over a small world made by hand with the factories: names, ids and shapes the
 * demo does not have (accents, ampersands, near-duplicates, `${` in a name, another partner's
 * look-alike customer, many customers and users to page).
 */
import { describe, expect, it } from "vitest";
import type { CommandContext } from "../../bot/commands";
import { applyLicense, changeSeats, changeTenantOwner, onboard } from "../../domain";
import { clockAt, makeAssignment, makeCustomer, makeCustomerUser, makePartner, makePool, makeUser, mspWorld } from "../support/factories";
import { value } from "../support/outcomes";
import { act, button, buttons, buttonTitles, card, click, heading, linkedCustomers, say, text } from "./support";

const M365 = "cloud-backup-for-microsoft-365";
const CENSE = "cense";

function world() {
  const w = mspWorld("2026-03-01", { name: "Acme MSP", timeZone: "Asia/Tokyo" });
  const speak = (u: { partnerId: string; aadObjectId: string; name: string; role: "administrator" | "viewer" }, day = "2026-03-10"): CommandContext => ({
    db: w.db,
    clock: clockAt(day),
    speaker: { partnerId: u.partnerId, aadObjectId: u.aadObjectId, name: u.name, role: u.role },
  });
  const pool = makePool(w.db, w.partner.id, { id: "acme-m365", quantity: 500, start: "2026-01-01", end: "2026-12-31" });
  makePool(w.db, w.partner.id, { id: "acme-cense-march", serviceId: CENSE, channel: "marketplace", paymentOption: "monthly", start: "2026-03-01", end: "2026-03-12", quantity: 20 });
  const ltd = makeCustomer(w.db, w.partner.id, { id: "c-ltd", name: "Contoso Ltd" });
  const pharma = makeCustomer(w.db, w.partner.id, { id: "c-pharma", name: "Contoso Pharma" });
  const sons = makeCustomer(w.db, w.partner.id, { id: "c-sons", name: "Fabrikam & Sons" });
  const accents = makeCustomer(w.db, w.partner.id, { id: "c-zurich", name: "Zürich Rück AG" });
  const dollar = makeCustomer(w.db, w.partner.id, { id: "c-dollar", name: "Cash ${money} Corp" });
  makeAssignment(w.db, { customerId: ltd.id, poolId: pool.id, quantity: 40, assignedOn: "2026-02-01", expiresOn: "2026-03-12" });
  makeAssignment(w.db, { customerId: pharma.id, poolId: pool.id, quantity: 15, assignedOn: "2026-03-05", expiresOn: "2026-12-31" });
  const rival = makePartner(w.db, { name: "Rival MSP" });
  const rivalUser = makeUser(w.db, rival.id, "administrator", "Rita Rival");
  const rivalPool = makePool(w.db, rival.id, { id: "rival-m365" });
  const rivalCustomer = makeCustomer(w.db, rival.id, { id: "r-contoso", name: "Contoso Rival" });
  makeAssignment(w.db, { customerId: rivalCustomer.id, poolId: rivalPool.id, assignedOn: "2026-02-01", expiresOn: "2026-03-11" });
  return { ...w, speak, ltd, pharma, sons, accents, dollar, rival, rivalUser, rivalCustomer, admin: speak(w.admin), viewer: speak(w.viewer), rivalCtx: speak(rivalUser) };
}

describe("names the demo does not have", () => {
  it("an ambiguous prefix gets both of this partner's candidates, never the other partner's look-alike", async () => {
    const w = world();
    const reply = await say(w.admin, "customer cont");
    expect(heading(reply)).toBe("2 customers match “cont”. Which one did you mean?");
    expect(linkedCustomers(reply)).toEqual(["c-ltd", "c-pharma"]);
    expect(text(reply)).not.toContain("Rival");
    expect(heading(await click(w.admin, button(reply, "Contoso Pharma")))).toBe("Contoso Pharma");
  });

  it("accents, ampersands, word order, abbreviations and ids", async () => {
    const w = world();
    // "Ltd" is noise to names.ts, so "contoso" is Contoso Ltd's whole name: the exact match wins.
    expect(heading(await say(w.admin, "customer contoso"))).toBe("Contoso Ltd");
    expect(heading(await say(w.admin, "customer zurich ruck"))).toBe("Zürich Rück AG");
    expect(heading(await say(w.admin, "customer fabrikam and sons"))).toBe("Fabrikam & Sons");
    expect(heading(await say(w.admin, "customer sons fabrikam"))).toBe("Fabrikam & Sons");
    expect(heading(await say(w.admin, "customer pharma contoso"))).toBe("Contoso Pharma");
    expect(heading(await say(w.admin, "customer c-sons"))).toBe("Fabrikam & Sons");
  });

  it("a name with ${ in it shows as written", async () => {
    const w = world();
    const reply = await say(w.admin, "customer cash money");
    expect(heading(reply).replace(/\u200b/g, "")).toBe("Cash ${money} Corp");
    expect(text(await say(w.admin, "customers cash")).replace(/\u200b/g, "")).toContain("Cash ${money} Corp");
  });

  it("an unknown name gets suggestions from this partner's customers only", async () => {
    const w = world();
    const reply = await say(w.admin, "customer contosso rivl");
    expect(heading(reply)).toBe("I don't know a customer called “contosso rivl”.");
    expect(linkedCustomers(reply)).not.toContain("r-contoso");
    const rival = await say(w.rivalCtx, "customer contoso");
    expect(heading(rival)).toBe("Contoso Rival");
  });
});

describe("the customer card from data the code was not designed for", () => {
  it("a customer with no services; a pool ending before 31 days; a lock", async () => {
    const w = world();
    expect(text(await say(w.admin, "customer fabrikam sons"))).toContain("No active services.");
    const ltd = text(await say(w.admin, "customer contoso ltd"));
    expect(ltd).toContain("Cloud Backup for Microsoft 365\n40 seats\nPool acme-m365 · direct · prepaid, annual upfront · expires 2026-03-12 (in 2 days) · assigned 2026-02-01");
    const pharma = text(await say(w.admin, "customer contoso pharma"));
    expect(pharma).toContain("before 2026-04-05");
    expect(pharma).toContain("Can be disconnected: from 2026-04-05");
  });

  it("pages a customer's services ten at a time", async () => {
    const w = world();
    const { CATALOG } = await import("../../db/catalog");
    const big = makeCustomer(w.db, w.partner.id, { id: "c-big", name: "Big Customer" });
    // A direct prepaid pool of every non-PAYG service, one assignment each (A1: one per service).
    for (const s of CATALOG) {
      const p = makePool(w.db, w.partner.id, { serviceId: s.id, start: "2026-01-01", end: "2026-12-31", quantity: 100 });
      makeAssignment(w.db, { customerId: big.id, poolId: p.id, quantity: 3, assignedOn: "2026-01-05", expiresOn: "2026-12-31" });
    }
    const first = await say(w.admin, "customer big");
    expect(text(first)).toContain(`Services 1–10 of ${CATALOG.length}`);
    const more = button(first, "More services");
    expect(more).toMatchObject({ type: "Action.Execute", verb: "customer.open", data: { customerId: "c-big", offset: 10 } });
    const second = await click(w.admin, more);
    expect(text(second)).toContain(`Services 11–20 of ${CATALOG.length}`);
    expect(JSON.stringify(card(second)).length).toBeLessThan(28 * 1024);
  });
});

describe("paging", () => {
  it("customers: 10, 10, then 5, each More carrying the filter and the next offset", async () => {
    const w = world();
    for (let i = 1; i <= 25; i++) makeCustomer(w.db, w.partner.id, { id: `g-${i}`, name: `Globex Branch ${String(i).padStart(2, "0")}` });
    const first = await say(w.admin, "customers globex");
    expect(text(first)).toContain("1–10 of 25");
    const more1 = button(first, "More");
    expect(more1.data).toEqual({ verb: "customers.list", text: "globex", offset: 10 });
    const second = await click(w.admin, more1);
    expect(linkedCustomers(second)[0]).toBe("g-11");
    const third = await click(w.admin, button(second, "More"));
    expect(text(third)).toContain("21–25 of 25");
    expect(buttonTitles(card(third))).not.toContain("More");
    // A stale or edited offset past the end answers politely.
    expect(text(await act(w.admin, "customers.list", { text: "globex", offset: 400 }))).toContain("Nothing more to show: 25 customers in all.");
  });

  it("admins: 25 a page", async () => {
    const w = world();
    for (let i = 1; i <= 30; i++) makeUser(w.db, w.partner.id, "viewer", `Viewer ${String(i).padStart(2, "0")}`);
    const first = await say(w.viewer, "admins");
    expect(text(first)).toContain("1 administrator, 31 viewers · 1–25 of 32");
    expect(text(first)).toContain("Vera Viewer (you): Viewer");
    const second = await click(w.viewer, button(first, "More"));
    expect(text(second)).toContain("26–32 of 32");
  });
});

describe("expiring in a hand-made world", () => {
  it("a subscription and a pool within the window; the subscription opens its customer, the pool row opens nothing", async () => {
    const w = world();
    const reply = await say(w.admin, "expiring 3");
    expect(text(reply)).toContain("1 customer subscription and 1 pool end in the next 3 days");
    expect(text(reply)).toContain("2026-03-12\nin 2 days\nPool acme-cense-march\nCense · merged Cloud Marketplace pools · 0 of 20 seats in use");
    expect(text(reply)).toContain("2026-03-12\nin 2 days\nContoso Ltd\nCloud Backup for Microsoft 365 · 40 seats · pool acme-m365");
    expect(linkedCustomers(reply)).toEqual(["c-ltd"]);
    expect(text(reply)).not.toContain("Contoso Rival");
  });

  it("nothing expiring says so", async () => {
    const w = world();
    expect(text(await say(w.admin, "expiring 1"))).toContain("Nothing expires in today or tomorrow (as of 2026-03-10).");
  });
});

describe("history from domain verbs", () => {
  it("describes each change in words, with who and when in the partner's time zone (Asia/Tokyo)", async () => {
    const w = world();
    const at = (day: string) => ({ ...w.ctx(day), clock: clockAt(`${day}T01:30:00Z`) });
    const fab = value(onboard(at("2026-03-02"), { name: "Initech", m365TenantId: "t-initech", services: [{ poolId: "acme-m365", quantity: 10 }], tenantOwner: { upn: "owner@initech.example", name: "Olga" } })).customer;
    value(changeSeats(at("2026-03-03"), { customerId: fab.id, serviceId: M365, quantity: 12 }));
    makeCustomerUser(w.db, fab.id, ["Service Administrator"], false, "sam@initech.example");
    value(changeTenantOwner(at("2026-03-04"), { customerId: fab.id, upn: "sam@initech.example" }));
    value(applyLicense(at("2026-03-05"), { customerId: fab.id, serviceId: CENSE, type: "enterprise", end: "2026-09-30" }));
    const reply = await say(w.admin, "history initech");
    expect(text(reply)).toContain(
      [
        "Enterprise license for Cense until 2026-09-30",
        "Alex Wilber · 2026-03-05 10:30",
        "Tenant owner changed to sam@initech.example (was owner@initech.example)",
        "Alex Wilber · 2026-03-04 10:30",
        "Changed Cloud Backup for Microsoft 365 from 10 seats to 12 seats",
        "Alex Wilber · 2026-03-03 10:30",
        "Onboarded with 1 service",
        "Alex Wilber · 2026-03-02 10:30",
      ].join("\n"),
    );
    expect(text(reply)).toContain("times in Asia/Tokyo");
  });

  it("an empty trail says so; another partner's customer id is unknown", async () => {
    const w = world();
    expect(text(await say(w.admin, "history fabrikam sons"))).toContain("No changes recorded yet.");
    const foreign = await act(w.admin, "history.open", { customerId: w.rivalCustomer.id, offset: 0 });
    expect(foreign).toEqual(await act(w.admin, "history.open", { customerId: "nobody", offset: 0 }));
    expect(text(foreign)).not.toContain("Rival");
  });

  it("pages ten at a time", async () => {
    const w = world();
    for (let i = 0; i < 12; i++) value(changeSeats(w.ctx("2026-03-05"), { customerId: w.pharma.id, serviceId: M365, quantity: 16 + i }));
    const first = await say(w.admin, "history contoso pharma");
    expect(text(first)).toContain("Newest first · 1–10 and more");
    expect(text(first)).toContain("from 26 seats to 27 seats");
    const second = await click(w.admin, button(first, "More"));
    expect(text(second)).toContain("Newest first · 11–12");
    expect(text(second)).toContain("from 15 seats to 16 seats");
    expect(buttonTitles(card(second))).not.toContain("More");
  });
});

describe("viewer and administrator", () => {
  it("U1: both read everything; only administrators see the buttons for changes", async () => {
    const w = world();
    for (const cmd of ["customers", "customer contoso ltd", "expiring", "admins", "history contoso ltd"]) {
      expect(text(await say(w.viewer, cmd))).toEqual(text(await say(w.admin, cmd)).replace("Alex Wilber (you)", "Alex Wilber").replace("Vera Viewer", "Vera Viewer (you)"));
    }
    const adminTitles = buttons(card(await say(w.admin, "customer contoso ltd"))).map((b) => b.title);
    const viewerTitles = buttons(card(await say(w.viewer, "customer contoso ltd"))).map((b) => b.title);
    expect(adminTitles).toContain("Disconnect");
    expect(viewerTitles).toEqual(["History", "Usage", "All customers"]);
  });
});
