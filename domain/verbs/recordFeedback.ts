import { z } from "zod";
import { feedback } from "../../db/schema";
import { recordAudit } from "../context";
import { actingPartner } from "../internal";
import { fail } from "../outcome";
import { defineVerb } from "../verb";

export const FeedbackInput = z.object({
  text: z.string().trim().min(1, "is empty").max(4000, "is longer than 4,000 characters"),
  topic: z.string().trim().max(200).optional(),
  helpful: z.boolean().optional(),
});

/** Records feedback for the vendor; every partner user may give it, viewers too. */
export const recordFeedback = defineVerb(FeedbackInput, (ctx, input) => {
  if (ctx.actor.kind !== "user") fail("INVALID_INPUT", "input", "Feedback comes from a partner user.");
  const partner = actingPartner(ctx);
  const row = {
    partnerId: partner.id,
    aadObjectId: ctx.actor.aadObjectId,
    text: input.text,
    topic: input.topic ?? null,
    helpful: input.helpful ?? null,
    at: ctx.clock().toISOString(),
  };
  const id = Number(ctx.db.insert(feedback).values(row).run().lastInsertRowid);
  recordAudit(ctx, { partnerId: partner.id, action: "feedback", entityType: "feedback", entityId: String(id), after: row });
  return { id, ...row };
});
