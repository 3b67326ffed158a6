import type { Day } from "../dates";
import { addDays, startOfDayInstant } from "../dates";
import { serviceById } from "../catalog";
import type { Query } from "./context";

export const JOB_STATUSES = ["succeeded", "failed", "partially_succeeded", "in_progress", "canceled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface OperationsRange {
  /** First and last day, inclusive, in the partner's time zone. */
  from: Day;
  to: Day;
  status?: JobStatus;
}

export interface ServiceOperations {
  serviceId: string;
  serviceName: string;
  total: number;
  byStatus: Record<JobStatus, number>;
  customers: number;
}

export interface OperationsReport extends OperationsRange {
  services: ServiceOperations[];
  total: number;
  /** The newest job start in the range ("data as of"), or null. */
  newest: string | null;
}

const emptyCounts = (): Record<JobStatus, number> => ({ succeeded: 0, failed: 0, partially_succeeded: 0, in_progress: 0, canceled: 0 });

/** The last `days` days up to today, as an operations range. */
export function lastDays(q: Query, days: number, status?: JobStatus): OperationsRange {
  return { from: addDays(q.today, -(days - 1)), to: q.today, ...(status ? { status } : {}) };
}

function bounds(q: Query, r: OperationsRange): [string, string] {
  return [startOfDayInstant(r.from, q.timeZone), startOfDayInstant(addDays(r.to, 1), q.timeZone)];
}

/** R3: all customers' operations summarized by service, with counts per status, in a time range. */
export function customerOperations(q: Query, range: OperationsRange): OperationsReport {
  const [from, to] = bounds(q, range);
  const rows = q.db.$client
    .prepare(
      `select j.service_id serviceId, j.status status, count(*) n, count(distinct j.customer_id) customers, max(j.started_at) newest
       from jobs j join customers c on c.id = j.customer_id
       where c.partner_id = ? and j.started_at >= ? and j.started_at < ? ${range.status ? "and j.status = ?" : ""}
       group by j.service_id, j.status`,
    )
    .all(q.partnerId, from, to, ...(range.status ? [range.status] : [])) as {
    serviceId: string;
    status: JobStatus;
    n: number;
    customers: number;
    newest: string;
  }[];
  const perService = q.db.$client
    .prepare(
      `select j.service_id serviceId, count(distinct j.customer_id) customers
       from jobs j join customers c on c.id = j.customer_id
       where c.partner_id = ? and j.started_at >= ? and j.started_at < ? ${range.status ? "and j.status = ?" : ""}
       group by j.service_id`,
    )
    .all(q.partnerId, from, to, ...(range.status ? [range.status] : [])) as { serviceId: string; customers: number }[];
  const services = new Map<string, ServiceOperations>();
  let newest: string | null = null;
  for (const r of rows) {
    const s = services.get(r.serviceId) ?? {
      serviceId: r.serviceId,
      serviceName: serviceById(r.serviceId)?.name ?? r.serviceId,
      total: 0,
      byStatus: emptyCounts(),
      customers: perService.find((p) => p.serviceId === r.serviceId)?.customers ?? 0,
    };
    s.byStatus[r.status] += r.n;
    s.total += r.n;
    services.set(r.serviceId, s);
    if (newest === null || r.newest > newest) newest = r.newest;
  }
  const list = [...services.values()].sort((a, b) => a.serviceName.localeCompare(b.serviceName));
  return { ...range, services: list, total: list.reduce((n, s) => n + s.total, 0), newest };
}

export interface CustomerOperations {
  customerId: string;
  customerName: string;
  total: number;
  byStatus: Record<JobStatus, number>;
  lastStartedAt: string;
}

/** R3's detail: one service's operations per customer in the range. */
export function serviceOperations(q: Query, serviceId: string, range: OperationsRange): CustomerOperations[] {
  const [from, to] = bounds(q, range);
  const rows = q.db.$client
    .prepare(
      `select c.id customerId, c.name customerName, j.status status, count(*) n, max(j.started_at) last
       from jobs j join customers c on c.id = j.customer_id
       where c.partner_id = ? and j.service_id = ? and j.started_at >= ? and j.started_at < ? ${range.status ? "and j.status = ?" : ""}
       group by c.id, j.status`,
    )
    .all(q.partnerId, serviceId, from, to, ...(range.status ? [range.status] : [])) as {
    customerId: string;
    customerName: string;
    status: JobStatus;
    n: number;
    last: string;
  }[];
  const byCustomer = new Map<string, CustomerOperations>();
  for (const r of rows) {
    const c = byCustomer.get(r.customerId) ?? { customerId: r.customerId, customerName: r.customerName, total: 0, byStatus: emptyCounts(), lastStartedAt: r.last };
    c.byStatus[r.status] += r.n;
    c.total += r.n;
    if (r.last > c.lastStartedAt) c.lastStartedAt = r.last;
    byCustomer.set(r.customerId, c);
  }
  return [...byCustomer.values()].sort((a, b) => a.customerName.localeCompare(b.customerName));
}
