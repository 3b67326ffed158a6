/** R3 customer operations (`report operations [7d|30d|90d] [status <s>]`) and one service's customers. */
import { operationsReportCard, operationsServiceReportCard, RANGE_DAYS, STATUS_LABEL, type OperationRange, type OperationStatus } from "../../../cards";
import { serviceById } from "../../../domain/catalog";
import { addDays, startOfDayInstant } from "../../../domain/dates";
import { jobsAsOf, lastDays, customerOperations, serviceOperations, JOB_STATUSES, type JobStatus } from "../../../domain/queries";
import { count, instant, plural, range } from "../format";
import { notice } from "../notices";
import type { Session } from "../session";
import type { Reply } from "../types";
import { clip, jobsAsOfLine, REPORT_PAGE, scope } from "./common";

/** Chart colours per status. */
const STATUS_COLOR: Record<JobStatus, string> = {
  succeeded: "good",
  failed: "attention",
  partially_succeeded: "warning",
  in_progress: "categoricalBlue",
  canceled: "neutral",
};

/** "1,100 succeeded · 3 partially succeeded": the statuses with jobs, most common first. */
export function breakdown(byStatus: Record<JobStatus, number>): string {
  const parts = JOB_STATUSES.filter((s) => byStatus[s] > 0).map((s) => `${count(byStatus[s])} ${STATUS_LABEL[s].toLowerCase()}`);
  return parts.length ? parts.join(" · ") : "no jobs";
}

function filterWords(s: Session, r: OperationRange, status: OperationStatus | ""): string {
  const days = lastDays(s.q, RANGE_DAYS[r]);
  return `last ${RANGE_DAYS[r]} days (${days.from} to ${days.to})${status ? ` · ${STATUS_LABEL[status].toLowerCase()} jobs only` : " · every status"}`;
}

/** The end of today in the partner's zone: "newest on record" never counts a job dated in the future. */
function before(s: Session): string {
  return startOfDayInstant(addDays(s.q.today, 1), s.q.timeZone);
}

/** One page of R3: every service with jobs in the range (of the status), with counts by status. */
export function operationsPage(s: Session, r: OperationRange, status: OperationStatus | "", offset: number): Reply {
  const report = customerOperations(s.q, lastDays(s.q, RANGE_DAYS[r], status || undefined));
  const from = offset < report.services.length ? offset : 0;
  const page = report.services.slice(from, from + REPORT_PAGE.operations);
  const totals: Record<JobStatus, number> = { succeeded: 0, failed: 0, partially_succeeded: 0, in_progress: 0, canceled: 0 };
  for (const svc of report.services) for (const st of JOB_STATUSES) totals[st] += svc.byStatus[st];
  const summary =
    report.total === 0
      ? "No jobs in this range."
      : `${plural(report.total, "job")} over ${plural(report.services.length, "service")}: ${breakdown(totals)} · services ${range(from, page.length, report.services.length)}`;
  return {
    attachments: [
      operationsReportCard({
        heading: "Customer operations",
        scope: scope(s, filterWords(s, r, status)),
        ...jobsAsOfLine(s, report.newest, report.newest ? null : jobsAsOf(s.q, before(s))),
        summary,
        notice: "",
        range: r,
        status: status || "all",
        services: page.map((svc) => ({
          serviceId: svc.serviceId,
          service: svc.serviceName,
          breakdown: `${breakdown(svc.byStatus)}`,
          total: count(svc.total),
          failed: count(svc.byStatus.failed),
          failedColor: svc.byStatus.failed > 0 ? "Attention" : "Default",
          customers: count(svc.customers),
        })),
        chart: JOB_STATUSES.filter((st) => totals[st] > 0).map((st) => ({ legend: STATUS_LABEL[st], value: totals[st], color: STATUS_COLOR[st], text: count(totals[st]) })),
        hasMore: from + page.length < report.services.length,
        nextOffset: from + page.length,
      }),
    ],
  };
}

/** R3's detail: one service's jobs per customer in the range, paged. */
export function operationsServicePage(s: Session, serviceId: string, r: OperationRange, status: OperationStatus | "", offset: number): Reply {
  const service = serviceById(serviceId);
  if (!service) return notice("I don't know that service", "Type report operations to see every service's jobs.", "Warning");
  const customers = serviceOperations(s.q, serviceId, lastDays(s.q, RANGE_DAYS[r], status || undefined));
  const from = offset < customers.length ? offset : 0;
  const page = customers.slice(from, from + REPORT_PAGE.operationsCustomers);
  let newest: string | null = null;
  for (const c of customers) if (newest === null || c.lastStartedAt > newest) newest = c.lastStartedAt;
  const total = customers.reduce((n, c) => n + c.total, 0);
  return {
    attachments: [
      operationsServiceReportCard({
        heading: `Operations: ${service.name}`,
        scope: scope(s, filterWords(s, r, status)),
        ...jobsAsOfLine(s, newest, newest ? null : jobsAsOf(s.q, before(s))),
        summary: customers.length === 0 ? `No ${service.name} jobs in this range.` : `${plural(total, "job")} · customers ${range(from, page.length, customers.length)}`,
        notice: "",
        serviceId,
        range: r,
        status: status || "all",
        customers: page.map((c) => ({
          id: c.customerId,
          name: clip(c.customerName, 120),
          breakdown: breakdown(c.byStatus),
          total: count(c.total),
          failed: count(c.byStatus.failed),
          failedColor: c.byStatus.failed > 0 ? "Attention" : "Default",
          last: instant(c.lastStartedAt, s.q.timeZone),
        })),
        hasMore: from + page.length < customers.length,
        nextOffset: from + page.length,
      }),
    ],
  };
}
