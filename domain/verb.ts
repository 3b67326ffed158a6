import { z } from "zod";
import { inTransaction, type Ctx } from "./context";
import { isDay } from "./dates";
import { refuse, type Outcome } from "./outcome";

/** Shared input pieces: the domain re-validates whatever the bot or an import hands it. */
export const idInput = z.string().trim().min(1, "is required").max(200, "is too long");
export const dayInput = z.string().refine(isDay, "must be a date written YYYY-MM-DD");
/** Seats, GB, objects or units: whole and positive; anything above a million is a typo, not a purchase. */
export const quantityInput = z
  .number({ invalid_type_error: "must be a number" })
  .int("must be a whole number")
  .positive("must be at least 1")
  .max(1_000_000, "is more than 1,000,000");

/** Names every zod problem with its path, as the import does: `services[1].quantity: must be at least 1`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${formatPath(i.path)}: ${i.message}` : i.message)).join("; ");
}

export function formatPath(path: (string | number)[]): string {
  return path.reduce<string>((s, p) => (typeof p === "number" ? `${s}[${p}]` : s ? `${s}.${p}` : p), "");
}

/**
 * A domain verb: its input parsed with zod (a bad input is a refusal, never an exception), its body
 * run as one write transaction that a refusal rolls back.
 */
export function defineVerb<S extends z.ZodTypeAny, R>(schema: S, body: (ctx: Ctx, input: z.output<S>) => R) {
  return (ctx: Ctx, input: z.input<S>): Outcome<R> => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) return refuse("INVALID_INPUT", "input", describeZodError(parsed.error));
    return inTransaction(ctx, () => body(ctx, parsed.data));
  };
}
