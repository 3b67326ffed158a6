import { and, eq, gte, lte, sql } from "drizzle-orm";
import { cached } from "../db/client";
import { assignmentQuantities, assignments, licenses, pools, partners } from "../db/schema";
import type { Ctx } from "./context";
import { addDays, maxDay, minDay, type Day } from "./dates";
import { newId, poolById, type CustomerRow, type PartnerRow, type PoolRow } from "./internal";

const ph = sql.placeholder;
import { fail } from "./outcome";
import { poolLastDay } from "./rules/pools";
import { activeOnSql, availableOn, poolsActiveOn, sourceLastDay, sourceOfPool, type Source } from "./sources";

export type AssignmentRow = typeof assignments.$inferSelect;

/** The 31-day rules count from the initial assignment; this is the first day they no longer hold. */
export function lockLifts(assignedOn: Day): Day {
  return addDays(assignedOn, 31);
}

export function isActiveOn(a: AssignmentRow, day: Day): boolean {
  return a.assignedOn <= day && day <= a.expiresOn && (a.endedOn === null || day < a.endedOn);
}

/** A1: the customer's active assignment of a service on `day`, if any. */
export function activeAssignment(ctx: Ctx, customerId: string, serviceId: string, day: Day): AssignmentRow | undefined {
  return cached(ctx.db, "activeAssignment", (db) =>
    db
      .select()
      .from(assignments)
      .where(and(eq(assignments.customerId, ph("customerId")), eq(assignments.serviceId, ph("serviceId")), activeOnSql(ph("day"))))
      .prepare(),
  ).get({ customerId, serviceId, day });
}

/**
 * A8: a license from `start` to `end` is the most recent and wins over pooled seats. The assignment
 * active on its start ends that day; with a start before `today` and the license still in force,
 * one assigned since and active today is superseded too, from the day it began (an import may
 * bring a license that ended long ago: it ends only what ran on its start). Returns each as it was
 * and as it is now, oldest first. The applyLicense verb and the import both end pooled seats this way.
 */
export function supersedeByLicense(ctx: Ctx, customerId: string, serviceId: string, license: { start: Day; end: Day }, today: Day): { before: AssignmentRow; after: AssignmentRow }[] {
  const { start, end } = license;
  const onStart = activeAssignment(ctx, customerId, serviceId, start);
  const sinceStart = start < today && today <= end ? activeAssignment(ctx, customerId, serviceId, today) : undefined;
  const pooled = [onStart, sinceStart?.id === onStart?.id ? undefined : sinceStart].filter((a): a is AssignmentRow => a !== undefined);
  return pooled.map((before) => {
    const endedOn = maxDay(start, before.assignedOn);
    ctx.db.update(assignments).set({ endedOn, endedReason: "superseded" }).where(eq(assignments.id, before.id)).run();
    return { before, after: { ...before, endedOn, endedReason: "superseded" as const } };
  });
}

export function getAssignment(ctx: Ctx, customer: CustomerRow, assignmentId: string): AssignmentRow {
  const row = ctx.db
    .select()
    .from(assignments)
    .where(and(eq(assignments.id, assignmentId), eq(assignments.customerId, customer.id)))
    .get();
  if (!row) fail("NOT_FOUND", "U2", `No such subscription for ${customer.name}.`);
  return row;
}

/** The active assignment of `serviceId` for the customer today, or a refusal naming the service. */
export function requireActiveAssignment(ctx: Ctx, customer: CustomerRow, serviceId: string, serviceName: string, today: Day): AssignmentRow {
  const a = activeAssignment(ctx, customer.id, serviceId, today);
  if (!a) fail("ASSIGNMENT_NOT_ACTIVE", "A10", `${customer.name} has no active ${serviceName} subscription.`);
  return a;
}

export function poolOf(ctx: Ctx, a: AssignmentRow): PoolRow {
  return poolById(ctx, a.poolId)!;
}

/**
 * A3: the default expiration of an assignment made on `day`: a direct prepaid pool's last day
 * (everyone ends with the contract); otherwise `day + 31`, capped at the pool's end.
 */
export function defaultExpiry(source: Source, day: Day): Day {
  const last = sourceLastDay(source);
  const direct = source.pools.length === 1 && source.pools[0]!.channel === "direct" && source.paymentModel === "prepaid";
  return direct ? last : minDay(lockLifts(day), last);
}

/**
 * A4: an expiration set by an admin is at least 31 days from the initial assignment and never after
 * the pool's end; where the pool ends sooner, the assignment expires with the pool.
 */
