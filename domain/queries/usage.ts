import { and, eq, exists, inArray, sql } from "drizzle-orm";
import { assignments, customers } from "../../db/schema";
import { serviceById } from "../catalog";
import { addMonths, firstOfMonth, formatDay, type Day } from "../dates";
import { activeOnSql } from "../sources";
import { cached } from "../../db/client";
import type { Query } from "./context";

export type UsagePeriod = { kind: "today" } | { kind: "cycle"; month: string };

export interface UsageLine {
  customerId: string;
  customerName: string;
  serviceId: string;
  serviceName: string;
  unit: string;
  /** Seats (or GB, objects, units) assigned on the day. */
  assigned: number;
  /** What was measured: licensed users, GB or objects; null where nothing was measured. */
  consumed: number | null;
  /** The date of the measurement used (B2: the last one on or before the day). */
  measuredOn: Day | null;
  /** Today only: change since the 1st of the month. */
  assignedChange: number | null;
  consumedChange: number | null;
  /** P6: consumption beyond the assigned quantity (an auto-adjust overage or a manual pool behind). */
  over: number;
}

export interface UsageReport {
  day: Day;
  label: string;
  period: UsagePeriod;
  total: number;
  lines: UsageLine[];
}

/** B2: the cycle for `YYYY-MM` is its 1st; today is today. */
export function usageDay(q: Query, period: UsagePeriod): Day {
  return period.kind === "today" ? q.today : `${period.month}-01`;
}

export function usageLabel(period: UsagePeriod, day: Day): string {
  if (period.kind === "today") return `Today, ${formatDay(day)}`;
  const [d, month, year] = formatDay(day).split(" ");
  return `Billing cycle ${month} ${year}, snapshot of ${d} ${month}`;
}

/** The measured quantity for a unit, or null (units are not measured). */
function measure(unit: string, r: { licensed_users: number | null; storage_gb: number | null; objects: number | null } | undefined): number | null {
  if (!r) return null;
  if (unit === "user_seats") return r.licensed_users;
  if (unit === "capacity_gb") return r.storage_gb;
  if (unit === "objects") return r.objects;
  return null;
}

interface Snapshotter {
  snapshot(customerId: string, serviceId: string, day: Day): { date: Day; value: number | null; unit: string } | null;
  quantityOn(assignmentId: string, day: Day): number;
}

/** The usage column that measures a unit; units are not measured. */
const MEASURE_COLUMN: Record<string, string> = { user_seats: "licensed_users", capacity_gb: "storage_gb", objects: "objects" };

function snapshotter(q: Query): Snapshotter {
  // B2: the last measurement *of the unit's quantity* on or before the day; a later row that
  // measured something else (storage only, say) does not hide it.
  const last = (unit: string) =>
    cached(q.db, `usage.snapshot:${unit}`, (db) => {
      const column = MEASURE_COLUMN[unit];
      return db.$client.prepare(
        `select date, licensed_users, storage_gb, objects from usage
         where customer_id = ? and service_id = ? and date <= ? ${column ? `and ${column} is not null` : ""}
         order by date desc limit 1`,
      );
    });
  const qty = cached(q.db, "usage.quantityOn", (db) =>
    db.$client.prepare(
      `select quantity from assignment_quantities where assignment_id = ? and effective_on <= ?
       order by effective_on desc, id desc limit 1`,
    ),
  );
  return {
    snapshot(customerId, serviceId, day) {
      const unit = serviceById(serviceId)?.unit ?? "user_seats";
      const r = last(unit).get(customerId, serviceId, day) as
        | { date: string; licensed_users: number | null; storage_gb: number | null; objects: number | null }
        | undefined;
      return r ? { date: r.date, value: measure(unit, r), unit } : null;
    },
    quantityOn(assignmentId, day) {
      return (qty.get(assignmentId, day) as { quantity: number } | undefined)?.quantity ?? 0;
    },
  };
}

/**
 * R2 and B2: per customer and service, what was assigned and what was consumed, for a billing cycle
 * (the snapshot of its 1st) or today (with the change since the 1st). Paged by customer.
 */
