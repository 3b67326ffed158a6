import { z } from "zod";

/**
 * The report cards' verbs and the zod schema of each one's data (R1-R4, B1, B2), merged into
 * ACTIONS (cards/actions.ts) so one parser and one set of button builders serve every card. Kept in
 * their own module, importing nothing of cards/, so actions.ts can include them without a cycle.
 */

export const REPORT_PAGE_OFFSET_MAX = 1_000_000;

/** R3's time ranges, as typed (`report operations 7d`) and offered on the card. */
export const OPERATION_RANGES = ["7d", "30d", "90d"] as const;
export type OperationRange = (typeof OPERATION_RANGES)[number];
export const RANGE_DAYS: Record<OperationRange, number> = { "7d": 7, "30d": 30, "90d": 90 };

/** Job statuses (db/schema/usage.ts jobs.status); "" is every status. */
export const OPERATION_STATUSES = ["succeeded", "failed", "partially_succeeded", "in_progress", "canceled"] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

/** What can be exported as CSV: each report, and each detail view. */
export const EXPORT_REPORTS = ["pools", "pool", "usage", "operations", "operations-service", "storage", "storage-customer", "bill"] as const;
export type ExportReport = (typeof EXPORT_REPORTS)[number];

const offset = z
  .union([z.number(), z.string().trim().regex(/^\d{1,9}$/, "the page offset must be a whole number").transform(Number)], {
    errorMap: () => ({ message: "the page offset must be a whole number" }),
  })
  .pipe(z.number().int("the page offset must be a whole number").min(0, "the page offset must be at least 0").max(REPORT_PAGE_OFFSET_MAX, "the page offset is too large"))
  .default(0);

const id = (what: string) =>
  z
    .string({ invalid_type_error: `the ${what} id must be text`, required_error: `the ${what} id is missing` })
    .trim()
    .min(1, `the ${what} id is missing`)
    .max(500, `the ${what} id is too long`);

/** An optional id: missing and "" both mean none (a template binds "" for "not this one"). */
const optionalId = (what: string) =>
  z
    .string({ invalid_type_error: `the ${what} id must be text` })
    .trim()
    .max(300, `the ${what} id is too long`)
    .optional()
    .transform((v) => (v ? v : undefined));

/** `YYYY-MM`, a real month. */
export const MONTH_RE = /^(19|20|21)\d{2}-(0[1-9]|1[0-2])$/;
const month = z.string({ invalid_type_error: "the month must be text" }).trim().regex(MONTH_RE, "the month must be written YYYY-MM");
/** B2: a billing cycle (`YYYY-MM`) or today. */
const period = z
  .string({ invalid_type_error: "the period must be text" })
  .trim()
  .toLowerCase()
  .refine((v) => v === "today" || MONTH_RE.test(v), "the period must be today or a month written YYYY-MM")
  .default("today");
const range = z.enum(OPERATION_RANGES, { errorMap: () => ({ message: "the range must be 7d, 30d or 90d" }) }).default("30d");
/** "" (or "all") is every status. */
const status = z
  .union([z.enum(OPERATION_STATUSES), z.literal(""), z.literal("all")], { errorMap: () => ({ message: "unknown job status" }) })
  .transform((v) => (v === "all" ? "" : v))
  .default("");

export const REPORT_ACTIONS = {
  /** R1: a page of the partner's pools, optionally of one service. */
  "pools.list": z.object({ serviceId: optionalId("service"), offset }),
  /** R1's detail: one pool (or merged pool, P9) by its source key, `offset` paging its customers. */
  "pool.open": z.object({ key: id("pool"), offset }),
  /** R2/B2: usage of every customer (a page) or of one, for today or a billing cycle. */
  "usage.show": z.object({ customerId: optionalId("customer"), period, offset }),
  /** R3: every service's job counts in a range; `range` and `status` are also the card's inputs. */
  "operations.show": z.object({ range, status, offset }),
  /** R3's detail: one service's customers. */
  "operations.service": z.object({ serviceId: id("service"), range, status, offset }),
  /** R4: total storage, then a page of customers. */
  "storage.show": z.object({ offset }),
  /** R4's detail: one customer's storage by service. */
  "storage.customer": z.object({ customerId: id("customer") }),
  /** B1: the PAYG bill of a month (the previous month when none is given). */
  "bill.show": z.object({ month: month.optional().or(z.literal("").transform(() => undefined)), offset }),
  /**
   * A signed, short-lived CSV link for the report the card shows: which report, and the same
   * parameters its own verb takes (each checked again, for the speaker's partner, when the link is used).
   */
  "report.export": z.object({
    report: z.enum(EXPORT_REPORTS, { errorMap: () => ({ message: "unknown report" }) }),
    serviceId: optionalId("service"),
    key: optionalId("pool"),
    customerId: optionalId("customer"),
    period: period.optional(),
    range: range.optional(),
    status: status.optional(),
    month: month.optional().or(z.literal("").transform(() => undefined)),
  }),
} as const;

export type ReportVerb = keyof typeof REPORT_ACTIONS;
export const REPORT_VERBS = Object.keys(REPORT_ACTIONS) as ReportVerb[];
