import { cached, writeTransaction, type Db } from "../db/client";
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
  // A cached statement: every verb writes one, and building the INSERT each time cost more than running it.
  const insert = cached(ctx.db, "recordAudit", (db) =>
    db.$client.prepare(
      `insert into audit_log (partner_id, actor_id, actor_name, action, entity_type, entity_id, customer_id, before, after, at)
       values (@partnerId, @actorId, @actorName, @action, @entityType, @entityId, @customerId, @before, @after, @at)`,
    ),
  );
  insert.run({
    partnerId: entry.partnerId,
    actorId: ctx.actor.kind === "user" ? ctx.actor.aadObjectId : "system",
    actorName: ctx.actor.name,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    customerId: entry.customerId ?? null,
    before: entry.before == null ? null : JSON.stringify(entry.before),
    after: entry.after == null ? null : JSON.stringify(entry.after),
    at: ctx.clock().toISOString(),
  });
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