export function customerUsage(
  q: Query,
  options: { period: UsagePeriod; customerId?: string; offset?: number; limit?: number },
): UsageReport {
  const day = usageDay(q, options.period);
  const since = firstOfMonth(day);
  const s = snapshotter(q);
  // Customers with an assignment active on the day (or on the 1st, so a change since then shows);
  // counted and paged in SQL, so only the page's customers are read.
  const days = options.period.kind === "today" && since !== day ? [day, since] : [day];
  const activeOnDays = sql`(${sql.join(days.map((d) => activeOnSql(d)), sql` or `)})`;
  const filter = and(
    eq(customers.partnerId, q.partnerId),
    options.customerId ? eq(customers.id, options.customerId) : sql`1`,
    exists(q.db.select({ one: sql`1` }).from(assignments).where(and(eq(assignments.customerId, customers.id), activeOnDays))),
  );
  const total = q.db.select({ n: sql<number>`count(*)` }).from(customers).where(filter).get()!.n;
  const page = q.db
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(filter)
    .orderBy(customers.name, customers.id)
    .limit(options.limit ?? -1)
    .offset(options.offset ?? 0)
    .all();
  const rows = page.length
    ? q.db
        .select({ a: assignments, customerName: customers.name })
        .from(assignments)
        .innerJoin(customers, eq(customers.id, assignments.customerId))
        .where(and(inArray(assignments.customerId, page.map((c) => c.id)), activeOnDays))
        .all()
    : [];

  const lines = new Map<string, UsageLine>();
  for (const { a, customerName } of rows) {
    const key = `${a.customerId}\u0000${a.serviceId}`;
    const service = serviceById(a.serviceId)!;
    const line =
      lines.get(key) ??
      ({
        customerId: a.customerId,
        customerName,
        serviceId: a.serviceId,
        serviceName: service.name,
        unit: service.unit,
        assigned: 0,
        consumed: null,
        measuredOn: null,
        assignedChange: null,
        consumedChange: null,
        over: 0,
      } satisfies UsageLine);
    const isActive = (d: Day) => a.assignedOn <= d && d <= a.expiresOn && (a.endedOn === null || d < a.endedOn);
    if (isActive(day)) line.assigned += s.quantityOn(a.id, day);
    if (options.period.kind === "today") {
      line.assignedChange = (line.assignedChange ?? 0) + (isActive(day) ? s.quantityOn(a.id, day) : 0) - (isActive(since) ? s.quantityOn(a.id, since) : 0);
    }
    lines.set(key, line);
  }
  for (const line of lines.values()) {
    const now = s.snapshot(line.customerId, line.serviceId, day);
    line.consumed = now?.value ?? null;
    line.measuredOn = now?.date ?? null;
    if (options.period.kind === "today") {
      const then = s.snapshot(line.customerId, line.serviceId, since);
      line.consumedChange = now?.value != null && then?.value != null ? round(now.value - then.value) : null;
    }
    line.over = line.consumed !== null && line.consumed > line.assigned ? round(line.consumed - line.assigned) : 0;
  }
  return {
    day,
    label: usageLabel(options.period, day),
    period: options.period,
    total,
    lines: [...lines.values()].sort((a, b) => a.customerName.localeCompare(b.customerName) || a.serviceName.localeCompare(b.serviceName)),
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export interface TrendPoint {
  month: string;
  day: Day;
  serviceId: string;
  serviceName: string;
  assigned: number;
  consumed: number | null;
}

/** B2: one customer's six billing cycles up to this month, per service (the snapshot of each 1st). */
export function usageTrend(q: Query, customerId: string, months = 6): TrendPoint[] {
  const s = snapshotter(q);
  const thisMonth = firstOfMonth(q.today);
  const points: TrendPoint[] = [];
  const rows = q.db
    .select()
    .from(assignments)
    .innerJoin(customers, eq(customers.id, assignments.customerId))
    .where(and(eq(customers.partnerId, q.partnerId), eq(assignments.customerId, customerId)))
    .all()
    .map((r) => r.assignments);
  const services = [...new Set(rows.map((a) => a.serviceId))].sort();
  for (let i = months - 1; i >= 0; i--) {
    const day = addMonths(thisMonth, -i);
    for (const serviceId of services) {
      const assigned = rows
        .filter((a) => a.serviceId === serviceId && a.assignedOn <= day && day <= a.expiresOn && (a.endedOn === null || day < a.endedOn))
        .reduce((n, a) => n + s.quantityOn(a.id, day), 0);
      const snap = s.snapshot(customerId, serviceId, day);
      points.push({ month: day.slice(0, 7), day, serviceId, serviceName: serviceById(serviceId)!.name, assigned, consumed: snap?.value ?? null });
    }
  }
  return points;
}
