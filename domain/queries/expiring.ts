import { addDays, daysBetween, type Day } from "../dates";
import { serviceById } from "../catalog";
import { measureSources, sourceEnd, visibleSources } from "./subscriptions";
import type { Query } from "./context";

export interface ExpiringItem {
  kind: "assignment" | "pool";
  /** Assignment id, or the source key of a pool. */
  id: string;
  expiresOn: Day;
  daysLeft: number;
  serviceId: string;
  serviceName: string;
  customerId: string | null;
  customerName: string | null;
  poolId: string;
  quantity: number | null;
  /** For a pool: seats in use that expire with it. */
  assigned: number | null;
}

/**
 * Assignments (of the partner's customers) and pools (its own, or its LAR's it draws on) whose last
 * active day falls within the next `days` days, today included, soonest first.
 */
export function expiring(q: Query, days: number): ExpiringItem[] {
  const until = addDays(q.today, days);
  const rows = q.db.$client
    .prepare(
      `select a.id, a.expires_on expiresOn, a.service_id serviceId, a.customer_id customerId, c.name customerName,
              a.pool_id poolId, a.quantity
       from assignments a join customers c on c.id = a.customer_id
       where c.partner_id = ? and a.expires_on between ? and ? and a.assigned_on <= ?
         and (a.ended_on is null or a.ended_on > ?)`,
    )
    .all(q.partnerId, q.today, until, q.today, q.today) as {
    id: string;
    expiresOn: Day;
    serviceId: string;
    customerId: string;
    customerName: string;
    poolId: string;
    quantity: number;
  }[];
  const items: ExpiringItem[] = rows.map((r) => ({
    kind: "assignment",
    id: r.id,
    expiresOn: r.expiresOn,
    daysLeft: daysBetween(q.today, r.expiresOn),
    serviceId: r.serviceId,
    serviceName: serviceById(r.serviceId)?.name ?? r.serviceId,
    customerId: r.customerId,
    customerName: r.customerName,
    poolId: r.poolId,
    quantity: r.quantity,
    assigned: null,
  }));
  // Pool last days come from the pool rows alone; only the sources ending in the window are measured.
  const ending = visibleSources(q).filter((s) => {
    const end = sourceEnd(s.pools);
    return q.today <= end && end <= until;
  });
  for (const s of measureSources(q, ending)) {
    items.push({
      kind: "pool",
      id: s.key,
      expiresOn: s.end,
      daysLeft: daysBetween(q.today, s.end),
      serviceId: s.serviceId,
      serviceName: s.serviceName,
      customerId: null,
      customerName: null,
      poolId: s.pools.find((p) => p.lastDay === s.end)!.id,
      quantity: s.quantity,
      assigned: s.assigned,
    });
  }
  return items.sort(
    (a, b) => a.expiresOn.localeCompare(b.expiresOn) || (a.kind === b.kind ? 0 : a.kind === "pool" ? -1 : 1) || (a.customerName ?? "").localeCompare(b.customerName ?? ""),
  );
}
