import { describe, expect, it } from "vitest";
import { handleNotifyAction, runNotifyCommand } from "../../bot/notify/actions";
import {
  currentSettings,
  describeSettings,
  parseNotifyCommand,
  recordConversation,
  setNotify,
  settingsFor,
} from "../../bot/notify/conversations";
import { claimPlan, pendingDigests } from "../../bot/notify/store";
import { planSweep } from "../../domain/notices";
import { clockAt, makeAssignment, makeCustomer, makePool, makeUser, testDb } from "../support/factories";
import { refusal, value } from "../support/outcomes";
import { partnerWithChat, rows, teamsActivity } from "./support/world";

const URL = "https://smba.trafficmanager.net/emea/";

function world() {
  const db = testDb();
  const clock = clockAt("2026-03-01");
  const w = partnerWithChat(db, clock, URL);
  return { db, clock, ...w };
}

describe("conversation references, durable (installationUpdate, conversationUpdate, every message)", () => {
  it("installing stores the reference tied to the partner, with an audit row; the same activity again writes nothing", () => {
    const w = world();
    const [conv] = rows<{ partner_id: string; kind: string; service_url: string; active: number; reference: string }>(w.db, "select * from conversations");
    expect(conv).toMatchObject({ partner_id: w.partner.id, kind: "personal", service_url: URL, active: 1 });
    const ref = JSON.parse(conv!.reference) as Record<string, unknown>;
    expect(ref).toMatchObject({ channelId: "msteams", serviceUrl: URL, bot: { id: "28:licensing-bot" }, conversation: { id: w.conversationId, tenantId: w.partner.teamsTenantId }, user: { aadObjectId: w.admin.aadObjectId } });
    expect(ref).not.toHaveProperty("activityId");
    const audits = rows(w.db, "select action from audit_log where entity_type = 'conversation'");
    expect(audits).toEqual([{ action: "conversation_added" }]);
    const again = recordConversation({ db: w.db, clock: w.clock }, teamsActivity({ tenantId: w.partner.teamsTenantId, aadObjectId: w.admin.aadObjectId, serviceUrl: URL, conversationId: w.conversationId, type: "message" }));
    expect(again).toMatchObject({ action: "upserted", detail: "unchanged" });
    expect(rows(w.db, "select count(*) n from audit_log where entity_type = 'conversation'")).toEqual([{ n: 1 }]);
  });

  it("a message with a new service URL refreshes it", () => {
    const w = world();
    const moved = "https://smba.trafficmanager.net/amer/";
    const r = recordConversation({ db: w.db, clock: w.clock }, teamsActivity({ tenantId: w.partner.teamsTenantId, aadObjectId: w.admin.aadObjectId, serviceUrl: moved, conversationId: w.conversationId, type: "message" }));
    expect(r).toMatchObject({ action: "upserted", detail: "updated" });
    expect(rows(w.db, "select service_url s from conversations")).toEqual([{ s: moved }]);
  });

  it("a channel message's thread id is stored as the channel; another speaker in the channel is not a change", () => {
    const w = world();
    const other = makeUser(w.db, w.partner.id, "viewer");
    const spec = { tenantId: w.partner.teamsTenantId, serviceUrl: URL, kind: "channel" as const, teamId: "19:team@thread.tacv2", type: "message" as const };
    recordConversation({ db: w.db, clock: w.clock }, teamsActivity({ ...spec, aadObjectId: w.admin.aadObjectId, conversationId: "19:general@thread.tacv2;messageid=1700000000000" }));
    const again = recordConversation({ db: w.db, clock: w.clock }, teamsActivity({ ...spec, aadObjectId: other.aadObjectId, conversationId: "19:general@thread.tacv2;messageid=1700000000999" }));
    expect(again.detail).toBe("unchanged");
    expect(rows(w.db, "select id, kind, team_id from conversations where kind = 'channel'")).toEqual([{ id: "19:general@thread.tacv2", kind: "channel", team_id: "19:team@thread.tacv2" }]);
  });

  it("uninstalling (installationUpdate remove) stops sending there; reinstalling reactivates with the old settings", () => {
    const w = world();
    const remove = teamsActivity({ tenantId: w.partner.teamsTenantId, aadObjectId: w.admin.aadObjectId, serviceUrl: URL, conversationId: w.conversationId }, { action: "remove" });
    expect(recordConversation({ db: w.db, clock: w.clock }, remove).action).toBe("deactivated");
    expect(rows(w.db, "select active, inactive_reason r from conversations")).toEqual([{ active: 0, r: "bot removed" }]);
    const add = teamsActivity({ tenantId: w.partner.teamsTenantId, aadObjectId: w.admin.aadObjectId, serviceUrl: URL, conversationId: w.conversationId });
    expect(recordConversation({ db: w.db, clock: w.clock }, add).detail).toBe("reactivated");
    expect(currentSettings(w.db, w.conversationId).enabled).toBe(true);
  });

  it("the bot removed from a team, or the team deleted, stops every channel of it; a deleted channel stops that channel", () => {
    const w = world();
    const team = "19:team@thread.tacv2";
    const spec = (conversationId: string) => ({ tenantId: w.partner.teamsTenantId, aadObjectId: w.admin.aadObjectId, serviceUrl: URL, kind: "channel" as const, teamId: team, conversationId });
    for (const c of ["19:a@thread.tacv2", "19:b@thread.tacv2", "19:c@thread.tacv2"]) recordConversation({ db: w.db, clock: w.clock }, teamsActivity({ ...spec(c), type: "message" }));
    const channelDeleted = teamsActivity({ ...spec("19:a@thread.tacv2"), type: "conversationUpdate" }, { channelData: { tenant: { id: w.partner.teamsTenantId }, team: { id: team }, channel: { id: "19:c@thread.tacv2" }, eventType: "channelDeleted" } });
    recordConversation({ db: w.db, clock: w.clock }, channelDeleted);
    expect(rows(w.db, "select id, active from conversations where kind = 'channel' order by id")).toEqual([
      { id: "19:a@thread.tacv2", active: 1 },
      { id: "19:b@thread.tacv2", active: 1 },
      { id: "19:c@thread.tacv2", active: 0 },
    ]);
    const botRemoved = teamsActivity({ ...spec("19:a@thread.tacv2"), type: "conversationUpdate" }, { membersRemoved: [{ id: "28:licensing-bot" }] });
    expect(recordConversation({ db: w.db, clock: w.clock }, botRemoved)).toMatchObject({ action: "deactivated", detail: "bot removed from the team" });
    expect(rows(w.db, "select count(*) n from conversations where kind = 'channel' and active = 1")).toEqual([{ n: 0 }]);
    expect(rows(w.db, "select active from conversations where id = ?", w.conversationId)).toEqual([{ active: 1 }]);
  });

  it("U2: an activity from a tenant linked to no partner stores nothing", () => {
    const w = world();
    const r = recordConversation({ db: w.db, clock: w.clock }, teamsActivity({ tenantId: "unknown-tenant", aadObjectId: "x", serviceUrl: URL, conversationId: "a:stranger" }));
    expect(r.action).toBe("ignored");
    expect(rows(w.db, "select count(*) n from conversations")).toEqual([{ n: 1 }]);
  });

  it("an activity without a service URL is ignored", () => {
    const w = world();
    expect(recordConversation({ db: w.db, clock: w.clock }, { ...teamsActivity({ tenantId: w.partner.teamsTenantId, aadObjectId: "x", serviceUrl: URL }), serviceUrl: undefined }).action).toBe("ignored");
  });
});

