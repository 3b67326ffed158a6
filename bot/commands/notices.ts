import { noticeCard } from "../../cards";
import type { Reply } from "./types";

/** Short answers shared by the handlers. */

/**
 * An id from card data that is not one of the speaker's customers: unknown, deleted, or another
 * partner's. All read the same, and none echoes the id (U2: nothing about another partner's data).
 */
export function unknownCustomerId(): Reply {
  return notice("I can't find that customer", "It is not a customer of your partner account. Pick one from the list, or type customer and a name.", "Warning", true);
}

export function notice(title: string, message: string, color: "Default" | "Attention" | "Warning" = "Warning", offerCustomers = false): Reply {
  return { attachments: [noticeCard({ title, message, color, offerCustomers })] };
}
