import { describe, expect, it } from "vitest";
import { CardRenderError, CARD_BUDGET_BYTES, defineTemplate, renderCard } from "../../cards/render";
import { TEAMS_ELEMENTS, validateCard } from "../../cards/validate";

const card = (body: object[]) => ({ type: "AdaptiveCard", version: "1.5", body });

describe("renderCard", () => {
  const greeting = defineTemplate<{ name: string; seats: number }>("greeting", card([{ type: "TextBlock", text: "${name} has ${seats} seats", wrap: true }]));

  it("expands the template into an Adaptive Card attachment", () => {
    expect(renderCard(greeting, { name: "Fabrikam", seats: 12 })).toEqual({
      contentType: "application/vnd.microsoft.card.adaptive",
      content: card([{ type: "TextBlock", text: "Fabrikam has 12 seats", wrap: true }]),
    });
  });

  it("fails loudly on an expression left unbound (the library would show it as text)", () => {
    expect(() => renderCard(greeting, { name: "Fabrikam" } as never)).toThrow(CardRenderError);
    expect(() => renderCard(greeting, { name: "Fabrikam" } as never)).toThrow(/greeting.*unbound.*seats/);
  });

  it("renders data that itself contains ${ as text, never as an expression", () => {
    const out = renderCard(greeting, { name: "Acme ${seats} ${constructor}", seats: 3 });
    const text = (out.content as { body: { text: string }[] }).body[0]!.text;
    expect(text).not.toContain("${");
    expect(text.replace(/\u200b/g, "")).toBe("Acme ${seats} ${constructor} has 3 seats");
  });

  it("fails loudly on a card above Teams' 28 KB budget", () => {
    const big = defineTemplate<{ rows: { t: string }[] }>("big", card([{ type: "TextBlock", $data: "${rows}", text: "${t}" }]));
    const rows = Array.from({ length: 40 }, () => ({ t: "x".repeat(1000) }));
    expect(() => renderCard(big, { rows })).toThrow(/big.*above the 28672-byte budget/);
    expect(() => renderCard(big, { rows: rows.slice(0, 20) })).not.toThrow();
    expect(CARD_BUDGET_BYTES).toBe(28 * 1024);
  });
});

describe("validateCard: the renderer's parser in Node, plus Teams' extensions", () => {
  it("accepts a plain 1.5 card", () => {
    expect(validateCard(card([{ type: "TextBlock", text: "Hello" }]))).toEqual([]);
  });

  it("reports unknown elements, bad values, inputs without ids, other versions and nulls", () => {
    expect(validateCard(card([{ type: "Foo.Bar" }]))).toEqual([expect.stringContaining('Unknown element type "Foo.Bar"')]);
    expect(validateCard(card([{ type: "TextBlock", text: "x", size: "huge" }]))).toEqual([expect.stringContaining('Invalid value "huge"')]);
    expect(validateCard(card([{ type: "Input.Text" }]))).toEqual([expect.stringContaining("unique Id")]);
    expect(validateCard({ ...card([]), version: "1.6" })).toContainEqual('version is "1.6", not "1.5"');
    expect(validateCard(card([{ type: "ColumnSet", selectAction: null, columns: [] }]))).toContainEqual(expect.stringContaining("selectAction is null"));
    expect(validateCard(card([{ type: "TextBlock", text: 12 }]))).toContainEqual(expect.stringContaining("text is not a string"));
  });

  it("allows Teams' charts with a fallback, and refuses them without one", () => {
    expect(TEAMS_ELEMENTS).toContain("Chart.Donut");
    const chart = { type: "Chart.Donut", data: [{ legend: "Used", value: 90 }] };
    expect(validateCard(card([{ ...chart, fallback: { type: "TextBlock", text: "90% used" } }]))).toEqual([]);
    expect(validateCard(card([chart]))).toEqual([expect.stringContaining("Chart.Donut needs a fallback")]);
  });

  it("allows Teams' Data.Query typeahead on a choice set", () => {
    const typeahead = { type: "Input.ChoiceSet", id: "customer", style: "filtered", choices: [], "choices.data": { type: "Data.Query", dataset: "customers" } };
    expect(validateCard(card([typeahead]))).toEqual([]);
    // Beside it, a choice set with neither choices nor a query is still an empty list Teams refuses.
    const empty = { type: "Input.ChoiceSet", id: "pool", choices: [] };
    const problems = validateCard(card([typeahead, empty]));
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p).toContain("CollectionCantBeEmpty");
  });
});
