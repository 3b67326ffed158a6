import { and, eq, gt, inArray, isNull, lte, gte, or, sql, type SQL } from "drizzle-orm";
import { allocations, assignments, customers, pools } from "../db/schema";
import type { CatalogService } from "./catalog";
import type { Ctx } from "./context";
import { maxDay, type Day } from "./dates";
import { getService, type PoolRow } from "./internal";
import { isMerged, poolLastDay } from "./rules/pools";

/**
 * Where a customer's seats come from: one pool, or (P9) every marketplace pool of one non-Fly
 * service held by one partner, shown and consumed as one.
 */
export interface Source {
  /** The pool id, or `merged:<holder>:<service>` for merged marketplace pools. */
  key: string;
  holderId: string;
  service: CatalogService;
  /** The constituent pools (one unless merged), each keeping its own term. */
  pools: PoolRow[];
  merged: boolean;
  paymentModel: "prepaid" | "payg";
}

export function mergedKey(holderId: string, serviceId: string): string {
  return `merged:${holderId}:${serviceId}`;
}

/** The source a pool belongs to. */
export function sourceOfPool(ctx: Ctx, pool: PoolRow): Source {
  const service = getService(pool.serviceId);
  if (!isMerged(pool.channel, service)) {
    return { key: pool.id, holderId: pool.partnerId, service, pools: [pool], merged: false, paymentModel: pool.paymentModel };
  }
  const constituents = ctx.db
    .select()
    .from(pools)
    .where(and(eq(pools.partnerId, pool.partnerId), eq(pools.serviceId, pool.serviceId), eq(pools.channel, "marketplace")))
    .orderBy(pools.start, pools.id)
    .all();
  return {
    key: mergedKey(pool.partnerId, pool.serviceId),
    holderId: pool.partnerId,
    service,
    pools: constituents,
    merged: true,
    paymentModel: "prepaid",
  };
}

/** P9: an expiration is bounded by the latest end among the constituents (each cut short by P10). */
export function sourceLastDay(source: Source): Day {
  return maxDay(...source.pools.map(poolLastDay));
}

export function sourceStart(source: Source): Day {
  return source.pools.map((p) => p.start).reduce((a, b) => (b < a ? b : a));
}

/** The constituents whose term includes `day` (P7). */
export function poolsActiveOn(source: Source, day: Day): PoolRow[] {
  return source.pools.filter((p) => p.start <= day && day <= poolLastDay(p));
}

/** SQL: the assignment is active on `day` (assigned, not past its expiry, not ended). */
export function activeOnSql(day: Day): SQL {
  return and(
    lte(assignments.assignedOn, day),
    gte(assignments.expiresOn, day),
    or(isNull(assignments.endedOn), gt(assignments.endedOn, day)),
  )!;
}

/**
 * P8 and T2: the seats available to `partnerId`'s customers on `day`: the quantity of the
 * constituents active that day, or, for an MSP drawing on its LAR's pool, its allocation of them.
 * Null for PAYG, which has no fixed quantity.
 */
export function capacityOn(ctx: Ctx, source: Source, partnerId: string, day: Day): number | null {
  if (source.paymentModel === "payg") return null;
  const active = poolsActiveOn(source, day);
  if (active.length === 0) return 0;
  if (partnerId === source.holderId) return active.reduce((n, p) => n + (p.quantity ?? 0), 0);
  const row = ctx.db
    .select({ n: sql<number>`coalesce(sum(${allocations.quantity}), 0)` })
    .from(allocations)
    .where(and(eq(allocations.partnerId, partnerId), inArray(allocations.poolId, active.map((p) => p.id))))
    .get();
  return row?.n ?? 0;
}

/**
 * Seats of the source in use on `day` by `partnerId`'s customers (all customers when it is the
 * holder). Fly (A9) counts every assignment ever drawn, at its peak quantity: consumed Fly seats
 * never come back.
 */
export function usedOn(ctx: Ctx, source: Source, partnerId: string, day: Day, excludeAssignmentId?: string): number {
  const poolIds = source.pools.map((p) => p.id);
  const conditions: SQL[] = [inArray(assignments.poolId, poolIds)];
  if (excludeAssignmentId) conditions.push(sql`${assignments.id} <> ${excludeAssignmentId}`);
  if (partnerId !== source.holderId) {
    conditions.push(sql`${assignments.customerId} in (select ${customers.id} from ${customers} where ${customers.partnerId} = ${partnerId})`);
  }
  if (source.service.fly) {
    conditions.push(lte(assignments.assignedOn, day));
    const row = ctx.db
      .select({
        // Qualified by hand: drizzle renders a lone column unqualified, which the subquery would capture.
        n: sql<number>`coalesce(sum((select max(aq.quantity) from assignment_quantities aq
              where aq.assignment_id = "assignments"."id" and aq.effective_on <= ${day})), 0)`,
      })
      .from(assignments)
      .where(and(...conditions))
      .get();
    return row?.n ?? 0;
  }
  conditions.push(activeOnSql(day));
  const row = ctx.db
    .select({ n: sql<number>`coalesce(sum(${assignments.quantity}), 0)` })
    .from(assignments)
    .where(and(...conditions))
    .get();
  return row?.n ?? 0;
}

/** Seats still free on `day` for `partnerId` (Infinity for PAYG). */
export function availableOn(ctx: Ctx, source: Source, partnerId: string, day: Day, excludeAssignmentId?: string): number {
  const cap = capacityOn(ctx, source, partnerId, day);
  if (cap === null) return Number.POSITIVE_INFINITY;
  return cap - usedOn(ctx, source, partnerId, day, excludeAssignmentId);
}
