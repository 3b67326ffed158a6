import { execute, submit } from "../actions";
import { defineTemplate } from "../render";
import { actionSet, card, subtle, text, title } from "./parts";

export interface HistoryCardData {
  customerId: string;
  customerName: string;
  /** "Newest first · 1–10 of 14", or the empty-trail sentence. */
  summary: string;
  /** Who did what, when (in the partner's time zone). */
  entries: { what: string; who: string; when: string }[];
  hasMore: boolean;
  nextOffset: number;
}

/** A customer's audit trail (`history <customer>`): who changed what, when; paged. */
export const historyTemplate = defineTemplate<HistoryCardData>(
  "history",
  card([
    title("History of ${customerName}"),
    subtle("${summary}"),
    {
      $data: "${entries}",
      type: "Container",
      separator: true,
      spacing: "Small",
      items: [text("${what}"), subtle("${who} · ${when}")],
    },
    actionSet(
      [
        execute("More", "history.open", { customerId: "${customerId}", offset: "${nextOffset}" }, { $when: "${hasMore}" }),
        submit("Open customer", "customer.open", { customerId: "${customerId}" }),
        submit("Home", "home"),
      ],
      { spacing: "Medium" },
    ),
  ]),
);
