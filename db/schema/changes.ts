import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { partners } from "./partners";

/**
 * A change an administrator asked for in chat and has not confirmed yet (the confirmation card).
 * Kept in SQLite, not in turn state, so a restart, a second instance or a retried invoke sees it.
 */
export const pendingChanges = sqliteTable(
  "pending_changes",
  {
    id: text("id").primaryKey(),
    partnerId: text("partner_id")
      .notNull()
      .references(() => partners.id),
    /** AAD object id of the administrator who asked; only they may confirm. */
    requestedBy: text("requested_by").notNull(),
    verb: text("verb").notNull(),
    input: text("input", { mode: "json" }).notNull(),
    /** ISO instants. */
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    status: text("status", { enum: ["pending", "done", "refused", "canceled"] }).notNull().default("pending"),
    /** The verb's outcome once decided, returned again to a second click or a retried invoke. */
    outcome: text("outcome", { mode: "json" }),
    decidedAt: text("decided_at"),
  },
  (t) => [index("pending_changes_partner_idx").on(t.partnerId, t.status)],
);
