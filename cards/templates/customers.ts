import { execute, submit } from "../actions";
import { defineTemplate } from "../render";
import { actionSet, card, subtle, text, title } from "./parts";

export interface CustomerRowData {
  id: string;
  name: string;
  /** "Connected" or "Disconnected". */
  status: string;
  connected: boolean;
  /** "3 services". */
  services: string;
  /** Active seats, formatted: "12,240". */
  seats: string;
  /** "2026-05-01 (in 12 days)", or "none". */
  nearestExpiry: string;
}

export interface CustomersCardData {
  /** "Customers", or "Customers matching “fab”". */
  heading: string;
  /** "1–10 of 12", or the empty-list sentence. */
  summary: string;
  rows: CustomerRowData[];
  /** The name filter, carried by the More button. */
  filter: string;
  hasMore: boolean;
  nextOffset: number;
}

/** The customers list (`customers [text]`): status, seats and nearest expiry, paged with More. */
export const customersTemplate = defineTemplate<CustomersCardData>(
  "customers",
  card([
    title("${heading}"),
    subtle("${summary}"),
    {
      type: "ColumnSet",
      $when: "${count(rows) > 0}",
      spacing: "Medium",
      columns: [
        { type: "Column", width: "stretch", items: [text("Customer", { weight: "Bolder", size: "Small" })] },
        { type: "Column", width: "70px", items: [text("Seats", { weight: "Bolder", size: "Small", horizontalAlignment: "Right" })] },
        { type: "Column", width: "150px", items: [text("Nearest expiry", { weight: "Bolder", size: "Small", horizontalAlignment: "Right" })] },
      ],
    },
    {
      $data: "${rows}",
      type: "ColumnSet",
      separator: true,
      spacing: "Small",
      selectAction: submit("Open", "customer.open", { customerId: "${id}" }),
      columns: [
        {
          type: "Column",
          width: "stretch",
          items: [
            text("${name}", { color: "Accent", weight: "Bolder" }),
            subtle("${status} · ${services}", { color: "${if(connected, 'Default', 'Attention')}" }),
          ],
        },
        { type: "Column", width: "70px", items: [text("${seats}", { horizontalAlignment: "Right" })] },
        { type: "Column", width: "150px", items: [text("${nearestExpiry}", { horizontalAlignment: "Right" })] },
      ],
    },
    actionSet([execute("More", "customers.list", { text: "${filter}", offset: "${nextOffset}" }, { $when: "${hasMore}" }), submit("Home", "home")], { spacing: "Medium" }),
  ]),
);
