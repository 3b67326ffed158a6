import { z } from "zod";
import { FAQ_ACTIONS } from "./faq-actions";
import { REPORT_ACTIONS } from "./report-actions";

/**
 * The verbs card buttons send and the zod schema of each one's data, defined once: templates build
 * their buttons with `submit`/`execute` below (so a button cannot carry a field its schema does not
 * know), and the bot parses what comes back with `parseAction` (card data is untrusted: a client
 * can post anything under any verb).
 *
 * Wire shape: Action.Submit posts `{ verb, ...payload, ...inputs }` as the message's `value`;
 * Action.Execute carries `verb` and `data: { verb, ...payload }` (the verb repeated in the data so a
 * client that falls back to Submit still routes). Schemas strip unknown keys, since Submit merges
 * every input of the card into the data.
 */


export const PAGE_OFFSET_MAX = 1_000_000;
export const EXPIRING_DAYS = { min: 1, max: 365, default: 30 } as const;

/** Whole numbers arrive as numbers from our data and as strings from number inputs. */
function whole(min: number, max: number, what: string) {
  return z
    .union([z.number(), z.string().trim().regex(/^\d{1,9}$/, `${what} must be a whole number`).transform(Number)], {
      errorMap: () => ({ message: `${what} must be a whole number` }),
    })
    .pipe(
      z
        .number()
        .int(`${what} must be a whole number`)
        .min(min, `${what} must be at least ${min}`)
        .max(max, `${what} must be at most ${max}`),
    );
}

const customerId = z.string({ invalid_type_error: "the customer id must be text", required_error: "the customer id is missing" }).trim().min(1, "the customer id is missing").max(200, "the customer id is too long");
const customerName = z
  .string({ invalid_type_error: "the customer name must be text", required_error: "type a customer name first" })
  .trim()
  .min(1, "type a customer name first")
  .max(300, "a customer name has at most 300 characters");
const offset = whole(0, PAGE_OFFSET_MAX, "the page offset").default(0);

/**
 * The changes a card can ask for: each has a form (`change.form`) whose answer (`change.submit`)
 * becomes a pending change and its confirmation card. `disconnect` has no inputs: its button
 * submits straight away.
 */
export const CHANGE_FORMS = ["assign", "seats", "extend", "extendAll", "switch", "onboard", "disconnect", "owner", "adminAdd", "adminRemove", "allocate"] as const;
export type ChangeForm = (typeof CHANGE_FORMS)[number];

const changeForm = z.enum(CHANGE_FORMS, { errorMap: () => ({ message: "unknown form" }) });
const optionalId = (what: string) =>
  z
    .string({ invalid_type_error: `the ${what} id must be text` })
    .trim()
    .max(200, `the ${what} id is too long`)
    .optional()
    .transform((v) => (v === "" ? undefined : v));
const changeId = z
  .string({ invalid_type_error: "the change id must be text", required_error: "the change id is missing" })
  .trim()
  .min(1, "the change id is missing")
  .max(200, "the change id is too long");

export const ACTIONS = {
  /** The home card (help). */
  home: z.object({}),
  /** A page of the customer list, optionally filtered by name. */
  "customers.list": z.object({
    text: z.string({ invalid_type_error: "the filter must be text" }).trim().max(300, "the filter has at most 300 characters").default(""),
    offset,
  }),
  /** One customer by id (buttons), `offset` paging its services ... */
  "customer.open": z.object({ customerId, offset }),
  /** ... or by a typed name (the home card's input `name`). */
  "customer.find": z.object({ name: customerName }),
  "history.open": z.object({ customerId, offset }),
  "history.find": z.object({ name: customerName }),
  /** The home card's choice `days`, or a page of the list. */
  "expiring.show": z.object({ days: whole(EXPIRING_DAYS.min, EXPIRING_DAYS.max, "the number of days").default(EXPIRING_DAYS.default), offset }),
  "admins.show": z.object({ offset }),
  /** The home card's input `feedback`. */
  "feedback.send": z.object({
    feedback: z
      .string({ invalid_type_error: "feedback must be text", required_error: "write your feedback first" })
      .trim()
      .min(1, "write your feedback first")
      .max(4000, "feedback has at most 4,000 characters"),
  }),
  /** Opens the form of a change, prefilled with what the button knows (the customer of its card, a pool, a service). */
  "change.form": z.object({ form: changeForm, customerId: optionalId("customer"), poolId: optionalId("pool"), serviceId: optionalId("service") }),
  /**
   * A form's answer: the form and the customer it is about, plus the card's inputs, which differ by
   * form and are parsed by that form's own schema (so each problem is shown next to its field).
   */
  "change.submit": z.object({ form: changeForm, customerId: optionalId("customer") }).passthrough(),
  /** The confirmation card's buttons: the pending change they decide (domain/changes.ts). */
  "change.confirm": z.object({ changeId }),
  "change.cancel": z.object({ changeId }),
  /**
   * Runs a command as if typed: the buttons of a "which one did you mean?" card carry the command
   * with the chosen id in place of the ambiguous name. No more trusted than typed text.
   */
  "command.run": z.object({
    text: z
      .string({ invalid_type_error: "the command must be text", required_error: "the command is missing" })
      .trim()
      .min(1, "the command is missing")
      .max(1000, "the command is too long"),
  }),
  /** A button for a command a later issue builds. */
  /** The report cards' verbs (R1-R4, B1, B2, CSV export): cards/report-actions.ts. */
  ...REPORT_ACTIONS,
  /** The FAQ card's verbs: cards/faq-actions.ts. */
  ...FAQ_ACTIONS,
} as const;