describe("notify on | off | at (U1: administrators only)", () => {
  it.each([
    ["notify", { kind: "show" }],
    ["Notify ON", { kind: "set", enabled: true }],
    ["notify off", { kind: "set", enabled: false }],
    ["notify at 30,7,1", { kind: "set", thresholds: [30, 7, 1] }],
    ["notify at 14 3", { kind: "set", thresholds: [14, 3] }],
    ["notify at 30, 7 and 1 days", { kind: "set", thresholds: [30, 7, 1] }],
  ])("parses %j", (text, expected) => {
    expect(parseNotifyCommand(text)).toEqual(expected);
  });

  it.each(["notify at", "notify at x", "notify at 400", "notify at 1,2,3,4,5,6", "notify sometimes"])("refuses %j with a hint", (text) => {
    expect(parseNotifyCommand(text)).toMatchObject({ kind: "invalid" });
  });

  it("an administrator turns it off and on, and sets days (which also turns it on); each change audited", () => {
    const w = world();
    expect(value(setNotify(w.ctx, { conversationId: w.conversationId, enabled: false }))).toEqual({ conversationId: w.conversationId, enabled: false, thresholds: [30, 7, 1] });
    expect(describeSettings(currentSettings(w.db, w.conversationId))).toMatch(/off/);
    expect(value(setNotify(w.ctx, { conversationId: w.conversationId, thresholds: [1, 14, 14] }))).toEqual({ conversationId: w.conversationId, enabled: true, thresholds: [14, 1] });
    expect(describeSettings(currentSettings(w.db, w.conversationId))).toBe(
      "Expiry notifications are on here, 14 and 1 days before anything expires. An administrator can type notify off to stop them, or notify at 30,7,1 to choose the days.",
    );
    expect(rows(w.db, "select action from audit_log where action = 'notify_settings'")).toHaveLength(2);
    // The same setting again changes nothing and writes no audit row.
    value(setNotify(w.ctx, { conversationId: w.conversationId, enabled: true }));
    expect(rows(w.db, "select action from audit_log where action = 'notify_settings'")).toHaveLength(2);
  });

  it("U1: a viewer is refused and nothing changes", () => {
    const w = world();
    const viewer = makeUser(w.db, w.partner.id, "viewer");
    const r = setNotify({ db: w.db, clock: w.clock, actor: { kind: "user", partnerId: w.partner.id, aadObjectId: viewer.aadObjectId, name: viewer.name, role: "viewer" } }, { conversationId: w.conversationId, enabled: false });
    expect(refusal(r)).toMatchObject({ code: "NOT_ADMINISTRATOR", rule: "U1" });
    expect(currentSettings(w.db, w.conversationId).enabled).toBe(true);
  });

  it("U2: another partner's administrator cannot change or read this conversation's settings", () => {
    const w = world();
    const other = partnerWithChat(w.db, w.clock, URL);
    expect(refusal(setNotify(other.ctx, { conversationId: w.conversationId, enabled: false }))).toMatchObject({ code: "NOT_FOUND", rule: "U2" });
    expect(settingsFor(w.db, other.partner.id, w.conversationId)).toBeUndefined();
    expect(settingsFor(w.db, w.partner.id, w.conversationId)?.enabled).toBe(true);
  });

  it("runNotifyCommand: the whole command in one call, as the bot wires it", () => {
    const w = world();
    const speaker = { partnerId: w.partner.id, aadObjectId: w.admin.aadObjectId, name: w.admin.name, role: "administrator" as const };
    const run = (text: string) => runNotifyCommand(w, { text, conversationId: w.conversationId, speaker });
    expect(run("notify")).toMatchObject({ ok: true, text: expect.stringMatching(/^Expiry notifications are on here, 30, 7 and 1 days/) });
    expect(run("notify off")).toMatchObject({ ok: true, text: expect.stringMatching(/are off/) });
    expect(run("notify at 10")).toMatchObject({ ok: true, text: expect.stringMatching(/on here, 10 days/) });
    expect(run("notify at soon")).toMatchObject({ ok: false, refusal: { code: "INVALID_INPUT" } });
  });

  it("bad thresholds are refused by the verb too", () => {
    const w = world();
    expect(refusal(setNotify(w.ctx, { conversationId: w.conversationId, thresholds: [] }))).toMatchObject({ code: "INVALID_INPUT" });
    expect(refusal(setNotify(w.ctx, { conversationId: w.conversationId, thresholds: [2.5] }))).toMatchObject({ code: "INVALID_INPUT" });
  });
});

