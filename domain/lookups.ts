/**
 * Small reads the bot needs to ask for a change and to say what it will do: a customer's users and
 * latest measured use, the partner's MSPs (T2), a pending change and who asked for it. Each is
 * scoped to the partner of the Query (U2): an id of another partner reads as unknown.
 */
import { and, asc, desc, eq, lte, sql } from "drizzle-orm";
import { cached } from "../db/client";
import { customers, customerUsers, partners, partnerUsers, pendingChanges, usage } from "../db/schema";
import { serviceById } from "./catalog";
import type { Day } from "./dates";
import type { Query } from "./queries/context";

/** The lookups asked on every change request and confirmation are prepared once per connection. */
const ph = sql.placeholder;

export interface CustomerRef {
  id: string;
  name: string;
  status: "connected" | "disconnected";
  m365TenantId: string;
}

/** One of the partner's customers, or undefined. */
export function ownCustomer(q: Query, customerId: string): CustomerRef | undefined {
  return cached(q.db, "lookups.ownCustomer", (db) =>
    db
      .select({ id: customers.id, name: customers.name, status: customers.status, m365TenantId: customers.m365TenantId })
      .from(customers)
      .where(and(eq(customers.id, ph("customerId")), eq(customers.partnerId, ph("partnerId"))))
      .prepare(),
  ).get({ customerId, partnerId: q.partnerId });
}

export interface CustomerUser {
  upn: string;
  name: string;
  roles: string[];
  tenantOwner: boolean;
}

/** A customer's users (C2 picks the tenant owner among them); none for another partner's customer. */
export function customerUsersOf(q: Query, customerId: string): CustomerUser[] {
  return q.db
    .select({ upn: customerUsers.upn, name: customerUsers.name, roles: customerUsers.roles, tenantOwner: customerUsers.tenantOwner })
    .from(customerUsers)
    .innerJoin(customers, eq(customers.id, customerUsers.customerId))
    .where(and(eq(customerUsers.customerId, customerId), eq(customers.partnerId, q.partnerId)))
    .orderBy(asc(customerUsers.name))
    .all();
}

export interface MeasuredUse {
  /** The day of the measurement (the last one on or before today). */
  date: Day;
  /** Licensed users, GB or objects, in the service's unit; null when the measurement lacks it. */
  amount: number | null;
}

/**
 * The customer's latest measured use of a service, in the service's unit (P6): licensed Microsoft
 * 365 users for seat services, GB for capacity, objects for objects. Undefined when never measured.
 */
export function latestUse(q: Query, customerId: string, serviceId: string): MeasuredUse | undefined {
  const row = cached(q.db, "lookups.latestUse", (db) =>
    db
      .select({ date: usage.date, licensedUsers: usage.licensedUsers, storageGb: usage.storageGb, objects: usage.objects })
      .from(usage)
      .innerJoin(customers, eq(customers.id, usage.customerId))
      .where(and(eq(usage.customerId, ph("customerId")), eq(usage.serviceId, ph("serviceId")), lte(usage.date, ph("today")), eq(customers.partnerId, ph("partnerId"))))
      .orderBy(desc(usage.date))
      .limit(1)
      .prepare(),
  ).get({ customerId, serviceId, today: q.today, partnerId: q.partnerId });
  if (!row) return undefined;
  const unit = serviceById(serviceId)?.unit;
  const amount = unit === "capacity_gb" ? row.storageGb : unit === "objects" ? row.objects : unit === "units" ? null : row.licensedUsers;
  return { date: row.date, amount: amount ?? null };
}

export interface MspRef {
  id: string;
  name: string;
}

/** T2: the MSPs a LAR serves (none for an MSP). */
export function larMsps(q: Query): MspRef[] {
  return q.db.select({ id: partners.id, name: partners.name }).from(partners).where(eq(partners.larId, q.partnerId)).orderBy(asc(partners.name)).all();
}

/** Whether the partner is a LAR with Tier 2 enabled (T1). */
export function tier2Enabled(q: Query): boolean {
  return q.db.select({ on: partners.tier2Enabled }).from(partners).where(eq(partners.id, q.partnerId)).get()?.on ?? false;
}

export interface PendingChangeRef {
  id: string;
  verb: string;
  input: unknown;
  status: "pending" | "done" | "refused" | "canceled";
  requestedBy: string;
  /** The requester's name, or their object id when they are no longer a partner user. */
  requesterName: string;
  /** The requester's role now (undefined when no longer a partner user). */
  requesterRole: "administrator" | "viewer" | undefined;
  createdAt: string;
  expiresAt: string;
  outcome: unknown;
}

/** A pending change of the partner, with who asked for it; undefined for another partner's id. */
export function pendingChangeOf(q: Query, id: string): PendingChangeRef | undefined {
  const row = cached(q.db, "lookups.pendingChangeOf", (db) =>
    db
      .select({ c: pendingChanges, name: partnerUsers.name, role: partnerUsers.role })
      .from(pendingChanges)
      .leftJoin(partnerUsers, and(eq(partnerUsers.partnerId, pendingChanges.partnerId), eq(partnerUsers.aadObjectId, pendingChanges.requestedBy)))
      .where(and(eq(pendingChanges.id, ph("id")), eq(pendingChanges.partnerId, ph("partnerId"))))
      .prepare(),
  ).get({ id, partnerId: q.partnerId });
  if (!row) return undefined;
  const c = row.c;
  return {
    id: c.id,
    verb: c.verb,
    input: c.input,
    status: c.status,
    requestedBy: c.requestedBy,
    requesterName: row.name ?? c.requestedBy,
    requesterRole: row.role ?? undefined,
    createdAt: c.createdAt,
    expiresAt: c.expiresAt,
    outcome: c.outcome,
  };
}

/**
 * The services the partner holds pools of: its own pools, and (T2) its LAR's pools it has an
 * allocation of. Ids only: what a typed service name is matched against first, without measuring
 * every pool's use.
 */
export function heldServiceIds(q: Query): string[] {
  return cached(q.db, "heldServiceIds", (db) =>
    db.$client
      .prepare(
        `select service_id from pools where partner_id = @partnerId
         union
         select p.service_id from pools p join allocations a on a.pool_id = p.id where a.partner_id = @partnerId`,
      )
      .pluck(),
  ).all({ partnerId: q.partnerId }) as string[];
}
