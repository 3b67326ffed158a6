import { TurnContext, type Activity, type ConversationReference } from "botbuilder";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { cached, type Db } from "../../db/client";
import { conversations, notificationSettings, noticeSnoozes, partners, partnerUsers } from "../../db/schema";
import { recordAudit, type Actor, type Ctx } from "../../domain/context";
import { dayInZone } from "../../domain/dates";
import { requireAdministrator } from "../../domain/internal";
import { DEFAULT_THRESHOLDS, normalizeThresholds, snoozeUntil } from "../../domain/notices";
import { fail } from "../../domain/outcome";
import { defineVerb, idInput } from "../../domain/verb";

/**
 * Conversations the bot may write to, their notification settings, and snoozes. Each change is
 * one transaction with an audit row; a refresh that changes nothing writes nothing.
 */

export type ConversationRow = typeof conversations.$inferSelect;
export type ConversationKind = ConversationRow["kind"];

/** Who acted when the activity's sender is not (yet) a known partner user: Teams itself. */
export const TEAMS_ACTOR: Actor = { kind: "system", name: "Teams" };

const ConversationInput = z.object({
  conversationId: idInput.max(1000),
  tenantId: idInput,
  kind: z.enum(["personal", "channel", "groupChat"]),
  teamId: z.string().min(1).nullish(),
  serviceUrl: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL"),
  reference: z.record(z.unknown()),
  installerAadObjectId: z.string().min(1).nullish(),
});
export type ConversationInput = z.input<typeof ConversationInput>;

export interface UpsertResult {
  conversation: ConversationRow;
  change: "added" | "updated" | "reactivated" | "unchanged";
}

/**
 * Stores or refreshes a conversation reference, tied to the partner of its Teams tenant (U2: an
 * unknown tenant is refused, nothing stored). A new personal conversation of an administrator
 * starts with notifications on at 30, 7 and 1 days; every other starts off.
 */
export const upsertConversation = defineVerb(ConversationInput, (ctx, input): UpsertResult => {
  const partner = ctx.db.select().from(partners).where(eq(partners.teamsTenantId, input.tenantId)).get();
  if (!partner) fail("NOT_FOUND", "U2", "This Teams tenant is not linked to a partner account.");
  const now = ctx.clock().toISOString();
  const before = ctx.db.select().from(conversations).where(eq(conversations.id, input.conversationId)).get();
  const values = {
    partnerId: partner.id,
    tenantId: input.tenantId,
    kind: input.kind,
    teamId: input.teamId ?? null,
    reference: input.reference,
    serviceUrl: input.serviceUrl,
    active: true,
    inactiveReason: null,
  };
  if (before && sameConversation(before, values)) return { conversation: before, change: "unchanged" };
  let after: ConversationRow;
  if (before) {
    after = { ...before, ...values, updatedAt: now };
    ctx.db.update(conversations).set({ ...values, updatedAt: now }).where(eq(conversations.id, before.id)).run();
  } else {
    after = { id: input.conversationId, ...values, installerAadObjectId: input.installerAadObjectId ?? null, createdAt: now, updatedAt: now };
    ctx.db.insert(conversations).values(after).run();
  }
  const hasSettings = ctx.db.select().from(notificationSettings).where(eq(notificationSettings.conversationId, after.id)).get();
  let settings: unknown = undefined;
  if (!hasSettings) {
    const installer = input.installerAadObjectId
      ? ctx.db
          .select({ role: partnerUsers.role })
          .from(partnerUsers)
          .where(and(eq(partnerUsers.partnerId, partner.id), eq(partnerUsers.aadObjectId, input.installerAadObjectId)))
          .get()
      : undefined;
    const enabled = input.kind === "personal" && installer?.role === "administrator";
    settings = { enabled, thresholds: [...DEFAULT_THRESHOLDS] };
    ctx.db
      .insert(notificationSettings)
      .values({ conversationId: after.id, enabled, thresholds: [...DEFAULT_THRESHOLDS], updatedAt: now, updatedBy: "system" })
      .run();
  }
  const change = !before ? "added" : before.active ? "updated" : "reactivated";
  recordAudit(ctx, {
    partnerId: partner.id,
    action: `conversation_${change}`,
    entityType: "conversation",
    entityId: after.id,
    before: before ? describe(before) : null,
    after: { ...describe(after), ...(settings ? { settings } : {}) },
  });
  return { conversation: after, change };
});

function sameConversation(row: ConversationRow, v: { partnerId: string; tenantId: string; kind: string; teamId: string | null; serviceUrl: string; reference: unknown }): boolean {
  return (
    row.active &&
    row.partnerId === v.partnerId &&
    row.tenantId === v.tenantId &&
    row.kind === v.kind &&
    row.teamId === v.teamId &&
    row.serviceUrl === v.serviceUrl &&
    JSON.stringify(row.reference) === JSON.stringify(v.reference)
  );
}

