import { z } from "zod";

/**
 * The FAQ card's verbs and the zod schema of each one's data, merged into ACTIONS
 * (cards/actions.ts). Kept in their own module, importing nothing of cards/, so actions.ts can
 * include them without a cycle. That the entry exists is the handler's check (bot/commands/faq.ts):
 * card data is untrusted, and an id of the right shape may still name no entry.
 */

const entryId = z
  .string({ invalid_type_error: "the FAQ topic must be text", required_error: "the FAQ topic is missing" })
  .trim()
  .min(1, "the FAQ topic is missing")
  .max(100, "the FAQ topic is too long")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "the FAQ topic is not one I know");

export const FAQ_ACTIONS = {
  /** One FAQ entry, as the knowledge base words it: a topic button of an "I'm not sure" or related list. */
  "faq.open": z.object({ entryId }),
  /** "Was this helpful?": recorded as feedback on the entry (topic = entry id). */
  "faq.helpful": z.object({
    entryId,
    helpful: z.boolean({ invalid_type_error: "helpful must be yes or no", required_error: "helpful must be yes or no" }),
  }),
} as const;
