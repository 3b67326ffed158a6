import { TeamsAdapter } from "@microsoft/teams-ai";
import type { Activity, InvokeResponse, TurnContext } from "botbuilder";
import { botFrameworkAuthOptions, type Config } from "./config";

/**
 * teams-ai's TeamsAdapter (a botbuilder CloudAdapter) with ConfigurationBotFrameworkAuthentication
 * from our config: no BOT_ID, no auth; with one, only valid Bot Framework tokens.
 *
 * CloudAdapter.process(req, res) wants express-like objects, answers a bad token with the error's
 * message and prints errors with console.error. Our node:http endpoint (bot/server.ts) reads and
 * checks the body itself and logs structured lines, so it calls the base class's processActivity
 * (authenticate, run the turn, return the invoke response), which botbuilder keeps protected for
 * hosts like this one.
 */
export class BotAdapter extends TeamsAdapter {
  constructor(config: Config) {
    super(botFrameworkAuthOptions(config));
  }

  /** Authenticates the request (throws botframework-connector's AuthenticationError) and runs `logic`. */
  handle(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}
