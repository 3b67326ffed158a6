/** How figures, dates and words read on cards: one place, so every card says things the same way. */
import { CHANNEL_LABEL, OPTION_LABEL, type Channel, type PaymentOption } from "../../domain/rules/pools";
import { wallClockInZone } from "../../domain/dates";

const NUMBER = new Intl.NumberFormat("en-US");

export function count(n: number): string {
  return NUMBER.format(n);
}

/** "1 customer", "3 customers". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

const UNIT: Record<string, [string, string]> = {
  user_seats: ["seat", "seats"],
  objects: ["object", "objects"],
  capacity_gb: ["GB", "GB"],
  units: ["unit", "units"],
};

/** "240 seats", "8,000 GB", "1 object". */
export function quantity(n: number, unit: string): string {
  const [one, many] = UNIT[unit] ?? ["", ""];
  return `${count(n)} ${n === 1 ? one : many}`.trim();
}

/** "seats", "GB", "objects", "units": what a quantity of the unit is called. */
export function unitsWord(unit: string): string {
  return (UNIT[unit] ?? ["", "seats"])[1];
}

/** "today", "tomorrow", "in 5 days", "yesterday", "3 days ago". */
export function relativeDays(days: number): string {
  if (days === 0) return "today";
  if (days === 1) return "tomorrow";
  if (days === -1) return "yesterday";
  return days > 0 ? `in ${count(days)} days` : `${count(-days)} days ago`;
}

export function channel(c: Channel): string {
  return CHANNEL_LABEL[c] ?? c;
}

/** "prepaid, annual upfront", "PAYG, monthly". */
export function payment(model: "prepaid" | "payg", option: PaymentOption): string {
  return `${model === "payg" ? "PAYG" : "prepaid"}, ${OPTION_LABEL[option] ?? option}`;
}

/** “text”, cut to `max` characters: for echoing what someone typed without echoing a wall of it. */
export function quote(text: string, max = 60): string {
  const t = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return `“${t}”`;
}

/** "1–10 of 12" (en dash, as a reader expects). */
export function range(offset: number, shown: number, total: number): string {
  if (shown === 0) return `none of ${count(total)}`;
  return `${count(offset + 1)}–${count(offset + shown)} of ${count(total)}`;
}

/** An ISO instant as "2026-03-05 14:02" in the partner's time zone (its reports speak its time). */
export function instant(iso: string, timeZone: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const { day, time } = wallClockInZone(at, timeZone);
  return `${day} ${time}`;
}

/** "Alex, Adele and 3 more". */
export function list(items: string[], max = 3): string {
  if (items.length === 0) return "";
  const shown = items.slice(0, max);
  const rest = items.length - shown.length;
  if (rest > 0) return `${shown.join(", ")} and ${rest} more`;
  if (shown.length === 1) return shown[0]!;
  return `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}
