import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { customerUsers } from "../../db/schema";
import { recordAudit } from "../context";
import { actingPartner, getOwnCustomer, requireAdministrator, requireConnected } from "../internal";
import { fail } from "../outcome";
import { defineVerb, idInput } from "../verb";

export const SERVICE_ADMINISTRATOR = "Service Administrator";

export const ChangeTenantOwnerInput = z.object({ customerId: idInput, upn: idInput });

/** C2: the new tenant owner must be a user of the customer with the Service Administrator role. */
export const changeTenantOwner = defineVerb(ChangeTenantOwnerInput, (ctx, input) => {
  requireAdministrator(ctx);
  const partner = actingPartner(ctx);
  const customer = getOwnCustomer(ctx, partner, input.customerId);
  requireConnected(customer);
  const users = ctx.db.select().from(customerUsers).where(eq(customerUsers.customerId, customer.id)).all();
  const next = users.find((u) => u.upn.toLowerCase() === input.upn.toLowerCase());
  if (!next) fail("NOT_FOUND", "C2", `${customer.name} has no user ${input.upn}.`);
  if (!next.roles.some((r) => r.toLowerCase() === SERVICE_ADMINISTRATOR.toLowerCase())) {
    fail(
      "OWNER_NOT_SERVICE_ADMIN",
      "C2",
      `${next.name} does not have the ${SERVICE_ADMINISTRATOR} role in ${customer.name}. Give them that role first, then make them tenant owner.`,
    );
  }
  const previous = users.find((u) => u.tenantOwner) ?? null;
  if (previous?.upn === next.upn) fail("NOTHING_TO_CHANGE", "C2", `${next.name} is already the tenant owner.`);
  // Clear first: the partial unique index allows one owner per customer at every step.
  ctx.db.update(customerUsers).set({ tenantOwner: false }).where(eq(customerUsers.customerId, customer.id)).run();
  ctx.db
    .update(customerUsers)
    .set({ tenantOwner: true })
    .where(and(eq(customerUsers.customerId, customer.id), eq(customerUsers.upn, next.upn)))
    .run();
  recordAudit(ctx, {
    partnerId: partner.id,
    action: "owner",
    entityType: "customer",
    entityId: customer.id,
    customerId: customer.id,
    before: { tenantOwner: previous?.upn ?? null },
    after: { tenantOwner: next.upn },
  });
  return { customer, previous: previous?.upn ?? null, owner: next };
});
