import { execute, submit } from "../actions";
import { defineTemplate } from "../render";
import { actionSet, card, subtle, text, title } from "./parts";

export interface ExpiringRowData {
  /** True for a customer's subscription (opens the customer), false for a pool. */
  isAssignment: boolean;
  customerId: string;
  date: string;
  /** "today", "tomorrow", "in 5 days". */
  left: string;
  /** "Wide World Importers" or "Pool contoso-cense-mkt-apm". */
  what: string;
  /** "Cloud Backup for Microsoft 365 · 140 seats · pool contoso-m365-mkt-apu". */
  detail: string;
  /** Accent for the next 7 days, default otherwise. */
  color: string;
}

export interface ExpiringCardData {
  days: number;
  heading: string;
  summary: string;
  rows: ExpiringRowData[];
  hasMore: boolean;
  nextOffset: number;
}

function row(isAssignment: boolean) {
  return {
    $when: isAssignment ? "${isAssignment}" : "${!isAssignment}",
    type: "ColumnSet",
    separator: true,
    spacing: "Small",
    ...(isAssignment ? { selectAction: submit("Open customer", "customer.open", { customerId: "${customerId}" }) } : {}),
    columns: [
      {
        type: "Column",
        width: "110px",
        items: [text("${date}", { weight: "Bolder" }), subtle("${left}", { color: "${color}" })],
      },
      {
        type: "Column",
        width: "stretch",
        items: [text("${what}", isAssignment ? { color: "Accent" } : { weight: "Bolder" }), subtle("${detail}")],
      },
    ],
  };
}

/** What expires soon (`expiring [days]`): customers' subscriptions and pools, soonest first, paged. */
export const expiringTemplate = defineTemplate<ExpiringCardData>(
  "expiring",
  card([
    title("${heading}"),
    subtle("${summary}"),
    // One repeated container per row, holding the variant that fits it: a subscription opens its customer.
    { $data: "${rows}", type: "Container", spacing: "None", items: [row(true), row(false)] },
    actionSet(
      [
        execute("More", "expiring.show", { days: "${days}", offset: "${nextOffset}" }, { $when: "${hasMore}" }),
        submit("7 days", "expiring.show", { days: 7, offset: 0 }, { $when: "${days != 7}" }),
        submit("30 days", "expiring.show", { days: 30, offset: 0 }, { $when: "${days != 30}" }),
        submit("90 days", "expiring.show", { days: 90, offset: 0 }, { $when: "${days != 90}" }),
        submit("Home", "home"),
      ],
      { spacing: "Medium" },
    ),
  ]),
);
