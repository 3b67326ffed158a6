import { Application, type AdaptiveCard, type TeamsAdapter } from "@microsoft/teams-ai";
import { ActivityTypes, CardFactory, INVOKE_RESPONSE_KEY, type Attachment, type TurnContext } from "botbuilder";
import type { Db } from "../db/client";
import { resolvePartnerUser } from "../domain/identity";
import { commandText, tenantIdOf } from "./activity";
import { runCommand, type CommandContext, type CommandInput, type Reply, type Speaker } from "./commands";
import { runSearch } from "./commands/search";
import type { Config } from "./config";
import type { ExportLinks } from "./export";
import type { Phraser } from "./faq/phrase";
import type { Logger } from "./logging";
import { handleNotifyAction, recordConversation } from "./notify";
import { turnLog } from "./turn";

export interface AppDeps {
  db: Db;
  clock: () => Date;
  config: Config;
  logger: Logger;
  /** The adapter the app sends proactive messages through (and whose turn errors it handles). */
  adapter?: TeamsAdapter;
  /** The commands; tests of the transport substitute their own. */
  commands?: (ctx: CommandContext, input: CommandInput) => Promise<Reply>;
  /** Typeahead answers (bot/commands/search.ts). */
  search?: typeof runSearch;
  /** Signs the CSV export links the report cards hand out (served by bot/server.ts). */
  exports?: ExportLinks;
  /** The optional language model that words FAQ answers (bot/faq/phrase.ts); tests hand in a fake. */
  phraser?: Phraser;
}

/** What anyone the bot does not know is told: the same words whatever the reason, naming no partner (U2). */
export const UNKNOWN_USER_TEXT =
  "Sorry, I can't help you yet: your Microsoft Teams account isn't linked to a partner account in this app. " +
  "Ask an administrator of your partner account to add you, then try again.";

/** The apology for anything unexpected; the reference is the correlation id in the logs. */
export function apologyText(correlationId: string): string {
  return `Sorry, something went wrong on my side. Please try again; if it keeps happening, give your administrator this reference: ${correlationId}.`;
}

const ADAPTIVE_CARD = CardFactory.contentTypes.adaptiveCard;
const ACTION_INVOKE = "adaptiveCard/action";
const SEARCH_INVOKE = "application/search";

/**
 * The Teams app: every route resolves who is speaking (U2) before anything runs, then hands typed
 * text or a card action to the commands (bot/commands) and sends back their Reply. Nothing here
 * knows a command; nothing in the commands knows an activity.
 */
export function createApp(deps: AppDeps): Application {
  const { db, clock, logger } = deps;
  const commands = deps.commands ?? runCommand;
  const search = deps.search ?? runSearch;

  const app = new Application({
    adapter: deps.adapter,
    botAppId: deps.config.BOT_ID,
    // Mentions are stripped by commandText (all of the bot's, and safely for text-less submits).
    removeRecipientMention: false,
    // Commands answer well within a second; a timer would interleave "typing" with replies.
    startTypingTimer: false,
  });
  app.error(turnErrorHandler(logger));

  /** The speaker, or undefined after telling them politely that they are not known. */
  const identify = (context: TurnContext): Speaker | undefined => {
    const { log } = turnLog(context, logger);
    const activity = context.activity;
    const tenantId = tenantIdOf(activity);
    const aadObjectId = activity.from?.aadObjectId;
    const found = resolvePartnerUser(db, { tenantId, aadObjectId });
    remember(context, found.ok ? found.user : null);
    if (!found.ok) {
      log.info({ reason: found.reason, tenantId, aadObjectId }, "unknown user");
      return undefined;
    }
    return found.user;
  };

  /**
   * Keeps the conversation reference for proactive notices fresh (the service URL can change) and
   * follows installs and removals. A failure here is logged and never costs the user the answer.
   */
  const remember = (context: TurnContext, speaker: Speaker | null): void => {
    try {
      const recorded = recordConversation({ db, clock }, context.activity, speaker);
      if (recorded.action === "deactivated") turnLog(context, logger).log.info({ conversation: recorded.action }, "conversation");
    } catch (err) {
      turnLog(context, logger).log.error({ err }, "could not record the conversation");
    }
  };

  const run = (context: TurnContext, speaker: Speaker, input: CommandInput): Promise<Reply> => {
    const { log } = turnLog(context, logger);
    // One line per command: who (the partner and role; never names) and what (the first word or the card's verb).
    log.info({ partnerId: speaker.partnerId, role: speaker.role, input: input.kind, command: input.kind === "text" ? firstWord(input.text) : input.verb }, "command");
    const faq = deps.phraser ? { faq: { phraser: deps.phraser, onRejected: (reason: string) => log.warn({ reason }, "FAQ wording refused; the knowledge base's text was shown") } } : {};
    return commands({ db, clock, speaker, conversationId: context.activity.conversation?.id, ...(deps.exports ? { exports: deps.exports } : {}), ...faq }, input);
  };

  // Action.Execute (Universal Actions): the answer is the invoke response; its card replaces the one clicked.
  app.adaptiveCards.actionExecute(isActionExecute, async (context, _state, data): Promise<AdaptiveCard | string> => {
    const speaker = identify(context);
    if (!speaker) return UNKNOWN_USER_TEXT;
    const action = (context.activity.value as { action?: { verb?: unknown } }).action;
    const verb = typeof action?.verb === "string" ? action.verb : "";
    // The digest's own buttons (snooze, next page); the conversation comes from the activity, never the card.
    if (verb === "notify.snooze" || verb === "notify.more") {
      const answer = handleNotifyAction({ db, clock }, { verb, data, conversationId: context.activity.conversation?.id ?? "", speaker });
      return answer.ok ? (answer.card as AdaptiveCard) : answer.refusal.message;
    }
    const reply = await run(context, speaker, { kind: "action", verb, data, execute: true });
    const { card, rest } = splitCard(reply);
    if (rest.text || rest.attachments?.length) await send(context, rest);
    return card ?? (reply.text || "Done.");
  });

  // Action.Submit: a message carrying the card's data as `value` and no text.
  app.adaptiveCards.actionSubmit(isActionSubmit, async (context, _state, data: Record<string, unknown>) => {
    const speaker = identify(context);
    if (!speaker) return void (await context.sendActivity(UNKNOWN_USER_TEXT));
    const verb = typeof data.verb === "string" ? data.verb : "";
    const reply = await run(context, speaker, { kind: "action", verb, data, execute: false });
    if (reply.replaceCard && (await replaceClicked(context, reply, logger))) return;
    await send(context, reply);
  });

  // Typeahead (Data.Query): answered from the speaker's partner only (U2); someone unknown gets no results.
  app.adaptiveCards.search(isSearch, async (context, _state, query) => {
    const speaker = identify(context);
    if (!speaker) return [];
    return search({ db, clock, speaker }, { dataset: query.parameters.dataset, queryText: query.parameters.queryText, skip: query.skip, top: query.count });
  });

  app.activity(ActivityTypes.Message, async (context) => {
    const speaker = identify(context);
    if (!speaker) return void (await context.sendActivity(UNKNOWN_USER_TEXT));
    await send(context, await run(context, speaker, { kind: "text", text: commandText(context.activity) }));
  });

  // Teams sends both conversationUpdate (membersAdded) and installationUpdate when the app is
  // added; the welcome goes with the first only, so nobody is greeted twice.
  app.conversationUpdate("membersAdded", async (context) => {
    const botId = context.activity.recipient?.id;
    if (!context.activity.membersAdded?.some((m) => m.id === botId)) return;
    const speaker = identify(context);
    if (!speaker) return void (await context.sendActivity(UNKNOWN_USER_TEXT));
    await send(context, await run(context, speaker, { kind: "text", text: "help" }));
  });

  app.activity(ActivityTypes.InstallationUpdate, async (context) => {
    const { log } = turnLog(context, logger);
    // Records the install or removal; a removal stops notices even when the remover is not a partner user.
    identify(context);
    log.info({ action: (context.activity as { action?: string }).action, conversationType: context.activity.conversation?.conversationType }, "installation update");
  });

  return app;
}

