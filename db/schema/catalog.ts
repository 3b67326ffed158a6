import { sql } from "drizzle-orm";
import { check, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** The vendor's service catalog; rows come from `db/catalog.ts` (data, not code branches). */
export const services = sqliteTable(
  "services",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    /** What one license counts: user seats, objects, capacity in GB, or units. */
    unit: text("unit", { enum: ["user_seats", "objects", "capacity_gb", "units"] }).notNull(),
    /** Purchasable through distribution (Cloud Marketplace and off-marketplace), P2. */
    distribution: integer("distribution", { mode: "boolean" }).notNull(),
    /** Fly services: prepaid only (P3), consumed seats never return (A9), never merged (P9). */
    fly: integer("fly", { mode: "boolean" }).notNull(),
    /** What the service covers, where the vendor lists it. */
    detail: text("detail"),
    /** Order in the vendor's list, for stable display. */
    position: integer("position").notNull(),
  },
  (t) => [
    uniqueIndex("services_name_uq").on(t.name),
    check("services_unit_ck", sql`${t.unit} in ('user_seats', 'objects', 'capacity_gb', 'units')`),
  ],
);
