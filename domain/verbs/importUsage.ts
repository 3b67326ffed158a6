import { and, desc, eq, lte } from "drizzle-orm";
import { z } from "zod";
import { customers, domainEvents, partners, usage } from "../../db/schema";
import { activeAssignment, lockLifts, peakQuantity, poolOf, unitWord, type AssignmentRow } from "../assignments";
import { recordAudit, type Ctx } from "../context";
import { dayInZone, type Day } from "../dates";
import { getService, requireAdministrator, type CustomerRow, type PartnerRow } from "../internal";
import { fail } from "../outcome";
import { availableOn, sourceOfPool } from "../sources";
import { dayInput, defineVerb, idInput } from "../verb";
import { applyQuantity } from "./changeSeats";

const measurement = z.number().nonnegative("must not be negative").finite().max(1e9, "is too large");

export const ImportUsageInput = z.object({
  records: z.array(
    z.object({
      customerId: idInput,
      serviceId: idInput,
      date: dayInput,
      licensedUsers: measurement.int("must be a whole number").optional(),
      storageGb: measurement.optional(),
      objects: measurement.int("must be a whole number").optional(),
    }),
  ),
});
export type UsageRecordInput = z.input<typeof ImportUsageInput>["records"][number];

export interface Adjustment {
  customerId: string;
  serviceId: string;
  assignmentId: string;
  from: number;
  to: number;
  measured: number;
  /** Seats the measurement asked for beyond what the pool had left (P6). */
  overage: number;
}

/** What auto-adjust reads for a service's unit: licensed Microsoft 365 users, GB, or objects. */
function measuredQuantity(unit: string, r: { licensedUsers?: number | null; storageGb?: number | null; objects?: number | null }): number | null {
  const v = unit === "user_seats" ? r.licensedUsers : unit === "capacity_gb" ? (r.storageGb == null ? null : Math.ceil(r.storageGb)) : unit === "objects" ? r.objects : null;
  return v == null ? null : Math.max(1, v);
}

/**
 * Records usage measurements, then (P6) moves each auto-adjusted assignment to the customer's latest
 * measurement: within 31 days of the initial assignment only upward (A5); never beyond what the
 * pool has left (P8), the overage recorded and told to admins. Measurements already recorded with the
 * same values change nothing.
 */
export const importUsage = defineVerb(ImportUsageInput, (ctx, input) => {
  const partnerCache = new Map<string, PartnerRow>();
  const customerCache = new Map<string, CustomerRow>();
  const customerOf = (id: string): CustomerRow => {
    let c = customerCache.get(id);
    if (!c) {
      c = ctx.db.select().from(customers).where(eq(customers.id, id)).get();
      if (!c || (ctx.actor.kind === "user" && c.partnerId !== ctx.actor.partnerId)) fail("NOT_FOUND", "U2", `No such customer: ${id}.`);
      customerCache.set(id, c);
    }
    return c;
  };
  requireAdministrator(ctx);

  const upsert = ctx.db.$client.prepare(
    `insert into usage (customer_id, service_id, date, licensed_users, storage_gb, objects)
     values (@customerId, @serviceId, @date, @licensedUsers, @storageGb, @objects)
     on conflict (customer_id, service_id, date) do update set
       licensed_users = excluded.licensed_users, storage_gb = excluded.storage_gb, objects = excluded.objects
     where licensed_users is not excluded.licensed_users or storage_gb is not excluded.storage_gb or objects is not excluded.objects`,
  );
  let changed = 0;
  const latest = new Map<string, UsageRecordInput>();
  for (const r of input.records) {
    customerOf(r.customerId);
    getService(r.serviceId);
    changed += upsert.run({
      customerId: r.customerId,
      serviceId: r.serviceId,
      date: r.date,
      licensedUsers: r.licensedUsers ?? null,
      storageGb: r.storageGb ?? null,
      objects: r.objects ?? null,
    }).changes;
    const key = `${r.customerId}\u0000${r.serviceId}`;
    const seen = latest.get(key);
    if (!seen || seen.date < r.date) latest.set(key, r);
  }

  const adjustments: Adjustment[] = [];
  for (const r of latest.values()) {
    const customer = customerOf(r.customerId);
    if (customer.status !== "connected") continue;
    let partner = partnerCache.get(customer.partnerId);
    if (!partner) {
      partner = ctx.db.select().from(partners).where(eq(partners.id, customer.partnerId)).get()!;
      partnerCache.set(partner.id, partner);
    }
    const today = dayInZone(ctx.clock(), partner.timeZone);
    // The snapshot that counts is the newest measurement on or before today (B2).
    const snapshot = ctx.db
      .select()
      .from(usage)
      .where(and(eq(usage.customerId, r.customerId), eq(usage.serviceId, r.serviceId), lte(usage.date, today)))
      .orderBy(desc(usage.date))
      .limit(1)
      .get();
    if (!snapshot) continue;
    const a = activeAssignment(ctx, customer.id, r.serviceId, today);
    if (!a) continue;
    const adjustment = autoAdjust(ctx, partner, customer, a, snapshot, today);
    if (adjustment) adjustments.push(adjustment);
  }
  if (changed > 0 || adjustments.length > 0) {
    recordAudit(ctx, {
      partnerId: ctx.actor.kind === "user" ? ctx.actor.partnerId : null,
      action: "usage_import",
      entityType: "usage",
      entityId: `${input.records.length} records`,
      after: { measurementsChanged: changed, adjustments: adjustments.length },
    });
  }
  return { measurementsChanged: changed, adjustments };
});

