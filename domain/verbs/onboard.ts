import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { customers, customerUsers } from "../../db/schema";
import { placeAssignment, type AssignmentRow } from "../assignments";
import { recordAudit } from "../context";
import { actingPartner, getVisiblePool, newId, requireAdministrator, todayFor, type CustomerRow } from "../internal";
import { fail } from "../outcome";
import { dayInput, defineVerb, idInput, quantityInput } from "../verb";

export const OnboardInput = z.object({
  name: z.string().trim().min(1, "is required").max(200, "is longer than 200 characters"),
  m365TenantId: idInput,
  services: z
    .array(z.object({ poolId: idInput, quantity: quantityInput, expiresOn: dayInput.optional() }))
    .max(34, "lists more services than the catalog has"),
  tenantOwner: z.object({ upn: z.string().trim().email("must be an email address"), name: z.string().trim().min(1).max(200) }).optional(),
});
export type OnboardInput = z.input<typeof OnboardInput>;

export interface OnboardResult {
  customer: CustomerRow;
  assignments: AssignmentRow[];
}

/**
 * C1: onboards a customer with its services and their source pools, all or nothing (A1-A4, P7-P9).
 * A6: a Microsoft 365 tenant is connected to one partner at a time.
 */
export const onboard = defineVerb(OnboardInput, (ctx, input): OnboardResult => {
  requireAdministrator(ctx);
  const partner = actingPartner(ctx);
  const today = todayFor(ctx, partner);
  const connected = ctx.db
    .select()
    .from(customers)
    .where(and(eq(customers.m365TenantId, input.m365TenantId), eq(customers.status, "connected")))
    .get();
  if (connected) {
    fail(
      "TENANT_ALREADY_CONNECTED",
      "A6",
      connected.partnerId === partner.id
        ? `That Microsoft 365 tenant is already your customer ${connected.name}.`
        : "That Microsoft 365 tenant is connected to another partner. It can be onboarded once that partner disconnects it.",
    );
  }
  const customer: CustomerRow = {
    id: newId("cus"),
    partnerId: partner.id,
    name: input.name,
    m365TenantId: input.m365TenantId,
    onboardedOn: today,
    status: "connected",
    disconnectedOn: null,
  };
  ctx.db.insert(customers).values(customer).run();
  if (input.tenantOwner) {
    ctx.db
      .insert(customerUsers)
      .values({ customerId: customer.id, upn: input.tenantOwner.upn, name: input.tenantOwner.name, roles: ["Service Administrator"], tenantOwner: true })
      .run();
  }
  const placed = input.services.map((s) =>
    placeAssignment(ctx, {
      partner,
      customer,
      pool: getVisiblePool(ctx, partner, s.poolId),
      quantity: s.quantity,
      on: today,
      expiresOn: s.expiresOn,
      today,
    }).assignment,
  );
  recordAudit(ctx, {
    partnerId: partner.id,
    action: "onboard",
    entityType: "customer",
    entityId: customer.id,
    customerId: customer.id,
    after: { customer, assignments: placed },
  });
  return { customer, assignments: placed };
});
