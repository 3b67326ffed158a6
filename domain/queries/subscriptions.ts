import { and, eq, inArray, or, sql } from "drizzle-orm";
import { allocations, assignments, customers, partners, pools } from "../../db/schema";
import { serviceById } from "../catalog";
import type { Day } from "../dates";
import type { PoolRow } from "../internal";
import { isMerged, poolLastDay, type Channel, type PaymentOption } from "../rules/pools";
import { activeOnSql, mergedKey } from "../sources";
import type { Query } from "./context";

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

/**
 * R1 and T2: the partner's pools as they stand today, marketplace pools of one non-Fly service
 * merged (P9), Fly never merged. An MSP served by a LAR also sees the LAR pools it holds an
 * allocation of, measured against that allocation; a LAR sees each MSP's allocation and use.
 */
export function subscriptionUsage(q: Query, filter: { serviceId?: string } = {}): SourceUsage[] {
  const visible = q.db
    .select()
    .from(pools)
    .where(
      and(
        or(
          eq(pools.partnerId, q.partnerId),
          q.larId
            ? and(eq(pools.partnerId, q.larId), sql`${pools.id} in (select pool_id from allocations where partner_id = ${q.partnerId})`)
            : sql`0`,
        ),
        filter.serviceId ? eq(pools.serviceId, filter.serviceId) : sql`1`,
      ),
    )
    .all();
  if (visible.length === 0) return [];
  const ids = visible.map((p) => p.id);
  const ownOnly = (p: PoolRow) => p.partnerId !== q.partnerId;

  // Today's active assignments and Fly consumption per pool and per customer's partner.
  const active = q.db
    .select({
      poolId: assignments.poolId,
      partnerId: customers.partnerId,
      assigned: sql<number>`sum(${assignments.quantity})`,
      customers: sql<number>`count(*)`,
    })
    .from(assignments)
    .innerJoin(customers, eq(customers.id, assignments.customerId))
    .where(and(inArray(assignments.poolId, ids), activeOnSql(q.today)))
    .groupBy(assignments.poolId, customers.partnerId)
    .all();
  const flyIds = visible.filter((p) => serviceById(p.serviceId)?.fly).map((p) => p.id);
  const consumed = flyIds.length
    ? (q.db.$client
        .prepare(
          `select a.pool_id poolId, c.partner_id partnerId, sum(peak.q) consumed
           from assignments a join customers c on c.id = a.customer_id
           join (select assignment_id, max(quantity) q from assignment_quantities where effective_on <= ? group by assignment_id) peak
             on peak.assignment_id = a.id
           where a.assigned_on <= ? and a.pool_id in (${flyIds.map(() => "?").join(",")})
           group by a.pool_id, c.partner_id`,
        )
        .all(q.today, q.today, ...flyIds) as { poolId: string; partnerId: string; consumed: number }[])
    : [];
  const allocs = q.db
    .select({ poolId: allocations.poolId, partnerId: allocations.partnerId, quantity: allocations.quantity, name: partners.name })
    .from(allocations)
    .innerJoin(partners, eq(partners.id, allocations.partnerId))
    .where(inArray(allocations.poolId, ids))
    .all();

  const figures = (pool: PoolRow, partnerId: string | null): PoolFigures => {
    const f: PoolFigures = { assigned: 0, customers: 0, consumed: 0 };
    for (const r of active) if (r.poolId === pool.id && (partnerId === null || r.partnerId === partnerId)) {
      f.assigned += r.assigned;
      f.customers += r.customers;
    }
    for (const r of consumed) if (r.poolId === pool.id && (partnerId === null || r.partnerId === partnerId)) f.consumed += r.consumed;
    return f;
  };

  const groups = new Map<string, PoolRow[]>();
  for (const p of visible) {
    const service = serviceById(p.serviceId)!;
    const key = isMerged(p.channel, service) ? mergedKey(p.partnerId, p.serviceId) : p.id;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }

  const rows: SourceUsage[] = [];
  for (const [key, group] of groups) {
    group.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id.localeCompare(b.id)));
    const first = group[0]!;
    const service = serviceById(first.serviceId)!;
    const viaLar = ownOnly(first);
    const activeToday = group.filter((p) => p.start <= q.today && q.today <= poolLastDay(p));
    const mine = viaLar ? q.partnerId : null;
    const totals = group.map((p) => figures(p, mine)).reduce(
      (t, f) => ({ assigned: t.assigned + f.assigned, customers: t.customers + f.customers, consumed: t.consumed + f.consumed }),
      { assigned: 0, customers: 0, consumed: 0 },
    );
    const payg = first.paymentModel === "payg";
    const quantity = payg
      ? null
      : viaLar
        ? allocs.filter((a) => a.partnerId === q.partnerId && activeToday.some((p) => p.id === a.poolId)).reduce((n, a) => n + a.quantity, 0)
        : activeToday.reduce((n, p) => n + (p.quantity ?? 0), 0);
    const inUse = service.fly ? totals.consumed : totals.assigned;
    const byMsp = new Map<string, MspAllocation>();
    if (!viaLar) {
      for (const a of allocs.filter((a) => group.some((p) => p.id === a.poolId))) {
        const m = byMsp.get(a.partnerId) ?? { mspId: a.partnerId, mspName: a.name, allocated: 0, inUse: 0 };
        m.allocated += a.quantity;
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
      end: group.map(poolLastDay).reduce((a, b) => (b > a ? b : a)),
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
        activeToday: activeToday.includes(p),
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

export interface SourceCustomer {
  customerId: string;
  customerName: string;
  assignmentId: string;
  poolId: string;
  quantity: number;
  assignedOn: Day;
  expiresOn: Day;
}

/** R1's detail: the customers drawing on a source today (an MSP sees only its own). */
export function sourceCustomers(q: Query, key: string): SourceCustomer[] {
  const source = subscriptionUsage(q).find((s) => s.key === key);
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
    .orderBy(customers.name)
    .all();
}
