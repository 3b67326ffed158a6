/** Building blocks shared by the templates (plain JSON fragments, bound by adaptivecards-templating). */

export const CARD_VERSION = "1.5";

/** The root of every card: Adaptive Card 1.5, full width in Teams (lists read better wide). */
export function card(body: object[], extra: Record<string, unknown> = {}) {
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: CARD_VERSION,
    msteams: { width: "Full" },
    body,
    ...extra,
  };
}

export function title(text: string) {
  return { type: "TextBlock", text, size: "Large", weight: "Bolder", wrap: true, style: "heading" };
}

export function heading(text: string, extra: Record<string, unknown> = {}) {
  return { type: "TextBlock", text, weight: "Bolder", wrap: true, spacing: "Medium", ...extra };
}

export function text(value: string, extra: Record<string, unknown> = {}) {
  return { type: "TextBlock", text: value, wrap: true, ...extra };
}

export function subtle(value: string, extra: Record<string, unknown> = {}) {
  return { type: "TextBlock", text: value, wrap: true, isSubtle: true, size: "Small", spacing: "None", ...extra };
}

/** A line in attention colour at the top of a card, shown only when `${notice}` is not empty. */
export function notice(binding = "notice") {
  return {
    type: "Container",
    $when: `\${${binding} != ''}`,
    style: "warning",
    items: [{ type: "TextBlock", text: `\${${binding}}`, wrap: true, weight: "Bolder" }],
  };
}

export function actionSet(actions: object[], extra: Record<string, unknown> = {}) {
  return { type: "ActionSet", actions, ...extra };
}
