import { and, desc, eq, gte, inArray, isNull, or, sql } from "drizzle-orm";
import { cached } from "../../db/client";
import { assignments, auditLog, customers, customerUsers, licenses, pools } from "../../db/schema";
import { serviceById } from "../catalog";
import { addDays, daysBetween, type Day } from "../dates";
import { isMerged, poolLastDay, type Channel, type PaymentOption } from "../rules/pools";
import { activeOnSql, mergedKey } from "../sources";
import type { Query } from "./context";

const ph = sql.placeholder;

export interface CustomerSummary {
  id: string;
  name: string;
  status: "connected" | "disconnected";
  services: number;
  seats: number;
  nearestExpiry: Day | null;
}

/** The partner's customers with status, active seats and nearest expiry; `text` filters by name. */
export function listCustomers(q: Query, options: { ids?: string[]; offset?: number; limit?: number } = {}): { total: number; rows: CustomerSummary[] } {
  const where = and(eq(customers.partnerId, q.partnerId), options.ids ? inArray(customers.id, options.ids.length ? options.ids : [""]) : sql`1`);
  const total = q.db.select({ n: sql<number>`count(*)` }).from(customers).where(where).get()!.n;
  // The page first (by the partner's customers alone), then its active assignments.
  const page = q.db
    .select({ id: customers.id, name: customers.name, status: customers.status })
    .from(customers)
    .where(where)
    .orderBy(sql`${customers.status} = 'disconnected'`, customers.name, customers.id)
    .limit(options.limit ?? -1)
    .offset(options.offset ?? 0)
    .all();
  const active = page.length
    ? q.db
        .select({
          customerId: assignments.customerId,
          services: sql<number>`count(*)`,
          seats: sql<number>`sum(${assignments.quantity})`,
          nearestExpiry: sql<Day>`min(${assignments.expiresOn})`,
        })
        .from(assignments)
        .where(and(inArray(assignments.customerId, page.map((c) => c.id)), activeOnSql(q.today)))
        .groupBy(assignments.customerId)
        .all()
    : [];
  const byCustomer = new Map(active.map((a) => [a.customerId, a]));
  const rows = page.map((c) => {
    const a = byCustomer.get(c.id);
    return { ...c, services: a?.services ?? 0, seats: a?.seats ?? 0, nearestExpiry: a?.nearestExpiry ?? null };
  });
  return { total, rows };
}

export interface CustomerService {
  assignmentId: string;
  serviceId: string;
  serviceName: string;
  unit: string;
  poolId: string;
  /** The source key (a merged marketplace pool, P9, or the pool id). */
  sourceKey: string;
  channel: Channel;
  paymentModel: "prepaid" | "payg";
  paymentOption: PaymentOption;
  quantity: number;
  assignedOn: Day;
  expiresOn: Day;
  daysLeft: number;
  /** The first day the 31-day rules no longer hold it (A5, A6, A7), when still ahead. */
  lockedUntil: Day | null;
  poolLastDay: Day;
}

export interface CustomerDetail {
  id: string;
  name: string;
  status: "connected" | "disconnected";
  m365TenantId: string;
  onboardedOn: Day;
  disconnectedOn: Day | null;
  tenantOwner: { upn: string; name: string } | null;
  serviceAdministrators: { upn: string; name: string }[];
  paymentModel: "prepaid" | "payg" | null;
  services: CustomerService[];
  licenses: { serviceId: string; serviceName: string; type: "cmp" | "enterprise"; start: Day; end: Day }[];
  /** Subscriptions that ended or expired in the last 90 days. */
  recentlyEnded: { serviceName: string; poolId: string; lastDay: Day; reason: string }[];
  /** The first day it can be disconnected (A6), when still ahead. */
  disconnectFrom: Day | null;
}

