import { execute } from "../actions";
import { OPERATION_RANGES, OPERATION_STATUSES } from "../report-actions";
import { defineTemplate } from "../render";
import { card, subtle, text } from "./parts";
import { num, reportFooter, reportHeader, table, td, th, withFallback, type ReportHeaderData } from "./reports-parts";

export interface OperationsServiceData {
  serviceId: string;
  service: string;
  /** "1,100 succeeded · 3 partially succeeded · 2 in progress". */
  breakdown: string;
  total: string;
  failed: string;
  /** Attention when any failed. */
  failedColor: string;
  customers: string;
}

export interface OperationsCardData extends ReportHeaderData {
  /** The filters shown, also the inputs' values: 7d, 30d or 90d, and a status or "all". */
  range: string;
  status: string;
  services: OperationsServiceData[];
  /** Jobs per status over every service, for a donut chart. */
  chart: { legend: string; value: number; color: string; text: string }[];
  hasMore: boolean;
  nextOffset: number;
}

/** The range and status pickers, with Apply: the card's filters as inputs (R3). */
export function operationsFilters(apply: object) {
  return [
    {
      type: "ColumnSet",
      spacing: "Medium",
      columns: [
        {
          type: "Column",
          width: "stretch",
          items: [
            {
              type: "Input.ChoiceSet",
              id: "range",
              label: "Time range",
              style: "compact",
              value: "${range}",
              choices: OPERATION_RANGES.map((r) => ({ title: `Last ${r.slice(0, -1)} days`, value: r })),
            },
          ],
        },
        {
          type: "Column",
          width: "stretch",
          items: [
            {
              type: "Input.ChoiceSet",
              id: "status",
              label: "Job status",
              style: "compact",
              value: "${status}",
              choices: [{ title: "All statuses", value: "all" }, ...OPERATION_STATUSES.map((s) => ({ title: STATUS_LABEL[s], value: s }))],
            },
          ],
        },
      ],
    },
    { type: "ActionSet", actions: [apply] },
  ];
}

export const STATUS_LABEL: Record<(typeof OPERATION_STATUSES)[number], string> = {
  succeeded: "Succeeded",
  failed: "Failed",
  partially_succeeded: "Partially succeeded",
  in_progress: "In progress",
  canceled: "Canceled",
};

/**
 * R3 customer operations (`report operations [7d|30d|90d] [status <s>]`): every customer's jobs
 * summarized by service, with counts by status, filtered by time range and status (typed, or with
 * the card's pickers); a service opens its customers.
 */
export const operationsReportTemplate = defineTemplate<OperationsCardData>(
  "reports-operations",
  card([
    ...reportHeader(),
    ...operationsFilters(execute("Apply", "operations.show", { offset: 0 })),
    {
      ...withFallback({ type: "Chart.Donut", title: "Jobs by status", data: [{ $data: "${chart}", legend: "${legend}", value: "${value}", color: "${color}" }] }, "${chart}", "${legend}", "${text}"),
      $when: "${count(chart) > 1}",
      spacing: "Medium",
    },
    table(
      [6, -2, -2, -2],
      [th("Service"), th("Jobs"), th("Failed"), th("Customers")],
      "${services}",
      [
        {
          type: "TableCell",
          selectAction: execute("Customers of this service", "operations.service", { serviceId: "${serviceId}", range: "${$root.range}", status: "${$root.status}", offset: 0 }),
          items: [text("${service}", { color: "Accent", weight: "Bolder" }), subtle("${breakdown}")],
        },
        num("${total}"),
        num("${failed}", { color: "${failedColor}" }),
        num("${customers}"),
      ],
      { $when: "${count(services) > 0}" },
    ),
    reportFooter({ verb: "operations.show", data: { range: "${range}", status: "${status}", offset: "${nextOffset}" } }, { report: "operations", range: "${range}", status: "${status}" }),
  ]),
);
