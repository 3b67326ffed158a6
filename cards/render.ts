import { Template } from "adaptivecards-templating";
import type { Attachment } from "botbuilder";

/**
 * Cards are templates plus data, never strings glued together. Every card goes through
 * `renderCard`, which expands its template with adaptivecards-templating and refuses to hand out a
 * card that Teams would show wrongly or refuse: one with an unbound `${...}` left in it (the
 * templating library leaves an unknown field as literal text) or one above Teams' size budget.
 */

export const ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

/** Teams refuses messages above about 28 KB; a card must stay under it with its largest page. */
export const CARD_BUDGET_BYTES = 28 * 1024;

/** A card template with the shape of the data it binds; compiled once, expanded per reply. */
export interface CardTemplate<D> {
  readonly name: string;
  readonly json: object;
  /** Type-level only: the data the template binds. */
  readonly _data?: D;
}

interface Compiled {
  template: Template;
}

const compiled = new WeakMap<object, Compiled>();

export function defineTemplate<D>(name: string, json: object): CardTemplate<D> {
  return { name, json };
}

export class CardRenderError extends Error {
  constructor(
    readonly template: string,
    message: string,
  ) {
    super(`card "${template}": ${message}`);
  }
}

/**
 * Expands `template` with `data` into an Adaptive Card attachment. Throws CardRenderError when an
 * expression is left unbound or the card exceeds CARD_BUDGET_BYTES: a bug to fix, never a card to send.
 */
export function renderCard<D>(template: CardTemplate<D>, data: D): Attachment {
  let c = compiled.get(template.json);
  if (!c) compiled.set(template.json, (c = { template: new Template(template.json) }));
  const card = c.template.expand({ $root: needsDefuse(data) ? defuse(data) : data }) as object;
  const json = JSON.stringify(card);
  const at = json.indexOf("${");
  if (at >= 0) {
    throw new CardRenderError(template.name, `unbound expression left in the card near ${JSON.stringify(json.slice(Math.max(0, at - 40), at + 40))}`);
  }
  const bytes = Buffer.byteLength(json, "utf8");
  if (bytes > CARD_BUDGET_BYTES) {
    throw new CardRenderError(template.name, `${bytes} bytes is above the ${CARD_BUDGET_BYTES}-byte budget; page the list`);
  }
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}

/**
 * Data values are never evaluated by the templating engine, but one that contains `${` (a customer
 * named "Acme ${x}") would look like an unbound expression to the check above. A zero-width space
 * keeps such text readable and the check exact.
 */
function defuse(value: unknown): unknown {
  if (typeof value === "string") return value.includes("${") ? value.replaceAll("${", "$\u200b{") : value;
  if (Array.isArray(value)) return value.map(defuse);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = defuse(v);
    return out;
  }
  return value;
}

/**
 * Whether defuse would change anything: a string holding `${`, or an object that is not plain (which
 * defuse turns into a plain copy). Almost never, so the copy is usually skipped (it was a tenth of
 * the render of a customer card).
 */
function needsDefuse(value: unknown): boolean {
  if (typeof value === "string") return value.includes("${");
  if (Array.isArray(value)) return value.some(needsDefuse);
  if (value !== null && typeof value === "object") {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return true;
    return Object.values(value).some(needsDefuse);
  }
  return false;
}
