import { submit } from "../actions";
import { defineTemplate } from "../render";
import { card, subtle, text } from "./parts";
import { num, reportFooter, reportHeader, table, td, th, withFallback, type ReportHeaderData } from "./reports-parts";

export interface StorageCustomerRowData {
  id: string;
  name: string;
  /** "1,234.5 GB". */
  gb: string;
  /** "3 services". */
  services: string;
  /** Its newest measurement used. */
  measuredOn: string;
}

export interface StorageCardData extends ReportHeaderData {
  /** "12,345.6 GB": every customer's storage (R4). */
  total: string;
  rows: StorageCustomerRowData[];
  /** The page's customers by GB, for a bar chart. */
  chart: { label: string; gb: number; value: string }[];
  hasMore: boolean;
  nextOffset: number;
}

/** R4 storage consumption (`report storage`): the total, then one entry per customer, largest first; a row opens its detail by service. */
export const storageReportTemplate = defineTemplate<StorageCardData>(
  "reports-storage",
  card([
    ...reportHeader(),
    text("${total}", { size: "ExtraLarge", weight: "Bolder", spacing: "Medium" }),
    subtle("Total storage used by all your customers"),
    {
      ...withFallback(
        { type: "Chart.HorizontalBar", title: "Storage (GB)", data: [{ $data: "${chart}", x: "${label}", y: "${gb}" }], color: "categoricalBlue" },
        "${chart}",
        "${label}",
        "${value}",
      ),
      $when: "${count(chart) > 1}",
      spacing: "Medium",
    },
    table(
      [6, -3, -2, 3],
      [th("Customer"), th("Storage"), th("Services"), th("Measured")],
      "${rows}",
      [
        {
          type: "TableCell",
          selectAction: submit("Storage by service", "storage.customer", { customerId: "${id}" }),
          items: [text("${name}", { color: "Accent" })],
        },
        num("${gb}", { weight: "Bolder" }),
        num("${services}"),
        td("${measuredOn}", { isSubtle: true }),
      ],
      { $when: "${count(rows) > 0}" },
    ),
    reportFooter({ verb: "storage.show", data: { offset: "${nextOffset}" } }, { report: "storage" }),
  ]),
);
