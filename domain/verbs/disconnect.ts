import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { assignments, customers } from "../../db/schema";
import { lockLifts, type AssignmentRow } from "../assignments";
import { recordAudit } from "../context";
import { maxDay } from "../dates";
import { actingPartner, getOwnCustomer, requireAdministrator, requireConnected, todayFor } from "../internal";
import { fail } from "../outcome";
import { activeOnSql } from "../sources";
import { defineVerb, idInput } from "../verb";

export const DisconnectInput = z.object({ customerId: idInput });

/**
 * A6 (C3): disconnects a customer. Refused within the initial 31 days of any active assignment.
 * Its assignments end today and their seats go back to the pools (Fly seats stay consumed, A9);
 * its Microsoft 365 tenant is then free to be onboarded by another partner.
 */
export const disconnect = defineVerb(DisconnectInput, (ctx, input) => {
  requireAdministrator(ctx);
  const partner = actingPartner(ctx);
  const customer = getOwnCustomer(ctx, partner, input.customerId);
  requireConnected(customer);
  const today = todayFor(ctx, partner);
  const active = ctx.db
    .select()
    .from(assignments)
    .where(and(eq(assignments.customerId, customer.id), activeOnSql(today)))
    .all();
  const locked = active.filter((a) => today < lockLifts(a.assignedOn));
  if (locked.length > 0) {
    const from = maxDay(...locked.map((a) => lockLifts(a.assignedOn)));
    fail(
      "DISCONNECT_TOO_EARLY",
      "A6",
      `${customer.name} cannot be disconnected within 31 days of a license assignment (latest on ${maxDay(...locked.map((a) => a.assignedOn))}). You can disconnect it from ${from}.`,
      from,
    );
  }
  const ended: AssignmentRow[] = active.map((a) => ({ ...a, endedOn: today, endedReason: "disconnected" as const }));
  for (const a of ended) {
    ctx.db.update(assignments).set({ endedOn: today, endedReason: "disconnected" }).where(eq(assignments.id, a.id)).run();
  }
  ctx.db.update(customers).set({ status: "disconnected", disconnectedOn: today }).where(eq(customers.id, customer.id)).run();
  const after = { ...customer, status: "disconnected" as const, disconnectedOn: today };
  recordAudit(ctx, {
    partnerId: partner.id,
    action: "disconnect",
    entityType: "customer",
    entityId: customer.id,
    customerId: customer.id,
    before: { customer, assignments: active },
    after: { customer: after, assignments: ended },
  });
  return { customer: after, ended };
});
