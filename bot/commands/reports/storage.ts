/** R4 storage consumption (`report storage`) and one customer's storage by service. */
import { storageCustomerReportCard, storageReportCard } from "../../../cards";
import { ownCustomer } from "../../../domain/lookups";
import { customerStorage, storageConsumption } from "../../../domain/queries";
import { plural, range } from "../format";
import { unknownCustomerId } from "../notices";
import type { Session } from "../session";
import type { Reply } from "../types";
import { clip, gb, REPORT_PAGE, scope, today, usageAsOfLine } from "./common";

/** One page of R4: the total over every customer, then customers by storage, largest first. */
export function storagePage(s: Session, offset: number): Reply {
  const report = storageConsumption(s.q, { offset, limit: REPORT_PAGE.storage });
  // A page past the end (a stale More button) shows the first page rather than none.
  if (report.rows.length === 0 && offset > 0) return storagePage(s, 0);
  const rows = report.rows;
  return {
    attachments: [
      storageReportCard({
        heading: "Storage consumption",
        scope: scope(s, `${today(s)} · each service's latest measurement`),
        ...usageAsOfLine(report.newest, s.q.today, "newest storage measurement"),
        summary: report.customers === 0 ? "No storage measured for your customers yet." : `Customers ${range(offset, rows.length, report.customers)}, largest first`,
        notice: "",
        total: gb(report.totalGb),
        rows: rows.map((c) => ({
          id: c.customerId,
          name: clip(c.customerName, 120),
          gb: gb(c.gb),
          services: plural(c.services.length, "service"),
          measuredOn: c.services.reduce((d, x) => (x.measuredOn > d ? x.measuredOn : d), ""),
        })),
        chart: rows.slice(0, 10).map((c) => ({ label: clip(c.customerName, 32), gb: Math.round(c.gb * 10) / 10, value: gb(c.gb) })),
        hasMore: offset + rows.length < report.customers,
        nextOffset: offset + rows.length,
      }),
    ],
  };
}

/** R4's detail: one customer's storage by service. */
export function storageCustomerPage(s: Session, customerId: string): Reply {
  const c = ownCustomer(s.q, customerId);
  if (!c) return unknownCustomerId();
  const row = customerStorage(s.q, customerId);
  const services = row?.services ?? [];
  const newest = services.reduce<string | null>((d, x) => (d === null || x.measuredOn > d ? x.measuredOn : d), null);
  return {
    attachments: [
      storageCustomerReportCard({
        heading: `Storage: ${clip(c.name, 120)}`,
        scope: scope(s, `${today(s)} · each service's latest measurement`),
        ...usageAsOfLine(newest, s.q.today, "newest storage measurement"),
        summary: services.length === 0 ? "No storage measured for this customer." : plural(services.length, "service"),
        notice: "",
        customerId,
        total: gb(row?.gb ?? 0),
        services: services.map((x) => ({ service: x.serviceName, gb: gb(x.gb), measuredOn: x.measuredOn })),
      }),
    ],
  };
}
