import { z } from "zod";
import { licenses } from "../../db/schema";
import { activeLicense, supersedeByLicense } from "../assignments";
import { recordAudit } from "../context";
import { actingPartner, getOwnCustomer, getService, requireAdministrator, requireConnected, todayFor } from "../internal";
import { fail } from "../outcome";
import { dayInput, defineVerb, idInput } from "../verb";

export const ApplyLicenseInput = z
  .object({
    customerId: idInput,
    serviceId: idInput,
    type: z.enum(["cmp", "enterprise"]),
    start: dayInput.optional(),
    end: dayInput,
  })
  .refine((v) => !v.start || v.start <= v.end, { message: "must not be before start", path: ["end"] });

/**
 * A8: a CMP or Enterprise license applied to a customer's service is the most recent and wins: the
 * pooled assignment active on its start ends that day and its seats return (Fly stays consumed, A9).
 */
export const applyLicense = defineVerb(ApplyLicenseInput, (ctx, input) => {
  requireAdministrator(ctx);
  const partner = actingPartner(ctx);
  const customer = getOwnCustomer(ctx, partner, input.customerId);
  requireConnected(customer);
  const service = getService(input.serviceId);
  const today = todayFor(ctx, partner);
  const start = input.start ?? today;
  if (input.end < today) fail("EXPIRATION_IN_PAST", "A8", `The license would already have ended on ${input.end}.`);
  if (activeLicense(ctx, customer.id, service.id, start)) {
    fail("NOTHING_TO_CHANGE", "A8", `${customer.name} already has a license for ${service.name} on ${start}.`);
  }
  const license = { customerId: customer.id, serviceId: service.id, type: input.type, start, end: input.end };
  const id = Number(ctx.db.insert(licenses).values(license).run().lastInsertRowid);
  const ended = supersedeByLicense(ctx, customer.id, service.id, license, today);
  const pooled = ended.map((e) => e.before);
  const superseded = ended.at(-1)?.after ?? null;
  recordAudit(ctx, {
    partnerId: partner.id,
    action: "license",
    entityType: "license",
    entityId: String(id),
    customerId: customer.id,
    before: pooled.length === 0 ? null : pooled.length === 1 ? pooled[0] : pooled,
    after: { license, superseded: ended.length > 1 ? ended.map((e) => e.after) : superseded },
  });
  return { license: { id, ...license }, superseded };
});
