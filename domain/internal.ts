import { and, eq } from "drizzle-orm";
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

export function getPartner(ctx: Ctx, id: string): PartnerRow {
  const row = ctx.db.select().from(partners).where(eq(partners.id, id)).get();
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
  const row = ctx.db
    .select({ role: partnerUsers.role })
    .from(partnerUsers)
    .where(and(eq(partnerUsers.partnerId, ctx.actor.partnerId), eq(partnerUsers.aadObjectId, ctx.actor.aadObjectId)))
    .get();
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
  const row = ctx.db
    .select()
    .from(customers)
    .where(and(eq(customers.id, customerId), eq(customers.partnerId, partner.id)))
    .get();
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
  const row = ctx.db.select().from(pools).where(eq(pools.id, poolId)).get();
  if (row && (row.partnerId === partner.id || (partner.larId !== null && row.partnerId === partner.larId))) return row;
  fail("NOT_FOUND", "U2", "No such pool in your partner account.");
}

export function newId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}
