import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { cached, writeTransaction } from "../db/client";
import { pendingChanges } from "../db/schema";
import { recordAudit, type Ctx } from "./context";
import { requireAdministrator } from "./internal";
import { fail, refuse, RefusalError, type Outcome } from "./outcome";
import { idInput } from "./verb";
import { addAdministrator, removeAdministrator } from "./verbs/administrators";
import { allocate } from "./verbs/allocate";
import { assign } from "./verbs/assign";
import { changeSeats } from "./verbs/changeSeats";
import { changeTenantOwner } from "./verbs/changeTenantOwner";
import { disconnect } from "./verbs/disconnect";
import { extend, extendAll } from "./verbs/extend";
import { onboard } from "./verbs/onboard";
import { switchPool } from "./verbs/switchPool";

/**
 * Changes asked for in chat go through a confirmation: the request is previewed (the verb run and
 * rolled back, so the card shows exactly what will happen or why it cannot), stored, and run again
 * when the administrator who asked confirms, within 24 hours. A decided change answers every later
 * confirmation (a double click, a retried invoke) with its first outcome and changes nothing again.
 */

/** Every verb a confirmation card can carry, by the name stored with the pending change. */
export const CHANGE_VERBS = {
  assign,
  changeSeats,
  extend,
  extendAll,
  switchPool,
  disconnect,
  onboard,
  addAdministrator,
  removeAdministrator,
  changeTenantOwner,
  allocate,
} as const;

export type ChangeVerb = keyof typeof CHANGE_VERBS;
export type ChangeInput<V extends ChangeVerb> = Parameters<(typeof CHANGE_VERBS)[V]>[1];
type ChangeValue<V extends ChangeVerb> = Extract<ReturnType<(typeof CHANGE_VERBS)[V]>, { ok: true }>["value"];

export const PENDING_HOURS = 24;

export interface PendingChange<V extends ChangeVerb = ChangeVerb> {
  id: string;
  verb: V;
  input: ChangeInput<V>;
  /** What the change would do if confirmed now. */
  preview: ChangeValue<V>;
  expiresAt: string;
}

export interface Decision {
  status: "done" | "refused";
  /** The verb's outcome when it ran (the first time, for a repeated confirmation). */
  outcome: Outcome<unknown>;
  /** True when the change had already been decided: nothing was run this time. */
  repeated: boolean;
  verb: ChangeVerb;
}

class Rollback extends Error {
  constructor(readonly outcome: Outcome<unknown>) {
    super("preview");
  }
}

function run<V extends ChangeVerb>(ctx: Ctx, verb: V, input: ChangeInput<V>): Outcome<ChangeValue<V>> {
  const fn = CHANGE_VERBS[verb] as (ctx: Ctx, input: unknown) => Outcome<ChangeValue<V>>;
  return fn(ctx, input);
}

/** Runs the verb and rolls everything back: its outcome, with nothing written. */
export function previewChange<V extends ChangeVerb>(ctx: Ctx, verb: V, input: ChangeInput<V>): Outcome<ChangeValue<V>> {
  try {
    writeTransaction(ctx.db, () => {
      throw new Rollback(run(ctx, verb, input));
    });
  } catch (e) {
    if (e instanceof Rollback) return e.outcome as Outcome<ChangeValue<V>>;
    throw e;
  }
  throw new Error("unreachable");
}

function speaker(ctx: Ctx) {
  if (ctx.actor.kind !== "user") fail("INVALID_INPUT", "input", "Only a partner user can ask for a change in chat.");
  return ctx.actor;
}

/**
 * An administrator asks for a change: refused at once when the verb would refuse it now (no
 * confirmation card), otherwise stored for 24 hours with what it would do.
 */
export function requestChange<V extends ChangeVerb>(ctx: Ctx, verb: V, input: ChangeInput<V>): Outcome<PendingChange<V>> {
  if (!Object.hasOwn(CHANGE_VERBS, verb)) return refuse("INVALID_INPUT", "input", `There is no change called "${String(verb)}".`);
  try {
    // The preview in a transaction of its own, rolled back whole: a savepoint rolled back inside
    // the write would leave every page the verb touched dirty, and the commit would write them all
    // to the log again unchanged (19 pages per assign instead of 6). Nothing of this process runs
    // between the two (better-sqlite3 is synchronous), and the verb runs again at confirmation.
    const preview = previewChange(ctx, verb, input);
    if (!preview.ok) return preview;
    return writeTransaction(ctx.db, (): Outcome<PendingChange<V>> => {
      const user = speaker(ctx);
      requireAdministrator(ctx);
      const now = ctx.clock();
      const row = {
        id: randomUUID(),
        partnerId: user.partnerId,
        requestedBy: user.aadObjectId,
        verb,
        input,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + PENDING_HOURS * 3_600_000).toISOString(),
      };
      // Every request writes one: a statement prepared once per connection, as recordAudit's.
      cached(ctx.db, "changes.insertPending", (db) =>
        db.$client.prepare(
          `insert into pending_changes (id, partner_id, requested_by, verb, input, created_at, expires_at)
           values (@id, @partnerId, @requestedBy, @verb, @input, @createdAt, @expiresAt)`,
        ),
      ).run({ ...row, input: JSON.stringify(row.input) });
      recordAudit(ctx, { partnerId: user.partnerId, action: "change_requested", entityType: "pending_change", entityId: row.id, after: { verb, input } });
      return { ok: true, value: { id: row.id, verb, input, preview: preview.value, expiresAt: row.expiresAt } };
    });
  } catch (e) {
    if (e instanceof RefusalError) return { ok: false, refusal: e.refusal };
    throw e;
  }
}

