import { Application } from "@microsoft/teams-ai";
import { ActivityTypes } from "botbuilder";
import { BotAdapter } from "../../../bot/adapter";
import type { Config } from "../../../bot/config";
import type { Logger } from "../../../bot/logging";
import { close, createHttpServer, listen } from "../../../bot/server";

/**
 * The framework's ceiling: a bare teams-ai Application that replies with the text it is sent, on
 * the same adapter (BotAdapter, a CloudAdapter), the same node:http front door (bot/server.ts, with
 * its body checks and request log) and the same Application options as the real bot. Whatever the
 * real bot costs beyond this is ours: identity, the database, the command and the card.
 */
export async function startEchoBot(config: Config, logger: Logger): Promise<{ url: string; stop: () => Promise<void> }> {
  const adapter = new BotAdapter(config);
  const app = new Application({ adapter, botAppId: config.BOT_ID, removeRecipientMention: false, startTypingTimer: false });
  app.activity(ActivityTypes.Message, async (context) => {
    await context.sendActivity(context.activity.text ?? "");
  });
  const server = createHttpServer({ adapter, app, logger });
  const address = await listen(server, 0, "127.0.0.1");
  return { url: `http://127.0.0.1:${address.port}`, stop: () => close(server) };
}
