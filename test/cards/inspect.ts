/** Reading a rendered card the way a user sees it: its texts, facts, buttons and inputs. */

export interface CardAction {
  type: string;
  title: string;
  verb: string;
  data: Record<string, unknown>;
  /** True when it is a row's selectAction rather than a button. */
  select: boolean;
}

type Node = Record<string, unknown>;

function walk(node: unknown, visit: (n: Node, key: string) => void, key = ""): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit, key));
  else if (node !== null && typeof node === "object") {
    visit(node as Node, key);
    for (const [k, v] of Object.entries(node as Node)) if (k !== "data" && k !== "fallback") walk(v, visit, k);
  }
}

/** Every TextBlock's text and every fact as "title: value", in reading order. */
export function cardTexts(card: unknown): string[] {
  const out: string[] = [];
  walk(card, (n) => {
    if (n.type === "TextBlock" && typeof n.text === "string") out.push(n.text);
    if (typeof n.title === "string" && typeof n.value === "string" && n.type === undefined) out.push(`${n.title}: ${n.value}`);
  });
  return out;
}

/** All texts joined: for `toContain` on what the user reads. */
export function cardText(card: unknown): string {
  return cardTexts(card).join("\n");
}

/** Every action (buttons and clickable rows), with the verb and data the bot would receive. */
export function cardActions(card: unknown): CardAction[] {
  const out: CardAction[] = [];
  walk(card, (n, key) => {
    if (typeof n.type !== "string" || !n.type.startsWith("Action.")) return;
    const data = (n.data ?? {}) as Record<string, unknown>;
    const verb = n.type === "Action.Execute" ? String(n.verb) : String(data.verb);
    out.push({ type: n.type, title: String(n.title ?? ""), verb, data, select: key === "selectAction" });
  });
  return out;
}

export function buttons(card: unknown): CardAction[] {
  return cardActions(card).filter((a) => !a.select);
}

export function buttonTitles(card: unknown): string[] {
  return buttons(card).map((a) => a.title);
}

/** The ids of the card's inputs, with a value a user might enter in each. */
export function cardInputs(card: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  walk(card, (n) => {
    if (typeof n.type === "string" && n.type.startsWith("Input.") && typeof n.id === "string") {
      out[n.id] = typeof n.value === "string" ? n.value : n.type === "Input.Text" ? `typed ${n.id}` : "";
    }
  });
  return out;
}

/**
 * What the bot receives when the action is clicked: Action.Submit merges the card's inputs into its
 * data (the message's `value`); Action.Execute carries its data with the inputs as well.
 */
export function clicked(action: CardAction, inputs: Record<string, string> = {}): { verb: string; data: Record<string, unknown> } {
  return { verb: action.verb, data: { ...action.data, ...inputs } };
}
