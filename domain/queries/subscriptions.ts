import { and, eq, inArray, sql } from "drizzle-orm";
import { allocations, assignments, customers, partners, pools } from "../../db/schema";
import { serviceById } from "../catalog";
import type { Day } from "../dates";
import type { PoolRow } from "../internal";
import { isMerged, poolLastDay, type Channel, type PaymentOption } from "../rules/pools";
import { activeOnSql, mergedKey } from "../sources";
import type { Query } from "./context";
import { cached } from "../../db/client";

const ph = sql.placeholder;

export interface PoolTerm {
  id: string;
  channel: Channel;
  paymentOption: PaymentOption;
  start: Day;
  end: Day;
  /** The last active day: the end, or the distributor's cancellation (P10). */
  lastDay: Day;
  quantity: number | null;
  canceledOn: Day | null;
  distributorOrderId: string | null;
  activeToday: boolean;
}

export interface MspAllocation {
  mspId: string;
  mspName: string;
  allocated: number;
  /** Seats in use by the MSP's customers today (Fly: consumed). */
  inUse: number;
}

/** One row of the subscription usage report (R1): a pool, or marketplace pools merged as one (P9). */
export interface SourceUsage {
  key: string;
  serviceId: string;
  serviceName: string;
  unit: string;
  fly: boolean;
  merged: boolean;
  holderId: string;
  /** T2: an MSP's view of its LAR's pool, where the quantity is its allocation. */
  viaLar: boolean;
  paymentModel: "prepaid" | "payg";
  channels: Channel[];
  paymentOptions: PaymentOption[];
  start: Day;
  end: Day;
  pools: PoolTerm[];
  /** Capacity today; null for PAYG (no fixed quantity, P8). */
  quantity: number | null;
  /** Seats of active assignments today. */
  assigned: number;
  /** Fly (A9): seats consumed and never returned, which is what counts against the quantity. */
  consumed: number | null;
  available: number | null;
  /** In use / quantity, 0..1 and above when over. */
  utilization: number | null;
  customers: number;
  /** T2: for a LAR, each MSP's allocation and use. */
  allocations: MspAllocation[];
}

interface PoolFigures {
  assigned: number;
  customers: number;
  consumed: number;
}

/** A source as the partner sees it: one pool, or the constituents of a merged pool (P9). */
export interface VisibleSource {
  key: string;
  /** Every constituent, earliest start first. */
  pools: PoolRow[];
  /** T2: held by the partner's LAR, seen through the partner's allocation. */
  viaLar: boolean;
}

/**
 * R1, T2, P9: the sources the partner sees: its own pools, and its LAR's pools it holds an
 * allocation of. A merged pool is seen whole when the MSP holds an allocation of any constituent:
 * an assignment belongs to the merged pool as a whole (P9) and is recorded on whichever constituent
 * lasts longest, which need not be one the MSP was allocated.
 */
