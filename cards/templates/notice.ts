import { submit } from "../actions";
import { defineTemplate } from "../render";
import { actionSet, card, text } from "./parts";

export interface NoticeCardData {
  title: string;
  message: string;
  /** "Default", "Attention" (something went wrong) or "Warning" (something to fix in the request). */
  color: "Default" | "Attention" | "Warning";
  /** Offer the customer list next to Home. */
  offerCustomers: boolean;
}

/** A short answer: a refused request, an unknown or foreign id, a button whose data is not readable. */
export const noticeTemplate = defineTemplate<NoticeCardData>(
  "notice",
  card([
    text("${title}", { weight: "Bolder", color: "${color}" }),
    text("${message}"),
    actionSet([submit("Customers", "customers.list", { offset: 0 }, { $when: "${offerCustomers}" }), submit("Home", "home")]),
  ]),
);
