/**
 * What a person types for a quantity or a date, checked the same way whether it comes from a text
 * command or a form field: zod schemas over text whose messages name the problem in words
 * ("can't be negative", "is in the past"), so the answer can say it next to the field or after the
 * word typed. The domain checks again (it trusts nobody); these exist to answer before asking.
 */
import { z } from "zod";
import { isDay, type Day } from "../../domain/dates";

/** Anything a client may send for a field, as trimmed text ("" when absent). Numbers come as strings or numbers. */
export const raw = z.preprocess(
  (v) => (v === undefined || v === null ? "" : typeof v === "number" && Number.isFinite(v) ? String(v) : v),
  z.string({ invalid_type_error: "must be text" }).trim().max(1000, "is too long"),
);

export const QUANTITY_MAX = 1_000_000;

/**
 * A quantity of seats, GB, objects or units: whole, at least 1 (or, for a LAR taking seats back,
 * any whole number but zero), at most a million. "1,000" is read as a thousand.
 */
export function quantity(options: { signed?: boolean; required?: boolean } = {}) {
  // Four schemas in all, each built once: every typed change checks one.
  const signed = options.signed === true;
  const required = options.required !== false;
  const key = `${signed}:${required}`;
  let schema = quantities.get(key);
  if (!schema) quantities.set(key, (schema = quantitySchema({ signed, required })));
  return schema;
}

const quantities = new Map<string, ReturnType<typeof quantitySchema>>();

function quantitySchema(options: { signed: boolean; required: boolean }) {
  return raw.transform((text, ctx): number | undefined => {
    if (text === "") {
      if (options.required) ctx.addIssue({ code: "custom", message: "is required" });
      return undefined;
    }
    const plain = /^[-+]?\d{1,3}(,\d{3})+$/.test(text) ? text.replaceAll(",", "") : text;
    const issue = (message: string) => (ctx.addIssue({ code: "custom", message }), undefined);
    if (/^-\s*\d/.test(plain) && !options.signed) return issue(`can't be negative (you gave ${short(text)})`);
    if (/^[-+]?\d*[.,]\d+$/.test(plain)) return issue(`must be a whole number (you gave ${short(text)})`);
    if (!/^[-+]?\d+$/.test(plain)) return issue(`is not a number (you gave ${short(text)})`);
    const n = Number(plain);
    if (n === 0) return issue(options.signed ? "can't be zero" : "must be at least 1");
    if (Math.abs(n) > QUANTITY_MAX) return issue(`is more than ${QUANTITY_MAX.toLocaleString("en-US")}: is that a typo? (you gave ${short(text)})`);
    return n;
  });
}

/** A calendar day written YYYY-MM-DD, not before `today` (the partner's). */
export function day(today: Day, options: { required?: boolean } = {}) {
  return raw.transform((text, ctx): Day | undefined => {
    if (text === "") {
      if (options.required) ctx.addIssue({ code: "custom", message: "is required" });
      return undefined;
    }
    if (!isDay(text)) {
      ctx.addIssue({ code: "custom", message: `is not a date: write it as YYYY-MM-DD, for example ${exampleDay(today)} (you gave ${short(text)})` });
      return undefined;
    }
    if (text < today) {
      ctx.addIssue({ code: "custom", message: `is in the past (${text}); today is ${today}` });
      return undefined;
    }
    return text;
  });
}

/** An id picked in a form (a customer, pool, service or user): required unless said otherwise. */
export function picked(what: string, options: { required?: boolean } = {}) {
  return raw.pipe(z.string().max(200, `is not a ${what} I know`)).transform((text, ctx): string | undefined => {
    if (text === "") {
      if (options.required !== false) ctx.addIssue({ code: "custom", message: `pick a ${what}` });
      return undefined;
    }
    return text;
  });
}

/** The first problem of each field, by field id. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "");
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

function exampleDay(today: Day): string {
  return `${today.slice(0, 4)}-12-31`;
}

function short(text: string): string {
  return text.length > 24 ? `“${text.slice(0, 23)}…”` : `“${text}”`;
}