export function visibleSources(q: Query, filter: { serviceId?: string; holderId?: string } = {}): VisibleSource[] {
  const holders = (q.larId ? [q.partnerId, q.larId] : [q.partnerId]).filter((h) => !filter.holderId || h === filter.holderId);
  if (holders.length === 0) return [];
  // Asked for on every change (the pools of the service named): prepared once per connection, one
  // statement with a service and one without; the holder list is one or two partners.
  const byService = Boolean(filter.serviceId);
  const rows = cached(q.db, `subscriptions.pools:${byService}`, (db) =>
    db
      .select()
      .from(pools)
      .where(and(inArray(pools.partnerId, [ph("holder"), ph("otherHolder")]), byService ? eq(pools.serviceId, ph("serviceId")) : undefined))
      .prepare(),
  ).all({ holder: holders[0]!, otherHolder: holders[1] ?? holders[0]!, serviceId: filter.serviceId });
  const larPools = rows.filter((p) => p.partnerId !== q.partnerId).map((p) => p.id);
  const allocated = new Set(
    larPools.length
      ? cached(q.db, "subscriptions.allocatedTo", (db) =>
          db
            .select({ poolId: allocations.poolId })
            .from(allocations)
            .where(and(eq(allocations.partnerId, ph("partnerId")), sql`${allocations.poolId} in (select value from json_each(${ph("poolIds")}))`))
            .prepare(),
        )
          .all({ partnerId: q.partnerId, poolIds: JSON.stringify(larPools) })
          .map((a) => a.poolId)
      : [],
  );
  const groups = new Map<string, PoolRow[]>();
  for (const p of rows) {
    const service = serviceById(p.serviceId)!;
    const key = isMerged(p.channel, service) ? mergedKey(p.partnerId, p.serviceId) : p.id;
    const group = groups.get(key);
    if (group) group.push(p);
    else groups.set(key, [p]);
  }
  const out: VisibleSource[] = [];
  for (const [key, group] of groups) {
    const viaLar = group[0]!.partnerId !== q.partnerId;
    if (viaLar && !group.some((p) => allocated.has(p.id))) continue;
    group.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id.localeCompare(b.id)));
    out.push({ key, pools: group, viaLar });
  }
  return out;
}

/** The holder and service a source key names (`merged:<holder>:<service>`), or the pool id. */
function parseKey(key: string): { holderId: string; serviceId: string } | { poolId: string } {
  if (!key.startsWith("merged:")) return { poolId: key };
  const rest = key.slice("merged:".length);
  const i = rest.lastIndexOf(":");
  return { holderId: rest.slice(0, i), serviceId: rest.slice(i + 1) };
}

/** The visible source a key names, without measuring any other. */
export function visibleSource(q: Query, key: string): VisibleSource | undefined {
  const parsed = parseKey(key);
  let filter: { serviceId?: string; holderId?: string };
  if ("poolId" in parsed) {
    const pool = q.db.select({ partnerId: pools.partnerId, serviceId: pools.serviceId }).from(pools).where(eq(pools.id, parsed.poolId)).get();
    if (!pool) return undefined;
    filter = { holderId: pool.partnerId, serviceId: pool.serviceId };
  } else {
    filter = parsed;
  }
  return visibleSources(q, filter).find((s) => s.key === key);
}

/**
 * R1 and T2: the partner's pools as they stand today, marketplace pools of one non-Fly service
 * merged (P9), Fly never merged. An MSP served by a LAR also sees the LAR pools it holds an
 * allocation of, measured against that allocation; a LAR sees each MSP's allocation and use.
 */
export function subscriptionUsage(q: Query, filter: { serviceId?: string } = {}): SourceUsage[] {
  return measureSources(q, visibleSources(q, filter));
}

