import { writeTransaction, type Db } from "../db/client";
import { auditLog } from "../db/schema";
import { ok, RefusalError, type Outcome } from "./outcome";

/** Who is acting: a partner user resolved from the Teams activity, or the system (imports, auto-adjust). */
export type Actor =
  | { kind: "user"; partnerId: string; aadObjectId: string; name: string; role: "administrator" | "viewer" }
  | { kind: "system"; name: string };

export const SYSTEM: Actor = { kind: "system", name: "system" };

/** What every verb is given: the database, the clock, and who is acting. Nothing else is ambient. */
export interface Ctx {
  db: Db;
  clock: () => Date;
  actor: Actor;
}

export interface AuditEntry {
  partnerId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  customerId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit row; call it inside the verb's transaction, after the change it records. */
export function recordAudit(ctx: Ctx, entry: AuditEntry): void {
  ctx.db
    .insert(auditLog)
    .values({
      partnerId: entry.partnerId,
      actorId: ctx.actor.kind === "user" ? ctx.actor.aadObjectId : "system",
      actorName: ctx.actor.name,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      customerId: entry.customerId ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
      at: ctx.clock().toISOString(),
    })
    .run();
}

/**
 * Runs a verb's body as one write transaction (BEGIN IMMEDIATE): a refusal thrown with `fail()`
 * rolls everything back and comes out as a value; any other error rolls back and propagates.
 */
export function inTransaction<T>(ctx: Ctx, body: () => T): Outcome<T> {
  try {
    return ok(writeTransaction(ctx.db, body));
  } catch (e) {
    if (e instanceof RefusalError) return { ok: false, refusal: e.refusal };
    throw e;
  }
}
