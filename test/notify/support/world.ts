import type { Activity } from "botbuilder";
import type { Db } from "../../../db/client";
import { recordConversation, setNotify } from "../../../bot/notify/conversations";
import type { Actor } from "../../../domain/context";
import { makePartner, makeUser } from "../../support/factories";

let seq = 0;

export interface ConversationSpec {
  tenantId: string;
  aadObjectId: string;
  serviceUrl: string;
  conversationId?: string;
  kind?: "personal" | "channel" | "groupChat";
  teamId?: string;
  type?: "installationUpdate" | "conversationUpdate" | "message";
}

/** An activity as Teams sends it when the bot is installed or spoken to. */
export function teamsActivity(spec: ConversationSpec, over: Record<string, unknown> = {}): Partial<Activity> {
  const kind = spec.kind ?? "personal";
  const conversationId = spec.conversationId ?? `a:personal-${++seq}`;
  return {
    type: spec.type ?? "installationUpdate",
    ...(spec.type === undefined || spec.type === "installationUpdate" ? { action: "add" } : {}),
    id: `act-in-${++seq}`,
    channelId: "msteams",
    serviceUrl: spec.serviceUrl,
    from: { id: `29:${spec.aadObjectId}`, name: "Alex Wilber", aadObjectId: spec.aadObjectId },
    recipient: { id: "28:licensing-bot", name: "Licensing" },
    conversation: { id: conversationId, conversationType: kind, tenantId: spec.tenantId, isGroup: kind !== "personal" } as Activity["conversation"],
    channelData: {
      tenant: { id: spec.tenantId },
      ...(spec.teamId ? { team: { id: spec.teamId }, channel: { id: conversationId.replace(/;messageid=\d+$/, "") } } : {}),
    },
    ...over,
  } as Partial<Activity>;
}

/** A partner with an administrator whose personal chat with the bot is recorded (notifications on). */
export function partnerWithChat(db: Db, clock: () => Date, serviceUrl: string, over: { timeZone?: string; name?: string } = {}) {
  const partner = makePartner(db, { name: over.name ?? `Partner ${++seq}`, ...(over.timeZone ? { timeZone: over.timeZone } : {}) });
  const admin = makeUser(db, partner.id, "administrator");
  const conversationId = `a:chat-${partner.id}`;
  const r = recordConversation({ db, clock }, teamsActivity({ tenantId: partner.teamsTenantId, aadObjectId: admin.aadObjectId, serviceUrl, conversationId }));
  if (r.action !== "upserted") throw new Error(`conversation not recorded: ${r.detail}`);
  const actor: Actor = { kind: "user", partnerId: partner.id, aadObjectId: admin.aadObjectId, name: admin.name, role: "administrator" };
  return { partner, admin, conversationId, actor, ctx: { db, clock, actor } };
}

/** Another subscribed conversation (a channel) of the same partner. */
export function addChannel(db: Db, clock: () => Date, serviceUrl: string, partner: { id: string; teamsTenantId: string }, admin: { aadObjectId: string; name: string }) {
  const conversationId = `19:channel-${++seq}@thread.tacv2`;
  const r = recordConversation({ db, clock }, teamsActivity({ tenantId: partner.teamsTenantId, aadObjectId: admin.aadObjectId, serviceUrl, conversationId, kind: "channel", teamId: `19:team-${seq}@thread.tacv2` }));
  if (r.action !== "upserted") throw new Error(r.detail);
  const actor: Actor = { kind: "user", partnerId: partner.id, aadObjectId: admin.aadObjectId, name: admin.name, role: "administrator" };
  const on = setNotify({ db, clock, actor }, { conversationId, enabled: true });
  if (!on.ok) throw new Error(on.refusal.message);
  return conversationId;
}

export function rows<T = Record<string, unknown>>(db: Db, sql: string, ...params: unknown[]): T[] {
  return db.$client.prepare(sql).all(...params) as T[];
}
