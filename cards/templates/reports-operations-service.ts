import { execute, submit } from "../actions";
import { defineTemplate } from "../render";
import { card, subtle, text } from "./parts";
import { operationsFilters } from "./reports-operations";
import { num, reportFooter, reportHeader, table, td, th, type ReportHeaderData } from "./reports-parts";

export interface OperationsCustomerData {
  id: string;
  name: string;
  /** "12 succeeded · 1 failed". */
  breakdown: string;
  total: string;
  failed: string;
  failedColor: string;
  /** The customer's newest job in the range, in the partner's time zone. */
  last: string;
}

export interface OperationsServiceCardData extends ReportHeaderData {
  serviceId: string;
  range: string;
  status: string;
  customers: OperationsCustomerData[];
  hasMore: boolean;
  nextOffset: number;
}

/** R3's detail (`operations.service`): one service's jobs per customer, with the same filters. */
export const operationsServiceReportTemplate = defineTemplate<OperationsServiceCardData>(
  "reports-operations-service",
  card([
    ...reportHeader(),
    ...operationsFilters(execute("Apply", "operations.service", { serviceId: "${serviceId}", offset: 0 })),
    table(
      [6, -2, -2, 3],
      [th("Customer"), th("Jobs"), th("Failed"), th("Last job")],
      "${customers}",
      [
        {
          type: "TableCell",
          selectAction: submit("Open customer", "customer.open", { customerId: "${id}" }),
          items: [text("${name}", { color: "Accent" }), subtle("${breakdown}")],
        },
        num("${total}"),
        num("${failed}", { color: "${failedColor}" }),
        td("${last}"),
      ],
      { $when: "${count(customers) > 0}" },
    ),
    reportFooter(
      { verb: "operations.service", data: { serviceId: "${serviceId}", range: "${range}", status: "${status}", offset: "${nextOffset}" } },
      { report: "operations-service", serviceId: "${serviceId}", range: "${range}", status: "${status}" },
      [{ ...execute("All services", "operations.show", { range: "${range}", status: "${status}", offset: 0 }), associatedInputs: "none" }],
    ),
  ]),
);
