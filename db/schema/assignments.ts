import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { services } from "./catalog";
import { customers } from "./customers";
import { pools } from "./pools";

/** A customer's subscription to a service, drawn from a pool. */
export const assignments = sqliteTable(
  "assignments",
  {
    id: text("id").primaryKey(),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id),
    /** The pool the seats were drawn from (for merged marketplace pools, P9, any constituent). */
    poolId: text("pool_id")
      .notNull()
      .references(() => pools.id),
    /** Denormalized from the pool: A1 looks up a customer's source per service. */
    serviceId: text("service_id")
      .notNull()
      .references(() => services.id),
    quantity: integer("quantity").notNull(),
    /** The initial assignment date: every 31-day rule counts from it. */
    assignedOn: text("assigned_on").notNull(),
    /** Last active day (A3, A4); expired from the day after (A10). */
    expiresOn: text("expires_on").notNull(),
    /** First day no longer active after a disconnect, supersede or switch. */
    endedOn: text("ended_on"),
    endedReason: text("ended_reason", { enum: ["disconnected", "superseded", "switched"] }),
  },
  (t) => [
    index("assignments_customer_service_idx").on(t.customerId, t.serviceId),
    // Covers P8's "in use on a day" sum: a range on expires_on within one pool, read from the index alone.
    index("assignments_pool_active_idx").on(t.poolId, t.expiresOn, t.assignedOn, t.endedOn, t.quantity, t.customerId),
    index("assignments_expires_idx").on(t.expiresOn),
    check("assignments_quantity_ck", sql`${t.quantity} > 0`),
    check("assignments_dates_ck", sql`${t.assignedOn} <= ${t.expiresOn}`),
  ],
);

/** Every quantity an assignment has had, from the day it took effect (B1 bills the largest in a month; A9 counts the peak). */
export const assignmentQuantities = sqliteTable(
  "assignment_quantities",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    assignmentId: text("assignment_id")
      .notNull()
      .references(() => assignments.id),
    quantity: integer("quantity").notNull(),
    effectiveOn: text("effective_on").notNull(),
    reason: text("reason", { enum: ["assigned", "seats", "auto_adjust", "import"] }).notNull(),
  },
  (t) => [index("assignment_quantities_assignment_idx").on(t.assignmentId, t.effectiveOn)],
);

/** CMP or Enterprise licenses: the most recent license wins over pooled assignments (A8). */
export const licenses = sqliteTable(
  "licenses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id),
    serviceId: text("service_id")
      .notNull()
      .references(() => services.id),
    type: text("type", { enum: ["cmp", "enterprise"] }).notNull(),
    start: text("start").notNull(),
    end: text("end").notNull(),
  },
  (t) => [
    index("licenses_customer_service_idx").on(t.customerId, t.serviceId, t.type, t.start),
    check("licenses_dates_ck", sql`${t.start} <= ${t.end}`),
  ],
);
