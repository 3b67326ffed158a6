import { UTCDate } from "@date-fns/utc";
import { TZDate } from "@date-fns/tz";
import {
  addDays as fnsAddDays,
  addMonths as fnsAddMonths,
  addYears as fnsAddYears,
  differenceInCalendarDays,
  endOfMonth,
  format,
  isValid,
  parseISO,
  startOfMonth,
} from "date-fns";

/**
 * A calendar day, `YYYY-MM-DD`, in a partner's time zone. The domain reasons in days, never in
 * instants: "today" is derived once from the injected clock and the partner's zone.
 */
export type Day = string;

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses a day as a UTC calendar date, so arithmetic never crosses a DST edge. */
function toDate(day: Day): UTCDate {
  return new UTCDate(`${day}T00:00:00.000Z`);
}

function toDay(date: Date): Day {
  return format(date, "yyyy-MM-dd");
}

/** True for a real calendar day in `YYYY-MM-DD` form (rejects 2026-02-30). */
export function isDay(value: string): boolean {
  if (!DAY_RE.test(value)) return false;
  const d = toDate(value);
  return isValid(d) && toDay(d) === value;
}

export function addDays(day: Day, n: number): Day {
  return toDay(fnsAddDays(toDate(day), n));
}

export function addMonths(day: Day, n: number): Day {
  return toDay(fnsAddMonths(toDate(day), n));
}

export function addYears(day: Day, n: number): Day {
  return toDay(fnsAddYears(toDate(day), n));
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: Day, to: Day): number {
  return differenceInCalendarDays(toDate(to), toDate(from));
}

export function minDay(...days: Day[]): Day {
  return days.reduce((a, b) => (b < a ? b : a));
}

export function maxDay(...days: Day[]): Day {
  return days.reduce((a, b) => (b > a ? b : a));
}

export function firstOfMonth(day: Day): Day {
  return toDay(startOfMonth(toDate(day)));
}

export function lastOfMonth(day: Day): Day {
  return toDay(endOfMonth(toDate(day)));
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant as a wall clock in an IANA time zone: the date as a Day and the time as "HH:mm". One
 * Intl formatter per zone, kept: every command asks for the partner's today, and reports print
 * times in the partner's zone.
 */
export function wallClockInZone(at: Date, timeZone: string): { day: Day; time: string } {
  let f = zoneFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    zoneFormats.set(timeZone, f);
  }
  const p: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of f.formatToParts(at)) p[part.type] = part.value;
  return { day: `${p.year!.padStart(4, "0")}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** The calendar day an instant falls on in an IANA time zone. */
export function dayInZone(now: Date, timeZone: string): Day {
  return wallClockInZone(now, timeZone).day;
}

/** True when the IANA zone name is known to this runtime. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** `2026-03-01` -> "1 March 2026"; for messages a partner admin reads. */
export function formatDay(day: Day): string {
  return format(toDate(day), "d MMMM yyyy");
}

/**
 * Parses an ISO date or date-time and returns it as a UTC ISO instant, or null. A value without a
 * zone designator is read as UTC, so the result never depends on the machine's zone.
 */
export function parseInstant(value: string): string | null {
  if (isDay(value)) return `${value}T00:00:00.000Z`;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`;
  const d = parseISO(zoned);
  return isValid(d) ? d.toISOString() : null;
}

/** The instant a day begins in an IANA time zone, as a UTC ISO string (for comparing with stored instants). */
export function startOfDayInstant(day: Day, timeZone: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, 0, 0, 0, timeZone).getTime()).toISOString();
}
