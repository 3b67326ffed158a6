import { z } from "zod";
import { isDay, isTimeZone, parseInstant } from "../../domain/dates";

/**
 * The one JSON import format: a partner's export, a test fixture, or the demo data. Every list is
 * optional; ids are opaque strings; dates are `YYYY-MM-DD`. Unknown keys are refused (a misspelt
 * field is a mistake, not something to ignore).
 */
const id = z.string().trim().min(1, "must not be empty").max(200, "is longer than 200 characters");
const name = z.string().trim().min(1, "must not be empty").max(300, "is longer than 300 characters");
const day = z.string().refine(isDay, "must be a date written YYYY-MM-DD");
const count = z.number().int("must be a whole number").nonnegative("must not be negative").max(10_000_000, "is too large");

export const partnerRecord = z
  .object({
    id,
    name,
    kind: z.enum(["msp", "lar"]),
    teamsTenantId: id,
    tier2Enabled: z.boolean().optional(),
    larId: id.optional(),
    timeZone: z.string().refine(isTimeZone, "must be an IANA time zone such as Europe/Berlin").optional(),
  })
  .strict();

export const partnerUserRecord = z
  .object({ partnerId: id, aadObjectId: id, name, role: z.enum(["administrator", "viewer"]) })
  .strict();

export const customerRecord = z
  .object({
    id,
    partnerId: id,
    name,
    m365TenantId: id,
    onboardedOn: day,
    status: z.enum(["connected", "disconnected"]).optional(),
  })
  .strict();

export const customerUserRecord = z
  .object({
    customerId: id,
    upn: id,
    name,
    roles: z.array(name).max(50),
    tenantOwner: z.boolean().optional(),
  })
  .strict();

export const poolRecord = z
  .object({
    id,
    partnerId: id,
    /** A catalog name, matched exactly or forgivingly. */
    service: name,
    channel: z.enum(["direct", "marketplace", "off_marketplace"]),
    paymentModel: z.enum(["prepaid", "payg"]),
    paymentOption: z.enum(["annual_upfront", "monthly", "apm", "apu"]),
    start: day,
    end: day,
    quantity: count.optional(),
    mode: z.enum(["auto_adjusted", "manual"]).optional(),
    distributorOrderId: id.optional(),
    /** P10: a distributor's cancellation, the last active day of the pool. */
    canceledOn: day.optional(),
  })
  .strict();

export const allocationRecord = z.object({ poolId: id, partnerId: id, quantity: count }).strict();

export const assignmentRecord = z
  .object({
    id,
    customerId: id,
    poolId: id,
    quantity: count.positive("must be at least 1"),
    assignedOn: day,
    expiresOn: day.optional(),
    endedOn: day.optional(),
  })
  .strict();

export const licenseRecord = z
  .object({ customerId: id, service: name, type: z.enum(["cmp", "enterprise"]), start: day, end: day })
  .strict();

export const usageRecord = z
  .object({
    customerId: id,
    service: name,
    date: day,
    licensedUsers: count.optional(),
    storageGb: z.number().nonnegative("must not be negative").finite().optional(),
    objects: count.optional(),
  })
  .strict();

export const jobRecord = z
  .object({
    id: id.optional(),
    customerId: id,
    service: name,
    /** A date or an ISO date-time; stored as a UTC instant. */
    startedAt: z.string().refine((v) => parseInstant(v) !== null, "must be a date or an ISO date-time"),
    status: z.enum(["succeeded", "failed", "partially_succeeded", "in_progress", "canceled"]),
    dataGb: z.number().nonnegative("must not be negative").finite().optional(),
  })
  .strict();

export const importDocument = z
  .object({
    partners: z.array(partnerRecord).optional(),
    partnerUsers: z.array(partnerUserRecord).optional(),
    customers: z.array(customerRecord).optional(),
    customerUsers: z.array(customerUserRecord).optional(),
    pools: z.array(poolRecord).optional(),
    allocations: z.array(allocationRecord).optional(),
    assignments: z.array(assignmentRecord).optional(),
    licenses: z.array(licenseRecord).optional(),
    usage: z.array(usageRecord).optional(),
    jobs: z.array(jobRecord).optional(),
  })
  .strict();

export type ImportDocument = z.infer<typeof importDocument>;
export type PartnerRecord = z.infer<typeof partnerRecord>;
export type PoolRecord = z.infer<typeof poolRecord>;
export type AssignmentRecord = z.infer<typeof assignmentRecord>;
