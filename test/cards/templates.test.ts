import { describe, expect, it } from "vitest";
import { ACTIONS, CARD_BUDGET_BYTES, parseAction, renderCard, TEMPLATES, VERBS, type CardTemplate } from "../../cards";
import { validateCard } from "../../cards/validate";
import { LARGEST, REALISTIC, VARIANTS } from "./fixtures";
import { cardActions, cardInputs, cardText, clicked } from "./inspect";

type Name = keyof typeof TEMPLATES;
const NAMES = Object.keys(TEMPLATES) as Name[];

function render(name: Name, data: unknown) {
  return renderCard(TEMPLATES[name] as CardTemplate<unknown>, data);
}

const cases: [string, Name, unknown][] = NAMES.flatMap((name) => [
  [`${name}`, name, REALISTIC[name]] as [string, Name, unknown],
  ...Object.entries(VARIANTS[name] ?? {}).map(([variant, data]) => [`${name} (${variant})`, name, data] as [string, Name, unknown]),
  [`${name} (largest page)`, name, LARGEST[name]] as [string, Name, unknown],
]);

describe("every template, rendered with realistic data", () => {
  it.each(cases)("%s: valid Adaptive Card 1.5, no unbound ${, under 28 KB", (_label, name, data) => {
    const attachment = render(name, data);
    expect(attachment.contentType).toBe("application/vnd.microsoft.card.adaptive");
    const json = JSON.stringify(attachment.content);
    expect(json).not.toContain("${");
    expect(Buffer.byteLength(json)).toBeLessThan(CARD_BUDGET_BYTES);
    expect(validateCard(attachment.content)).toEqual([]);
  });

  it.each(cases)("%s: every button sends a verb whose schema accepts what the card sends", (_label, name, data) => {
    const card = render(name, data).content;
    const inputs = cardInputs(card);
    for (const action of cardActions(card)) {
      expect(VERBS).toContain(action.verb);
      if (action.type === "Action.Execute") expect(action.data.verb).toBe(action.verb);
      // The inputs filled in as a user would: "typed name", "30", "typed feedback".
      const { verb, data: sent } = clicked(action, inputs);
      const parsed = parseAction(verb, sent);
      expect(parsed, `${action.title}: ${JSON.stringify(sent)}`).toMatchObject({ ok: true });
    }
  });

  it("covers every template with realistic data and a largest page", () => {
    expect(Object.keys(REALISTIC).sort()).toEqual([...NAMES].sort());
    expect(Object.keys(LARGEST).sort()).toEqual([...NAMES].sort());
  });

  it("puts every verb on some card, so every handler has a way in", () => {
    const onCards = new Set(cases.flatMap(([, name, data]) => cardActions(render(name, data).content).map((a) => a.verb)));
    expect([...onCards].sort()).toEqual([...VERBS].sort());
  });
});

describe("what the cards show", () => {
  it("home: a button path to every command; admin-only and LAR-only buttons where they belong", () => {
    const admin = render("home", REALISTIC.home).content;
    const titles = cardActions(admin).map((a) => a.title);
    expect(titles).toEqual(expect.arrayContaining(["Customers", "Administrators", "Open customer", "Customer history", "Show what expires", "Send feedback", "Pools", "Onboard a customer"]));
    expect(titles).not.toContain("Allocate to an MSP");
    expect(cardInputs(admin)).toEqual({ name: "typed name", days: "30", feedback: "typed feedback" });
    const viewer = render("home", VARIANTS.home!["viewer with a notice"]).content;
    expect(cardActions(viewer).map((a) => a.title)).not.toContain("Onboard a customer");
    expect(cardText(viewer)).toContain("Assigning licenses (assign) is not built yet.");
    expect(cardActions(render("home", VARIANTS.home!["LAR administrator"]).content).map((a) => a.title)).toContain("Allocate to an MSP");
  });

  it("customers: rows open the customer; More pages in place (Action.Execute) with the filter", () => {
    const card = render("customers", REALISTIC.customers).content;
    expect(cardText(card)).toContain("Fabrikam, Inc.");
    expect(cardText(card)).toContain("2026-04-16 (tomorrow)");
    const rows = cardActions(card).filter((a) => a.select);
    expect(rows.map((r) => r.data.customerId)).toEqual(["fabrikam", "alpine-ski-house", "fourth-coffee"]);
    const more = cardActions(card).find((a) => a.title === "More")!;
    expect(more).toMatchObject({ type: "Action.Execute", verb: "customers.list", data: { verb: "customers.list", text: "", offset: 3 } });
    const last = render("customers", { ...REALISTIC.customers, hasMore: false }).content;
    expect(cardActions(last).map((a) => a.title)).not.toContain("More");
  });

  it("customer: services with pool ids, quantities and expirations; change buttons for administrators only", () => {
    const card = render("customer", REALISTIC.customer).content;
    const text = cardText(card);
    for (const s of ["Cloud Backup for Microsoft 365", "135 seats", "Pool contoso-m365-mkt-apu", "expires 2026-04-20 (in 5 days)", "Cloud Governance", "Baseline Management", "before 2026-04-21"]) {
      expect(text).toContain(s);
    }
    expect(cardActions(card).map((a) => a.title)).toEqual(["History", "Usage", "All customers", "Assign", "Change seats", "Extend", "Switch pool", "Change tenant owner", "Disconnect"]);
    expect(cardActions(render("customer", VARIANTS.customer!.viewer).content).map((a) => a.title)).toEqual(["History", "Usage", "All customers"]);
    expect(cardActions(render("customer", VARIANTS.customer!.disconnected).content).map((a) => a.title)).toContain("Onboard again");
  });

  it("expiring: a subscription's row opens its customer, a pool's row opens nothing", () => {
    const card = render("expiring", REALISTIC.expiring).content;
    expect(cardActions(card).filter((a) => a.select).map((a) => a.data.customerId)).toEqual(["alpine-ski-house", "coho-winery"]);
    expect(cardText(card)).toContain("Pool contoso-m365-payg");
    // The quick windows offer the others, not the one shown.
    expect(cardActions(card).filter((a) => !a.select).map((a) => a.title)).toEqual(["7 days", "90 days", "Home"]);
  });

  it("choose and suggest: the candidates are buttons carrying their ids under the asked verb", () => {
    const choose = cardActions(render("choose", REALISTIC.choose).content);
    expect(choose.filter((a) => a.verb === "customer.open").map((a) => [a.title, a.data.customerId])).toEqual([
      ["Wide World Importers", "wide-world-importers"],
      ["Woodgrove Bank", "woodgrove"],
    ]);
    expect(choose.find((a) => a.title === "Show all matching")?.data).toEqual({ verb: "customers.list", text: "w", offset: 0 });
    const history = cardActions(render("choose", VARIANTS.choose!.history).content);
    expect(history.filter((a) => a.verb === "history.open").map((a) => a.data.customerId)).toEqual(["wide-world-importers", "woodgrove"]);
    expect(history.some((a) => a.verb === "customer.open")).toBe(false);
    const suggest = cardActions(render("suggest", VARIANTS.suggest!.history).content);
    expect(suggest.map((a) => [a.verb, a.title])).toEqual([
      ["history.open", "Fabrikam, Inc."],
      ["customers.list", "All customers"],
      ["home", "Home"],
    ]);
  });

  it("the schemas are the ones the templates were built against", () => {
    expect(Object.keys(ACTIONS).sort()).toEqual([...VERBS].sort());
  });
});
