/**
 * Every report as a table for CSV export: the same read models as the cards, every row rather than
 * a page, figures as plain numbers (no units, no thousands separators) so a spreadsheet can sum them.
 * The partner is the session's (from the signed link), and every id is checked for it again (U2).
 */
import type { ActionPayload, OperationRange, OperationStatus } from "../../../cards";
import { RANGE_DAYS } from "../../../cards";
import { serviceById } from "../../../domain/catalog";
import {
  customerOperations,
  customerStorage,
  customerUsage,
  JOB_STATUSES,
  lastDays,
  paygBill,
  serviceOperations,
  sourceCustomers,
  storageConsumption,
  type UsagePeriod,
} from "../../../domain/queries";
import { measureSources, visibleSource } from "../../../domain/queries/subscriptions";
import { ownCustomer } from "../../../domain/lookups";
import type { Session } from "../session";
import { billMonth } from "./bill";
import { subscriptionRows } from "./pools";

export type Cell = string | number | boolean | null;

export interface CsvTable {
  /** The file name offered to the browser. */
  filename: string;
  header: string[];
  /**
   * The rows, in batches computed as they are read: the route writes each and yields to the event
   * loop before the next, so a 5,000-customer export never holds the bot's other requests for long.
   */
  batches: Iterable<Cell[][]>;
}

/** Customers per batch of the large exports (usage, storage). */
export const EXPORT_BATCH = 250;

/** What a link exports: the report and its parameters, as the Export CSV button sent them. */
export type ExportRequest = ActionPayload<"report.export">;

/** Why a request cannot be exported: a parameter missing, or an id that is not the partner's. */
export type ExportProblem = { problem: "missing"; what: string } | { problem: "not-found" };

