import type { Db } from "../../db/client";
import type { Actor } from "../../domain/context";
import type { Day } from "../../domain/dates";
import type { Refusal } from "../../domain/outcome";
import { digestCard, parseNotifyAction } from "./card";
import { channelConversationId, currentSettings, describeSettings, parseNotifyCommand, setNotify, settingsFor, snoozeItem } from "./conversations";
import { getDigest } from "./store";

export interface NotifyActionInput {
  verb: string;
  data: unknown;
  /** From the activity (never from card data): the conversation the card was clicked in. */
  conversationId: string;
  speaker: { partnerId: string; aadObjectId: string; name: string; role: "administrator" | "viewer" };
}

export type NotifyActionResult =
  | { ok: true; card: Record<string, unknown>; message?: string }
  | { ok: false; refusal: Refusal };

/**
 * Answers the digest card's own verbs, `notify.snooze` and `notify.more` (Action.Execute: the card
 * returned replaces the one clicked). A digest of another conversation is "not found" (U2).
 */
export function handleNotifyAction(deps: { db: Db; clock: () => Date }, input: NotifyActionInput): NotifyActionResult {
  const parsed = parseNotifyAction(input.verb, input.data);
  if (!parsed.ok) return { ok: false, refusal: { code: "INVALID_INPUT", rule: "input", message: parsed.messages.join("; ") } };
  if (parsed.verb !== "notify.snooze" && parsed.verb !== "notify.more") {
    return { ok: false, refusal: { code: "INVALID_INPUT", rule: "input", message: "That button is answered by its command." } };
  }
  const conversationId = channelConversationId(input.conversationId);
  const digest = getDigest(deps.db, parsed.payload.digestId);
  if (!digest || digest.conversationId !== conversationId || digest.partnerId !== input.speaker.partnerId) {
    return { ok: false, refusal: { code: "NOT_FOUND", rule: "U2", message: "That notice is not from this conversation." } };
  }
  let message: string | undefined;
  if (parsed.verb === "notify.snooze") {
    const actor: Actor = { kind: "user", ...input.speaker };
    const r = snoozeItem({ db: deps.db, clock: deps.clock, actor }, { conversationId, itemKind: parsed.payload.itemKind, itemId: parsed.payload.itemId });
    if (!r.ok) return r;
    message = `Snoozed here until ${r.value.until}.`;
  }
  return { ok: true, card: digestCard(digest, { page: parsed.payload.page, snoozed: snoozesIn(deps.db, conversationId, digest.day) }), ...(message ? { message } : {}) };
}

/** Snoozes in force in a conversation, `kind:itemId` → first day back. */
function snoozesIn(db: Db, conversationId: string, since: Day): Map<string, Day> {
  const rows = db.$client
    .prepare(`select item_kind kind, item_id itemId, until from notice_snoozes where conversation_id = ? and until > ?`)
    .all(conversationId, since) as { kind: string; itemId: string; until: Day }[];
  return new Map(rows.map((r) => [`${r.kind}:${r.itemId}`, r.until]));
}

/**
 * The whole `notify` command for the conversation it was typed in: `notify` shows the settings,
 * `notify on | off | at 30,7,1` changes them (administrators only, U1). Answers in plain words.
 */
export function runNotifyCommand(
  deps: { db: Db; clock: () => Date },
  input: { text: string; conversationId: string; speaker: NotifyActionInput["speaker"] },
): { ok: true; text: string } | { ok: false; refusal: Refusal } {
  const conversationId = channelConversationId(input.conversationId);
  const command = parseNotifyCommand(input.text);
  if (command.kind === "invalid") return { ok: false, refusal: { code: "INVALID_INPUT", rule: "input", message: command.message } };
  if (command.kind === "show") {
    const settings = settingsFor(deps.db, input.speaker.partnerId, conversationId);
    if (!settings) return { ok: false, refusal: { code: "NOT_FOUND", rule: "U2", message: "I don't know this conversation yet; write to me here once, then try again." } };
    return { ok: true, text: describeSettings(settings) };
  }
  const actor: Actor = { kind: "user", ...input.speaker };
  const r = setNotify(
    { db: deps.db, clock: deps.clock, actor },
    { conversationId, ...(command.enabled !== undefined ? { enabled: command.enabled } : {}), ...(command.thresholds ? { thresholds: command.thresholds } : {}) },
  );
  if (!r.ok) return r;
  return { ok: true, text: describeSettings(currentSettings(deps.db, conversationId)) };
}
