import { index, primaryKey, real, sqliteTable, text, integer } from "drizzle-orm/sqlite-core";
import { services } from "./catalog";
import { customers } from "./customers";

/** A customer's measured consumption of a service on a day (B2 snapshots, P6 auto-adjust, R2, R4). */
export const usage = sqliteTable(
  "usage",
  {
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id),
    serviceId: text("service_id")
      .notNull()
      .references(() => services.id),
    date: text("date").notNull(),
    licensedUsers: integer("licensed_users"),
    storageGb: real("storage_gb"),
    objects: integer("objects"),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.serviceId, t.date] }),
    // R4: one day's measurements stay together, so the latest storage of every (customer, service)
    // is read from a few index pages instead of one random table page per pair.
    index("usage_date_storage_idx").on(t.date, t.customerId, t.serviceId, t.storageGb),
  ],
);

/** Backup and other operations run for customers (R3). */
export const jobs = sqliteTable(
  "jobs",
  {
    /** Given by the import, or derived from (customer, service, startedAt). */
    id: text("id").primaryKey(),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id),
    serviceId: text("service_id")
      .notNull()
      .references(() => services.id),
    /** ISO date-time in UTC. */
    startedAt: text("started_at").notNull(),
    status: text("status", {
      enum: ["succeeded", "failed", "partially_succeeded", "in_progress", "canceled"],
    }).notNull(),
    dataGb: real("data_gb"),
  },
  (t) => [
    index("jobs_customer_started_idx").on(t.customerId, t.startedAt),
    index("jobs_started_idx").on(t.startedAt),
    // R3: each service's jobs of a status in a time range, read in group order from the index alone.
    index("jobs_service_status_started_idx").on(t.serviceId, t.status, t.startedAt, t.customerId),
  ],
);