export function checkExpiry(source: Source, assignedOn: Day, expiresOn: Day, today: Day): void {
  const last = sourceLastDay(source);
  if (expiresOn < today) {
    fail("EXPIRATION_IN_PAST", "A4", `The expiration ${expiresOn} is in the past; choose ${today} or later.`);
  }
  if (expiresOn > last) {
    fail("EXPIRATION_AFTER_POOL_END", "A4", `The pool ends on ${last}; the expiration can be ${last} at the latest.`);
  }
  const minimum = minDay(lockLifts(assignedOn), last);
  if (expiresOn < minimum) {
    fail(
      "EXPIRATION_TOO_EARLY",
      "A4",
      minimum === last
        ? `The pool ends on ${last}, within 31 days of the assignment: the expiration must be ${last}.`
        : `An expiration must be at least 31 days after the assignment on ${assignedOn}: choose ${minimum} or later.`,
    );
  }
}

/** A8: an active CMP or Enterprise license covering the customer's service on `day`. */
export function activeLicense(ctx: Ctx, customerId: string, serviceId: string, day: Day) {
  return cached(ctx.db, "activeLicense", (db) =>
    db
      .select()
      .from(licenses)
      .where(
        and(eq(licenses.customerId, ph("customerId")), eq(licenses.serviceId, ph("serviceId")), lte(licenses.start, ph("day")), gte(licenses.end, ph("day"))),
      )
      .prepare(),
  ).get({ customerId, serviceId, day });
}

/** A2: the payment model of the customer's active pooled assignments on `day`, if it has any. */
export function customerPaymentModel(ctx: Ctx, customerId: string, day: Day, exceptAssignmentId?: string): "prepaid" | "payg" | null {
  const rows = cached(ctx.db, "customerPaymentModel", (db) =>
    db
      .select({ id: assignments.id, model: pools.paymentModel })
      .from(assignments)
      .innerJoin(pools, eq(pools.id, assignments.poolId))
      .where(and(eq(assignments.customerId, ph("customerId")), activeOnSql(ph("day"))))
      .prepare(),
  ).all({ customerId, day });
  return rows.find((r) => r.id !== exceptAssignmentId)?.model ?? null;
}

/** The customer's active assignments on `day`, each with its pool's payment model (A1, A2). */
function activeWithModel(ctx: Ctx, customerId: string, day: Day): { id: string; serviceId: string; poolId: string; model: "prepaid" | "payg" }[] {
  // Only the columns the checks read, as plain rows: this runs on every assignment.
  return cached(ctx.db, "activeWithModel", (db) =>
    db.$client.prepare(
      `select a.id, a.service_id serviceId, a.pool_id poolId, p.payment_model model
       from assignments a join pools p on p.id = a.pool_id
       where a.customer_id = @customerId and a.assigned_on <= @day and a.expires_on >= @day and (a.ended_on is null or a.ended_on > @day)`,
    ),
  ).all({ customerId, day }) as { id: string; serviceId: string; poolId: string; model: "prepaid" | "payg" }[];
}

/** T1, T2: drawing on a LAR's pool needs Tier 2 on the LAR and an MSP of that LAR. */
export function checkTier2(ctx: Ctx, source: Source, partner: PartnerRow): void {
  if (source.holderId === partner.id) return;
  const holder = ctx.db.select().from(partners).where(eq(partners.id, source.holderId)).get();
  if (!holder || holder.kind !== "lar" || partner.larId !== holder.id) {
    fail("NOT_A_LAR_MSP", "T2", "That pool belongs to another partner.");
  }
  if (!holder.tier2Enabled) {
    fail("TIER2_NOT_ENABLED", "T1", `Tier 2 is not enabled for ${holder.name}; its pools cannot serve MSPs until the vendor enables it.`);
  }
}

export interface PlaceInput {
  partner: PartnerRow;
  customer: CustomerRow;
  /** The pool named by the admin (any constituent of a merged pool). */
  pool: PoolRow;
  quantity: number;
  /** The day the assignment starts (today for verbs, the record's date for imports). */
  on: Day;
  expiresOn?: Day;
  today: Day;
  /** A7 switch: the assignment being replaced does not count against A1 and A2. */
  replacing?: AssignmentRow;
  id?: string;
}

export interface Placed {
  assignment: AssignmentRow;
  source: Source;
  /** Set when A4's exception applied: the pool ends within 31 days and the assignment ends with it. */
  endsWithPool: boolean;
}

/**
 * Checks A1, A2, A3, A4, A8, P7, P8, T1 and T2 for a new assignment on `on`, then writes it with its
 * first quantity. Refusals throw (the caller's transaction rolls back).
 */
