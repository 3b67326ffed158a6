import { TeamsAdapter } from "@microsoft/teams-ai";
import type { Activity, InvokeResponse, TurnContext } from "botbuilder";
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from "botframework-connector";
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
 * botbuilder builds a new ConnectorClient and a new UserTokenClient, each with its own Azure request
 * pipeline, for every turn: a fifth of a bare bot's CPU per message, and most of what its turns
 * leave for the garbage collector to promote. The adapter's authentication keeps the clients it
 * makes instead (KeptClients), as the notifier's sender keeps its connector clients
 * (bot/notify/sender.ts).
 */
export class BotAdapter extends TeamsAdapter {
  constructor(config: Config) {
    super(botFrameworkAuthOptions(config));
    // Set by CloudAdapterBase's constructor from TeamsAdapter's; read by every turn.
    Object.defineProperty(this, "botFrameworkAuthentication", { value: new KeptClients(this.botFrameworkAuthentication) });
  }

  /** Authenticates the request (throws botframework-connector's AuthenticationError) and runs `logic`. */
  handle(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}

/** The app id a request's claims name, as botframework-connector reads it: the audience, else the appid claim. */
function appIdOf(claims: ClaimsIdentity): string {
  return claims.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claims.getClaimValue(AuthenticationConstants.AppIdClaim) ?? "";
}

/**
 * botbuilder's authentication with the clients it makes kept: connector clients by app id,
 * audience and service URL (ConnectorCache), user token clients by app id. Neither holds per-turn
 * state: their credentials fetch and renew their own tokens. Everything else is the inner
 * authentication's.
 */
export class KeptClients extends BotFrameworkAuthentication {
  private readonly connectors = new ConnectorCache();
  // One bot has one app id (a skill host a few): the bound is against a stream of forged ones.
  private readonly userTokenClients = new Kept<UserTokenClient>(16);

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.keep(await this.inner.authenticateRequest(activity, authHeader));
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.keep(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.connectors.factory(appIdOf(claimsIdentity), this.inner.createConnectorFactory(claimsIdentity));
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    // The app id is the only input that varies: scope, login endpoint and credentials are the inner's own.
    return this.userTokenClients.get(appIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private keep(result: AuthenticateRequestResult): AuthenticateRequestResult {
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: this.connectors.factory(appIdOf(result.claimsIdentity), result.connectorFactory) };
  }
}

/**
 * Clients kept by key, at most `limit`, least recently used dropped first; one that could not be
 * made is not kept, so the next turn tries again.
 */
class Kept<T> {
  private readonly items = new Map<string, Promise<T>>();

  constructor(private readonly limit: number) {}

  /** The kept client for `key`, or the one `make` makes, kept. */
  get(key: string, make: () => Promise<T>): Promise<T> {
    const items = this.items;
    let item = items.get(key);
    if (item) {
      items.delete(key);
    } else {
      item = make();
      item.catch(() => items.get(key) === item && items.delete(key));
      if (items.size >= this.limit) items.delete(items.keys().next().value!);
    }
    items.set(key, item);
    return item;
  }

  get size(): number {
    return this.items.size;
  }
}

/**
 * ConnectorClients kept by app id, audience and service URL: a client holds no per-turn state, so
 * one serves every turn to the same place. At most `limit`: an authenticated request names its
 * service URL, and a stream of new ones must not grow the process.
 */
export class ConnectorCache {
  private readonly clients: Kept<ConnectorClient>;

  constructor(limit = 64) {
    this.clients = new Kept(limit);
  }

  /** A factory that makes clients with `inner` once per app id, audience and service URL. */
  factory(appId: string, inner: ConnectorFactory): ConnectorFactory {
    return new KeptConnectorFactory(this.clients, appId, inner);
  }

  get size(): number {
    return this.clients.size;
  }
}

class KeptConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly clients: Kept<ConnectorClient>,
    private readonly appId: string,
    private readonly inner: ConnectorFactory,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.clients.get(`${this.appId}\n${audience ?? ""}\n${serviceUrl}`, () => this.inner.create(serviceUrl, audience));
  }
}
