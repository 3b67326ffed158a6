import { eq } from "drizzle-orm";
import { z } from "zod";
import { assignments } from "../../db/schema";
import { lockLifts, placeAssignment, poolOf, requireActiveAssignment, type AssignmentRow } from "../assignments";
import { recordAudit } from "../context";
import { actingPartner, getOwnCustomer, getService, getVisiblePool, requireAdministrator, requireConnected, todayFor } from "../internal";
import { fail } from "../outcome";
import { sourceOfPool } from "../sources";
import { dayInput, defineVerb, idInput } from "../verb";

export const SwitchPoolInput = z.object({
  customerId: idInput,
  serviceId: idInput,
  toPoolId: idInput,
  expiresOn: dayInput.optional(),
});
export type SwitchPoolInput = z.input<typeof SwitchPoolInput>;

export interface SwitchPoolResult {
  ended: AssignmentRow;
  assignment: AssignmentRow;
}

/**
 * A7: after 31 days from the initial assignment, moves a customer's service to another pool of the
 * same service (or the other channel). The old assignment ends today and its seats go back (Fly
 * seats stay consumed, A9); the new one starts today with the same quantity and A3's default
 * expiration for its pool, under every assignment rule.
 */
export const switchPool = defineVerb(SwitchPoolInput, (ctx, input): SwitchPoolResult => {
  requireAdministrator(ctx);
  const partner = actingPartner(ctx);
  const customer = getOwnCustomer(ctx, partner, input.customerId);
  requireConnected(customer);
  const service = getService(input.serviceId);
  const today = todayFor(ctx, partner);
  const current = requireActiveAssignment(ctx, customer, service.id, service.name, today);
  const target = getVisiblePool(ctx, partner, input.toPoolId);
  if (target.serviceId !== service.id) {
    fail("SWITCH_INVALID", "A7", `Pool ${target.id} is for ${getService(target.serviceId).name}, not ${service.name}.`);
  }
  if (sourceOfPool(ctx, target).key === sourceOfPool(ctx, poolOf(ctx, current)).key) {
    fail("SWITCH_INVALID", "A7", `${customer.name} already draws ${service.name} from that pool.`);
  }
  const from = lockLifts(current.assignedOn);
  if (today < from) {
    fail(
      "SWITCH_TOO_EARLY",
      "A7",
      `The pooled license can only be changed 31 days after the assignment on ${current.assignedOn}. You can switch ${customer.name} from ${from}.`,
      from,
    );
  }
  // End first, so the returned seats are free if the target shares a holder's allocation.
  ctx.db.update(assignments).set({ endedOn: today, endedReason: "switched" }).where(eq(assignments.id, current.id)).run();
  const ended: AssignmentRow = { ...current, endedOn: today, endedReason: "switched" };
  const placed = placeAssignment(ctx, {
    partner,
    customer,
    pool: target,
    quantity: current.quantity,
    on: today,
    expiresOn: input.expiresOn,
    today,
    replacing: current,
  });
  recordAudit(ctx, {
    partnerId: partner.id,
    action: "switch",
    entityType: "assignment",
    entityId: placed.assignment.id,
    customerId: customer.id,
    before: current,
    after: placed.assignment,
  });
  return { ended, assignment: placed.assignment };
});