/** R1's figures for the given sources, as of today. */
export function measureSources(q: Query, sources: VisibleSource[]): SourceUsage[] {
  if (sources.length === 0) return [];
  const visible = sources.flatMap((s) => s.pools);

  const allocs = cached(q.db, "subscriptions.allocations", (db) =>
    db
      .select({ poolId: allocations.poolId, partnerId: allocations.partnerId, quantity: allocations.quantity, name: partners.name })
      .from(allocations)
      .innerJoin(partners, eq(partners.id, allocations.partnerId))
      .where(sql`${allocations.poolId} in (select value from json_each(${ph("poolIds")}))`)
      .prepare(),
  ).all({ poolIds: JSON.stringify(visible.map((p) => p.id)) });

  // Today's active assignments and Fly consumption per pool, and per customer's partner where that
  // matters (T2: a LAR pool seen by an MSP, or a pool with allocations): elsewhere every customer
  // drawing on the pool is the holder's, and the sums come from the pool index alone.
  // Decided per source: an MSP's seats may be recorded on a constituent it holds no allocation of (P9).
  const allocated = new Set(allocs.map((a) => a.poolId));
  const perPartner = new Set(
    sources.filter((s) => s.viaLar || s.pools.some((p) => allocated.has(p.id))).flatMap((s) => s.pools.map((p) => p.id)),
  );
  const byPartner = (p: PoolRow) => perPartner.has(p.id);
  const measure = <T>(name: string, pools: PoolRow[], sql: (partner: boolean) => string): T[] => {
    const rows: T[] = [];
    for (const partner of [false, true]) {
      const ids = pools.filter((p) => byPartner(p) === partner).map((p) => p.id);
      if (ids.length === 0) continue;
      const stmt = cached(q.db, `subscriptions.${name}:${partner}`, (db) => db.$client.prepare(sql(partner)));
      rows.push(...(stmt.all({ ids: JSON.stringify(ids), day: q.today }) as T[]));
    }
    return rows;
  };
  const active = measure<{ poolId: string; partnerId: string | null; assigned: number; customers: number }>(
    "active",
    visible,
    (partner) =>
      `select a.pool_id poolId, ${partner ? "c.partner_id" : "null"} partnerId, sum(a.quantity) assigned, count(*) customers
       from assignments a ${partner ? "join customers c on c.id = a.customer_id" : ""}
       where a.pool_id in (select value from json_each(@ids))
         and a.expires_on >= @day and a.assigned_on <= @day and (a.ended_on is null or a.ended_on > @day)
       group by a.pool_id${partner ? ", c.partner_id" : ""}`,
  );
  // A9: each Fly assignment ever drawn counts at its peak quantity as of today.
  const consumed = measure<{ poolId: string; partnerId: string | null; consumed: number | null }>(
    "flyConsumed",
    visible.filter((p) => serviceById(p.serviceId)?.fly),
    (partner) =>
      `select a.pool_id poolId, ${partner ? "c.partner_id" : "null"} partnerId,
         sum((select max(aq.quantity) from assignment_quantities aq where aq.assignment_id = a.id and aq.effective_on <= @day)) consumed
       from assignments a ${partner ? "join customers c on c.id = a.customer_id" : ""}
       where a.pool_id in (select value from json_each(@ids)) and a.assigned_on <= @day
       group by a.pool_id${partner ? ", c.partner_id" : ""}`,
  );

  const activeByPool = groupBy(active, (r) => r.poolId);
  const consumedByPool = groupBy(consumed, (r) => r.poolId);
  const figures = (pool: PoolRow, partnerId: string | null): PoolFigures => {
    const f: PoolFigures = { assigned: 0, customers: 0, consumed: 0 };
    for (const r of activeByPool.get(pool.id) ?? []) if (partnerId === null || r.partnerId === partnerId) {
      f.assigned += r.assigned;
      f.customers += r.customers;
    }
    for (const r of consumedByPool.get(pool.id) ?? []) if (partnerId === null || r.partnerId === partnerId) f.consumed += r.consumed ?? 0;
    return f;
  };

  const rows: SourceUsage[] = [];
  for (const { key, pools: group, viaLar } of sources) {
    const first = group[0]!;
    const service = serviceById(first.serviceId)!;
    const activeToday = group.filter((p) => p.start <= q.today && q.today <= poolLastDay(p));
    const activeIds = new Set(activeToday.map((p) => p.id));
    const groupIds = new Set(group.map((p) => p.id));
    const mine = viaLar ? q.partnerId : null;
    const totals = group.map((p) => figures(p, mine)).reduce(
      (t, f) => ({ assigned: t.assigned + f.assigned, customers: t.customers + f.customers, consumed: t.consumed + f.consumed }),
      { assigned: 0, customers: 0, consumed: 0 },
    );
    const payg = first.paymentModel === "payg";
    const quantity = payg
      ? null
      : viaLar
        ? allocs.filter((a) => a.partnerId === q.partnerId && activeIds.has(a.poolId)).reduce((n, a) => n + a.quantity, 0)
        : activeToday.reduce((n, p) => n + (p.quantity ?? 0), 0);
    const inUse = service.fly ? totals.consumed : totals.assigned;
    const byMsp = new Map<string, MspAllocation>();
    if (!viaLar) {
      for (const a of allocs.filter((a) => groupIds.has(a.poolId))) {
        const m = byMsp.get(a.partnerId) ?? { mspId: a.partnerId, mspName: a.name, allocated: 0, inUse: 0 };
        // T2 with P9: an allocation counts while its constituent is active, as capacityOn counts it.
        if (activeIds.has(a.poolId)) m.allocated += a.quantity;
        byMsp.set(a.partnerId, m);
      }
      for (const m of byMsp.values()) {
        const f = group.map((p) => figures(p, m.mspId));
        m.inUse = f.reduce((n, x) => n + (service.fly ? x.consumed : x.assigned), 0);
      }
    }
    rows.push({
      key,
      serviceId: service.id,
      serviceName: service.name,
      unit: service.unit,
      fly: service.fly,
      merged: key !== first.id,
      holderId: first.partnerId,
      viaLar,
      paymentModel: first.paymentModel,
      channels: [...new Set(group.map((p) => p.channel))],
      paymentOptions: [...new Set(group.map((p) => p.paymentOption))],
      start: group.map((p) => p.start).reduce((a, b) => (b < a ? b : a)),
      end: sourceEnd(group),
      pools: group.map((p) => ({
        id: p.id,
        channel: p.channel,
        paymentOption: p.paymentOption,
        start: p.start,
        end: p.end,
        lastDay: poolLastDay(p),
        quantity: p.quantity,
        canceledOn: p.canceledOn,
        distributorOrderId: p.distributorOrderId,
        activeToday: activeIds.has(p.id),
      })),
      quantity,
      assigned: totals.assigned,
      consumed: service.fly ? totals.consumed : null,
      available: quantity === null ? null : quantity - inUse,
      utilization: quantity === null ? null : quantity === 0 ? (inUse > 0 ? Infinity : 0) : inUse / quantity,
      customers: totals.customers,
      allocations: [...byMsp.values()].sort((a, b) => a.mspName.localeCompare(b.mspName)),
    });
  }
  return rows.sort((a, b) => a.serviceName.localeCompare(b.serviceName) || a.start.localeCompare(b.start) || a.key.localeCompare(b.key));
}

