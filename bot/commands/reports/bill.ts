/** B1 PAYG bill (`bill [YYYY-MM]`): per service, then each subscription's billed quantity and why. */
import { billReportCard } from "../../../cards";
import { serviceById } from "../../../domain/catalog";
import { lastOfMonth, minDay } from "../../../domain/dates";
import { paygBill, previousMonth, usageAsOf, type Bill } from "../../../domain/queries";
import { plural, quantity, range } from "../format";
import { notice } from "../notices";
import type { Session } from "../session";
import type { Reply } from "../types";
import { capped, clip, monthLabel, REPORT_PAGE, scope, shiftMonth, usageAsOfLine } from "./common";

const SERVICES_SHOWN = 8;

/** The month a bill command means: the one typed, or the previous month (the last complete invoice). */
export function billMonth(s: Session, month: string | undefined): string {
  return month ?? previousMonth(s.q.today);
}

/** Per service: the quantity billed (B1's per-customer sums, added up) and how many customers. */
export function billByService(bill: Bill): { serviceId: string; serviceName: string; quantity: number; customers: number }[] {
  const by = new Map<string, { serviceId: string; serviceName: string; quantity: number; customers: number }>();
  for (const t of bill.totals) {
    const x = by.get(t.serviceId) ?? { serviceId: t.serviceId, serviceName: t.serviceName, quantity: 0, customers: 0 };
    x.quantity += t.quantity;
    x.customers += 1;
    by.set(t.serviceId, x);
  }
  return [...by.values()].sort((a, b) => a.serviceName.localeCompare(b.serviceName));
}

/** One page of B1 for `YYYY-MM`. */
export function billPage(s: Session, month: string, offset: number): Reply {
  const current = s.q.today.slice(0, 7);
  if (month > current) {
    return notice("That month has not begun", `There is no bill for ${monthLabel(month)} yet. Type bill for last month's, or bill and a month (YYYY-MM) up to ${current}.`, "Warning");
  }
  const bill = paygBill(s.q, month);
  const from = offset < bill.lines.length ? offset : 0;
  const page = bill.lines.slice(from, from + REPORT_PAGE.bill);
  const services = billByService(bill);
  const unit = (id: string) => serviceById(id)?.unit ?? "user_seats";
  const last = lastOfMonth(`${month}-01`);
  const toDate = month === current;
  const customers = new Set(bill.lines.map((l) => l.customerId)).size;
  return {
    attachments: [
      billReportCard({
        heading: `PAYG bill: ${monthLabel(month)}${toDate ? " (so far)" : ""}`,
        scope: scope(s, `${bill.from} to ${toDate ? s.q.today : bill.to} · each subscription billed at its largest quantity on a billable day, at least 31 days from its start (B1)`),
        ...usageAsOfLine(usageAsOf(s.q, { day: minDay(last, s.q.today) }), minDay(last, s.q.today)),
        summary:
          bill.lines.length === 0
            ? `No PAYG subscription was billable in ${monthLabel(month)}.`
            : `${plural(bill.lines.length, "subscription")} of ${plural(customers, "customer")} · ${range(from, page.length, bill.lines.length)}`,
        notice: "",
        month,
        services: services.slice(0, SERVICES_SHOWN).map((x) => ({ title: x.serviceName, value: `${quantity(x.quantity, unit(x.serviceId))} for ${plural(x.customers, "customer")}` })),
        servicesMore:
          services.length > SERVICES_SHOWN
            ? `And ${plural(services.length - SERVICES_SHOWN, "more service")}: ${capped(services.slice(SERVICES_SHOWN).map((x) => x.serviceName), 5, ", ")}. Export the CSV for every line.`
            : "",
        lines: page.map((l) => ({
          customer: clip(l.customerName, 120),
          service: l.serviceName,
          quantity: quantity(l.quantity, unit(l.serviceId)),
          days: `${l.from} to ${l.to} (${plural(l.days, "day")})`,
          reason: l.reason,
          minimum: l.minimumApplied,
        })),
        previousMonth: shiftMonth(month, -1),
        previousLabel: `◀ ${monthLabel(shiftMonth(month, -1))}`,
        nextMonth: month < current ? shiftMonth(month, 1) : "",
        nextLabel: month < current ? `${monthLabel(shiftMonth(month, 1))} ▶` : "",
        hasMore: from + page.length < bill.lines.length,
        nextOffset: from + page.length,
      }),
    ],
  };
}
