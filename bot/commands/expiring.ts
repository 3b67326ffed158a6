import { expiringCard, EXPIRING_DAYS, type ExpiringRowData } from "../../cards";
import { expiring, type ExpiringItem } from "../../domain/queries";
import { channel, plural, quantity, range, relativeDays, count } from "./format";
import { serviceById } from "../../domain/catalog";
import { PAGE, type Session } from "./session";
import type { Reply } from "./types";
import { notice } from "./notices";

/** `expiring [days]`: customers' subscriptions and pools whose last day is within `days`, paged. */
export function expiringPage(s: Session, days: number, offset: number): Reply {
  const items = expiring(s.q, days);
  const page = items.slice(offset, offset + PAGE.expiring);
  const pools = items.filter((i) => i.kind === "pool").length;
  const subscriptions = items.length - pools;
  const window = days === 1 ? "today or tomorrow" : `the next ${count(days)} days`;
  const summary =
    items.length === 0
      ? `Nothing expires in ${window} (as of ${s.q.today}).`
      : page.length === 0
        ? `Nothing more to show: ${plural(items.length, "item")} in all.`
        : `${[subscriptions ? plural(subscriptions, "customer subscription") : "", pools ? plural(pools, "pool") : ""].filter(Boolean).join(" and ")} ${items.length === 1 ? "ends" : "end"} in ${window} · ${range(offset, page.length, items.length)} · as of ${s.q.today}`;
  return {
    attachments: [
      expiringCard({
        days,
        heading: `Expiring within ${plural(days, "day")}`,
        summary,
        rows: page.map(row),
        hasMore: page.length > 0 && offset + page.length < items.length,
        nextOffset: offset + page.length,
      }),
    ],
  };
}

function row(i: ExpiringItem): ExpiringRowData {
  const unit = serviceById(i.serviceId)?.unit ?? "user_seats";
  const base = { date: i.expiresOn, left: relativeDays(i.daysLeft), color: i.daysLeft <= 7 ? "Attention" : "Default" };
  if (i.kind === "assignment") {
    return {
      ...base,
      isAssignment: true,
      customerId: i.customerId ?? "",
      what: i.customerName ?? "",
      detail: `${i.serviceName} · ${quantity(i.quantity ?? 0, unit)} · pool ${i.poolId}`,
    };
  }
  const merged = i.id.startsWith("merged:");
  const use = i.quantity === null ? `${quantity(i.assigned ?? 0, unit)} assigned (PAYG)` : `${count(i.assigned ?? 0)} of ${quantity(i.quantity, unit)} in use`;
  return {
    ...base,
    isAssignment: false,
    customerId: "",
    // P9: a merged source ends with its last pool; that pool's id is the one commands take.
    what: `Pool ${i.poolId}`,
    detail: `${i.serviceName}${merged ? ` · merged ${channel("marketplace")} pools` : ""} · ${use}`,
  };
}

/** `expiring 999`, `expiring soon`: what the argument must be. */
export function badDays(raw: string): Reply {
  return notice(
    "expiring takes a number of days",
    `Give a whole number from ${EXPIRING_DAYS.min} to ${EXPIRING_DAYS.max}, for example expiring 30 (the default when you give none). "${raw.slice(0, 20)}" is not one.`,
  );
}