/** The table of a report, or why there is none. */
export function exportTable(s: Session, r: ExportRequest): CsvTable | ExportProblem {
  const q = s.q;
  const r3 = (): { range: OperationRange; status: OperationStatus | "" } => ({ range: r.range ?? "30d", status: r.status ?? "" });
  switch (r.report) {
    case "pools": {
      if (r.serviceId && !serviceById(r.serviceId)) return { problem: "not-found" };
      const rows = subscriptionRows(s, r.serviceId);
      return {
        filename: `subscription-usage${r.serviceId ? `-${r.serviceId}` : ""}-${q.today}.csv`,
        header: ["service", "pool_ids", "merged", "channels", "payment_model", "payment_options", "start", "end", "quantity", "assigned", "fly_consumed", "available", "utilization_percent", "customers", "via_lar", "msp_allocations"],
        batches: [rows.map((u) => [
          u.serviceName,
          u.pools.map((p) => p.id).join("; "),
          u.merged,
          u.channels.join("; "),
          u.paymentModel,
          u.paymentOptions.join("; "),
          u.start,
          u.end,
          u.quantity,
          u.assigned,
          u.consumed,
          u.available,
          u.utilization === null || !Number.isFinite(u.utilization) ? null : Math.round(u.utilization * 1000) / 10,
          u.customers,
          u.viaLar,
          u.allocations.map((a) => `${a.mspName}: ${a.allocated} allocated, ${a.inUse} in use`).join("; "),
        ])],
      };
    }
    case "pool": {
      if (!r.key) return { problem: "missing", what: "pool" };
      const source = visibleSource(q, r.key);
      if (!source) return { problem: "not-found" };
      const u = measureSources(q, [source])[0]!;
      const name = `pool-${safe(source.pools[0]!.id)}-${q.today}.csv`;
      if (q.kind === "lar") {
        return {
          filename: name,
          header: ["msp", "allocated", "in_use", "available"],
          batches: [u.allocations.map((a) => [a.mspName, a.allocated, a.inUse, a.allocated - a.inUse])],
        };
      }
      return {
        filename: name,
        header: ["customer_id", "customer", "service", "pool_id", "quantity", "unit", "assigned_on", "expires_on"],
        batches: [sourceCustomers(q, r.key).map((c) => [c.customerId, c.customerName, u.serviceName, c.poolId, c.quantity, u.unit, c.assignedOn, c.expiresOn])],
      };
    }
    case "usage": {
      const period = r.period ?? "today";
      if (period !== "today" && `${period}-01` > q.today) return { problem: "not-found" };
      if (r.customerId && !ownCustomer(q, r.customerId)) return { problem: "not-found" };
      const p: UsagePeriod = period === "today" ? { kind: "today" } : { kind: "cycle", month: period };
      const customerId = r.customerId;
      return {
        filename: `usage-${customerId ? `${safe(customerId)}-` : ""}${period === "today" ? `today-${q.today}` : period}.csv`,
        header: ["customer_id", "customer", "service", "unit", "day", "assigned", "assigned_change_since_1st", "consumed", "consumed_change_since_1st", "measured_on", "over_assigned"],
        batches: (function* () {
          // By customer, a batch at a time (the read model pages by customer).
          for (let offset = 0; ; offset += EXPORT_BATCH) {
            const report = customerUsage(q, { period: p, ...(customerId ? { customerId } : {}), offset, limit: EXPORT_BATCH });
            yield report.lines.map((l) => [l.customerId, l.customerName, l.serviceName, l.unit, report.day, l.assigned, l.assignedChange, l.consumed, l.consumedChange, l.measuredOn, l.over]);
            if (offset + EXPORT_BATCH >= report.total) return;
          }
        })(),
      };
    }
    case "operations": {
      const { range, status } = r3();
      const range3 = lastDays(q, RANGE_DAYS[range], status || undefined);
      const report = customerOperations(q, range3);
      return {
        filename: `operations-${range}${status ? `-${status}` : ""}-${q.today}.csv`,
        header: ["service", "from", "to", "jobs", ...JOB_STATUSES, "customers"],
        batches: [report.services.map((x) => [x.serviceName, range3.from, range3.to, x.total, ...JOB_STATUSES.map((st) => x.byStatus[st]), x.customers])],
      };
    }
    case "operations-service": {
      if (!r.serviceId) return { problem: "missing", what: "service" };
      const service = serviceById(r.serviceId);
      if (!service) return { problem: "not-found" };
      const { range, status } = r3();
      const rows = serviceOperations(q, r.serviceId, lastDays(q, RANGE_DAYS[range], status || undefined));
      return {
        filename: `operations-${safe(r.serviceId)}-${range}${status ? `-${status}` : ""}-${q.today}.csv`,
        header: ["customer_id", "customer", "service", "jobs", ...JOB_STATUSES, "last_started_at"],
        batches: [rows.map((c) => [c.customerId, c.customerName, service.name, c.total, ...JOB_STATUSES.map((st) => c.byStatus[st]), c.lastStartedAt])],
      };
    }
    case "storage": {
      return {
        filename: `storage-${q.today}.csv`,
        header: ["customer_id", "customer", "customer_total_gb", "service", "gb", "measured_on"],
        batches: (function* () {
          for (let offset = 0; ; offset += EXPORT_BATCH) {
            const report = storageConsumption(q, { offset, limit: EXPORT_BATCH });
            yield report.rows.flatMap((c) => c.services.map((x) => [c.customerId, c.customerName, c.gb, x.serviceName, x.gb, x.measuredOn]));
            if (offset + EXPORT_BATCH >= report.customers) return;
          }
        })(),
      };
    }
    case "storage-customer": {
      if (!r.customerId) return { problem: "missing", what: "customer" };
      if (!ownCustomer(q, r.customerId)) return { problem: "not-found" };
      const c = customerStorage(q, r.customerId);
      return {
        filename: `storage-${safe(r.customerId)}-${q.today}.csv`,
        header: ["customer_id", "customer", "customer_total_gb", "service", "gb", "measured_on"],
        batches: [(c?.services ?? []).map((x) => [c!.customerId, c!.customerName, c!.gb, x.serviceName, x.gb, x.measuredOn])],
      };
    }
    case "bill": {
      const month = billMonth(s, r.month);
      if (month > q.today.slice(0, 7)) return { problem: "not-found" };
      const bill = paygBill(q, month);
      return {
        filename: `payg-bill-${month}.csv`,
        header: ["month", "service", "customer_id", "customer", "assignment_id", "billed_quantity", "unit", "billable_from", "billable_to", "days", "minimum_31_days_applied", "reason"],
        batches: [bill.lines.map((l) => [month, l.serviceName, l.customerId, l.customerName, l.assignmentId, l.quantity, serviceById(l.serviceId)?.unit ?? "", l.from, l.to, l.days, l.minimumApplied, l.reason])],
      };
    }
  }
}

/** An id as part of a file name: letters, digits, dot, dash and underscore only. */
function safe(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 60);
}