export type Verb = keyof typeof ACTIONS;
export type ActionPayload<V extends Verb> = z.output<(typeof ACTIONS)[V]>;
export const VERBS = Object.keys(ACTIONS) as Verb[];

export function isVerb(verb: string): verb is Verb {
  return Object.prototype.hasOwnProperty.call(ACTIONS, verb);
}

export type ParsedAction = { [V in Verb]: { ok: true; verb: V; payload: ActionPayload<V> } }[Verb];

/** Parses a button's data under its verb: the payload, or the problems in words a user can read. */
export function parseAction(verb: string, data: unknown): ParsedAction | { ok: false; problem: "unknown-verb" | "bad-data"; messages: string[] } {
  if (!isVerb(verb)) return { ok: false, problem: "unknown-verb", messages: [] };
  if (data !== undefined && data !== null && (typeof data !== "object" || Array.isArray(data))) {
    return { ok: false, problem: "bad-data", messages: ["the button's data is not readable"] };
  }
  const parsed = ACTIONS[verb].safeParse(data ?? {});
  if (!parsed.success) return { ok: false, problem: "bad-data", messages: [...new Set(parsed.error.issues.map((i) => i.message))] };
  return { ok: true, verb, payload: parsed.data } as ParsedAction;
}

/** What a template may put in a button's data: the schema's fields, each a value or a `${...}` binding. */
export type PayloadTemplate<V extends Verb> = { [K in keyof z.input<(typeof ACTIONS)[V]>]?: z.input<(typeof ACTIONS)[V]>[K] | string };

interface ActionOptions {
  style?: "positive" | "destructive";
  /** Action.Execute only: an Action.Submit with the same data for clients without Universal Actions. */
  fallbackSubmit?: boolean;
  /** adaptivecards-templating: drop the button when the expression is false. */
  $when?: string;
  /** adaptivecards-templating: repeat the button over a list. */
  $data?: string;
}

/** An Action.Submit: the answer is posted as a new message. Use it to open something. */
export function submit<V extends Verb>(title: string, verb: V, data: PayloadTemplate<V> = {}, options: ActionOptions = {}) {
  return { ...templating(options), type: "Action.Submit", title, data: { verb, ...data }, ...(options.style ? { style: options.style } : {}) };
}

/** An Action.Execute: the answer replaces the card in place. Use it for the next page of the same card. */
export function execute<V extends Verb>(title: string, verb: V, data: PayloadTemplate<V> = {}, options: ActionOptions = {}) {
  const style = options.style ? { style: options.style } : {};
  const fallback = options.fallbackSubmit ? { fallback: { type: "Action.Submit", title, data: { verb, ...data }, ...style } } : {};
  return { ...templating(options), type: "Action.Execute", title, verb, data: { verb, ...data }, ...style, ...fallback };
}

function templating(options: ActionOptions): Record<string, string> {
  const out: Record<string, string> = {};
  if (options.$data) out.$data = options.$data;
  if (options.$when) out.$when = options.$when;
  return out;
}
