import { and, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import { allocations, assignments, customers, domainEvents, pools } from "../../db/schema";
import { recordAudit, type Ctx } from "../context";
import { addDays, minDay } from "../dates";
import { actingPartner, getPartner, getService, newId, requireAdministrator, todayFor, type PartnerRow, type PoolRow } from "../internal";
import { fail } from "../outcome";
import { canShrink, checkPoolTerms, defaultMode, poolLastDay } from "../rules/pools";
import { capacityOn, sourceLastDay, sourceOfPool, usedOn } from "../sources";
import { dayInput, defineVerb, idInput } from "../verb";

const poolQuantity = z.number().int("must be a whole number").nonnegative("must not be negative").max(10_000_000, "is too large");

export const CreatePoolInput = z
  .object({
    id: idInput.optional(),
    /** The holder; only the system actor (an import) may name a partner other than its own. */
    partnerId: idInput.optional(),
    serviceId: idInput,
    channel: z.enum(["direct", "marketplace", "off_marketplace"]),
    paymentModel: z.enum(["prepaid", "payg"]),
    paymentOption: z.enum(["annual_upfront", "monthly", "apm", "apu"]),
    start: dayInput,
    end: dayInput,
    quantity: poolQuantity.optional(),
    mode: z.enum(["auto_adjusted", "manual"]).optional(),
    distributorOrderId: idInput.optional(),
  })
  .refine((v) => v.start <= v.end, { message: "is before start", path: ["end"] });
export type CreatePoolInput = z.input<typeof CreatePoolInput>;

function holderFor(ctx: Ctx, partnerId?: string): PartnerRow {
  if (ctx.actor.kind === "user" && partnerId && partnerId !== ctx.actor.partnerId) fail("NOT_FOUND", "U2", "No such partner.");
  return actingPartner(ctx, partnerId);
}

/** Records a purchased pool after P1-P4, P6 and T1. */
export const createPool = defineVerb(CreatePoolInput, (ctx, input): PoolRow => {
  requireAdministrator(ctx);
  const holder = holderFor(ctx, input.partnerId);
  const service = getService(input.serviceId);
  if (holder.kind === "lar" && !holder.tier2Enabled) {
    fail("TIER2_NOT_ENABLED", "T1", `Tier 2 is not enabled for ${holder.name}; ask the vendor to enable it before it holds pools for MSPs.`);
  }
  const row: PoolRow = {
    id: input.id ?? newId("pool"),
    partnerId: holder.id,
    serviceId: service.id,
    channel: input.channel,
    paymentModel: input.paymentModel,
    paymentOption: input.paymentOption,
    start: input.start,
    end: input.end,
    quantity: input.quantity ?? null,
    mode: input.mode ?? defaultMode(service),
    distributorOrderId: input.distributorOrderId ?? null,
    canceledOn: null,
  };
  const problems = checkPoolTerms(row, service);
  if (problems.length > 0) fail(problems[0]!.code, problems[0]!.rule, problems.map((p) => p.message).join(" "));
  if (ctx.db.select({ id: pools.id }).from(pools).where(eq(pools.id, row.id)).get()) {
    fail("INVALID_INPUT", "input", `A pool with id ${row.id} already exists.`);
  }
  ctx.db.insert(pools).values(row).run();
  recordAudit(ctx, { partnerId: holder.id, action: "pool_create", entityType: "pool", entityId: row.id, after: row });
  return row;
});

function getHeldPool(ctx: Ctx, holder: PartnerRow, poolId: string): PoolRow {
  const row = ctx.db.select().from(pools).where(and(eq(pools.id, poolId), eq(pools.partnerId, holder.id))).get();
  if (!row) fail("NOT_FOUND", "U2", "No such pool in your partner account.");
  return row;
}

export const SetPoolQuantityInput = z.object({ poolId: idInput, partnerId: idInput.optional(), quantity: poolQuantity });

/**
 * P5: a prepaid pool grows but never shrinks during its term (a monthly Cloud Marketplace pool may,
 * down to what is in use and allocated).
 */
export const setPoolQuantity = defineVerb(SetPoolQuantityInput, (ctx, input): PoolRow => {
  requireAdministrator(ctx);
  const holder = holderFor(ctx, input.partnerId);
  const pool = getHeldPool(ctx, holder, input.poolId);
  if (pool.paymentModel === "payg") fail("POOL_CHANGE_INVALID", "P8", "A PAYG pool has no fixed quantity.");
  if (pool.quantity === input.quantity) fail("NOTHING_TO_CHANGE", "P5", `Pool ${pool.id} already has ${input.quantity}.`);
  if (input.quantity < (pool.quantity ?? 0)) {
    if (!canShrink(pool)) {
      fail("POOL_CANNOT_SHRINK", "P5", `Pool ${pool.id} is prepaid: its quantity can grow but not shrink during its term (only monthly Cloud Marketplace pools can).`);
    }
    const today = todayFor(ctx, holder);
    const floor = Math.max(usedOn(ctx, { ...sourceOfPool(ctx, pool), pools: [pool] }, holder.id, today), allocatedFrom(ctx, pool.id));
    if (input.quantity < floor) fail("POOL_CANNOT_SHRINK", "P8", `Pool ${pool.id} has ${floor} in use or allocated; it cannot go below that.`);
  }
  ctx.db.update(pools).set({ quantity: input.quantity }).where(eq(pools.id, pool.id)).run();
  const after = { ...pool, quantity: input.quantity };
  recordAudit(ctx, { partnerId: holder.id, action: "pool_quantity", entityType: "pool", entityId: pool.id, before: pool, after });
  return after;
});

function allocatedFrom(ctx: Ctx, poolId: string): number {
  return ctx.db.select({ n: sql<number>`coalesce(sum(${allocations.quantity}), 0)` }).from(allocations).where(eq(allocations.poolId, poolId)).get()!.n;
}

export const RenewPoolInput = z.object({ poolId: idInput, partnerId: idInput.optional(), end: dayInput });

/** A11: a renewal moves the pool's end later; its assignments keep their own expirations. */
export const renewPool = defineVerb(RenewPoolInput, (ctx, input): PoolRow => {
  requireAdministrator(ctx);
  const holder = holderFor(ctx, input.partnerId);
  const pool = getHeldPool(ctx, holder, input.poolId);
  if (pool.canceledOn) fail("POOL_CANCELED", "P10", `Pool ${pool.id} was canceled on ${pool.canceledOn}; it cannot be renewed.`);
  if (input.end <= pool.end) {
    fail("POOL_TERM_CANNOT_SHORTEN", "A11", `A renewal moves the end later than ${pool.end}; ${input.end} is not later.`);
  }
  ctx.db.update(pools).set({ end: input.end }).where(eq(pools.id, pool.id)).run();
  const after = { ...pool, end: input.end };
  recordAudit(ctx, { partnerId: holder.id, action: "pool_renew", entityType: "pool", entityId: pool.id, before: pool, after });
  return after;
});

export const CancelOrderInput = z.object({ poolId: idInput, partnerId: idInput.optional(), canceledOn: dayInput });

export interface AffectedCustomer {
  customerId: string;
  customerName: string;
  assignmentId: string;
  expiresOn: string;
}

/**
 * P10: a canceled distributor order ends its pool on `canceledOn` (its last active day). Every
 * assignment active then expires no later than that day (for a merged pool, no later than the
 * last day left among the constituents); the affected customers go to the partner as an event.
 */
export const cancelOrder = defineVerb(CancelOrderInput, (ctx, input) => {
  requireAdministrator(ctx);
  const holder = holderFor(ctx, input.partnerId);
  const pool = getHeldPool(ctx, holder, input.poolId);
  if (pool.channel === "direct") fail("POOL_CHANGE_INVALID", "P10", `Pool ${pool.id} was bought direct; only distributor orders are canceled this way.`);
  if (pool.canceledOn === input.canceledOn) fail("NOTHING_TO_CHANGE", "P10", `Pool ${pool.id} is already canceled on ${input.canceledOn}.`);
  if (pool.canceledOn) fail("POOL_CANCELED", "P10", `Pool ${pool.id} was already canceled on ${pool.canceledOn}.`);
  if (input.canceledOn < pool.start || input.canceledOn > pool.end) {
    fail("POOL_CHANGE_INVALID", "P10", `The cancellation date must fall within the pool's term, ${pool.start} to ${pool.end}.`);
  }
  ctx.db.update(pools).set({ canceledOn: input.canceledOn }).where(eq(pools.id, pool.id)).run();
  const canceled = { ...pool, canceledOn: input.canceledOn };
  const source = sourceOfPool(ctx, canceled);
  const bound = source.merged ? sourceLastDay(source) : input.canceledOn;

  const hit = ctx.db
    .select({ a: assignments, customerName: customers.name, partnerId: customers.partnerId })
    .from(assignments)
    .innerJoin(customers, eq(customers.id, assignments.customerId))
    .where(
      and(
        inArray(assignments.poolId, source.pools.map((p) => p.id)),
        gt(assignments.expiresOn, bound),
        or(isNull(assignments.endedOn), gt(assignments.endedOn, bound)),
      ),
    )
    .all();
  if (hit.some((h) => h.a.assignedOn > bound)) {
    fail("POOL_CHANGE_INVALID", "P10", `Some assignments of pool ${pool.id} start after ${bound}; cancel on a later day.`);
  }
  const affected: (AffectedCustomer & { partnerId: string })[] = [];
  for (const { a, customerName, partnerId } of hit) {
    const expiresOn = minDay(a.expiresOn, bound);
    ctx.db.update(assignments).set({ expiresOn }).where(eq(assignments.id, a.id)).run();
    recordAudit(ctx, { partnerId, action: "expire_canceled_order", entityType: "assignment", entityId: a.id, customerId: a.customerId, before: a, after: { ...a, expiresOn } });
    affected.push({ customerId: a.customerId, customerName, assignmentId: a.id, expiresOn, partnerId });
  }
  recordAudit(ctx, { partnerId: holder.id, action: "pool_cancel", entityType: "pool", entityId: pool.id, before: pool, after: canceled });
  // Tell the holder, and each MSP (T2) whose customers lost seats, of the customers affected.
  const byPartner = new Map<string, AffectedCustomer[]>([[holder.id, []]]);
  for (const { partnerId, ...c } of affected) {
    byPartner.get(holder.id)!.push(c);
    if (partnerId !== holder.id) byPartner.set(partnerId, [...(byPartner.get(partnerId) ?? []), c]);
  }
  const at = ctx.clock().toISOString();
  for (const [partnerId, list] of byPartner) {
    ctx.db
      .insert(domainEvents)
      .values({ partnerId, kind: "order_canceled", payload: { poolId: pool.id, serviceId: pool.serviceId, canceledOn: input.canceledOn, customers: list }, at })
      .run();
  }
  if (source.merged) noteMergedOverage(ctx, source.pools.map((p) => (p.id === pool.id ? canceled : p)), holder.id, bound);
  return { pool: canceled, affected: affected.map(({ partnerId: _, ...c }) => c) };
});

/**
 * P9: when a constituent of a merged pool ends and assignments exceed what remains, nothing is cut;
 * the overage is recorded for admins, as of the first day after `lastDay` with less capacity.
 */
function noteMergedOverage(ctx: Ctx, constituents: PoolRow[], holderId: string, lastDay: string): void {
  const first = constituents[0]!;
  const source = { ...sourceOfPool(ctx, first), pools: constituents };
  for (const p of constituents) {
    const day = poolLastDay(p);
    if (day >= lastDay) continue;
    const next = addDays(day, 1);
    const cap = capacityOn(ctx, source, holderId, next) ?? Infinity;
    const used = usedOn(ctx, source, holderId, next);
    if (used > cap) {
      ctx.db
        .insert(domainEvents)
        .values({ partnerId: holderId, kind: "merged_pool_overage", payload: { sourceKey: source.key, serviceId: first.serviceId, on: next, capacity: cap, assigned: used }, at: ctx.clock().toISOString() })
        .run();
    }
  }
}
