import { execute } from "../actions";
import { defineTemplate } from "../render";
import { card, heading, subtle, text } from "./parts";
import { num, reportFooter, reportHeader, table, td, th, type ReportHeaderData } from "./reports-parts";

export interface BillLineData {
  customer: string;
  service: string;
  /** "12 seats". */
  quantity: string;
  /** "2026-02-01 to 2026-02-28 (28 days)". */
  days: string;
  /** Why it is billed so (B1): the 31-day minimum, the largest quantity, the days assigned. */
  reason: string;
  /** The 31-day minimum carried the bill past the last active day. */
  minimum: boolean;
}

export interface BillCardData extends ReportHeaderData {
  /** `YYYY-MM`. */
  month: string;
  /** The invoice: billed quantity per service (B1's sum per service and customer, summed). */
  services: { title: string; value: string }[];
  servicesMore: string;
  lines: BillLineData[];
  previousMonth: string;
  previousLabel: string;
  nextMonth: string;
  nextLabel: string;
  hasMore: boolean;
  nextOffset: number;
}

/**
 * B1 PAYG bill (`bill [YYYY-MM]`): per service, then each customer subscription's billed quantity for
 * the month and why (the largest quantity on a billable day; the 31-day minimum where it applies).
 */
export const billReportTemplate = defineTemplate<BillCardData>(
  "reports-bill",
  card([
    ...reportHeader(),
    { ...heading("By service"), $when: "${count(services) > 0}" },
    { type: "FactSet", $when: "${count(services) > 0}", facts: [{ $data: "${services}", title: "${title}", value: "${value}" }] },
    { ...subtle("${servicesMore}"), $when: "${servicesMore != ''}" },
    { ...heading("Subscriptions billed"), $when: "${count(lines) > 0}" },
    table(
      [6, -2, 5],
      [th("Customer and service"), th("Billed"), th("Why")],
      "${lines}",
      [
        { type: "TableCell", items: [text("${customer}", { weight: "Bolder" }), subtle("${service}")] },
        num("${quantity}", { weight: "Bolder" }),
        { type: "TableCell", items: [text("${days}", { size: "Small" }), subtle("${reason}", { color: "${if(minimum, 'Warning', 'Default')}" })] },
      ],
      { $when: "${count(lines) > 0}" },
    ),
    reportFooter({ verb: "bill.show", data: { month: "${month}", offset: "${nextOffset}" } }, { report: "bill", month: "${month}" }, [
      { ...execute("${previousLabel}", "bill.show", { month: "${previousMonth}", offset: 0 }), associatedInputs: "none" },
      { ...execute("${nextLabel}", "bill.show", { month: "${nextMonth}", offset: 0 }, { $when: "${nextMonth != ''}" }), associatedInputs: "none" },
    ]),
  ]),
);
