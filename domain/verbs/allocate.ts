import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { allocations, partners, pools } from "../../db/schema";
import { recordAudit } from "../context";
import { actingPartner, requireAdministrator, todayFor } from "../internal";
import { fail } from "../outcome";
import { availableOn, sourceOfPool, usedOn } from "../sources";
import { defineVerb, idInput } from "../verb";

export const AllocateInput = z.object({
  poolId: idInput,
  mspId: idInput,
  /** Seats to add to the MSP's allocation; negative to take back seats the MSP has not assigned. */
  quantity: z
    .number({ invalid_type_error: "must be a number" })
    .int("must be a whole number")
    .refine((n) => n !== 0, "must not be zero")
    .refine((n) => Math.abs(n) <= 1_000_000, "is more than 1,000,000"),
});
export type AllocateInput = z.input<typeof AllocateInput>;

/**
 * T1, T2: a Tier 2 LAR allocates seats of its pool to one of its MSPs. The allocations together stay
 * within the pool; a reduction only takes seats the MSP has not assigned (the spec's decision).
 */
export const allocate = defineVerb(AllocateInput, (ctx, input) => {
  requireAdministrator(ctx);
  const lar = actingPartner(ctx);
  if (lar.kind !== "lar") fail("NOT_A_LAR_MSP", "T2", "Only a Tier 2 LAR allocates pools to MSPs.");
  if (!lar.tier2Enabled) fail("TIER2_NOT_ENABLED", "T1", `Tier 2 is not enabled for ${lar.name}; ask the vendor to enable it first.`);
  const pool = ctx.db.select().from(pools).where(and(eq(pools.id, input.poolId), eq(pools.partnerId, lar.id))).get();
  if (!pool) fail("NOT_FOUND", "U2", "No such pool in your partner account.");
  if (pool.paymentModel === "payg") fail("POOL_CHANGE_INVALID", "T2", "A PAYG pool has no seats to allocate.");
  const msp = ctx.db.select().from(partners).where(eq(partners.id, input.mspId)).get();
  if (!msp || msp.larId !== lar.id) fail("NOT_A_LAR_MSP", "T2", "That partner is not one of your MSPs.");

  const current = ctx.db
    .select()
    .from(allocations)
    .where(and(eq(allocations.poolId, pool.id), eq(allocations.partnerId, msp.id)))
    .get();
  const before = current?.quantity ?? 0;
  const after = before + input.quantity;
  if (after < 0) fail("ALLOCATION_IN_USE", "T2", `${msp.name} holds only ${before} of pool ${pool.id}.`);
  if (input.quantity < 0) {
    const used = usedOn(ctx, { ...sourceOfPool(ctx, pool), pools: [pool] }, msp.id, todayFor(ctx, lar));
    if (after < used) {
      fail("ALLOCATION_IN_USE", "T2", `${msp.name} has assigned ${used} of its ${before}; you can take back at most ${before - used}.`);
    }
  }
  const others = ctx.db
    .select({ n: sql<number>`coalesce(sum(${allocations.quantity}), 0)` })
    .from(allocations)
    .where(and(eq(allocations.poolId, pool.id), sql`${allocations.partnerId} <> ${msp.id}`))
    .get()!.n;
  const capacity = pool.quantity ?? 0;
  if (others + after > capacity) {
    fail(
      "ALLOCATION_EXCEEDS_POOL",
      "T2",
      `Pool ${pool.id} has ${capacity}; ${others} are allocated to other MSPs, so ${msp.name} can hold at most ${capacity - others}.`,
    );
  }
  ctx.db
    .insert(allocations)
    .values({ poolId: pool.id, partnerId: msp.id, quantity: after })
    .onConflictDoUpdate({ target: [allocations.poolId, allocations.partnerId], set: { quantity: after } })
    .run();
  // Seats the LAR's own customers already use cannot be allocated too (rolled back with the refusal).
  if (input.quantity > 0) {
    const today = todayFor(ctx, lar);
    const left = availableOn(ctx, { ...sourceOfPool(ctx, pool), pools: [pool] }, lar.id, today);
    if (left < 0) {
      fail(
        "ALLOCATION_EXCEEDS_POOL",
        "T2",
        `Pool ${pool.id} has ${capacity} seats, and with what your own customers use and your MSPs hold, ${msp.name} can get at most ${Math.max(0, input.quantity + left)} more.`,
      );
    }
  }
  recordAudit(ctx, {
    partnerId: lar.id,
    action: "allocate",
    entityType: "allocation",
    entityId: `${pool.id}/${msp.id}`,
    before: { quantity: before },
    after: { quantity: after },
  });
  return { poolId: pool.id, mspId: msp.id, mspName: msp.name, before, after, unallocated: capacity - others - after };
});
