import type { Day } from "../dates";
import { addDays, startOfDayInstant } from "../dates";
import { serviceById } from "../catalog";
import type { Query } from "./context";
import { cached } from "../../db/client";

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

/**
 * Which way to read a partner's jobs in a range. A partner with a large share of the database's
 * customers reads each service's range of the (service, status, started_at, customer) index in
 * order (no sort, no table reads, other partners' jobs filtered out); a small partner reads its own
 * customers' ranges instead, so its cost does not grow with everyone else's jobs.
 */
function byService(q: Query): boolean {
  const counts = cached(q.db, "operations.customerShare", (db) =>
    db.$client.prepare(`select (select count(*) from customers where partner_id = ?) mine, (select count(*) from customers) total`),
  ).get(q.partnerId) as { mine: number; total: number };
  return counts.mine * 4 >= counts.total;
}

const STATUS_COUNTS = JOB_STATUSES.map((s) => `sum(j.status = '${s}') ${s}`).join(", ");

/** The statement behind R3's summary: one pass, grouped by service, per plan (see `byService`). */
function summaryStatement(q: Query, wide: boolean) {
  return cached(q.db, `operations.summary:${wide ? "service" : "customer"}`, (db) =>
    db.$client.prepare(
      wide
        ? `select j.service_id serviceId, count(*) n, ${STATUS_COUNTS}, count(distinct j.customer_id) customers, max(j.started_at) newest
           from jobs j
           where j.service_id in (select id from services) and j.status in (select value from json_each(@statuses))
             and j.started_at >= @from and j.started_at < @to
             and +j.customer_id in (select id from customers where partner_id = @partnerId)
           group by j.service_id`
        : `select j.service_id serviceId, count(*) n, ${STATUS_COUNTS}, count(distinct j.customer_id) customers, max(j.started_at) newest
           from customers c cross join jobs j on j.customer_id = c.id
           where c.partner_id = @partnerId and j.started_at >= @from and j.started_at < @to
             and j.status in (select value from json_each(@statuses))
           group by j.service_id`,
    ),
  );
}

/** R3: all customers' operations summarized by service, with counts per status, in a time range. */
export function customerOperations(q: Query, range: OperationsRange): OperationsReport {
  const [from, to] = bounds(q, range);
  const statuses = JSON.stringify(range.status ? [range.status] : JOB_STATUSES);
  const rows = summaryStatement(q, byService(q)).all({ partnerId: q.partnerId, from, to, statuses }) as ({
    serviceId: string;
    n: number;
    customers: number;
    newest: string;
  } & Record<JobStatus, number>)[];
  let newest: string | null = null;
  const list: ServiceOperations[] = rows.map((r) => {
    if (newest === null || r.newest > newest) newest = r.newest;
    const byStatus = emptyCounts();
    for (const s of JOB_STATUSES) byStatus[s] = r[s];
    return { serviceId: r.serviceId, serviceName: serviceById(r.serviceId)?.name ?? r.serviceId, total: r.n, byStatus, customers: r.customers };
  });
  list.sort((a, b) => a.serviceName.localeCompare(b.serviceName));
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
  const wide = byService(q);
  const rows = cached(q.db, `operations.detail:${wide ? "service" : "customer"}`, (db) =>
    db.$client.prepare(
      wide
        ? `select c.id customerId, c.name customerName, j.status status, count(*) n, max(j.started_at) last
           from jobs j cross join customers c on c.id = j.customer_id
           where j.service_id = @serviceId and j.status in (select value from json_each(@statuses))
             and j.started_at >= @from and j.started_at < @to and c.partner_id = @partnerId
           group by c.id, j.status`
        : `select c.id customerId, c.name customerName, j.status status, count(*) n, max(j.started_at) last
           from customers c cross join jobs j on j.customer_id = c.id
           where c.partner_id = @partnerId and j.started_at >= @from and j.started_at < @to
             and j.service_id = @serviceId and j.status in (select value from json_each(@statuses))
           group by c.id, j.status`,
    ),
  ).all({ partnerId: q.partnerId, serviceId, from, to, statuses: JSON.stringify(range.status ? [range.status] : JOB_STATUSES) }) as {
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