/** What the audit keeps of a conversation: not the whole reference (user names, ids of others). */
function describe(row: ConversationRow) {
  return { kind: row.kind, teamId: row.teamId, serviceUrl: row.serviceUrl, active: row.active, inactiveReason: row.inactiveReason };
}

const DeactivateInput = z.union([
  z.object({ conversationId: idInput.max(1000), reason: z.string().min(1).max(200) }),
  z.object({ teamId: idInput.max(1000), reason: z.string().min(1).max(200) }),
]);

/**
 * Stops sending to a conversation (or every channel of a team): the bot was removed, the team or
 * channel deleted, or Teams answered 403/404. Its claimed notices are dropped, not retried.
 * Returns the conversations deactivated (none when already inactive or unknown).
 */
export const deactivateConversation = defineVerb(DeactivateInput, (ctx, input): string[] => {
  const rows =
    "teamId" in input
      ? ctx.db.select().from(conversations).where(eq(conversations.teamId, input.teamId)).all()
      : ctx.db.select().from(conversations).where(eq(conversations.id, input.conversationId)).all();
  const now = ctx.clock().toISOString();
  const done: string[] = [];
  for (const row of rows) {
    if (!row.active) continue;
    ctx.db.update(conversations).set({ active: false, inactiveReason: input.reason, updatedAt: now }).where(eq(conversations.id, row.id)).run();
    ctx.db.$client.prepare(`update notices set status = 'dropped' where conversation_id = ? and status = 'claimed'`).run(row.id);
    recordAudit(ctx, {
      partnerId: row.partnerId,
      action: "conversation_deactivated",
      entityType: "conversation",
      entityId: row.id,
      before: describe(row),
      after: describe({ ...row, active: false, inactiveReason: input.reason }),
    });
    done.push(row.id);
  }
  return done;
});

const ThresholdsInput = z
  .array(z.number().int("must be whole days").min(0, "must be 0 or more days").max(365, "must be at most 365 days"))
  .min(1, "needs at least one number of days")
  .max(5, "takes at most 5 numbers of days");

const SetNotifyInput = z
  .object({
    conversationId: idInput.max(1000),
    enabled: z.boolean().optional(),
    thresholds: ThresholdsInput.optional(),
  })
  .refine((v) => v.enabled !== undefined || v.thresholds !== undefined, "say on, off, or at which days");

export interface NotifySettings {
  conversationId: string;
  enabled: boolean;
  /** Largest first. */
  thresholds: number[];
}

/**
 * `notify on | off | at 30,7,1` for the conversation it was typed in. U1: administrators only;
 * U2: a conversation of another partner is "not found". Setting thresholds also turns notices on.
 */
export const setNotify = defineVerb(SetNotifyInput, (ctx, input): NotifySettings => {
  requireAdministrator(ctx);
  const conv = ownConversation(ctx, input.conversationId);
  const current = currentSettings(ctx.db, conv.id);
  const next: NotifySettings = {
    conversationId: conv.id,
    enabled: input.thresholds !== undefined ? (input.enabled ?? true) : input.enabled!,
    thresholds: input.thresholds ? normalizeThresholds(input.thresholds) : current.thresholds,
  };
  if (next.enabled === current.enabled && JSON.stringify(next.thresholds) === JSON.stringify(current.thresholds)) return next;
  const now = ctx.clock().toISOString();
  const by = ctx.actor.kind === "user" ? ctx.actor.aadObjectId : "system";
  ctx.db
    .insert(notificationSettings)
    .values({ conversationId: conv.id, enabled: next.enabled, thresholds: next.thresholds, updatedAt: now, updatedBy: by })
    .onConflictDoUpdate({ target: notificationSettings.conversationId, set: { enabled: next.enabled, thresholds: next.thresholds, updatedAt: now, updatedBy: by } })
    .run();
  recordAudit(ctx, { partnerId: conv.partnerId, action: "notify_settings", entityType: "conversation", entityId: conv.id, before: current, after: next });
  return next;
});

/** The settings in force (a conversation without a row is off, at the default thresholds). */
export function currentSettings(db: Db, conversationId: string): NotifySettings {
  const row = db.select().from(notificationSettings).where(eq(notificationSettings.conversationId, conversationId)).get();
  return {
    conversationId,
    enabled: row?.enabled ?? false,
    thresholds: row ? normalizeThresholds(row.thresholds) : [...DEFAULT_THRESHOLDS],
  };
}

const SnoozeInput = z.object({
  conversationId: idInput.max(1000),
  itemKind: z.enum(["assignment_expiring", "pool_expiring", "pool_full", "renewal_due", "order_canceled", "auto_adjust_overage", "merged_pool_overage"]),
  itemId: idInput.max(500),
});

