/** R2/B2 customer usage (`usage [customer] [today | YYYY-MM]`), with one customer's six-cycle trend. */
import { pickCard, usageReportCard, type UsageLineData, type UsageTrendSeries } from "../../../cards";
import { firstOfMonth, formatDay } from "../../../domain/dates";
import { ownCustomer } from "../../../domain/lookups";
import { customerUsage, usageAsOf, usageTrend, type UsageLine, type UsagePeriod } from "../../../domain/queries";
import { count, plural, quantity, quote, range } from "../format";
import { notice, unknownCustomerId } from "../notices";
import { resolveCustomer } from "../resolve";
import type { Session } from "../session";
import type { Reply } from "../types";
import { clip, monthLabel, REPORT_PAGE, scope, shiftMonth, signed, usageAsOfLine } from "./common";

/** `usage`, `usage fabrikam`, `usage 2026-03`, `usage fabrikam today`: the period checked, the name resolved. */
export function usageText(s: Session, customer: string, period: string): Reply {
  const bad = badPeriod(s, period);
  if (bad) return bad;
  if (!customer) return usagePage(s, undefined, period, 0);
  const m = resolveCustomer(s.q, customer);
  if (m.kind === "match") return usagePage(s, m.customer.id, period, 0);
  const list = m.kind === "ambiguous" ? m.candidates : m.suggestions;
  return {
    attachments: [
      pickCard({
        message: m.kind === "ambiguous" ? `${list.length} customers match ${quote(customer)}.` : `I don't know a customer called ${quote(customer)}.`,
        prompt: list.length ? (m.kind === "ambiguous" ? "Whose usage do you want?" : "Did you mean one of these?") : "Type usage to see every customer's usage.",
        options: list.map((c) => ({ title: c.name, detail: "", text: `usage ${c.id} ${period}` })),
        form: "",
        customerId: "",
      }),
    ],
  };
}

/** A billing cycle that has not begun has no snapshot yet (B2): say so rather than show zeros. */
function badPeriod(s: Session, period: string): Reply | undefined {
  if (period === "today") return undefined;
  if (`${period}-01` > s.q.today) {
    return notice(
      "That billing cycle has not started",
      `The cycle of ${monthLabel(period)} starts on ${formatDay(`${period}-01`)}. Type usage for today's figures, or usage and an earlier month (YYYY-MM).`,
      "Warning",
    );
  }
  return undefined;
}

function toPeriod(period: string): UsagePeriod {
  return period === "today" ? { kind: "today" } : { kind: "cycle", month: period };
}

/** One page of R2: every customer's usage (paged by customer), or one customer's (paged by service, with the trend). */
export function usagePage(s: Session, customerId: string | undefined, period: string, offset: number): Reply {
  const bad = badPeriod(s, period);
  if (bad) return bad;
  const p = toPeriod(period);
  let name = "";
  if (customerId !== undefined) {
    const c = ownCustomer(s.q, customerId);
    if (!c) return unknownCustomerId();
    name = c.name;
  }
  const one = customerId !== undefined;
  const report = one
    ? customerUsage(s.q, { period: p, customerId })
    : customerUsage(s.q, { period: p, offset, limit: REPORT_PAGE.usageCustomers });

  // Group the lines by customer, in the report's order.
  const byCustomer = new Map<string, { id: string; name: string; lines: UsageLine[] }>();
  for (const l of report.lines) {
    const c = byCustomer.get(l.customerId) ?? { id: l.customerId, name: l.customerName, lines: [] };
    c.lines.push(l);
    byCustomer.set(l.customerId, c);
  }
  let groups = [...byCustomer.values()];
  let hasMore: boolean;
  let nextOffset: number;
  let summary: string;
  if (one) {
    // One customer: its services paged.
    const from = offset < report.lines.length ? offset : 0;
    const lines = report.lines.slice(from, from + REPORT_PAGE.usageLines);
    groups = lines.length ? [{ id: customerId!, name, lines }] : [];
    hasMore = from + lines.length < report.lines.length;
    nextOffset = from + lines.length;
    summary = report.lines.length === 0 ? `${name} had no active services on ${report.day}.` : `Services ${range(from, lines.length, report.lines.length)}`;
  } else {
    // Every customer: whole customers until the line budget; a customer with more services than a
    // page shows its first ones alone, and its own view (a click on its name) pages them all.
    const kept: typeof groups = [];
    let lines = 0;
    let cut = 0;
    for (const g of groups) {
      if (kept.length > 0 && lines + g.lines.length > REPORT_PAGE.usageLines) break;
      kept.push({ ...g, lines: g.lines.slice(0, REPORT_PAGE.usageLines) });
      lines += Math.min(g.lines.length, REPORT_PAGE.usageLines);
      cut += Math.max(0, g.lines.length - REPORT_PAGE.usageLines);
    }
    groups = kept;
    hasMore = offset + kept.length < report.total && kept.length > 0;
    nextOffset = offset + kept.length;
    summary =
      report.total === 0
        ? "No customer had an active service on that day."
        : kept.length === 0
          ? `Nothing more to show: ${plural(report.total, "customer")} in all.`
          : `Customers ${range(offset, kept.length, report.total)}${cut ? ` · ${plural(cut, "more service")} of ${clip(kept[0]!.name, 60)}: open it for all` : ""}`;
  }
  const over = groups.reduce((n, g) => n + g.lines.filter((l) => l.over > 0).length, 0);
  if (over > 0) summary += ` · ${plural(over, "service")} consuming more than assigned (P6)`;

  const trend = one ? trendOf(s, customerId!) : { series: [], facts: [], note: "" };
  return {
    attachments: [
      usageReportCard({
        heading: one ? `Usage: ${clip(name, 120)}` : "Customer usage",
        scope: scope(s, p.kind === "today" ? `${report.label}; change since ${formatDay(firstOfMonth(report.day))}` : report.label),
        ...usageAsOfLine(usageAsOf(s.q, { day: report.day, ...(one ? { customerId } : {}) }), report.day),
        summary,
        notice: "",
        customerId: customerId ?? "",
        period,
        today: p.kind === "today",
        periods: periodChoices(s, period),
        lines: groups.flatMap((g) => g.lines.map((l, i) => lineData(l, i === 0 ? clip(g.name, 120) : ""))),
        trend: trend.series,
        trendFacts: trend.facts,
        trendNote: trend.note,
        hasMore,
        nextOffset,
      }),
    ],
  };
}

