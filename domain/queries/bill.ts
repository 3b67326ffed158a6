import { addDays, firstOfMonth, lastOfMonth, maxDay, minDay, daysBetween, type Day } from "../dates";
import { serviceById } from "../catalog";
import type { Query } from "./context";

export interface BillLine {
  serviceId: string;
  serviceName: string;
  customerId: string;
  customerName: string;
  assignmentId: string;
  /** The largest quantity on a billable day of the month. */
  quantity: number;
  /** Billable days of the month, inclusive. */
  from: Day;
  to: Day;
  days: number;
  /** Why it is billed this way, in words an admin reads on the invoice. */
  reason: string;
  /** True when the 31-day minimum commitment carried the bill past the last active day. */
  minimumApplied: boolean;
}

export interface Bill {
  month: string;
  from: Day;
  to: Day;
  lines: BillLine[];
  /** Sum per service and customer (B1's invoice). */
  totals: { serviceId: string; serviceName: string; customerId: string; customerName: string; quantity: number }[];
  total: number;
}

/**
 * B1: the PAYG bill for month `YYYY-MM`. Each subscription is billable on every day from its
 * assignment through `max(last active day, assignedOn + 30)` (the 31-day minimum); its billed
 * quantity is the largest it had on a billable day of the month. Pools held by the partner (a LAR
 * pays for its Tier 2 pools, T2).
 */
export function paygBill(q: Query, month: string): Bill {
  const first = `${month}-01`;
  const last = lastOfMonth(first);
  const rows = q.db.$client
    .prepare(
      `select a.id, a.customer_id customerId, c.name customerName, a.service_id serviceId, a.assigned_on assignedOn,
              a.expires_on expiresOn, a.ended_on endedOn
       from assignments a join pools p on p.id = a.pool_id join customers c on c.id = a.customer_id
       where p.partner_id = ? and p.payment_model = 'payg' and a.assigned_on <= ?`,
    )
    .all(q.partnerId, last) as {
    id: string;
    customerId: string;
    customerName: string;
    serviceId: string;
    assignedOn: Day;
    expiresOn: Day;
    endedOn: Day | null;
  }[];
  const history = q.db.$client.prepare(
    `select quantity, effective_on effectiveOn from assignment_quantities where assignment_id = ? order by effective_on, id`,
  );
  const lines: BillLine[] = [];
  for (const a of rows) {
    const lastActive = a.endedOn ? minDay(a.expiresOn, addDays(a.endedOn, -1)) : a.expiresOn;
    const minimumEnd = addDays(a.assignedOn, 30);
    const billableTo = maxDay(lastActive, minimumEnd);
    const from = maxDay(a.assignedOn, first);
    const to = minDay(billableTo, last);
    if (from > to) continue;
    const changes = history.all(a.id) as { quantity: number; effectiveOn: Day }[];
    // The quantity in force on `from`, and every later one that took effect by `to`.
    let quantity = 0;
    let inForce = 0;
    for (const h of changes) {
      if (h.effectiveOn <= from) inForce = h.quantity;
      else if (h.effectiveOn <= to) quantity = Math.max(quantity, h.quantity);
    }
    quantity = Math.max(quantity, inForce);
    const minimumApplied = to > lastActive;
    const service = serviceById(a.serviceId)!;
    lines.push({
      serviceId: a.serviceId,
      serviceName: service.name,
      customerId: a.customerId,
      customerName: a.customerName,
      assignmentId: a.id,
      quantity,
      from,
      to,
      days: daysBetween(from, to) + 1,
      minimumApplied,
      reason: minimumApplied
        ? `Ended ${lastActive < a.assignedOn ? "on assignment" : `after ${lastActive}`}; the 31-day minimum from ${a.assignedOn} bills through ${billableTo}.`
        : changes.length > 1
          ? `Largest quantity in force between ${from} and ${to}.`
          : `Assigned from ${from} to ${to}.`,
    });
  }
  lines.sort((x, y) => x.serviceName.localeCompare(y.serviceName) || x.customerName.localeCompare(y.customerName) || x.from.localeCompare(y.from));
  const totals = new Map<string, Bill["totals"][number]>();
  for (const l of lines) {
    const key = `${l.serviceId}\u0000${l.customerId}`;
    const t = totals.get(key) ?? { serviceId: l.serviceId, serviceName: l.serviceName, customerId: l.customerId, customerName: l.customerName, quantity: 0 };
    t.quantity += l.quantity;
    totals.set(key, t);
  }
  const list = [...totals.values()];
  return { month, from: first, to: last, lines, totals: list, total: list.reduce((n, t) => n + t.quantity, 0) };
}

/** `YYYY-MM` of the month before `day`'s month (the usual bill to look at). */
export function previousMonth(day: Day): string {
  return addDays(firstOfMonth(day), -1).slice(0, 7);
}
