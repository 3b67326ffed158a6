import { describe, expect, it } from "vitest";
import { cancelChange, confirmChange, requestChange } from "../../domain/changes";
import { dump, makeAssignment, makeCustomer, makePartner, makePool, makeUser, mspWorld } from "../support/factories";
import { refusal, value } from "../support/outcomes";

function activeSeats(db: ReturnType<typeof mspWorld>["db"], customerId: string): number[] {
  return (dump(db).assignments as { customer_id: string; quantity: number; ended_on: string | null }[])
    .filter((a) => a.customer_id === customerId && a.ended_on === null)
    .map((a) => a.quantity);
}

function world(day = "2026-05-01") {
  const w = mspWorld(day);
  const c = makeCustomer(w.db, w.partner.id, { name: "Fabrikam" });
  const p = makePool(w.db, w.partner.id, { quantity: 10 });
  return { ...w, c, p };
}

describe("confirmations (spec: Edge cases, Confirmations)", () => {
  it("a request previews the change and writes only the pending change; confirming runs it once", () => {
    const w = world();
    const before = dump(w.db);
    const pending = value(requestChange(w.ctx(), "assign", { customerId: w.c.id, poolId: w.p.id, quantity: 4 }));
    expect(pending.preview.assignment).toMatchObject({ quantity: 4, expiresOn: "2026-12-31" });
    const after = dump(w.db);
    expect(after.assignments).toEqual(before.assignments);
    expect(after.pending_changes).toHaveLength(1);
    expect((after.audit_log as { action: string }[]).map((a) => a.action)).toEqual(["change_requested"]);

    const first = value(confirmChange(w.ctx("2026-05-01T18:00:00Z"), { id: pending.id }));
    expect(first).toMatchObject({ status: "done", repeated: false });
    expect(activeSeats(w.db, w.c.id)).toEqual([4]);

    // A double click or a retried invoke: the same answer, nothing run twice.
    const snapshot = dump(w.db);
    const again = value(confirmChange(w.ctx("2026-05-01T18:00:05Z"), { id: pending.id }));
    expect(again).toMatchObject({ status: "done", repeated: true });
    expect(again.outcome).toEqual(first.outcome);
    expect(dump(w.db)).toEqual(snapshot);
  });

  it("a change the rules refuse now gets no pending change at all (A5 names the day it lifts)", () => {
    const w = world();
    makeAssignment(w.db, { customerId: w.c.id, poolId: w.p.id, assignedOn: "2026-04-20", quantity: 5 });
    const before = dump(w.db);
    const r = refusal(requestChange(w.ctx(), "changeSeats", { customerId: w.c.id, serviceId: "cloud-backup-for-microsoft-365", quantity: 2 }));
    expect(r).toMatchObject({ code: "SEAT_REDUCTION_TOO_EARLY", rule: "A5", allowedFrom: "2026-05-21" });
    expect(dump(w.db)).toEqual(before);
  });

  it("U1: a viewer cannot ask for a change, and nothing is written", () => {
    const w = world();
    const before = dump(w.db);
    expect(refusal(requestChange(w.viewerCtx(), "assign", { customerId: w.c.id, poolId: w.p.id, quantity: 1 })).code).toBe("NOT_ADMINISTRATOR");
    expect(dump(w.db)).toEqual(before);
  });

  it("only the administrator who asked can confirm; another admin, a viewer and another partner cannot", () => {
    const w = world();
    const pending = value(requestChange(w.ctx(), "assign", { customerId: w.c.id, poolId: w.p.id, quantity: 3 }));
    const other = makeUser(w.db, w.partner.id, "administrator", "Adele Vance");
    const before = dump(w.db);
    expect(refusal(confirmChange(w.ctxFor(other), { id: pending.id })).code).toBe("NOT_REQUESTER");
    expect(refusal(confirmChange(w.viewerCtx(), { id: pending.id })).code).toBe("NOT_REQUESTER");
    const foreign = makePartner(w.db, { teamsTenantId: "tenant-other" });
    const foreignAdmin = makeUser(w.db, foreign.id);
    const foreignCtx = { db: w.db, clock: w.ctx().clock, actor: { kind: "user" as const, partnerId: foreign.id, aadObjectId: foreignAdmin.aadObjectId, name: "Eve", role: "administrator" as const } };
    const after = dump(w.db);
    expect(refusal(confirmChange(foreignCtx, { id: pending.id })).code).toBe("NOT_FOUND");
    expect(refusal(cancelChange(foreignCtx, { id: pending.id })).code).toBe("NOT_FOUND");
    expect(dump(w.db)).toEqual(after);
    expect(after.assignments).toEqual(before.assignments);
  });

  it("a pending change expires after 24 hours", () => {
    const w = world();
    const pending = value(requestChange(w.ctx("2026-05-01T09:00:00Z"), "assign", { customerId: w.c.id, poolId: w.p.id, quantity: 3 }));
    expect(value(confirmChange(w.ctx("2026-05-02T09:00:00Z"), { id: pending.id })).status).toBe("done");
    const late = value(requestChange(w.ctx("2026-05-01T09:00:00Z"), "assign", { customerId: makeCustomer(w.db, w.partner.id).id, poolId: w.p.id, quantity: 3 }));
    const before = dump(w.db);
    expect(refusal(confirmChange(w.ctx("2026-05-02T09:00:01Z"), { id: late.id })).code).toBe("CHANGE_EXPIRED");
    expect(dump(w.db)).toEqual(before);
  });

  it("P8: the verb runs again at confirmation, so seats taken meanwhile refuse it, and the refusal is kept", () => {
    const w = world();
    const d = makeCustomer(w.db, w.partner.id, { name: "Northwind" });
    const first = value(requestChange(w.ctx(), "assign", { customerId: w.c.id, poolId: w.p.id, quantity: 8 }));
    const second = value(requestChange(w.ctx(), "assign", { customerId: d.id, poolId: w.p.id, quantity: 8 }));
    expect(value(confirmChange(w.ctx(), { id: second.id })).status).toBe("done");
    const decided = value(confirmChange(w.ctx(), { id: first.id }));
    expect(decided).toMatchObject({ status: "refused", repeated: false });
    expect(decided.outcome).toMatchObject({ ok: false, refusal: { code: "INSUFFICIENT_CAPACITY", rule: "P8" } });
    expect(activeSeats(w.db, w.c.id)).toEqual([]);
    expect(value(confirmChange(w.ctx(), { id: first.id }))).toMatchObject({ status: "refused", repeated: true });
  });

  it("a canceled change cannot be confirmed; a decided one cannot be canceled", () => {
    const w = world();
    const pending = value(requestChange(w.ctx(), "assign", { customerId: w.c.id, poolId: w.p.id, quantity: 3 }));
    expect(value(cancelChange(w.ctx(), { id: pending.id }))).toEqual({ canceled: true });
    expect(refusal(confirmChange(w.ctx(), { id: pending.id })).code).toBe("CHANGE_CANCELED");
    expect(activeSeats(w.db, w.c.id)).toEqual([]);
    const done = value(requestChange(w.ctx(), "assign", { customerId: w.c.id, poolId: w.p.id, quantity: 3 }));
    value(confirmChange(w.ctx(), { id: done.id }));
    expect(value(cancelChange(w.ctx(), { id: done.id }))).toEqual({ canceled: false });
    expect(activeSeats(w.db, w.c.id)).toEqual([3]);
  });

  it("U1: an administrator demoted after asking cannot confirm", () => {
    const w = world();
    const pending = value(requestChange(w.ctx(), "assign", { customerId: w.c.id, poolId: w.p.id, quantity: 3 }));
    w.db.$client.prepare("update partner_users set role = 'viewer' where aad_object_id = ?").run(w.admin.aadObjectId);
    const decided = value(confirmChange(w.ctx(), { id: pending.id }));
    expect(decided.outcome).toMatchObject({ ok: false, refusal: { code: "NOT_ADMINISTRATOR" } });
    expect(activeSeats(w.db, w.c.id)).toEqual([]);
  });

  it("refuses an unknown verb and malformed ids without writing", () => {
    const w = world();
    const before = dump(w.db);
    expect(refusal(requestChange(w.ctx(), "dropTables" as "assign", { customerId: w.c.id, poolId: w.p.id, quantity: 1 })).code).toBe("INVALID_INPUT");
    expect(refusal(confirmChange(w.ctx(), { id: "" })).code).toBe("INVALID_INPUT");
    expect(refusal(confirmChange(w.ctx(), { id: 42 } as unknown as { id: string })).code).toBe("INVALID_INPUT");
    expect(refusal(confirmChange(w.ctx(), { id: "no-such-change" })).code).toBe("NOT_FOUND");
    expect(dump(w.db)).toEqual(before);
  });
});
