import * as AC from "adaptivecards";

/**
 * Validates an expanded card the way a client would parse it: the `adaptivecards` renderer's own
 * parser (it runs in Node), plus what it cannot know about Teams. Used by the tests on every
 * template and on every card a command answers with.
 */

/**
 * Teams renders elements the 1.5 schema and the renderer do not know. They are allowed here, and
 * each must carry a `fallback` for clients without it (the spec asks it of every chart).
 */
export const TEAMS_ELEMENTS: readonly string[] = [
  "Chart.Donut",
  "Chart.Pie",
  "Chart.Gauge",
  "Chart.Line",
  "Chart.VerticalBar",
  "Chart.VerticalBar.Grouped",
  "Chart.HorizontalBar",
  "Chart.HorizontalBar.Stacked",
];

/** Teams' typeahead: an Input.ChoiceSet's `choices.data` of type Data.Query (schema 1.6 in the renderer). */
const TEAMS_PROPERTIES: readonly RegExp[] = [/choices\.data/];

export function validateCard(card: unknown): string[] {
  const problems: string[] = [];
  if (typeof card !== "object" || card === null) return ["a card must be an object"];
  const json = card as Record<string, unknown>;
  if (json.type !== "AdaptiveCard") problems.push(`type is ${JSON.stringify(json.type)}, not "AdaptiveCard"`);
  if (json.version !== "1.5") problems.push(`version is ${JSON.stringify(json.version)}, not "1.5"`);

  walk(card, "", (node, path) => {
    const type = node.type;
    if (typeof type === "string" && TEAMS_ELEMENTS.includes(type) && node.fallback === undefined) {
      problems.push(`${path}: ${type} needs a fallback for clients without Teams' charts`);
    }
    for (const [k, v] of Object.entries(node)) {
      if (v === null) problems.push(`${path}.${k} is null`);
      if (k === "text" && typeof v !== "string" && (type === "TextBlock" || type === "TextRun")) problems.push(`${path}.text is not a string`);
    }
  });

  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    const event = { event: AC.ValidationEvent[e.event], message: e.message };
    if (!teamsAccepts(event, card)) problems.push(`parse: ${event.event}: ${event.message}`);
  }
  for (const e of parsed.validateProperties().validationEvents) {
    const event = { event: AC.ValidationEvent[e.event], message: e.message };
    if (!teamsAccepts(event, card)) problems.push(`validate: ${event.event}: ${event.message}`);
  }
  return problems;
}

/**
 * What Teams accepts beyond the 1.5 renderer, for one of the renderer's validation events (`event`
 * is the ValidationEvent's name): its Chart.* elements, the typeahead's `choices.data`, and an empty
 * static list on a choice set whose choices come from the bot (Data.Query). scripts/render-cards.ts
 * judges the renderer's events in the browser by the same rule.
 */
export function teamsAccepts(e: { event: string; message: string }, card: unknown): boolean {
  if (e.event === "UnknownElementType") return TEAMS_ELEMENTS.some((t) => e.message.includes(`"${t}"`));
  if (e.event === "UnsupportedProperty") return TEAMS_PROPERTIES.some((p) => p.test(e.message));
  if (e.event === "CollectionCantBeEmpty" && /ChoiceSet/.test(e.message)) return emptyChoiceSetsAreTypeaheads(card);
  return false;
}

/** Whether every Input.ChoiceSet without static choices is a Data.Query typeahead. */
function emptyChoiceSetsAreTypeaheads(card: unknown): boolean {
  let untyped = 0;
  walk(card, "", (node) => {
    if (node.type !== "Input.ChoiceSet" || (Array.isArray(node.choices) && node.choices.length > 0)) return;
    if ((node["choices.data"] as { type?: string } | undefined)?.type !== "Data.Query") untyped++;
  });
  return untyped === 0;
}

function walk(node: unknown, path: string, visit: (node: Record<string, unknown>, path: string) => void): void {
  if (Array.isArray(node)) {
    node.forEach((n, i) => walk(n, `${path}[${i}]`, visit));
  } else if (node !== null && typeof node === "object") {
    const obj = node as Record<string, unknown>;
    visit(obj, path || "card");
    for (const [k, v] of Object.entries(obj)) if (k !== "data") walk(v, `${path}.${k}`, visit);
  }
}
