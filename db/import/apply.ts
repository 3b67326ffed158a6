import { and, asc, eq, gte, lte, ne, sql } from "drizzle-orm";
import { writeTransaction } from "../client";
import { allocations, assignmentQuantities, assignments, customers, customerUsers, jobs, licenses, partners, partnerUsers, pools, usage } from "../schema";
import { checkExpiry, placeAssignment, supersedeByLicense, type AssignmentRow } from "../../domain/assignments";
import { serviceById } from "../../domain/catalog";
import type { Ctx } from "../../domain/context";
import { dayInZone, maxDay, type Day } from "../../domain/dates";
import { RefusalError, type RefusalCode } from "../../domain/outcome";
import { defaultMode } from "../../domain/rules/pools";
import { activeOnSql, sourceLastDay, sourceOfPool, usedOn, type Source } from "../../domain/sources";
import { cancelOrder, renewPool, setPoolQuantity } from "../../domain/verbs/pools";
import { importUsage, type UsageRecordInput } from "../../domain/verbs/importUsage";
import type { Checked } from "./check";
import { LISTS, type ListName } from "./parse";
import type { Problems } from "./problems";

/**
 * Phase 3 of the import: applies the checked records inside the import's transaction, through the
 * domain's rules. Each record runs in its own savepoint, so a refusal undoes that record only and
 * the import goes on to name every problem; the caller rolls the whole transaction back if any
 * was found.
 */

export interface Tally {
  inserted: number;
  updated: number;
  unchanged: number;
}
export type ImportCounts = Record<ListName, Tally>;

type Outcome = "inserted" | "updated" | "unchanged";

