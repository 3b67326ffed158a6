import { historyCard } from "../../cards";
import { customerHistory, listCustomers } from "../../domain/queries";
import { describeEntry } from "./audit";
import { count, instant } from "./format";
import { unknownCustomerId } from "./notices";
import { PAGE, type Session } from "./session";
import type { Reply } from "./types";

/** `history <customer>` and its More button: the audit trail, newest first. */
export function historyPage(s: Session, customerId: string, offset: number): Reply {
  // Re-checked against the speaker's partner: an id from card data may be anyone's.
  const customer = listCustomers(s.q, { ids: [customerId] }).rows[0];
  if (!customer) return unknownCustomerId();
  // One more than the page, to know whether there is a next one.
  const rows = customerHistory(s.q, customer.id, offset + PAGE.history + 1);
  const page = rows.slice(offset, offset + PAGE.history);
  const hasMore = rows.length > offset + PAGE.history;
  const summary =
    rows.length === 0
      ? "No changes recorded yet. Changes made through the bot or by an import's automatic rules show here."
      : page.length === 0
        ? "Nothing more to show."
        : `Newest first · ${count(offset + 1)}–${count(offset + page.length)}${hasMore ? " and more" : ""} · times in ${s.q.timeZone}`;
  return {
    attachments: [
      historyCard({
        customerId: customer.id,
        customerName: customer.name,
        summary,
        entries: page.map((e) => ({ what: describeEntry(e), who: e.actorName === "system" ? "System" : e.actorName, when: instant(e.at, s.q.timeZone) })),
        hasMore,
        nextOffset: offset + page.length,
      }),
    ],
  };
}
