import { z } from "zod";
import { recordAudit } from "../context";
import { placeAssignment, type AssignmentRow } from "../assignments";
import { actingPartner, getOwnCustomer, getVisiblePool, requireAdministrator, requireConnected, todayFor } from "../internal";
import { dayInput, defineVerb, idInput, quantityInput } from "../verb";

export const AssignInput = z.object({
  customerId: idInput,
  poolId: idInput,
  quantity: quantityInput,
  expiresOn: dayInput.optional(),
});
export type AssignInput = z.input<typeof AssignInput>;

export interface AssignResult {
  assignment: AssignmentRow;
  /** The merged-pool key or the pool id the seats count against. */
  sourceKey: string;
  /** A4: the pool ends within 31 days, so the assignment expires with it. */
  endsWithPool: boolean;
}

/**
 * Assigns seats of a pool to a customer from today. Enforces U1, U2, A1-A4, A8, P7, P8, P9, T1, T2.
 */
export const assign = defineVerb(AssignInput, (ctx, input): AssignResult => {
  requireAdministrator(ctx);
  const partner = actingPartner(ctx);
  const customer = getOwnCustomer(ctx, partner, input.customerId);
  requireConnected(customer);
  const pool = getVisiblePool(ctx, partner, input.poolId);
  const today = todayFor(ctx, partner);
  const placed = placeAssignment(ctx, {
    partner,
    customer,
    pool,
    quantity: input.quantity,
    on: today,
    expiresOn: input.expiresOn,
    today,
  });
  recordAudit(ctx, {
    partnerId: partner.id,
    action: "assign",
    entityType: "assignment",
    entityId: placed.assignment.id,
    customerId: customer.id,
    after: placed.assignment,
  });
  return { assignment: placed.assignment, sourceKey: placed.source.key, endsWithPool: placed.endsWithPool };
});
