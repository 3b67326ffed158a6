import { Application, TeamsAdapter } from "@microsoft/teams-ai";
import { ActivityTypes, type Activity, type InvokeResponse, type TurnContext } from "botbuilder";
import { BotAdapter } from "../../../bot/adapter";
import { botFrameworkAuthOptions, type Config } from "../../../bot/config";
import type { Logger } from "../../../bot/logging";
import { close, createHttpServer, listen } from "../../../bot/server";

/**
 * teams-ai's adapter as it comes, with the one method our front door calls: botbuilder's
 * processActivity, which builds a new ConnectorClient every turn. (BotAdapter keeps them.)
 */
class StockAdapter extends TeamsAdapter {
  constructor(config: Config) {
    super(botFrameworkAuthOptions(config));
  }

  handle(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}

/**
 * The framework's ceiling: a bare teams-ai Application that replies with the text it is sent, on
 * teams-ai's adapter as it comes, the same node:http front door (bot/server.ts, with its body
 * checks and request log) and the same Application options as the real bot. Whatever the real bot
 * costs beyond this is ours: identity, the database, the command and the card; whatever it saves
 * (BotAdapter's kept connector clients) is ours too. `adapter: "ours"` runs it on BotAdapter
 * instead, the benchmark's "echo (BotAdapter)": what the framework costs the real bot.
 */
export async function startEchoBot(
  config: Config,
  logger: Logger,
  options: { adapter?: "stock" | "ours" } = {},
): Promise<{ url: string; stop: () => Promise<void> }> {
  const adapter = options.adapter === "ours" ? new BotAdapter(config) : new StockAdapter(config);
  const app = new Application({ adapter, botAppId: config.BOT_ID, removeRecipientMention: false, startTypingTimer: false });
  app.activity(ActivityTypes.Message, async (context) => {
    await context.sendActivity(context.activity.text ?? "");
  });
  const server = createHttpServer({ adapter, app, logger });
  const address = await listen(server, 0, "127.0.0.1");
  return { url: `http://127.0.0.1:${address.port}`, stop: () => close(server) };
}