function lineData(l: UsageLine, customer: string): UsageLineData {
  return {
    customerId: l.customerId,
    customer,
    service: l.serviceName,
    assigned: quantity(l.assigned, l.unit),
    assignedChange: signed(l.assignedChange),
    consumed: l.consumed === null ? "not measured" : quantity(l.consumed, l.unit),
    consumedChange: signed(l.consumedChange),
    measuredOn: l.measuredOn ?? "–",
    over: l.over > 0 ? `${quantity(l.over, l.unit)} over assigned (P6)` : "",
  };
}

/** Today and the six most recent cycles (and the one shown, if older). */
function periodChoices(s: Session, shown: string): { title: string; value: string }[] {
  const month = s.q.today.slice(0, 7);
  const months = Array.from({ length: 6 }, (_, i) => shiftMonth(month, -i));
  if (shown !== "today" && !months.includes(shown)) months.push(shown);
  return [{ title: `Today, ${formatDay(s.q.today)}`, value: "today" }, ...months.map((m) => ({ title: `Billing cycle ${monthLabel(m)}`, value: m }))];
}

const TREND_SERVICES = 3;

/** B2: six cycles per service: assigned and consumed lines for the largest services, and facts for clients without charts. */
function trendOf(s: Session, customerId: string): { series: UsageTrendSeries[]; facts: { title: string; value: string }[]; note: string } {
  const points = usageTrend(s.q, customerId);
  if (points.length === 0) return { series: [], facts: [], note: "" };
  const months = [...new Set(points.map((p) => p.month))].sort();
  const last = months[months.length - 1]!;
  const services = [...new Set(points.map((p) => p.serviceId))]
    .map((id) => ({ id, name: points.find((p) => p.serviceId === id)!.serviceName, size: points.filter((p) => p.serviceId === id && p.month === last).reduce((n, p) => n + p.assigned, 0) }))
    .sort((a, b) => b.size - a.size || a.name.localeCompare(b.name));
  const shown = services.slice(0, TREND_SERVICES);
  const series: UsageTrendSeries[] = [];
  for (const svc of shown) {
    const mine = points.filter((p) => p.serviceId === svc.id);
    const label = clip(svc.name, 40);
    series.push({ legend: `${label}: assigned`, values: mine.map((p) => ({ x: p.month, y: p.assigned })) });
    const consumed = mine.filter((p) => p.consumed !== null).map((p) => ({ x: p.month, y: p.consumed! }));
    if (consumed.length) series.push({ legend: `${label}: consumed`, values: consumed });
  }
  const facts = months.map((m) => ({
    title: monthLabel(m),
    value: shown
      .map((svc) => {
        const p = points.find((x) => x.serviceId === svc.id && x.month === m);
        return `${clip(svc.name, 40)} ${p ? `${count(p.consumed ?? 0)}${p.consumed === null ? " (not measured)" : ""} of ${count(p.assigned)}` : "–"}`;
      })
      .join(" · "),
  }));
  const note = services.length > shown.length ? `The chart shows the ${shown.length} largest of ${services.length} services; the table lists them all.` : "";
  return { series, facts, note };
}