export function placeAssignment(ctx: Ctx, input: PlaceInput): Placed {
  const { partner, customer, pool, quantity, on } = input;
  const source = sourceOfPool(ctx, pool);
  const service = source.service;
  checkTier2(ctx, source, partner);

  const active = poolsActiveOn(source, on);
  if (active.length === 0) {
    const canceled = source.pools.find((p) => p.canceledOn !== null && p.canceledOn < on && on <= p.end);
    if (canceled && !source.merged) {
      fail("POOL_CANCELED", "P7", `Pool ${pool.id} was canceled by the distributor on ${canceled.canceledOn}; assign from another pool.`);
    }
    const start = source.pools.map((p) => p.start).reduce((a, b) => (b < a ? b : a));
    fail(
      "POOL_NOT_IN_TERM",
      "P7",
      on < start
        ? `Pool ${pool.id} starts on ${start}; licenses can be assigned from that day.`
        : `Pool ${pool.id} ended on ${sourceLastDay(source)}; licenses are only distributed within a pool's term.`,
    );
  }

  const license = activeLicense(ctx, customer.id, service.id, on);
  if (license) {
    fail(
      "LICENSE_PRECEDENCE",
      "A8",
      `${customer.name} has an active ${license.type === "cmp" ? "CMP" : "Enterprise"} license for ${service.name} until ${license.end}; it takes precedence over pooled seats.`,
    );
  }

  // A1 and A2 read the same rows, the customer's active assignments: fetched once.
  const current = activeWithModel(ctx, customer.id, on);
  const existing = current.find((r) => r.serviceId === service.id);
  if (existing && existing.id !== input.replacing?.id) {
    fail(
      "ALREADY_ASSIGNED",
      "A1",
      `${customer.name} already has ${service.name} from pool ${existing.poolId}; a customer has one source per service. Change its seats, or switch it to another pool.`,
    );
  }

  const model = current.find((r) => r.id !== input.replacing?.id)?.model ?? null;
  if (model && model !== source.paymentModel) {
    fail(
      "PAYMENT_MODEL_MIXED",
      "A2",
      `${customer.name}'s subscriptions are ${model === "payg" ? "PAYG" : "prepaid"}; a customer has one payment model, so this ${source.paymentModel === "payg" ? "PAYG" : "prepaid"} pool cannot be used.`,
    );
  }

  const available = availableOn(ctx, source, partner.id, on);
  if (quantity > available) {
    fail(
      "INSUFFICIENT_CAPACITY",
      "P8",
      `Only ${Math.max(0, available)} ${unitWord(service.unit)} are left in pool ${pool.id}; ${quantity} were asked for.`,
    );
  }

  const last = sourceLastDay(source);
  const expiresOn = input.expiresOn ?? defaultExpiry(source, on);
  if (input.expiresOn) checkExpiry(source, on, input.expiresOn, input.today);

  // For a merged pool, record the constituent that lasts longest among those active: the pool id
  // shown to admins stays meaningful, while capacity is always counted over the whole group.
  const drawn = source.merged ? active.reduce((a, b) => (poolLastDay(b) > poolLastDay(a) ? b : a)) : pool;
  const row: AssignmentRow = {
    id: input.id ?? newId("asg"),
    customerId: customer.id,
    poolId: drawn.id,
    serviceId: service.id,
    quantity,
    assignedOn: on,
    expiresOn,
    endedOn: null,
    endedReason: null,
  };
  cached(ctx.db, "insertAssignment", (db) =>
    db
      .insert(assignments)
      .values({
        id: ph("id"),
        customerId: ph("customerId"),
        poolId: ph("poolId"),
        serviceId: ph("serviceId"),
        quantity: ph("quantity"),
        assignedOn: ph("assignedOn"),
        expiresOn: ph("expiresOn"),
      })
      .prepare(),
  ).run(row);
  recordQuantity(ctx, row.id, quantity, on, "assigned");
  return { assignment: row, source, endsWithPool: expiresOn === last && last < lockLifts(on) };
}

export function recordQuantity(
  ctx: Ctx,
  assignmentId: string,
  quantity: number,
  effectiveOn: Day,
  reason: "assigned" | "seats" | "auto_adjust" | "import",
): void {
  cached(ctx.db, "insertQuantity", (db) =>
    db
      .insert(assignmentQuantities)
      .values({ assignmentId: ph("assignmentId"), quantity: ph("quantity"), effectiveOn: ph("effectiveOn"), reason: ph("reason") })
      .prepare(),
  ).run({ assignmentId, quantity, effectiveOn, reason });
}

/** A9: the most seats a Fly assignment has ever held, which stay consumed. */
export function peakQuantity(ctx: Ctx, assignmentId: string): number {
  const rows = ctx.db
    .select({ q: assignmentQuantities.quantity })
    .from(assignmentQuantities)
    .where(eq(assignmentQuantities.assignmentId, assignmentId))
    .all();
  return rows.reduce((m, r) => Math.max(m, r.q), 0);
}

export function unitWord(unit: string): string {
  switch (unit) {
    case "capacity_gb":
      return "GB";
    case "objects":
      return "objects";
    case "units":
      return "units";
    default:
      return "seats";
  }
}
