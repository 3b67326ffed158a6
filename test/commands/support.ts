import { expect } from "vitest";
import { runCommand, type CommandContext, type Reply, type Speaker } from "../../bot/commands";
import { validateCard } from "../../cards/validate";
import type { Db } from "../../db/client";
import { partnerUsers } from "../../db/schema";
import { and, eq } from "drizzle-orm";
import { buttons, cardActions, cardText, type CardAction } from "../cards/inspect";

export { buttons, buttonTitles, cardActions, cardText, cardTexts, cardInputs, clicked } from "../cards/inspect";

/** A speaker as the transport resolves one: a row of partner_users. */
export function speakerFor(db: Db, partnerId: string, name: string): Speaker {
  const u = db.select().from(partnerUsers).where(and(eq(partnerUsers.partnerId, partnerId), eq(partnerUsers.name, name))).get();
  if (!u) throw new Error(`no user ${name} in ${partnerId}`);
  return { partnerId, aadObjectId: u.aadObjectId, name: u.name, role: u.role };
}

/**
 * Every answer is checked the way Teams would take it: at least one card, each a valid Adaptive
 * Card 1.5 under the size budget with nothing unbound.
 */
function checked(reply: Reply): Reply {
  expect(reply.attachments?.length ?? 0).toBeGreaterThan(0);
  for (const a of reply.attachments ?? []) {
    expect(a.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(JSON.stringify(a.content)).not.toContain("${");
    expect(validateCard(a.content)).toEqual([]);
  }
  return reply;
}

export async function say(ctx: CommandContext, text: string): Promise<Reply> {
  return checked(await runCommand(ctx, { kind: "text", text }));
}

export async function act(ctx: CommandContext, verb: string, data: unknown, execute = false): Promise<Reply> {
  return checked(await runCommand(ctx, { kind: "action", verb, data, execute }));
}

/** Clicks a button as Teams sends it: Submit posts its data (with the card's inputs), Execute its verb and data. */
export async function click(ctx: CommandContext, action: CardAction, inputs: Record<string, string> = {}): Promise<Reply> {
  return act(ctx, action.verb, { ...action.data, ...inputs }, action.type === "Action.Execute");
}

/** The first (usually only) card of a reply. */
export function card(reply: Reply): unknown {
  return reply.attachments![0]!.content;
}

export function text(reply: Reply): string {
  return (reply.attachments ?? []).map((a) => cardText(a.content)).join("\n");
}

export function button(reply: Reply, title: string): CardAction {
  const b = buttons(card(reply)).find((a) => a.title === title);
  if (!b) throw new Error(`no button "${title}" in: ${buttons(card(reply)).map((a) => a.title).join(", ")}`);
  return b;
}

/** The customers a list, choose or expiring card links to, by the ids its rows and buttons carry. */
export function linkedCustomers(reply: Reply): unknown[] {
  return cardActions(card(reply))
    .filter((a) => a.verb === "customer.open" || a.verb === "history.open")
    .map((a) => a.data.customerId);
}

/** The card's title line: the first text. */
export function heading(reply: Reply): string {
  return cardText(card(reply)).split("\n")[0]!;
}