const ChangeId = z.object({ id: idInput });

function loadOwn(ctx: Ctx, id: string) {
  const user = speaker(ctx);
  const row = cached(ctx.db, "changes.loadOwn", (db) =>
    db.select().from(pendingChanges).where(and(eq(pendingChanges.id, sql.placeholder("id")), eq(pendingChanges.partnerId, sql.placeholder("partnerId")))).prepare(),
  ).get({ id, partnerId: user.partnerId });
  // Another partner's change is "not found", like every other foreign id (U2).
  if (!row) fail("NOT_FOUND", "U2", "This change is no longer known. Ask for it again.");
  return { user, row };
}

/**
 * The administrator who asked confirms: the verb runs again now, so a change that became illegal
 * meanwhile is refused now. Either way the decision is stored, and a repeated confirmation returns it.
 */
export function confirmChange(ctx: Ctx, input: { id: string }): Outcome<Decision> {
  const parsed = ChangeId.safeParse(input);
  if (!parsed.success) return refuse("INVALID_INPUT", "input", "The change id is missing.");
  try {
    return {
      ok: true,
      value: writeTransaction(ctx.db, (): Decision => {
        const { user, row } = loadOwn(ctx, parsed.data.id);
        const verb = row.verb as ChangeVerb;
        if (row.requestedBy !== user.aadObjectId) {
          fail("NOT_REQUESTER", "U1", "Only the administrator who asked for this change can confirm it. Ask for it yourself if you want it.");
        }
        if (row.status === "done" || row.status === "refused") {
          return { status: row.status, outcome: row.outcome as Outcome<unknown>, repeated: true, verb };
        }
        if (row.status === "canceled") fail("CHANGE_CANCELED", "input", "This change was canceled. Ask for it again if you still want it.");
        if (ctx.clock().toISOString() > row.expiresAt) {
          fail("CHANGE_EXPIRED", "input", `This change waited more than ${PENDING_HOURS} hours and has expired. Ask for it again.`);
        }
        const outcome = run(ctx, verb, row.input as ChangeInput<typeof verb>);
        const status = outcome.ok ? "done" : "refused";
        cached(ctx.db, "changes.decide", (db) =>
          db.$client.prepare("update pending_changes set status = @status, outcome = @outcome, decided_at = @decidedAt where id = @id"),
        ).run({ id: row.id, status, outcome: JSON.stringify(outcome), decidedAt: ctx.clock().toISOString() });
        // A refused confirmation changes nothing but the pending change; that is recorded too.
        if (!outcome.ok) {
          recordAudit(ctx, { partnerId: user.partnerId, action: "change_refused", entityType: "pending_change", entityId: row.id, after: outcome.refusal });
        }
        return { status, outcome, repeated: false, verb };
      }),
    };
  } catch (e) {
    if (e instanceof RefusalError) return { ok: false, refusal: e.refusal };
    throw e;
  }
}

/** The administrator who asked drops the change; a decided one stays as it was. */
export function cancelChange(ctx: Ctx, input: { id: string }): Outcome<{ canceled: boolean }> {
  const parsed = ChangeId.safeParse(input);
  if (!parsed.success) return refuse("INVALID_INPUT", "input", "The change id is missing.");
  try {
    return {
      ok: true,
      value: writeTransaction(ctx.db, () => {
        const { user, row } = loadOwn(ctx, parsed.data.id);
        if (row.requestedBy !== user.aadObjectId) {
          fail("NOT_REQUESTER", "U1", "Only the administrator who asked for this change can cancel it.");
        }
        if (row.status !== "pending") return { canceled: false };
        ctx.db.update(pendingChanges).set({ status: "canceled", decidedAt: ctx.clock().toISOString() }).where(eq(pendingChanges.id, row.id)).run();
        recordAudit(ctx, { partnerId: user.partnerId, action: "change_canceled", entityType: "pending_change", entityId: row.id });
        return { canceled: true };
      }),
    };
  } catch (e) {
    if (e instanceof RefusalError) return { ok: false, refusal: e.refusal };
    throw e;
  }
}