/** P9: a source's last day is the latest among its constituents (each cut short by P10). */
export function sourceEnd(group: PoolRow[]): Day {
  return group.map(poolLastDay).reduce((a, b) => (b > a ? b : a));
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

export interface SourceCustomer {
  customerId: string;
  customerName: string;
  assignmentId: string;
  poolId: string;
  quantity: number;
  assignedOn: Day;
  expiresOn: Day;
}

/**
 * R1's detail: the customers drawing on a source today (an MSP sees only its own), by name; paged
 * when `limit` is given.
 */
export function sourceCustomers(q: Query, key: string, page: { offset?: number; limit?: number } = {}): SourceCustomer[] {
  const source = visibleSource(q, key);
  if (!source) return [];
  return q.db
    .select({
      customerId: customers.id,
      customerName: customers.name,
      assignmentId: assignments.id,
      poolId: assignments.poolId,
      quantity: assignments.quantity,
      assignedOn: assignments.assignedOn,
      expiresOn: assignments.expiresOn,
    })
    .from(assignments)
    .innerJoin(customers, eq(customers.id, assignments.customerId))
    .where(
      and(
        inArray(assignments.poolId, source.pools.map((p) => p.id)),
        activeOnSql(q.today),
        // Names stay with the customer's own MSP: a LAR sees its MSPs' figures, not their customers (U2).
        eq(customers.partnerId, q.partnerId),
      ),
    )
    .orderBy(customers.name, customers.id)
    .limit(page.limit ?? -1)
    .offset(page.offset ?? 0)
    .all();
}
