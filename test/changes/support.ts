/**
 * Helpers for the change tests: the demo world copied per test (loading it takes seconds, copying
 * it a millisecond), speakers, every card checked as Teams would take it, and activities in a
 * channel (the shared support builds personal ones).
 */
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { expect } from "vitest";
import { runCommand, type CommandContext, type Reply } from "../../bot/commands";
import { prepareDatabase } from "../../bot/startup";
import { CARD_BUDGET_BYTES } from "../../cards";
import { validateCard } from "../../cards/validate";
import type { Db } from "../../db/client";
import * as schema from "../../db/schema";
import { actionExecute, type Person, type Where } from "../bot/support/activities";
import { buttons, cardText, type CardAction } from "../cards/inspect";
import { speakerFor } from "../commands/support";

export { buttons, cardText, cardActions, cardInputs } from "../cards/inspect";

/** Monday 2 March 2026, 09:00 UTC (the bot tests' FIXED_NOW): Contoso's day is 2026-03-02 in London. */
export const NOW = new Date("2026-03-02T09:00:00Z");

let template: Buffer | undefined;

/** A fresh copy of the demo world as loaded at NOW. */
export function demoDb(): Db {
  if (!template) {
    const { db } = prepareDatabase(":memory:", () => NOW);
    template = db.$client.serialize();
    db.$client.close();
  }
  const sqlite = new Database(template);
  sqlite.pragma("foreign_keys = ON");
  return drizzle(sqlite, { schema }) as Db;
}

/** A clock the test moves. */
export function movableClock(start = NOW) {
  let at = start;
  const clock = () => at;
  return Object.assign(clock, {
    set: (d: Date) => void (at = d),
    advanceHours: (h: number) => void (at = new Date(at.getTime() + h * 3_600_000)),
  });
}

export interface World {
  db: Db;
  clock: ReturnType<typeof movableClock>;
  as(partnerId: string, name: string): CommandContext;
  alex: CommandContext;
  adele: CommandContext;
  diego: CommandContext;
  megan: CommandContext;
  lee: CommandContext;
}

export function world(): World {
  const db = demoDb();
  const clock = movableClock();
  const as = (partnerId: string, name: string): CommandContext => ({ db, clock, speaker: speakerFor(db, partnerId, name) });
  return {
    db,
    clock,
    as,
    alex: as("contoso", "Alex Wilber"),
    adele: as("contoso", "Adele Vance"),
    diego: as("contoso", "Diego Siciliani"),
    megan: as("trey-research", "Megan Bowen"),
    lee: as("relecloud", "Lee Gu"),
  };
}

/** A card as Teams would take it: valid Adaptive Card 1.5, nothing unbound, under the budget. */
export function checkCard(content: unknown): void {
  const json = JSON.stringify(content);
  expect(json).not.toContain("${");
  expect(Buffer.byteLength(json)).toBeLessThan(CARD_BUDGET_BYTES);
  expect(validateCard(content)).toEqual([]);
}

function checked(reply: Reply): Reply {
  expect(reply.attachments?.length ?? 0).toBeGreaterThan(0);
  for (const a of reply.attachments ?? []) checkCard(a.content);
  return reply;
}

export async function say(ctx: CommandContext, text: string): Promise<Reply> {
  return checked(await runCommand(ctx, { kind: "text", text }));
}

export async function act(ctx: CommandContext, verb: string, data: unknown, execute = true): Promise<Reply> {
  return checked(await runCommand(ctx, { kind: "action", verb, data, execute }));
}

/** Clicks a button: Execute sends its verb and data, Submit its data; with the card's inputs filled in. */
export async function click(ctx: CommandContext, action: CardAction, inputs: Record<string, unknown> = {}): Promise<Reply> {
  return act(ctx, action.verb, { ...action.data, ...inputs }, action.type === "Action.Execute");
}

export function card(reply: Reply): unknown {
  return reply.attachments![0]!.content;
}

export function text(reply: Reply): string {
  return (reply.attachments ?? []).map((a) => cardText(a.content)).join("\n");
}

export function heading(reply: Reply): string {
  return text(reply).split("\n")[0]!;
}

export function button(content: unknown, title: string): CardAction {
  const b = buttons(content).find((a) => a.title === title);
  if (!b) throw new Error(`no button "${title}" in: ${buttons(content).map((a) => a.title).join(", ")}`);
  return b;
}

export function hasButton(content: unknown, title: string): boolean {
  return buttons(content).some((a) => a.title === title);
}

/** The rows a change can touch, for "nothing was written" (conversation bookkeeping aside). */
export function domainRows(db: Db): Record<string, unknown[]> {
  const tables = ["customers", "customer_users", "assignments", "assignment_quantities", "allocations", "partner_users", "pending_changes", "pools"];
  const rows: Record<string, unknown[]> = Object.fromEntries(tables.map((t) => [t, db.$client.prepare(`select * from "${t}" order by rowid`).all()]));
  // The transport records the conversations it is spoken to in (expiry notices); not a change.
  rows.audit_log = db.$client.prepare("select * from audit_log where entity_type <> 'conversation' order by rowid").all();
  return rows;
}

export function activeAssignments(db: Db, customerId: string): { pool_id: string; service_id: string; quantity: number; assigned_on: string; expires_on: string }[] {
  return db.$client
    .prepare("select * from assignments where customer_id = ? and ended_on is null and expires_on >= '2026-03-02' order by service_id")
    .all(customerId) as never;
}

export function pendingChanges(db: Db): { id: string; status: string; verb: string; requested_by: string }[] {
  return db.$client.prepare("select * from pending_changes order by created_at").all() as never;
}

const CHANNEL_ID = "19:licensing-channel@thread.tacv2";
const TEAM_ID = "19:team-general@thread.tacv2";

/** Action.Execute on a card posted in a team channel (Teams sends the channel's conversation and team data). */
export function channelExecute(verb: string, data: Record<string, unknown>, where: Where & { from: Person; replyToId?: string }) {
  const a = actionExecute(verb, data, where);
  return {
    ...a,
    conversation: { tenantId: where.from.tenantId, conversationType: "channel", isGroup: true, id: `${CHANNEL_ID};messageid=1700000000000` },
    channelData: { tenant: { id: where.from.tenantId }, teamsChannelId: CHANNEL_ID, teamsTeamId: TEAM_ID, channel: { id: CHANNEL_ID }, team: { id: TEAM_ID } },
  };
}
