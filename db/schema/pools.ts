import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { services } from "./catalog";
import { partners } from "./partners";

/** A pooled subscription: licenses bought for one service, assigned to customers as needed. */
export const pools = sqliteTable(
  "pools",
  {
    id: text("id").primaryKey(),
    /** The holder: an MSP, or a Tier 2 LAR that allocates to its MSPs (T2). */
    partnerId: text("partner_id")
      .notNull()
      .references(() => partners.id),
    serviceId: text("service_id")
      .notNull()
      .references(() => services.id),
    channel: text("channel", { enum: ["direct", "marketplace", "off_marketplace"] }).notNull(),
    paymentModel: text("payment_model", { enum: ["prepaid", "payg"] }).notNull(),
    paymentOption: text("payment_option", { enum: ["annual_upfront", "monthly", "apm", "apu"] }).notNull(),
    /** First day of the term. */
    start: text("start").notNull(),
    /** Last day of the term; moves later on renewal (A11). */
    end: text("end").notNull(),
    /** Prepaid capacity (P8); null for PAYG, which bills what is assigned (B1). */
    quantity: integer("quantity"),
    /** P6: auto_adjusted follows measured usage, manual is set by the admin. */
    mode: text("mode", { enum: ["auto_adjusted", "manual"] }).notNull(),
    distributorOrderId: text("distributor_order_id"),
    /** P10: last active day of a canceled distributor order, for the pool and its assignments. */
    canceledOn: text("canceled_on"),
  },
  (t) => [
    index("pools_partner_service_idx").on(t.partnerId, t.serviceId),
    check("pools_dates_ck", sql`${t.start} <= ${t.end}`),
    check("pools_quantity_ck", sql`${t.quantity} is null or ${t.quantity} >= 0`),
  ],
);

/** T2: seats of a LAR's pool allocated to one of its MSPs. */
export const allocations = sqliteTable(
  "allocations",
  {
    poolId: text("pool_id")
      .notNull()
      .references(() => pools.id),
    partnerId: text("partner_id")
      .notNull()
      .references(() => partners.id),
    quantity: integer("quantity").notNull(),
  },
  (t) => [primaryKey({ columns: [t.poolId, t.partnerId] }), check("allocations_quantity_ck", sql`${t.quantity} >= 0`)],
);
