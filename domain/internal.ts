import { and, eq, sql } from "drizzle-orm";
import { cached } from "../db/client";
import { randomUUID } from "node:crypto";
import { customers, partners, partnerUsers, pools } from "../db/schema";
import { serviceById, type CatalogService } from "./catalog";
import type { Ctx } from "./context";
import { dayInZone, type Day } from "./dates";
import { fail } from "./outcome";

/** Fetch-or-fail helpers shared by the verbs: each either returns the row or refuses. */

export type PartnerRow = typeof partners.$inferSelect;
export type CustomerRow = typeof customers.$inferSelect;
export type PoolRow = typeof pools.$inferSelect;

const ph = sql.placeholder;

export function getPartner(ctx: Ctx, id: string): PartnerRow {
  const row = cached(ctx.db, "partnerById", (db) => db.select().from(partners).where(eq(partners.id, ph("id"))).prepare()).get({ id });
  if (!row) fail("NOT_FOUND", "U2", "That partner does not exist.");
  return row;
}

/** The partner the actor acts for; the system actor must name one. */
export function actingPartner(ctx: Ctx, partnerId?: string): PartnerRow {
  if (ctx.actor.kind === "user") return getPartner(ctx, ctx.actor.partnerId);
  if (!partnerId) fail("INVALID_INPUT", "input", "The system actor must say which partner it acts for.");
  return getPartner(ctx, partnerId);
}

/**
 * U1: only administrators change things. The role is read from the database, not from the actor
 * value, so a demotion takes effect on the next action.
 */
export function requireAdministrator(ctx: Ctx): void {
  if (ctx.actor.kind === "system") return;
  const row = cached(ctx.db, "userRole", (db) =>
    db
      .select({ role: partnerUsers.role })
      .from(partnerUsers)
      .where(and(eq(partnerUsers.partnerId, ph("partnerId")), eq(partnerUsers.aadObjectId, ph("aadObjectId"))))
      .prepare(),
  ).get({ partnerId: ctx.actor.partnerId, aadObjectId: ctx.actor.aadObjectId });
  if (row?.role !== "administrator") {
    fail("NOT_ADMINISTRATOR", "U1", "Only administrators can change licenses, customers or settings. Ask an administrator of your partner account.");
  }
}

/** "Today" for a partner: the clock's instant seen in the partner's time zone. */
export function todayFor(ctx: Ctx, partner: PartnerRow): Day {
  return dayInZone(ctx.clock(), partner.timeZone);
}

/** U2: a customer of the acting partner; another partner's customer is "not found", never "forbidden". */
export function getOwnCustomer(ctx: Ctx, partner: PartnerRow, customerId: string): CustomerRow {
  const row = cached(ctx.db, "ownCustomer", (db) =>
    db
      .select()
      .from(customers)
      .where(and(eq(customers.id, ph("id")), eq(customers.partnerId, ph("partnerId"))))
      .prepare(),
  ).get({ id: customerId, partnerId: partner.id });
  if (!row) fail("NOT_FOUND", "U2", "No such customer in your partner account.");
  return row;
}

export function requireConnected(customer: CustomerRow): void {
  if (customer.status !== "connected") {
    fail("CUSTOMER_DISCONNECTED", "A6", `${customer.name} is disconnected; onboard it again before changing its licenses.`);
  }
}

export function getService(id: string): CatalogService {
  const s = serviceById(id);
  if (!s) fail("NOT_FOUND", "input", "No such service in the catalog.");
  return s;
}

/**
 * A pool the partner may draw from: its own, or (T2) its LAR's pool where the partner holds an
 * allocation. Anything else is "not found" (U2).
 */
export function getVisiblePool(ctx: Ctx, partner: PartnerRow, poolId: string): PoolRow {
  const row = poolById(ctx, poolId);
  if (row && (row.partnerId === partner.id || (partner.larId !== null && row.partnerId === partner.larId))) return row;
  fail("NOT_FOUND", "U2", "No such pool in your partner account.");
}

export function poolById(ctx: Ctx, id: string): PoolRow | undefined {
  return cached(ctx.db, "poolById", (db) => db.select().from(pools).where(eq(pools.id, ph("id"))).prepare()).get({ id });
}

export function newId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}