export function applyDocument(ctx: Ctx, doc: Checked, problems: Problems): ImportCounts {
  const counts = Object.fromEntries(LISTS.map((l) => [l, { inserted: 0, updated: 0, unchanged: 0 }])) as ImportCounts;
  const tally = (list: ListName, outcome: Outcome | undefined) => {
    if (outcome) counts[list][outcome]++;
  };
  const { db } = ctx;

  /** Runs one record in a savepoint; a domain refusal or a constraint the checks missed becomes its problem. */
  function attempt<T>(path: string, fieldOf: (code: RefusalCode) => string | null, fn: () => T, note?: string): T | undefined {
    try {
      return writeTransaction(db, fn);
    } catch (e) {
      if (e instanceof RefusalError) {
        const field = fieldOf(e.refusal.code);
        problems.refusal(field ? `${path}.${field}` : path, e.refusal, note);
        return undefined;
      }
      if (e instanceof Error && "code" in e && String(e.code).startsWith("SQLITE_CONSTRAINT")) {
        problems.add(path, `the database refused this record (${e.message})`);
        return undefined;
      }
      throw e;
    }
  }
  const noField = () => null;

  // Partners: a LAR before the MSPs that name it.
  for (const { path, record: r } of [...doc.partners].sort((a, b) => Number(!!a.record.larId) - Number(!!b.record.larId))) {
    tally(
      "partners",
      attempt(path, noField, () => {
        const row = db.select().from(partners).where(eq(partners.id, r.id)).get();
        const next = {
          id: r.id,
          name: r.name,
          kind: r.kind,
          teamsTenantId: r.teamsTenantId,
          tier2Enabled: r.tier2Enabled ?? row?.tier2Enabled ?? false,
          larId: r.larId ?? row?.larId ?? null,
          timeZone: r.timeZone ?? row?.timeZone ?? "UTC",
        };
        return upsert(row, next, () => db.insert(partners).values(next).run(), () => db.update(partners).set(next).where(eq(partners.id, r.id)).run());
      }),
    );
  }

  for (const { path, record: r } of doc.partnerUsers) {
    tally(
      "partnerUsers",
      attempt(path, noField, () => {
        const where = and(eq(partnerUsers.partnerId, r.partnerId), eq(partnerUsers.aadObjectId, r.aadObjectId));
        const row = db.select().from(partnerUsers).where(where).get();
        const next = { partnerId: r.partnerId, aadObjectId: r.aadObjectId, name: r.name, role: r.role };
        return upsert(row, next, () => db.insert(partnerUsers).values(next).run(), () => db.update(partnerUsers).set(next).where(where).run());
      }),
    );
  }

  // Customers: the disconnected first, so a tenant they free can be connected to another customer (A6).
  const lastEnded = new Map<string, Day>();
  for (const { record: a } of doc.assignments) if (a.endedOn) lastEnded.set(a.customerId, maxDay(a.endedOn, lastEnded.get(a.customerId) ?? a.endedOn));
  const byStatus = [...doc.customers].sort((a, b) => Number(a.record.status !== "disconnected") - Number(b.record.status !== "disconnected"));
  for (const { path, record: r } of byStatus) {
    tally(
      "customers",
      attempt(path, noField, () => {
        const row = db.select().from(customers).where(eq(customers.id, r.id)).get();
        const status = r.status ?? row?.status ?? "connected";
        // The format has no disconnection date: the day its assignments ended is the best evidence.
        const disconnectedOn = status === "disconnected" ? (row?.disconnectedOn ?? lastEnded.get(r.id) ?? null) : null;
        const next = { id: r.id, partnerId: r.partnerId, name: r.name, m365TenantId: r.m365TenantId, onboardedOn: r.onboardedOn, status, disconnectedOn };
        return upsert(row, next, () => db.insert(customers).values(next).run(), () => db.update(customers).set(next).where(eq(customers.id, r.id)).run());
      }),
    );
  }

  // C2: users giving up the tenant owner role first, so the new owner can take it in the same import.
  const owners = [...doc.customerUsers].sort((a, b) => Number(!!a.record.tenantOwner) - Number(!!b.record.tenantOwner));
  for (const { path, record: r } of owners) {
    tally(
      "customerUsers",
      attempt(path, noField, () => {
        const where = and(eq(customerUsers.customerId, r.customerId), eq(customerUsers.upn, r.upn));
        const row = db.select().from(customerUsers).where(where).get();
        const next = { customerId: r.customerId, upn: r.upn, name: r.name, roles: r.roles, tenantOwner: r.tenantOwner ?? row?.tenantOwner ?? false };
        if (next.tenantOwner && !row?.tenantOwner) {
          const owner = db
            .select()
            .from(customerUsers)
            .where(and(eq(customerUsers.customerId, r.customerId), eq(customerUsers.tenantOwner, true), ne(customerUsers.upn, r.upn)))
            .get();
          if (owner) {
            problems.add(`${path}.tenantOwner`, `${owner.upn} is the tenant owner of "${r.customerId}"; list that user with tenantOwner false to hand over`, "C2");
            return undefined;
          }
        }
        return upsert(
          row && { ...row, roles: JSON.stringify(row.roles) },
          { ...next, roles: JSON.stringify(next.roles) },
          () => db.insert(customerUsers).values(next).run(),
          () => db.update(customerUsers).set(next).where(where).run(),
        );
      }),
    );
  }

  // Pools: new ones as bought; stored ones through the verbs that grow (P5) and renew (A11) them.
  // Cancellations (P10) wait for their day among the assignments, below.
  const poolOutcome = new Map<string, Outcome>();
  const cancellations: { path: string; poolId: string; holderId: string; canceledOn: Day }[] = [];
  for (const { path, record: r, serviceId } of doc.pools) {
    const outcome = attempt(path, poolField, (): Outcome => {
      const row = db.select().from(pools).where(eq(pools.id, r.id)).get();
      if (!row) {
        db.insert(pools)
          .values({
            id: r.id,
            partnerId: r.partnerId,
            serviceId,
            channel: r.channel,
            paymentModel: r.paymentModel,
            paymentOption: r.paymentOption,
            start: r.start,
            end: r.end,
            quantity: r.quantity ?? null,
            mode: r.mode ?? defaultMode(serviceById(serviceId)!),
            distributorOrderId: r.distributorOrderId ?? null,
            // A pool that arrives canceled brings its assignments already cut to the date.
            canceledOn: r.canceledOn ?? null,
          })
          .run();
        return "inserted";
      }
      let changed = false;
      const set: Partial<typeof pools.$inferInsert> = {};
      if (r.mode && r.mode !== row.mode) set.mode = r.mode;
      if (r.distributorOrderId && !row.distributorOrderId) set.distributorOrderId = r.distributorOrderId;
      if (Object.keys(set).length > 0) {
        db.update(pools).set(set).where(eq(pools.id, r.id)).run();
        changed = true;
      }
      if (r.quantity !== undefined && r.quantity !== row.quantity) {
        const out = setPoolQuantity(ctx, { poolId: r.id, partnerId: row.partnerId, quantity: r.quantity });
        if (!out.ok) throw new RefusalError(out.refusal);
        changed = true;
      }
      if (r.end > row.end) {
        const out = renewPool(ctx, { poolId: r.id, partnerId: row.partnerId, end: r.end });
        if (!out.ok) throw new RefusalError(out.refusal);
        changed = true;
      }
      if (r.canceledOn && !row.canceledOn) cancellations.push({ path, poolId: r.id, holderId: row.partnerId, canceledOn: r.canceledOn });
      return changed ? "updated" : "unchanged";
    });
    if (outcome) poolOutcome.set(r.id, outcome);
  }

  // T2: allocations of a LAR's pool; a reduction only takes seats the MSP has not assigned.
  const allocatedPools = new Map<string, string>();
  for (const { path, record: r } of doc.allocations) {
    const outcome = attempt(path, noField, (): Outcome | undefined => {
      const where = and(eq(allocations.poolId, r.poolId), eq(allocations.partnerId, r.partnerId));
      const row = db.select().from(allocations).where(where).get();
      if (row && r.quantity < row.quantity) {
        const pool = db.select().from(pools).where(eq(pools.id, r.poolId)).get()!;
        const lar = db.select().from(partners).where(eq(partners.id, pool.partnerId)).get()!;
        const used = usedOn(ctx, { ...sourceOfPool(ctx, pool), pools: [pool] }, r.partnerId, dayInZone(ctx.clock(), lar.timeZone));
        if (r.quantity < used) {
          problems.add(`${path}.quantity`, `partner "${r.partnerId}" has assigned ${used} of pool "${r.poolId}"; its allocation cannot go below that`, "T2");
          return undefined;
        }
      }
      const next = { ...r };
      return upsert(row, next, () => db.insert(allocations).values(next).run(), () => db.update(allocations).set(next).where(where).run());
    });
    tally("allocations", outcome);
    if (outcome) allocatedPools.set(r.poolId, path);
  }
  for (const [poolId, path] of allocatedPools) {
    const pool = db.select().from(pools).where(eq(pools.id, poolId)).get()!;
    const total = db.select({ n: sql<number>`coalesce(sum(${allocations.quantity}), 0)` }).from(allocations).where(eq(allocations.poolId, poolId)).get()!.n;
    if (total > (pool.quantity ?? 0)) {
      problems.add(`${path}.quantity`, `the allocations of pool "${poolId}" add up to ${total}, more than its ${pool.quantity ?? 0}`, "T2");
    }
  }

  // Assignments, licenses and cancellations in date order, so every rule is checked as of the day
  // each record took effect (A1, A8, P7, P8 on that day); on one day, assignments come first, then
  // licenses (the most recent wins, A8), then cancellations (the canceled day is still active, P10).
  const startedOn = new Map<string, string[]>();
  for (const i of doc.assignments) {
    const key = `${i.record.customerId}|${i.serviceId}|${i.record.assignedOn}`;
    startedOn.set(key, [...(startedOn.get(key) ?? []), i.record.id]);
  }
  const licensedOn = new Set(doc.licenses.map((i) => `${i.record.customerId}|${i.serviceId}|${i.record.start}`));
  const disconnected = new Set(doc.customers.filter((i) => i.record.status === "disconnected").map((i) => i.record.id));
  /** Why an assignment the document says ended did: a switch, a license, or a disconnect, when the document shows which. */
  const endedReason = (a: AssignmentRow, endedOn: Day): AssignmentRow["endedReason"] => {
    const key = `${a.customerId}|${a.serviceId}|${endedOn}`;
    if ((startedOn.get(key) ?? []).some((id) => id !== a.id)) return "switched";
    if (licensedOn.has(key)) return "superseded";
    return disconnected.has(a.customerId) ? "disconnected" : null;
  };
  const touched = new Set<string>();

  type Step = { day: Day; order: number; index: number; run: () => void };
  const steps: Step[] = [
    ...doc.assignments.map((item) => ({
      day: item.record.assignedOn,
      order: 0,
      index: item.index,
      run: () => {
        const outcome = attempt(item.path, assignmentField, () => applyAssignment(item), `on ${item.record.assignedOn}`);
        tally("assignments", outcome);
        if (outcome && outcome !== "unchanged") touched.add(`${item.record.customerId}|${item.serviceId}`);
      },
    })),
    ...doc.licenses.map((item) => ({
      day: item.record.start,
      order: 1,
      index: item.index,
      run: () => tally("licenses", attempt(item.path, noField, () => applyLicenseRecord(item))),
    })),
    ...cancellations.map((c, index) => ({
      day: c.canceledOn,
      order: 2,
      index,
      run: () => {
        const out = cancelOrder(ctx, { poolId: c.poolId, partnerId: c.holderId, canceledOn: c.canceledOn });
        if (!out.ok) problems.refusal(`${c.path}.canceledOn`, out.refusal);
        else poolOutcome.set(c.poolId, "updated");
      },
    })),
  ];
  steps.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.order - b.order || a.index - b.index));
  for (const step of steps) step.run();
  for (const outcome of poolOutcome.values()) tally("pools", outcome);

  function applyAssignment(item: Checked["assignments"][number]): Outcome | undefined {
    const { path, record: r } = item;
    const customer = db.select().from(customers).where(eq(customers.id, r.customerId)).get();
    const partner = customer && db.select().from(partners).where(eq(partners.id, customer.partnerId)).get();
    const pool = db.select().from(pools).where(eq(pools.id, r.poolId)).get();
    // A parent the database refused above already has its problem; this record is left out.
    if (!customer || !partner || !pool) return undefined;
    const source = sourceOfPool(ctx, pool);
    const expiresOn = r.expiresOn && clampToCancellation(source, r.expiresOn);
    const row = db.select().from(assignments).where(eq(assignments.id, r.id)).get();
    if (!row) {
      // A4's bounds relative to the record's own day, not the day of the import.
      const placed = placeAssignment(ctx, { partner, customer, pool, quantity: r.quantity, on: r.assignedOn, expiresOn, today: r.assignedOn, id: r.id });
      if (r.endedOn) endAssignment(placed.assignment, r.endedOn);
      return "inserted";
    }

    // A stored assignment keeps what it was given; its expiration may move (A4) and it may end.
    const before = problems.count;
    const fixed = "an assignment keeps its customer, source, first quantity and start; change seats or switch pools in the bot";
    if (row.customerId !== r.customerId) problems.add(`${path}.customerId`, `assignment "${r.id}" is for customer "${row.customerId}"; ${fixed}`);
    if (row.assignedOn !== r.assignedOn) problems.add(`${path}.assignedOn`, `assignment "${r.id}" started on ${row.assignedOn}; ${fixed}`);
    // P9: a merged pool records the constituent it drew on, so any constituent names the same source.
    if (sourceOfPool(ctx, db.select().from(pools).where(eq(pools.id, row.poolId)).get()!).key !== source.key) {
      problems.add(`${path}.poolId`, `assignment "${r.id}" draws on pool "${row.poolId}"; ${fixed}`, "A7");
    }
    // The document's quantity is the one assigned; auto-adjust (P6) and seat changes (A5) move it later.
    const first = db
      .select({ q: assignmentQuantities.quantity })
      .from(assignmentQuantities)
      .where(eq(assignmentQuantities.assignmentId, row.id))
      .orderBy(asc(assignmentQuantities.id))
      .get();
    if (r.quantity !== row.quantity && r.quantity !== first?.q) {
      problems.add(`${path}.quantity`, `assignment "${r.id}" has ${row.quantity}; ${fixed}`, "A5");
    }
    if (r.endedOn && row.endedOn && r.endedOn !== row.endedOn) problems.add(`${path}.endedOn`, `assignment "${r.id}" already ended on ${row.endedOn}`);
    if (problems.count > before) return "unchanged";

    let outcome: Outcome = "unchanged";
    if (expiresOn && expiresOn !== row.expiresOn) {
      checkExpiry(source, row.assignedOn, expiresOn, row.assignedOn);
      db.update(assignments).set({ expiresOn }).where(eq(assignments.id, row.id)).run();
      outcome = "updated";
    }
    if (r.endedOn && !row.endedOn) {
      endAssignment(row, r.endedOn);
      outcome = "updated";
    }
    return outcome;
  }

  function endAssignment(a: AssignmentRow, endedOn: Day): void {
    db.update(assignments).set({ endedOn, endedReason: endedReason(a, endedOn) }).where(eq(assignments.id, a.id)).run();
  }

  /** A8: a new CMP or Enterprise license supersedes the pooled assignment active on its start. */
  function applyLicenseRecord(item: Checked["licenses"][number]): Outcome | undefined {
    const { path, record: r, serviceId } = item;
    const key = and(eq(licenses.customerId, r.customerId), eq(licenses.serviceId, serviceId), eq(licenses.type, r.type), eq(licenses.start, r.start));
    const row = db.select().from(licenses).where(key).get();
    if (row?.end === r.end) return "unchanged";
    const overlap = db
      .select()
      .from(licenses)
      .where(and(eq(licenses.customerId, r.customerId), eq(licenses.serviceId, serviceId), lte(licenses.start, r.end), gte(licenses.end, r.start), row ? ne(licenses.id, row.id) : undefined))
      .get();
    if (overlap) {
      problems.add(path, `overlaps the ${overlap.type === "cmp" ? "CMP" : "Enterprise"} license from ${overlap.start} to ${overlap.end}; one license covers a service at a time`, "A8");
      return undefined;
    }
    if (row) {
      db.update(licenses).set({ end: r.end }).where(eq(licenses.id, row.id)).run();
      return "updated";
    }
    db.insert(licenses).values({ customerId: r.customerId, serviceId, type: r.type, start: r.start, end: r.end }).run();
    // The same supersede as the applyLicense verb, as of the import's day in the partner's zone.
    const zone = db.select({ timeZone: partners.timeZone }).from(customers).innerJoin(partners, eq(partners.id, customers.partnerId)).where(eq(customers.id, r.customerId)).get();
    supersedeByLicense(ctx, r.customerId, serviceId, r, dayInZone(ctx.clock(), zone?.timeZone ?? "UTC"));
    return "inserted";
  }

  // A6: a customer the document calls disconnected has no assignment still running today.
  for (const { path, record: r } of doc.customers) {
    if (r.status !== "disconnected") continue;
    const partner = db.select().from(partners).where(eq(partners.id, r.partnerId)).get();
    if (!partner) continue;
    const today = dayInZone(ctx.clock(), partner.timeZone);
    const active = db
      .select()
      .from(assignments)
      .where(and(eq(assignments.customerId, r.id), activeOnSql(today)))
      .get();
    if (active) problems.add(`${path}.status`, `${r.name} is disconnected, but assignment "${active.id}" is active on ${today}; give it an endedOn`, "A6");
  }

  // P6: usage through the verb that stores it and auto-adjusts. Only new or changed measurements,
  // and those of assignments this import changed, are handed over: the rest were applied when first
  // loaded, so loading a file again writes nothing.
  const handed: { item: Checked["usage"][number]; record: UsageRecordInput }[] = [];
  for (const item of doc.usage) {
    const { record: r, serviceId } = item;
    const row = db
      .select()
      .from(usage)
      .where(and(eq(usage.customerId, r.customerId), eq(usage.serviceId, serviceId), eq(usage.date, r.date)))
      .get();
    const next = { licensedUsers: r.licensedUsers ?? null, storageGb: r.storageGb ?? null, objects: r.objects ?? null };
    const outcome: Outcome = !row ? "inserted" : row.licensedUsers === next.licensedUsers && row.storageGb === next.storageGb && row.objects === next.objects ? "unchanged" : "updated";
    tally("usage", outcome);
    if (outcome !== "unchanged" || touched.has(`${r.customerId}|${serviceId}`)) {
      handed.push({ item, record: { customerId: r.customerId, serviceId, date: r.date, ...withoutUndefined(next) } });
    }
  }
  if (handed.length > 0) {
    const out = importUsage(ctx, { records: handed.map((h) => h.record) });
    if (!out.ok) {
      // The verb names its own records; point back at the document's.
      const message = out.refusal.message.replace(/records\[(\d+)\]/g, (_, n: string) => handed[Number(n)]?.item.path ?? `usage[?]`);
      problems.refusal("usage", { ...out.refusal, message });
    }
  }

  // R3: jobs are history; a job id imported again takes the document's values.
  for (const { path, record: r, serviceId, jobId, startedAt } of doc.jobs) {
    tally(
      "jobs",
      attempt(path, noField, () => {
        const row = db.select().from(jobs).where(eq(jobs.id, jobId)).get();
        const next = { id: jobId, customerId: r.customerId, serviceId, startedAt, status: r.status, dataGb: r.dataGb ?? null };
        return upsert(row, next, () => db.insert(jobs).values(next).run(), () => db.update(jobs).set(next).where(eq(jobs.id, jobId)).run());
      }),
    );
  }

  return counts;
}