describe("the digest card's own actions", () => {
  function withDigest(items = 12) {
    const w = world();
    const pool = makePool(w.db, w.partner.id);
    for (let i = 0; i < items; i++) {
      const c = makeCustomer(w.db, w.partner.id, { name: `Customer ${String(i).padStart(2, "0")}` });
      makeAssignment(w.db, { customerId: c.id, poolId: pool.id, assignedOn: "2026-02-01", expiresOn: "2026-03-08" });
    }
    const now = new Date("2026-03-01T08:00:00Z");
    claimPlan(w.db, planSweep(w.db, now), { now });
    const digest = pendingDigests(w.db)[0]!;
    const speaker = { partnerId: w.partner.id, aadObjectId: w.admin.aadObjectId, name: w.admin.name, role: "administrator" as const };
    return { ...w, digest, speaker };
  }

  it("notify.more answers another page of the same digest", () => {
    const w = withDigest();
    const r = handleNotifyAction(w, { verb: "notify.more", data: { verb: "notify.more", digestId: w.digest.id, page: "1" }, conversationId: w.conversationId, speaker: w.speaker });
    if (!r.ok) throw new Error(r.refusal.message);
    expect(JSON.stringify(r.card)).toContain("Page 2 of 2");
  });

  it("notify.snooze snoozes the item here and returns the card with it marked", () => {
    const w = withDigest(2);
    const item = w.digest.items.find((i) => i.kind === "assignment_expiring")!;
    const r = handleNotifyAction(w, { verb: "notify.snooze", data: { digestId: w.digest.id, itemKind: item.kind, itemId: item.itemId }, conversationId: w.conversationId, speaker: w.speaker });
    if (!r.ok) throw new Error(r.refusal.message);
    expect(r.message).toBe("Snoozed here until 2026-03-08.");
    expect(JSON.stringify(r.card)).toContain("Snoozed here until 8 March 2026.");
    expect(rows(w.db, "select item_id, until from notice_snoozes")).toEqual([{ item_id: item.itemId, until: "2026-03-08" }]);
  });

  it("U2 and untrusted data: another conversation's digest is not found; bad data is refused", () => {
    const w = withDigest(1);
    const other = partnerWithChat(w.db, w.clock, URL);
    const otherSpeaker = { partnerId: other.partner.id, aadObjectId: other.admin.aadObjectId, name: other.admin.name, role: "administrator" as const };
    const r = handleNotifyAction(w, { verb: "notify.more", data: { digestId: w.digest.id, page: 0 }, conversationId: other.conversationId, speaker: otherSpeaker });
    expect(r).toMatchObject({ ok: false, refusal: { code: "NOT_FOUND", rule: "U2" } });
    expect(handleNotifyAction(w, { verb: "notify.more", data: { digestId: "x" }, conversationId: w.conversationId, speaker: w.speaker })).toMatchObject({ ok: false, refusal: { code: "INVALID_INPUT" } });
    expect(handleNotifyAction(w, { verb: "notify.snooze", data: { digestId: w.digest.id, itemKind: "everything", itemId: "x" }, conversationId: w.conversationId, speaker: w.speaker })).toMatchObject({ ok: false });
  });
});
