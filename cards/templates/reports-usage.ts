import { execute, submit } from "../actions";
import { defineTemplate } from "../render";
import { card, subtle, text } from "./parts";
import { num, reportFooter, reportHeader, table, td, th, withFallback, type ReportHeaderData } from "./reports-parts";

export interface UsageLineData {
  customerId: string;
  /** The customer's name on its first line, "" on the lines after it (one table, grouped by customer). */
  customer: string;
  service: string;
  /** "240 seats". */
  assigned: string;
  /** Today only: "+4" since the 1st, "0", or "–". */
  assignedChange: string;
  /** "236 seats", or "not measured". */
  consumed: string;
  consumedChange: string;
  /** "2026-03-01": the measurement used (B2: the last one on or before the day). */
  measuredOn: string;
  /** P6: "" or "6 seats over the assigned quantity". */
  over: string;
}

export interface UsageTrendSeries {
  legend: string;
  values: { x: string; y: number }[];
}

export interface UsageCardData extends ReportHeaderData {
  /** The one customer shown, or "" for every customer. */
  customerId: string;
  /** "today" or a billing cycle, `YYYY-MM` (B2). */
  period: string;
  /** Today shows the change since the 1st; a cycle shows when each figure was measured. */
  today: boolean;
  /** The period picker's choices: today and recent cycles. */
  periods: { title: string; value: string }[];
  lines: UsageLineData[];
  /** One customer only: six billing cycles per service (B2), for a Chart.Line. */
  trend: UsageTrendSeries[];
  /** The same figures for clients without charts, a fact per cycle. */
  trendFacts: { title: string; value: string }[];
  /** "" or what the chart leaves out. */
  trendNote: string;
  hasMore: boolean;
  nextOffset: number;
}

/** The first cell: the customer (on its first line, opening its own usage) and the service. */
const serviceCell = {
  type: "TableCell",
  selectAction: execute("Usage of this customer", "usage.show", { customerId: "${customerId}", period: "${$root.period}", offset: 0 }),
  items: [
    { ...text("${customer}", { weight: "Bolder", color: "Accent" }), $when: "${customer != ''}" },
    text("${service}"),
    { ...subtle("${over}", { color: "Attention" }), $when: "${over != ''}" },
  ],
};

const todayTable = table(
  [5, -3, -2, -3, -2],
  [th("Customer and service"), th("Assigned"), th("Since 1st"), th("Consumed"), th("Since 1st")],
  "${lines}",
  [serviceCell, num("${assigned}"), num("${assignedChange}"), num("${consumed}", { color: "${if(over != '', 'Attention', 'Default')}" }), num("${consumedChange}")],
  { $when: "${today && count(lines) > 0}" },
);

const cycleTable = table(
  [5, -3, -3, 3],
  [th("Customer and service"), th("Assigned"), th("Consumed"), th("Measured on")],
  "${lines}",
  [serviceCell, num("${assigned}"), num("${consumed}", { color: "${if(over != '', 'Attention', 'Default')}" }), td("${measuredOn}")],
  { $when: "${!today && count(lines) > 0}" },
);

/**
 * R2/B2 customer usage (`usage [customer] [today | YYYY-MM]`): per customer and service, assigned and
 * consumed, for today (with the change since the 1st) or a billing cycle (the snapshot of its 1st);
 * P6 overages in attention colour. One customer's view adds a six-cycle trend chart.
 */
export const usageReportTemplate = defineTemplate<UsageCardData>(
  "reports-usage",
  card([
    ...reportHeader(),
    {
      type: "Input.ChoiceSet",
      id: "period",
      label: "Period",
      style: "compact",
      value: "${period}",
      spacing: "Medium",
      choices: [{ $data: "${periods}", title: "${title}", value: "${value}" }],
    },
    { type: "ActionSet", actions: [execute("Show", "usage.show", { customerId: "${customerId}", offset: 0 })] },
    {
      ...withFallback(
        {
          type: "Chart.Line",
          title: "Last six billing cycles (snapshot of each 1st)",
          xAxisTitle: "Billing cycle",
          yAxisTitle: "Quantity",
          colorSet: "categorical",
          data: [{ $data: "${trend}", legend: "${legend}", values: "${values}" }],
        },
        "${trendFacts}",
        "${title}",
        "${value}",
      ),
      $when: "${count(trend) > 0}",
      spacing: "Medium",
    },
    { ...subtle("${trendNote}"), $when: "${trendNote != ''}" },
    todayTable,
    cycleTable,
    reportFooter(
      { verb: "usage.show", data: { customerId: "${customerId}", period: "${period}", offset: "${nextOffset}" } },
      { report: "usage", customerId: "${customerId}", period: "${period}" },
      [
        { ...execute("All customers", "usage.show", { period: "${period}", offset: 0 }, { $when: "${customerId != ''}" }), associatedInputs: "none" },
        { ...submit("Open customer", "customer.open", { customerId: "${customerId}" }, { $when: "${customerId != ''}" }), associatedInputs: "none" },
      ],
    ),
  ]),
);
