import { and, eq, gt, inArray, isNull, lte, gte, or, sql, type Placeholder, type SQL } from "drizzle-orm";
import { cached } from "../db/client";
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
  const constituents = cached(ctx.db, "mergedPools", (db) =>
    db
      .select()
      .from(pools)
      .where(and(eq(pools.partnerId, sql.placeholder("holderId")), eq(pools.serviceId, sql.placeholder("serviceId")), eq(pools.channel, "marketplace")))
      .orderBy(pools.start, pools.id)
      .prepare(),
  ).all({ holderId: pool.partnerId, serviceId: pool.serviceId });
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
export function activeOnSql(day: Day | Placeholder): SQL {
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
  const variant = `${source.service.fly ? "fly" : "active"}:${partnerId === source.holderId ? "all" : "msp"}`;
  const stmt = cached(ctx.db, `usedOn:${variant}`, (db) => {
    const mine = (a: string) => (partnerId === source.holderId ? "" : `and ${a}.customer_id in (select id from customers where partner_id = @partnerId)`);
    const pools = "(select value from json_each(@poolIds))";
    if (source.service.fly) {
      // Fly (A9): every assignment ever drawn counts at its peak as of the day.
      return db.$client.prepare(
        `select coalesce(sum((select max(aq.quantity) from assignment_quantities aq where aq.assignment_id = a.id and aq.effective_on <= @day)), 0) n
         from assignments a where a.pool_id in ${pools} and a.assigned_on <= @day and a.id <> @exclude ${mine("a")}`,
      );
    }
    // The sum is read from assignments_pool_active_idx alone; the excluded assignment (one row by
    // its key) is subtracted rather than filtered, since the index does not hold the id.
    const active = (a: string) => `${a}.expires_on >= @day and ${a}.assigned_on <= @day and (${a}.ended_on is null or ${a}.ended_on > @day)`;
    return db.$client.prepare(
      `select coalesce(sum(a.quantity), 0)
         - coalesce((select e.quantity from assignments e where e.id = @exclude and e.pool_id in ${pools} and ${active("e")} ${mine("e")}), 0) n
       from assignments a where a.pool_id in ${pools} and ${active("a")} ${mine("a")}`,
    );
  });
  // The pool ids travel as one JSON parameter, so one statement serves a pool and a merged group.
  const row = stmt.get({
    poolIds: JSON.stringify(source.pools.map((p) => p.id)),
    partnerId,
    day,
    exclude: excludeAssignmentId ?? "",
  }) as { n: number };
  return row.n;
}

/**
 * T2: the seats a holder must leave for its MSPs on `day`: what each MSP has been allocated of the
 * constituents active that day and has not assigned yet. Zero for a pool with no allocations.
 */
export function reservedForMspsOn(ctx: Ctx, source: Source, day: Day): number {
  const active = poolsActiveOn(source, day);
  if (active.length === 0) return 0;
  const rows = cached(ctx.db, "allocationsByMsp", (db) =>
    db.$client.prepare(
      `select partner_id partnerId, sum(quantity) allocated from allocations
        where pool_id in (select value from json_each(@poolIds)) group by partner_id`,
    ),
  ).all({ poolIds: JSON.stringify(active.map((p) => p.id)) }) as { partnerId: string; allocated: number }[];
  return rows.reduce((n, r) => n + Math.max(0, r.allocated - usedOn(ctx, source, r.partnerId, day)), 0);
}

/**
 * Seats still free on `day` for `partnerId` (Infinity for PAYG). A holder's own customers may not
 * take seats allocated to its MSPs (T2), so those are set aside until the MSPs assign them.
 */
export function availableOn(ctx: Ctx, source: Source, partnerId: string, day: Day, excludeAssignmentId?: string): number {
  const cap = capacityOn(ctx, source, partnerId, day);
  if (cap === null) return Number.POSITIVE_INFINITY;
  const free = cap - usedOn(ctx, source, partnerId, day, excludeAssignmentId);
  return partnerId === source.holderId ? free - reservedForMspsOn(ctx, source, day) : free;
}