/**
 * "Snooze 7 days": silences one item in one conversation until the partner's today + 7 (the first
 * day it may be notified again). U1: administrators only.
 */
export const snoozeItem = defineVerb(SnoozeInput, (ctx, input): { until: string } => {
  requireAdministrator(ctx);
  const conv = ownConversation(ctx, input.conversationId);
  const partner = ctx.db.select({ timeZone: partners.timeZone }).from(partners).where(eq(partners.id, conv.partnerId)).get()!;
  const until = snoozeUntil(dayInZone(ctx.clock(), partner.timeZone));
  const by = ctx.actor.kind === "user" ? ctx.actor.aadObjectId : "system";
  const at = ctx.clock().toISOString();
  ctx.db
    .insert(noticeSnoozes)
    .values({ conversationId: conv.id, itemKind: input.itemKind, itemId: input.itemId, until, snoozedBy: by, at })
    .onConflictDoUpdate({ target: [noticeSnoozes.conversationId, noticeSnoozes.itemKind, noticeSnoozes.itemId], set: { until, snoozedBy: by, at } })
    .run();
  recordAudit(ctx, { partnerId: conv.partnerId, action: "notice_snooze", entityType: "conversation", entityId: conv.id, after: { ...input, until } });
  return { until };
});

function ownConversation(ctx: Ctx, conversationId: string): ConversationRow {
  const row = ctx.db.select().from(conversations).where(eq(conversations.id, conversationId)).get();
  if (!row || ctx.actor.kind !== "user" || row.partnerId !== ctx.actor.partnerId) {
    fail("NOT_FOUND", "U2", "I don't know this conversation yet; write to me here once, then try again.");
  }
  return row;
}

/** `notify`, `notify on`, `notify off`, `notify at 30,7,1` (also "30 7 1" or "30, 7 and 1"). */
export type NotifyCommand = { kind: "show" } | { kind: "set"; enabled?: boolean; thresholds?: number[] } | { kind: "invalid"; message: string };

export function parseNotifyCommand(text: string): NotifyCommand {
  const t = text.trim().toLowerCase().replace(/\s+/g, " ");
  const m = /^notify(?:\s+(.*))?$/.exec(t);
  if (!m) return { kind: "invalid", message: "Type notify on, notify off, or notify at 30,7,1." };
  const rest = (m[1] ?? "").trim();
  if (rest === "" || rest === "status") return { kind: "show" };
  if (rest === "on") return { kind: "set", enabled: true };
  if (rest === "off") return { kind: "set", enabled: false };
  const at = /^at\s+(.+)$/.exec(rest);
  if (at) {
    const parts = at[1]!.replace(/\band\b/g, ",").replace(/\bdays?\b/g, "").split(/[\s,;]+/).filter(Boolean);
    const nums = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
    if (nums.length === 0 || nums.some((n) => Number.isNaN(n) || n > 365)) {
      return { kind: "invalid", message: "Give the days as whole numbers from 0 to 365, like notify at 30,7,1." };
    }
    if (nums.length > 5) return { kind: "invalid", message: "Give at most 5 numbers of days, like notify at 30,7,1." };
    return { kind: "set", thresholds: nums };
  }
  return { kind: "invalid", message: "Type notify on, notify off, or notify at 30,7,1." };
}

/** A one-line description of the settings, for `notify` and `help`. */
export function describeSettings(s: NotifySettings): string {
  if (!s.enabled) return "Expiry notifications are off in this conversation. An administrator can type notify on to start them.";
  return `Expiry notifications are on here, ${formatDays(s.thresholds)} before anything expires. An administrator can type notify off to stop them, or notify at 30,7,1 to choose the days.`;
}

function formatDays(days: number[]): string {
  const words = days.map(String);
  const list = words.length > 1 ? `${words.slice(0, -1).join(", ")} and ${words.at(-1)}` : words[0]!;
  return `${list} day${days.length === 1 && days[0] === 1 ? "" : "s"}`;
}

/** A Teams channel message's conversation id names its reply thread; proactive posts go to the channel. */
export function channelConversationId(id: string): string {
  return id.replace(/;messageid=\d+$/i, "");
}

/**
 * The reference to write to later: the conversation itself, not the activity that brought it. The
 * sender is kept only in a personal chat (where it is the one person), so that in a channel each
 * new speaker does not count as a change.
 */
export function referenceOf(activity: Partial<Activity>): Partial<ConversationReference> {
  const ref = TurnContext.getConversationReference(activity);
  const c = ref.conversation!;
  const conversation = { id: channelConversationId(c.id), conversationType: c.conversationType, tenantId: c.tenantId, isGroup: c.isGroup, name: c.name };
  const personal = kindOf(activity) === "personal";
  const out = { channelId: ref.channelId, serviceUrl: ref.serviceUrl, bot: ref.bot, conversation, ...(personal ? { user: ref.user } : {}) };
  return JSON.parse(JSON.stringify(out)) as Partial<ConversationReference>;
}

