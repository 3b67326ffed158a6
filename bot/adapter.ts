import { TeamsAdapter } from "@microsoft/teams-ai";
import type { Activity, InvokeResponse, TurnContext } from "botbuilder";
import { AuthenticationConstants, type ConnectorClient, ConnectorFactory } from "botframework-connector";
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
 *
 * botbuilder builds a new ConnectorClient (and with it a new Azure request pipeline) for every
 * turn: a sixth of a bare bot's CPU per message. The adapter authenticates the request itself and
 * hands botbuilder a connector factory that keeps the clients it makes (see ConnectorCache), as
 * the notifier's sender does (bot/notify/sender.ts).
 */
export class BotAdapter extends TeamsAdapter {
  private readonly connectors = new ConnectorCache();

  constructor(config: Config) {
    super(botFrameworkAuthOptions(config));
  }

  /** Authenticates the request (throws botframework-connector's AuthenticationError) and runs `logic`. */
  async handle(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    const result = await this.botFrameworkAuthentication.authenticateRequest(activity, authorization);
    const claims = result.claimsIdentity;
    // The factory's other inputs (scope, login endpoint, credentials factory) are the adapter's own.
    const appId = claims.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claims.getClaimValue(AuthenticationConstants.AppIdClaim) ?? "";
    const connectorFactory = result.connectorFactory && this.connectors.factory(appId, result.connectorFactory);
    return this.processActivity({ ...result, connectorFactory }, activity, logic);
  }
}

/**
 * ConnectorClients kept by app id, audience and service URL: a client holds no per-turn state
 * (its credentials fetch and renew their own tokens), so one serves every turn to the same place.
 * At most `limit`, least recently used dropped first: an authenticated request names its service
 * URL, and a stream of new ones must not grow the process. A client that could not be made is not
 * kept.
 */
export class ConnectorCache {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();

  constructor(private readonly limit = 64) {}

  /** A factory that makes clients with `inner` once per app id, audience and service URL. */
  factory(appId: string, inner: ConnectorFactory): ConnectorFactory {
    const clients = this.clients;
    const limit = this.limit;
    return new (class extends ConnectorFactory {
      create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        const key = `${appId}\n${audience ?? ""}\n${serviceUrl}`;
        let client = clients.get(key);
        if (client) {
          clients.delete(key);
        } else {
          client = inner.create(serviceUrl, audience);
          client.catch(() => clients.get(key) === client && clients.delete(key));
          if (clients.size >= limit) clients.delete(clients.keys().next().value!);
        }
        clients.set(key, client);
        return client;
      }
    })();
  }

  get size(): number {
    return this.clients.size;
  }
}
