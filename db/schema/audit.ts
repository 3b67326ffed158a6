import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { partners } from "./partners";

/** One row per mutation: who, what, before/after, when. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    partnerId: text("partner_id").references(() => partners.id),
    /** A partner user's AAD object id, or "system" for imports and automatic changes. */
    actorId: text("actor_id").notNull(),
    actorName: text("actor_name").notNull(),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    /** Set when the change concerns one customer, so `history <customer>` is one index lookup. */
    customerId: text("customer_id"),
    before: text("before", { mode: "json" }),
    after: text("after", { mode: "json" }),
    /** ISO instant. */
    at: text("at").notNull(),
  },
  (t) => [index("audit_customer_idx").on(t.customerId, t.id), index("audit_partner_idx").on(t.partnerId, t.id)],
);

/** Things admins must be told that arise inside a transaction (P6 and P9 overages, P10 cancellations); the bot drains them. */
export const domainEvents = sqliteTable(
  "domain_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    partnerId: text("partner_id")
      .notNull()
      .references(() => partners.id),
    kind: text("kind", { enum: ["auto_adjust_overage", "merged_pool_overage", "order_canceled"] }).notNull(),
    payload: text("payload", { mode: "json" }).notNull(),
    at: text("at").notNull(),
    /** Set once the notification layer has delivered it. */
    deliveredAt: text("delivered_at"),
  },
  (t) => [index("domain_events_pending_idx").on(t.deliveredAt, t.id)],
);

export const feedback = sqliteTable("feedback", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  partnerId: text("partner_id")
    .notNull()
    .references(() => partners.id),
  aadObjectId: text("aad_object_id").notNull(),
  text: text("text").notNull(),
  /** What the feedback is about: free text, or a FAQ answer rated helpful or not. */
  topic: text("topic"),
  helpful: integer("helpful", { mode: "boolean" }),
  at: text("at").notNull(),
});