function tenantOf(activity: Partial<Activity>): string | undefined {
  const fromChannel = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  if (typeof fromChannel === "string" && fromChannel) return fromChannel;
  return activity.conversation?.tenantId || undefined;
}

function kindOf(activity: Partial<Activity>): ConversationKind {
  const t = activity.conversation?.conversationType;
  if (t === "channel" || t === "groupChat") return t;
  if (t === "personal") return "personal";
  return activity.conversation?.isGroup ? "groupChat" : "personal";
}

export interface Recorded {
  /** What was done: stored/refreshed, deactivated, or nothing (with why). */
  action: "upserted" | "deactivated" | "ignored";
  detail: string;
  conversationId?: string;
}

/**
 * Call on every incoming activity, before routing it (installationUpdate, conversationUpdate,
 * message, invoke): keeps the conversation reference and its service URL current, and stops
 * sending where the bot was removed or the team or channel deleted. `speaker` is the resolved
 * partner user, when there is one (for the audit row); Teams itself acts otherwise.
 */
export function recordConversation(deps: { db: Db; clock: () => Date }, activity: Partial<Activity>, speaker?: { partnerId: string; aadObjectId: string; name: string; role: "administrator" | "viewer" } | null): Recorded {
  const ctx: Ctx = { db: deps.db, clock: deps.clock, actor: speaker ? { kind: "user", ...speaker } : TEAMS_ACTOR };
  const conversationId = activity.conversation?.id ? channelConversationId(activity.conversation.id) : undefined;
  const tenantId = tenantOf(activity);
  if (!conversationId || !tenantId || !activity.serviceUrl) return { action: "ignored", detail: "no conversation, tenant or service URL" };
  const channelData = (activity.channelData ?? {}) as { eventType?: string; team?: { id?: string }; channel?: { id?: string } };
  const teamId = channelData.team?.id ?? null;
  const botId = activity.recipient?.id;

  const deactivate = (input: { conversationId: string } | { teamId: string }, reason: string): Recorded => {
    const r = deactivateConversation(ctx, { ...input, reason });
    if (!r.ok) return { action: "ignored", detail: r.refusal.message };
    return { action: "deactivated", detail: reason, conversationId };
  };
  const removedFrom = (): Recorded =>
    kindOf(activity) === "channel" && teamId ? deactivate({ teamId }, "bot removed from the team") : deactivate({ conversationId }, "bot removed");

  if (activity.type === "installationUpdate") {
    const action = (activity as { action?: string }).action ?? "";
    if (action.startsWith("remove")) return removedFrom();
  }
  if (activity.type === "conversationUpdate") {
    const event = channelData.eventType;
    if (event === "teamDeleted" || event === "teamHardDeleted" || event === "teamArchived") {
      return teamId ? deactivate({ teamId }, `team ${event.replace("team", "").toLowerCase()}`) : { action: "ignored", detail: "no team id" };
    }
    if (event === "channelDeleted") {
      const channelId = channelData.channel?.id;
      return channelId ? deactivate({ conversationId: channelId }, "channel deleted") : { action: "ignored", detail: "no channel id" };
    }
    if (botId && (activity.membersRemoved ?? []).some((m) => m.id === botId)) return removedFrom();
  }

  const reference = referenceOf(activity);
  // The common case, every message: one read, no write lock, no audit row.
  const known = cached(deps.db, "conversations.byId", (db) => db.select().from(conversations).where(eq(conversations.id, sql.placeholder("id"))).prepare()).get({ id: conversationId });
  if (known && sameConversation(known, { partnerId: known.partnerId, tenantId, kind: kindOf(activity), teamId, serviceUrl: activity.serviceUrl, reference })) {
    return { action: "upserted", detail: "unchanged", conversationId };
  }
  const r = upsertConversation(ctx, {
    conversationId,
    tenantId,
    kind: kindOf(activity),
    teamId,
    serviceUrl: activity.serviceUrl,
    reference: reference as Record<string, unknown>,
    installerAadObjectId: activity.from?.aadObjectId ?? null,
  });
  if (!r.ok) return { action: "ignored", detail: r.refusal.message, conversationId };
  return { action: "upserted", detail: r.value.change, conversationId };
}

/** Settings for a conversation known to belong to `partnerId`, or undefined (U2). */
export function settingsFor(db: Db, partnerId: string, conversationId: string): NotifySettings | undefined {
  const row = db.select({ partnerId: conversations.partnerId }).from(conversations).where(eq(conversations.id, channelConversationId(conversationId))).get();
  if (!row || row.partnerId !== partnerId) return undefined;
  return currentSettings(db, channelConversationId(conversationId));
}
