import { TurnContext, type Activity } from "botbuilder";
import { z } from "zod";

/**
 * What the HTTP endpoint accepts before botbuilder sees it. CloudAdapter replies to
 * `activity.serviceUrl` and needs a conversation to reply in; without a serviceUrl the SDK falls
 * back to a public host, so such a body is refused rather than half-processed.
 */
const inboundActivity = z
  .object({
    type: z.string().min(1),
    serviceUrl: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL"),
    conversation: z.object({ id: z.string().min(1) }).passthrough(),
  })
  .passthrough();

export type InboundCheck = { ok: true; activity: Activity } | { ok: false; message: string };

/** Checks a parsed JSON body: an object that is a Bot Framework activity with a usable serviceUrl. */
export function checkActivity(body: unknown): InboundCheck {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, message: "The request body is not a Bot Framework activity." };
  }
  const parsed = inboundActivity.safeParse(body);
  if (parsed.success) return { ok: true, activity: withDates(parsed.data as unknown as Activity) };
  const fields = new Set(parsed.error.issues.map((i) => String(i.path[0])));
  if (fields.has("serviceUrl") && !fields.has("type") && !fields.has("conversation")) {
    return { ok: false, message: "The activity has no valid serviceUrl." };
  }
  return { ok: false, message: `The request body is not a Bot Framework activity (check ${[...fields].join(", ")}).` };
}

/** As CloudAdapter.process does: timestamps arrive as strings, the SDK types them as Dates. */
function withDates(activity: Activity): Activity {
  const a = activity as Activity & Record<string, unknown>;
  for (const [field, raw] of [
    ["timestamp", "rawTimestamp"],
    ["localTimestamp", "rawLocalTimestamp"],
    ["expiration", "rawExpiration"],
  ] as const) {
    if (typeof a[field] === "string") {
      a[raw] = a[field];
      a[field] = new Date(a[field] as string);
    }
  }
  return activity;
}

/** The Teams (Entra ID) tenant the activity comes from. */
export function tenantIdOf(activity: Partial<Activity>): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const fromChannel = channelData?.tenant?.id;
  if (typeof fromChannel === "string" && fromChannel) return fromChannel;
  return activity.conversation?.tenantId || undefined;
}

/**
 * The command a user typed. In channels and group chats Teams puts the bot's @mention in the text
 * (`<at>Licensing</at> customers`): remove the bot's own mentions (found through the mention
 * entities, as botbuilder's TurnContext.removeRecipientMention does, but safe when there is no
 * text and for every mention of the bot, not only the first), keep other people's names as plain
 * text, and tidy the spaces Teams leaves.
 */
export function commandText(activity: Partial<Activity>): string {
  let text = typeof activity.text === "string" ? activity.text : "";
  const botId = activity.recipient?.id;
  for (const mention of TurnContext.getMentions(activity)) {
    if (botId && mention.mentioned?.id === botId && mention.text) text = text.split(mention.text).join(" ");
  }
  return text
    .replace(/<at>(.*?)<\/at>/gi, "$1")
    .replace(/&nbsp;|\u00a0/gi, " ")
    .replace(/\s+/g, " ")
    .trim();
}