/**
 * onTurnError: logs the error with its stack under the turn's correlation id, and tells the user
 * only that something went wrong, with that id. Never throws (it runs outside every other catch).
 */
export function turnErrorHandler(logger: Logger) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const { correlationId, log } = turnLog(context, logger);
    const activity = context.activity;
    log.error({ err: error, activityType: activity.type, activityName: activity.name }, "turn failed");
    try {
      const text = apologyText(correlationId);
      if (activity.type !== ActivityTypes.Invoke) {
        await context.sendActivity(text);
      } else if (!context.turnState.get(INVOKE_RESPONSE_KEY)) {
        const body = activity.name === ACTION_INVOKE ? { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: text } : undefined;
        await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: body ? 200 : 500, body } });
      }
    } catch (sendError) {
      log.error({ err: sendError }, "could not send the apology");
    }
  };
}

async function isActionExecute(context: TurnContext): Promise<boolean> {
  const a = context.activity;
  return a.type === ActivityTypes.Invoke && a.name === ACTION_INVOKE && (a.value as { action?: { type?: string } } | undefined)?.action?.type === "Action.Execute";
}

async function isActionSubmit(context: TurnContext): Promise<boolean> {
  const a = context.activity;
  return a.type === ActivityTypes.Message && !a.text && typeof a.value === "object" && a.value !== null && !Array.isArray(a.value);
}

async function isSearch(context: TurnContext): Promise<boolean> {
  return context.activity.type === ActivityTypes.Invoke && context.activity.name === SEARCH_INVOKE;
}

async function send(context: TurnContext, reply: Reply): Promise<void> {
  if (!reply.text && !reply.attachments?.length) return;
  await context.sendActivity({ type: ActivityTypes.Message, text: reply.text, attachments: reply.attachments });
}

/**
 * Action.Submit has no invoke response: a reply meant to replace the card clicked updates that
 * message (its id is the submit's replyToId). False when it could not, so the caller posts it instead.
 */
async function replaceClicked(context: TurnContext, reply: Reply, logger: Logger): Promise<boolean> {
  const id = context.activity.replyToId;
  const { card, rest } = splitCard(reply);
  if (!id || !card) return false;
  try {
    await context.updateActivity({ type: ActivityTypes.Message, id, attachments: [CardFactory.adaptiveCard(card)] });
  } catch (err) {
    turnLog(context, logger).log.warn({ err }, "could not update the card clicked; answering with a new message");
    return false;
  }
  await send(context, rest);
  return true;
}

/** For Action.Execute: the first Adaptive Card becomes the invoke response; the rest is sent as a message. */
function splitCard(reply: Reply): { card?: AdaptiveCard; rest: Reply } {
  const attachments = reply.attachments ?? [];
  const index = attachments.findIndex((a: Attachment) => a.contentType === ADAPTIVE_CARD && typeof a.content === "object");
  if (index < 0) return { rest: { attachments } };
  return {
    card: attachments[index]!.content as AdaptiveCard,
    rest: { text: reply.text, attachments: attachments.filter((_, i) => i !== index) },
  };
}

function firstWord(text: string): string {
  return (text.split(" ", 1)[0] ?? "").toLowerCase().slice(0, 30);
}