function autoAdjust(
  ctx: Ctx,
  partner: PartnerRow,
  customer: CustomerRow,
  a: AssignmentRow,
  snapshot: { licensedUsers: number | null; storageGb: number | null; objects: number | null },
  today: Day,
): Adjustment | null {
  const pool = poolOf(ctx, a);
  if (pool.mode !== "auto_adjusted") return null;
  const service = getService(a.serviceId);
  const measured = measuredQuantity(service.unit, snapshot);
  if (measured === null || measured === a.quantity) return null;
  // A5 holds for auto-adjust too: within 31 days it only raises.
  if (measured < a.quantity && today < lockLifts(a.assignedOn)) return null;
  let target = measured;
  let overage = 0;
  let toldAdmins = false;
  if (measured > a.quantity) {
    const source = sourceOfPool(ctx, pool);
    const extra = source.service.fly ? Math.max(0, measured - peakQuantity(ctx, a.id)) : measured - a.quantity;
    const available = Math.max(0, availableOn(ctx, source, partner.id, today));
    if (extra > available) {
      overage = extra - available;
      target = measured - overage;
    }
  }
  if (target !== a.quantity) {
    const after = applyQuantity(ctx, partner.id, a, target, today, "auto_adjust");
    recordAudit(ctx, { partnerId: partner.id, action: "auto_adjust", entityType: "assignment", entityId: a.id, customerId: customer.id, before: a, after });
  }
  if (overage > 0) {
    const payload = {
      customerId: customer.id,
      customerName: customer.name,
      serviceId: service.id,
      poolId: pool.id,
      measured,
      granted: target,
      overage,
      unit: unitWord(service.unit),
    };
    const last = ctx.db
      .select({ payload: domainEvents.payload })
      .from(domainEvents)
      .where(and(eq(domainEvents.partnerId, partner.id), eq(domainEvents.kind, "auto_adjust_overage")))
      .all()
      .some((e) => JSON.stringify(e.payload) === JSON.stringify(payload));
    // The same overage seen again by a repeated import is not news.
    if (!last) {
      ctx.db.insert(domainEvents).values({ partnerId: partner.id, kind: "auto_adjust_overage", payload, at: ctx.clock().toISOString() }).run();
      toldAdmins = true;
    }
  }
  // Nothing moved and nothing new to tell: a repeated import is not an adjustment.
  if (target === a.quantity && !toldAdmins) return null;
  return { customerId: customer.id, serviceId: service.id, assignmentId: a.id, from: a.quantity, to: target, measured, overage };
}