/** P10: an expiration beyond a canceled pool's last day is read as cut to that day, as the cancellation did. */
function clampToCancellation(source: Source, expiresOn: Day): Day {
  const last = sourceLastDay(source);
  return source.pools.some((p) => p.canceledOn) && expiresOn > last ? last : expiresOn;
}

/** The pool field a refusal of the quantity or renewal verbs concerns. */
function poolField(code: RefusalCode): string | null {
  return code === "POOL_CANNOT_SHRINK" || code === "POOL_CHANGE_INVALID" ? "quantity" : "end";
}

/** The assignment field a placement refusal concerns. */
function assignmentField(code: RefusalCode): string | null {
  switch (code) {
    case "INSUFFICIENT_CAPACITY":
      return "quantity";
    case "POOL_NOT_IN_TERM":
    case "POOL_CANCELED":
    case "LICENSE_PRECEDENCE":
      return "assignedOn";
    case "EXPIRATION_IN_PAST":
    case "EXPIRATION_AFTER_POOL_END":
    case "EXPIRATION_TOO_EARLY":
      return "expiresOn";
    default:
      return "poolId";
  }
}

/** Inserts a new row or updates a changed one; says which, or that nothing changed. */
function upsert<R extends object>(row: R | undefined, next: Partial<R>, insert: () => unknown, update: () => unknown): Outcome {
  if (!row) {
    insert();
    return "inserted";
  }
  const same = (Object.keys(next) as (keyof R)[]).every((k) => row[k] === next[k]);
  if (same) return "unchanged";
  update();
  return "updated";
}

function withoutUndefined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], null> | undefined } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null)) as { [K in keyof T]: Exclude<T[K], null> | undefined };
}
