import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { partners } from "./partners";

export const customers = sqliteTable(
  "customers",
  {
    id: text("id").primaryKey(),
    /** The MSP that manages the customer (while connected; kept after a disconnect for history). */
    partnerId: text("partner_id")
      .notNull()
      .references(() => partners.id),
    name: text("name").notNull(),
    m365TenantId: text("m365_tenant_id").notNull(),
    onboardedOn: text("onboarded_on").notNull(),
    status: text("status", { enum: ["connected", "disconnected"] }).notNull().default("connected"),
    /** First day the customer was no longer connected (A6). */
    disconnectedOn: text("disconnected_on"),
  },
  (t) => [
    index("customers_partner_idx").on(t.partnerId, t.name),
    // A6: a Microsoft 365 tenant is connected to one partner at a time.
    uniqueIndex("customers_connected_tenant_uq").on(t.m365TenantId).where(sql`${t.status} = 'connected'`),
    check("customers_status_ck", sql`${t.status} in ('connected', 'disconnected')`),
  ],
);

export const customerUsers = sqliteTable(
  "customer_users",
  {
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id),
    upn: text("upn").notNull(),
    name: text("name").notNull(),
    /** JSON array of role names; C2 needs "Service Administrator". */
    roles: text("roles", { mode: "json" }).$type<string[]>().notNull(),
    tenantOwner: integer("tenant_owner", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.upn] }),
    // One tenant owner per customer (C2).
    uniqueIndex("customer_users_owner_uq").on(t.customerId).where(sql`${t.tenantOwner} = 1`),
  ],
);

/**
 * Counters that triggers bump when a kind of data changes (migration 0005): a cache in memory
 * compares one row instead of re-reading what it keeps. `customer_names` counts inserts, deletes
 * and changes of a customer's id, partner or name (bot/commands/resolve.ts keeps the names).
 */
export const changeCounters = sqliteTable("change_counters", {
  name: text("name").primaryKey(),
  value: integer("value").notNull().default(0),
});
