import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { assignments } from "../../db/schema";
import { checkExpiry, lockLifts, poolOf, requireActiveAssignment, type AssignmentRow } from "../assignments";
import { recordAudit, type Ctx } from "../context";
import { actingPartner, getOwnCustomer, getService, getVisiblePool, requireAdministrator, requireConnected, todayFor } from "../internal";
import { fail, RefusalError, type Refusal } from "../outcome";
import { activeOnSql, sourceLastDay, sourceOfPool } from "../sources";
import { customers } from "../../db/schema";
import { dayInput, defineVerb, idInput } from "../verb";

export const ExtendInput = z.object({ customerId: idInput, serviceId: idInput, expiresOn: dayInput });
export type ExtendInput = z.input<typeof ExtendInput>;

/** Sets a new expiration on a customer's active subscription, within A4's bounds. */
export const extend = defineVerb(ExtendInput, (ctx, input) => {
  requireAdministrator(ctx);
  const partner = actingPartner(ctx);
  const customer = getOwnCustomer(ctx, partner, input.customerId);
  requireConnected(customer);
  const service = getService(input.serviceId);
  const today = todayFor(ctx, partner);
  const before = requireActiveAssignment(ctx, customer, service.id, service.name, today);
  if (before.expiresOn === input.expiresOn) fail("NOTHING_TO_CHANGE", "A4", `The subscription already expires on ${input.expiresOn}.`);
  checkExpiry(sourceOfPool(ctx, poolOf(ctx, before)), before.assignedOn, input.expiresOn, today);
  const after = setExpiry(ctx, before, input.expiresOn);
  recordAudit(ctx, { partnerId: partner.id, action: "extend", entityType: "assignment", entityId: before.id, customerId: customer.id, before, after });
  return { before, after };
});

function setExpiry(ctx: Ctx, before: AssignmentRow, expiresOn: string): AssignmentRow {
  ctx.db.update(assignments).set({ expiresOn }).where(eq(assignments.id, before.id)).run();
  return { ...before, expiresOn };
}

export const ExtendAllInput = z.object({
  poolId: idInput,
  /** A date, or "end" for the pool's (renewed) last day. */
  to: z.union([z.literal("end"), dayInput]),
});
export type ExtendAllInput = z.input<typeof ExtendAllInput>;

export interface ExtendAllResult {
  expiresOn: string;
  extended: { before: AssignmentRow; after: AssignmentRow; customerName: string }[];
  /** Assignments left as they were, each with the reason (already later, or A4's 31-day minimum). */
  skipped: { assignment: AssignmentRow; customerName: string; refusal: Refusal }[];
}

/**
 * A11: after a renewal, moves every active assignment of the pool (the partner's own customers) to
 * one expiration, each bounded by A4. One transaction, one audit row per assignment changed.
 */
export const extendAll = defineVerb(ExtendAllInput, (ctx, input): ExtendAllResult => {
  requireAdministrator(ctx);
  const partner = actingPartner(ctx);
  const pool = getVisiblePool(ctx, partner, input.poolId);
  const source = sourceOfPool(ctx, pool);
  const today = todayFor(ctx, partner);
  const last = sourceLastDay(source);
  const expiresOn = input.to === "end" ? last : input.to;
  if (expiresOn > last) fail("EXPIRATION_AFTER_POOL_END", "A4", `The pool ends on ${last}; the expiration can be ${last} at the latest.`);
  if (expiresOn < today) fail("EXPIRATION_IN_PAST", "A4", `The expiration ${expiresOn} is in the past; choose ${today} or later.`);

  const rows = ctx.db
    .select({ a: assignments, customerName: customers.name })
    .from(assignments)
    .innerJoin(customers, eq(customers.id, assignments.customerId))
    .where(and(activeOnSql(today), eq(customers.partnerId, partner.id)))
    .all()
    .filter((r) => source.pools.some((p) => p.id === r.a.poolId));

  const result: ExtendAllResult = { expiresOn, extended: [], skipped: [] };
  for (const { a, customerName } of rows) {
    if (a.expiresOn >= expiresOn) {
      result.skipped.push({
        assignment: a,
        customerName,
        refusal: { code: "NOTHING_TO_CHANGE", rule: "A11", message: `Already expires on ${a.expiresOn}.` },
      });
      continue;
    }
    try {
      checkExpiry(source, a.assignedOn, expiresOn, today);
    } catch (e) {
      if (!(e instanceof RefusalError)) throw e;
      result.skipped.push({ assignment: a, customerName, refusal: { ...e.refusal, allowedFrom: lockLifts(a.assignedOn) } });
      continue;
    }
    const after = setExpiry(ctx, a, expiresOn);
    recordAudit(ctx, { partnerId: partner.id, action: "extend", entityType: "assignment", entityId: a.id, customerId: a.customerId, before: a, after });
    result.extended.push({ before: a, after, customerName });
  }
  if (result.extended.length === 0) {
    fail("NOTHING_TO_CHANGE", "A11", `No active subscription of pool ${pool.id} can move to ${expiresOn}.`);
  }
  return result;
});
