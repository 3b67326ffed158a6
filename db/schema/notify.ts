import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { partners } from "./partners";

/**
 * A Teams conversation the bot can write to proactively, tied to the partner whose tenant it lives
 * in. Kept here, not in memory, so a restart or a second instance can still reach it.
 */
export const conversations = sqliteTable(
  "conversations",
  {
    /** Teams' conversation id; for a channel, the channel itself (never a reply thread's `;messageid=`). */
    id: text("id").primaryKey(),
    partnerId: text("partner_id")
      .notNull()
      .references(() => partners.id),
    /** The Teams (Entra ID) tenant the conversation lives in; Teams' per-tenant send limit counts by it. */
    tenantId: text("tenant_id").notNull(),
    kind: text("kind", { enum: ["personal", "channel", "groupChat"] }).notNull(),
    /** For a channel: its team, so removing the bot from the team or deleting it reaches every channel. */
    teamId: text("team_id"),
    /** Bot Framework conversation reference (botbuilder `ConversationReference`), as JSON. */
    reference: text("reference", { mode: "json" }).notNull(),
    /** Where Teams accepts sends for this conversation; it can change, so every message refreshes it. */
    serviceUrl: text("service_url").notNull(),
    /** False once the bot was removed (uninstall, team deleted, or Teams answered 403/404): nothing is sent. */
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    inactiveReason: text("inactive_reason"),
    /** AAD object id of whoever installed the bot or first wrote here. */
    installerAadObjectId: text("installer_aad_object_id"),
    /** ISO instants. */
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("conversations_partner_idx").on(t.partnerId, t.active),
    index("conversations_team_idx").on(t.teamId),
    check("conversations_kind_ck", sql`${t.kind} in ('personal', 'channel', 'groupChat')`),
  ],
);

/** `notify on | off | at 30,7,1` for one conversation. A conversation without a row is off. */
export const notificationSettings = sqliteTable("notification_settings", {
  conversationId: text("conversation_id")
    .primaryKey()
    .references(() => conversations.id),
  enabled: integer("enabled", { mode: "boolean" }).notNull(),
  /** Days before expiry at which a notice is due, largest first; JSON array, default [30, 7, 1]. */
  thresholds: text("thresholds", { mode: "json" }).$type<number[]>().notNull(),
  updatedAt: text("updated_at").notNull(),
  /** AAD object id of the administrator who last changed it, or "system". */
  updatedBy: text("updated_by").notNull(),
});

/**
 * One proactive card as claimed for sending: its items frozen at claim time, so a retry after a
 * crash sends the same card and a "More" click pages through exactly what was sent.
 */
export const noticeDigests = sqliteTable(
  "notice_digests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id),
    partnerId: text("partner_id")
      .notNull()
      .references(() => partners.id),
    /** `sweep`: the daily digest; `outbox`: domain events drained as they arrive. */
    source: text("source", { enum: ["sweep", "outbox"] }).notNull(),
    /** The partner's calendar day the digest was planned for. */
    day: text("day").notNull(),
    /** The items (domain/notices.ts `NoticeItem[]`), as JSON. */
    items: text("items", { mode: "json" }).notNull(),
    /** ISO instant of the claim. */
    createdAt: text("created_at").notNull(),
    /** Teams' id for the sent activity, once accepted (for later in-place updates). */
    activityId: text("activity_id"),
    lastError: text("last_error"),
  },
  (t) => [index("notice_digests_conversation_idx").on(t.conversationId, t.id)],
);

/**
 * What was told to whom: one row per (item, its expiration date, threshold, conversation), so an
 * item is sent once per threshold ever, and again for a new expiration date after an extension.
 */
export const notices = sqliteTable(
  "notices",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id),
    digestId: integer("digest_id")
      .notNull()
      .references(() => noticeDigests.id),
    /** assignment_expiring, pool_expiring, pool_full, renewal_due, order_canceled, auto_adjust_overage, merged_pool_overage. */
    itemKind: text("item_kind").notNull(),
    /** Assignment id, source key (pool id or `merged:<holder>:<service>`), or `event:<domain event id>`. */
    itemId: text("item_id").notNull(),
    /** The expiration date the notice is about; for a pool at 90% its term's end; for an event, its day. */
    expiresOn: text("expires_on").notNull(),
    /** Days before expiry (30, 7, 1...); 90 (percent) for a nearly full pool; 0 for events. */
    threshold: integer("threshold").notNull(),
    /**
     * claimed: written before the send; sent: Teams accepted it; dropped: the conversation is gone
     * (403/404, uninstalled); failed: given up after the attempt limit or a permanent error.
     */
    status: text("status", { enum: ["claimed", "sent", "dropped", "failed"] }).notNull(),
    /** ISO instants. */
    claimedAt: text("claimed_at").notNull(),
    sentAt: text("sent_at"),
    attempts: integer("attempts").notNull().default(0),
  },
  (t) => [
    uniqueIndex("notices_key_uq").on(t.itemKind, t.itemId, t.expiresOn, t.threshold, t.conversationId),
    index("notices_status_idx").on(t.status, t.digestId),
    index("notices_digest_idx").on(t.digestId),
    // The sweep reads what a conversation was already told about items still ahead.
    index("notices_conversation_idx").on(t.conversationId, t.expiresOn),
    check("notices_status_ck", sql`${t.status} in ('claimed', 'sent', 'dropped', 'failed')`),
  ],
);

/** "Snooze 7 days": silences one item in one conversation until a day. */
export const noticeSnoozes = sqliteTable(
  "notice_snoozes",
  {
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id),
    itemKind: text("item_kind").notNull(),
    itemId: text("item_id").notNull(),
    /** First day the item may be notified again (the partner's calendar day). */
    until: text("until").notNull(),
    /** AAD object id of who snoozed it; ISO instant. */
    snoozedBy: text("snoozed_by").notNull(),
    at: text("at").notNull(),
  },
  (t) => [uniqueIndex("notice_snoozes_uq").on(t.conversationId, t.itemKind, t.itemId)],
);

/**
 * The sending lease: with two bot processes on one database, only the holder claims and sends, so
 * Teams' per-tenant limit is kept and nothing is sent twice. One row per lease name.
 */
export const notifyLeases = sqliteTable("notify_leases", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  /** Epoch milliseconds; a lease past it may be taken by anyone. */
  expiresAt: integer("expires_at").notNull(),
});

/** When the sweep last ran for partners of one time zone: a run missed while the bot was down is made up. */
export const notifySweeps = sqliteTable("notify_sweeps", {
  timeZone: text("time_zone").primaryKey(),
  /** ISO instant. */
  lastRunAt: text("last_run_at").notNull(),
});