/** One customer: services, source pools, quantities, expirations and licenses, as of today. */
export function customerDetail(q: Query, customerId: string): CustomerDetail | null {
  // Read on every `customer <name>`: the statements are prepared once per connection.
  const c = cached(q.db, "customerDetail.customer", (db) =>
    db.select().from(customers).where(and(eq(customers.id, ph("customerId")), eq(customers.partnerId, ph("partnerId")))).prepare(),
  ).get({ customerId, partnerId: q.partnerId });
  if (!c) return null;
  const users = cached(q.db, "customerDetail.users", (db) => db.select().from(customerUsers).where(eq(customerUsers.customerId, ph("customerId"))).prepare()).all({ customerId: c.id });
  const rows = cached(q.db, "customerDetail.assignments", (db) =>
    db.select({ a: assignments, p: pools }).from(assignments).innerJoin(pools, eq(pools.id, assignments.poolId)).where(eq(assignments.customerId, ph("customerId"))).prepare(),
  ).all({ customerId: c.id });
  const services: CustomerService[] = [];
  const recentlyEnded: CustomerDetail["recentlyEnded"] = [];
  for (const { a, p } of rows) {
    const service = serviceById(a.serviceId)!;
    const active = a.assignedOn <= q.today && q.today <= a.expiresOn && (a.endedOn === null || q.today < a.endedOn);
    if (active) {
      const lock = addDays(a.assignedOn, 31);
      services.push({
        assignmentId: a.id,
        serviceId: a.serviceId,
        serviceName: service.name,
        unit: service.unit,
        poolId: a.poolId,
        sourceKey: isMerged(p.channel, service) ? mergedKey(p.partnerId, p.serviceId) : p.id,
        channel: p.channel,
        paymentModel: p.paymentModel,
        paymentOption: p.paymentOption,
        quantity: a.quantity,
        assignedOn: a.assignedOn,
        expiresOn: a.expiresOn,
        daysLeft: daysBetween(q.today, a.expiresOn),
        lockedUntil: lock > q.today ? lock : null,
        poolLastDay: poolLastDay(p),
      });
    } else {
      // A10: an expiry before a scheduled end (a license starting later, A8) comes first.
      const endedLast = a.endedOn ? addDays(a.endedOn, -1) : null;
      const endedFirst = endedLast !== null && endedLast <= a.expiresOn;
      const lastDay = endedFirst ? endedLast : a.expiresOn;
      if (lastDay < q.today && lastDay >= addDays(q.today, -90)) {
        // P10 cuts an assignment's expiration to the canceled order's last day: say so, not "expired".
        const cut = !endedFirst && p.canceledOn !== null && a.expiresOn === p.canceledOn;
        recentlyEnded.push({ serviceName: service.name, poolId: a.poolId, lastDay, reason: endedFirst ? (a.endedReason ?? "expired") : cut ? "order_canceled" : "expired" });
      }
    }
  }
  services.sort((x, y) => x.serviceName.localeCompare(y.serviceName));
  const lic = cached(q.db, "customerDetail.licenses", (db) =>
    db.select().from(licenses).where(and(eq(licenses.customerId, ph("customerId")), gte(licenses.end, ph("today")))).prepare(),
  )
    .all({ customerId: c.id, today: q.today })
    .map((l) => ({ serviceId: l.serviceId, serviceName: serviceById(l.serviceId)?.name ?? l.serviceId, type: l.type, start: l.start, end: l.end }));
  const locks = services.map((s) => s.lockedUntil).filter((d): d is Day => d !== null);
  const owner = users.find((u) => u.tenantOwner);
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    m365TenantId: c.m365TenantId,
    onboardedOn: c.onboardedOn,
    disconnectedOn: c.disconnectedOn,
    tenantOwner: owner ? { upn: owner.upn, name: owner.name } : null,
    serviceAdministrators: users
      .filter((u) => u.roles.some((r) => r.toLowerCase() === "service administrator"))
      .map((u) => ({ upn: u.upn, name: u.name })),
    paymentModel: services[0]?.paymentModel ?? null,
    services,
    licenses: lic,
    recentlyEnded: recentlyEnded.sort((x, y) => y.lastDay.localeCompare(x.lastDay)),
    disconnectFrom: locks.length ? locks.reduce((x, y) => (y > x ? y : x)) : null,
  };
}

export interface HistoryEntry {
  at: string;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** A customer's audit trail, newest first: who changed what, when. */
export function customerHistory(q: Query, customerId: string, limit = 50): HistoryEntry[] {
  const owned = q.db.select({ id: customers.id }).from(customers).where(and(eq(customers.id, customerId), eq(customers.partnerId, q.partnerId))).get();
  if (!owned) return [];
  return q.db
    .select({
      at: auditLog.at,
      actorName: auditLog.actorName,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .where(and(eq(auditLog.customerId, customerId), or(eq(auditLog.partnerId, q.partnerId), isNull(auditLog.partnerId))))
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all();
}
