/** What the report handlers share: page sizes, the "data as of" line, figures as cards show them. */
import { daysBetween, formatDay, type Day } from "../../../domain/dates";
import { partnerName } from "../../../domain/people";
import { count, instant } from "../format";
import type { Session } from "../session";

/**
 * Rows per page of each report. Each is well under Teams' 28 KB with the longest names the import
 * allows (300 characters); the report tests render the largest page of each.
 */
export const REPORT_PAGE = {
  pools: 8,
  poolCustomers: 12,
  /** Customers per page of the usage report, as many as fit in this many service lines (one customer at least). */
  usageCustomers: 6,
  usageLines: 15,
  operations: 15,
  operationsCustomers: 20,
  storage: 20,
  bill: 15,
} as const;

/** An import older than this many days is called out on the card: the figures may be stale. */
export const STALE_AFTER_DAYS = 2;

export interface AsOf {
  asOf: string;
  stale: boolean;
}

/**
 * "Data as of ..." from the newest usage measurement a report used (a day), measured against the
 * day the report is about: older than STALE_AFTER_DAYS reads as a warning, so a stale import shows.
 */
export function usageAsOfLine(newest: Day | null, day: Day, what = "newest usage record"): AsOf {
  if (newest === null) return { asOf: "Data as of: no usage recorded yet for these customers.", stale: true };
  const age = daysBetween(newest, day);
  const stale = age > STALE_AFTER_DAYS;
  return { asOf: `Data as of ${newest} (${what}${stale ? `, ${count(age)} days before ${day}: an import may be missing` : ""}).`, stale };
}

/** "Data as of ..." from the newest job (an ISO instant), in the partner's time zone. */
export function jobsAsOfLine(s: Session, newest: string | null, fallback: string | null): AsOf {
  const shown = newest ?? fallback;
  if (shown === null) return { asOf: "Data as of: no jobs recorded yet for your customers.", stale: true };
  const day = shown.slice(0, 10);
  const age = daysBetween(day, s.q.today);
  const stale = age > STALE_AFTER_DAYS;
  const when = `${instant(shown, s.q.timeZone)} (${s.q.timeZone})`;
  const what = newest ? "newest job in this range" : "no job in this range; newest job on record";
  return { asOf: `Data as of ${when}: ${what}${stale ? `, ${count(age)} days ago: an import may be missing` : ""}.`, stale };
}

/** "Contoso MSP · today, 2 March 2026". */
export function scope(s: Session, what: string): string {
  return `${partnerName(s.q)} · ${what}`;
}

export function today(s: Session): string {
  return `today, ${formatDay(s.q.today)}`;
}

const GB = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1, minimumFractionDigits: 0 });

/** "1,234.5 GB". */
export function gb(n: number): string {
  return `${GB.format(n)} GB`;
}

/** "+4", "−2", "0": a change, signed. */
export function signed(n: number | null): string {
  if (n === null) return "–";
  if (n === 0) return "0";
  return n > 0 ? `+${count(n)}` : `−${count(-n)}`;
}

/** "March 2026" for `2026-03`. */
export function monthLabel(month: string): string {
  const [, m, y] = formatDay(`${month}-01`).split(" ");
  return `${m} ${y}`;
}

/** The month before or after `YYYY-MM`. */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const i = y * 12 + (m - 1) + by;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
}

/** At most `max` items joined, with "and N more". */
export function capped(items: string[], max: number, sep = " · "): string {
  if (items.length <= max) return items.join(sep);
  return `${items.slice(0, max).join(sep)}${sep}and ${count(items.length - max)} more`;
}

/** Text cut to `max` characters (an id or name that would swell a card). */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
