import { PLAYGROUND_TENANT_ID, PLAYGROUND_USER_ID } from "../../../db/demo/demo";
import { guid } from "../../../db/demo/random";

/**
 * Activities as Teams sends them to a bot (shapes taken from Teams traffic and the Agents
 * Playground): personal, channel and group chat messages, card submits and Universal Actions,
 * typeahead search, installation and membership events. Plain JSON, ready to POST.
 */

export interface Person {
  tenantId: string;
  aadObjectId: string;
  name: string;
}

/** The demo's people (db/demo/demo.ts): Contoso's administrator is the Playground's own user. */
export const DEMO = {
  /** Contoso MSP's administrator, and the user the Agents Playground sends as. */
  admin: { tenantId: PLAYGROUND_TENANT_ID, aadObjectId: PLAYGROUND_USER_ID, name: "Alex Wilber" },
  /** Contoso MSP's viewer. */
  viewer: { tenantId: PLAYGROUND_TENANT_ID, aadObjectId: guid("aad:diego-siciliani"), name: "Diego Siciliani" },
  /** Trey Research LAR's administrator: another partner, another tenant. */
  otherPartner: { tenantId: guid("teams:trey-research"), aadObjectId: guid("aad:megan-bowen"), name: "Megan Bowen" },
  /** Someone in Contoso's tenant who is not a partner user. */
  stranger: { tenantId: PLAYGROUND_TENANT_ID, aadObjectId: "6b8f1e2a-0000-4000-8000-00000000beef", name: "Pat Stranger" },
  /** A known partner user's object id, writing from a tenant no partner has. */
  foreignTenant: { tenantId: "3f1c9d2e-0000-4000-8000-00000000f00d", aadObjectId: PLAYGROUND_USER_ID, name: "Alex Wilber" },
} satisfies Record<string, Person>;

export const BOT = { id: "28:00000000-0000-0000-0000-00000000b07", name: "Licensing" };

export interface Where {
  /** The fake connector's url. */
  serviceUrl: string;
  from?: Person;
  conversationId?: string;
  /** The activity's id (Teams sends one on every message). */
  id?: string;
}

let seq = 0;
const nextId = () => `1700000000${String(++seq).padStart(3, "0")}`;

const TEAM_ID = "19:team-general@thread.tacv2";
const CHANNEL_ID = "19:licensing-channel@thread.tacv2";
const GROUP_CHAT_ID = "19:meeting-group-chat@thread.v2";

function base<C extends { id: string; conversationType: string }>(type: string, where: Where, conversation: C, channelData: Record<string, unknown> = {}) {
  const from = where.from ?? DEMO.admin;
  return {
    type,
    id: where.id ?? nextId(),
    timestamp: "2026-03-02T09:00:00.000Z",
    localTimestamp: "2026-03-02T09:00:00.000+00:00",
    channelId: "msteams",
    serviceUrl: where.serviceUrl,
    from: { id: `29:${from.aadObjectId}`, name: from.name, aadObjectId: from.aadObjectId },
    conversation: { tenantId: from.tenantId, ...conversation },
    recipient: { ...BOT },
    channelData: { tenant: { id: from.tenantId }, ...channelData },
    locale: "en-US",
  };
}

const personalConversation = (where: Where) => ({ conversationType: "personal", id: where.conversationId ?? `a:personal-${(where.from ?? DEMO.admin).aadObjectId}` });
const channelConversation = (where: Where) => ({ conversationType: "channel", isGroup: true, id: where.conversationId ?? `${CHANNEL_ID};messageid=1700000000000` });
const channelData = { teamsChannelId: CHANNEL_ID, teamsTeamId: TEAM_ID, channel: { id: CHANNEL_ID }, team: { id: TEAM_ID } };
const groupConversation = (where: Where) => ({ conversationType: "groupChat", isGroup: true, id: where.conversationId ?? GROUP_CHAT_ID });

const clientInfo = { type: "clientInfo", locale: "en-US", country: "US", platform: "Web", timezone: "Europe/London" };
const botMention = { type: "mention", text: `<at>${BOT.name}</at>`, mentioned: { ...BOT } };

/** A message typed in the personal chat with the bot. */
export function personalMessage(text: string, where: Where) {
  return { ...base("message", where, personalConversation(where)), text, textFormat: "plain", entities: [clientInfo] };
}

/** A message in a team channel that @mentions the bot, as Teams writes it: `<at>Licensing</at> text`. */
export function channelMessage(text: string, where: Where) {
  return {
    ...base("message", where, channelConversation(where), channelData),
    text: `<at>${BOT.name}</at> ${text}`,
    textFormat: "plain",
    entities: [botMention, clientInfo],
  };
}

/** A message in a group chat that @mentions the bot. */
export function groupChatMessage(text: string, where: Where) {
  return {
    ...base("message", where, groupConversation(where)),
    text: `<at>${BOT.name}</at> ${text}`,
    textFormat: "plain",
    entities: [botMention, clientInfo],
  };
}

/** Action.Submit on a card in the personal chat: a message with the card's data as `value` and no text. */
export function actionSubmit(data: Record<string, unknown>, where: Where & { replyToId?: string }) {
  return { ...base("message", where, personalConversation(where)), value: data, replyToId: where.replyToId ?? "card-1", entities: [clientInfo] };
}

/** Action.Execute (Universal Actions) on a card in the personal chat. */
export function actionExecute(verb: string, data: Record<string, unknown>, where: Where & { replyToId?: string }) {
  return {
    ...base("invoke", where, personalConversation(where)),
    name: "adaptiveCard/action",
    value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" },
    replyToId: where.replyToId ?? "card-1",
  };
}

/** A typeahead query from an Input.ChoiceSet with Data.Query. */
export function search(dataset: string, queryText: string, where: Where) {
  return {
    ...base("invoke", where, personalConversation(where)),
    name: "application/search",
    value: { queryText, dataset, queryOptions: { skip: 0, top: 15 } },
  };
}

/** The app installed (`add`) or removed (`remove`) in a personal chat, or in a team with `scope: "team"`. */
export function installationUpdate(action: "add" | "remove", where: Where & { scope?: "personal" | "team" }) {
  const team = where.scope === "team";
  return {
    ...base("installationUpdate", where, team ? channelConversation(where) : personalConversation(where), team ? { ...channelData, source: { name: "message" } } : {}),
    action,
  };
}

/** Members added to a conversation; by default the bot itself in the personal chat (the app was installed). */
export function conversationUpdate(where: Where & { membersAdded?: { id: string; aadObjectId?: string }[]; scope?: "personal" | "team" }) {
  const team = where.scope === "team";
  return {
    ...base("conversationUpdate", where, team ? channelConversation(where) : personalConversation(where), team ? { ...channelData, eventType: "teamMemberAdded" } : {}),
    membersAdded: where.membersAdded ?? [{ id: BOT.id }],
  };
}
