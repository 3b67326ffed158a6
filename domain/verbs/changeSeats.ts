import { eq } from "drizzle-orm";
import { z } from "zod";
import { assignments } from "../../db/schema";
import { lockLifts, peakQuantity, poolOf, recordQuantity, requireActiveAssignment, unitWord, type AssignmentRow } from "../assignments";
import { recordAudit } from "../context";
import { actingPartner, getOwnCustomer, getService, requireAdministrator, requireConnected, todayFor } from "../internal";
import { fail } from "../outcome";
import { availableOn, sourceOfPool } from "../sources";
import { defineVerb, idInput, quantityInput } from "../verb";

export const ChangeSeatsInput = z.object({ customerId: idInput, serviceId: idInput, quantity: quantityInput });
export type ChangeSeatsInput = z.input<typeof ChangeSeatsInput>;

export interface ChangeSeatsResult {
  before: AssignmentRow;
  after: AssignmentRow;
}

/**
 * Sets the quantity of a customer's active subscription. A5: no reduction within 31 days of the
 * initial assignment; increases any time within capacity (P8, T2; for Fly only seats above the
 * assignment's peak are new consumption, A9).
 */
export const changeSeats = defineVerb(ChangeSeatsInput, (ctx, input): ChangeSeatsResult => {
  requireAdministrator(ctx);
  const partner = actingPartner(ctx);
  const customer = getOwnCustomer(ctx, partner, input.customerId);
  requireConnected(customer);
  const service = getService(input.serviceId);
  const today = todayFor(ctx, partner);
  const before = requireActiveAssignment(ctx, customer, service.id, service.name, today);
  const after = applyQuantity(ctx, partner.id, before, input.quantity, today, "seats");
  recordAudit(ctx, { partnerId: partner.id, action: "seats", entityType: "assignment", entityId: before.id, customerId: customer.id, before, after });
  return { before, after };
});

/** The quantity change shared by `seats` and auto-adjust (P6): the same A5 and P8 checks. */
export function applyQuantity(
  ctx: Parameters<typeof changeSeats>[0],
  partnerId: string,
  before: AssignmentRow,
  quantity: number,
  today: string,
  reason: "seats" | "auto_adjust",
): AssignmentRow {
  if (quantity === before.quantity) {
    fail("NOTHING_TO_CHANGE", "A5", `The subscription already has ${quantity}.`);
  }
  if (quantity < before.quantity && today < lockLifts(before.assignedOn)) {
    const from = lockLifts(before.assignedOn);
    fail(
      "SEAT_REDUCTION_TOO_EARLY",
      "A5",
      `Seats cannot be reduced within 31 days of the assignment on ${before.assignedOn}. You can reduce them from ${from}; until then you can only add.`,
      from,
    );
  }
  if (quantity > before.quantity) {
    const source = sourceOfPool(ctx, poolOf(ctx, before));
    const extra = source.service.fly ? Math.max(0, quantity - peakQuantity(ctx, before.id)) : quantity - before.quantity;
    const available = availableOn(ctx, source, partnerId, today);
    if (extra > available) {
      fail(
        "INSUFFICIENT_CAPACITY",
        "P8",
        `Only ${Math.max(0, available)} more ${unitWord(source.service.unit)} are free in pool ${before.poolId}; raising to ${quantity} needs ${extra}.`,
      );
    }
  }
  ctx.db.update(assignments).set({ quantity }).where(eq(assignments.id, before.id)).run();
  recordQuantity(ctx, before.id, quantity, today, reason);
  return { ...before, quantity };
}
