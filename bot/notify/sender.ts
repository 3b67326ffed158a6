import type { Activity, ConversationReference } from "botbuilder";
import { ConnectorClient, MicrosoftAppCredentials } from "botframework-connector";

/** What Teams answered to one send. Never thrown: a network failure is status 0. */
export interface SendResult {
  /** HTTP status (2xx accepted), or 0 when no answer came (network error, timeout). */
  status: number;
  /** From a `Retry-After` header, in ms. */
  retryAfterMs?: number;
  /** Teams' id for the new activity, when accepted. */
  activityId?: string;
  /** A short description for the logs (never a token or a body). */
  error?: string;
}

/** Sends one activity to a stored conversation reference. */
export interface Sender {
  send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<SendResult>;
}

export interface ConnectorSenderOptions {
  /** The bot's app id and secret; unset for local use with auth off (no token is sent). */
  appId?: string;
  appPassword?: string;
  /** For a single-tenant bot: the tenant its tokens come from. */
  tenantId?: string;
  /** Gives up on one request after this long (keep it well under the lease's time to live). */
  timeoutMs?: number;
  /** For parsing a `Retry-After` given as a date. */
  now?: () => number;
}

/**
 * A Sender over the Bot Connector REST API (botframework-connector's ConnectorClient, one per
 * service URL). The client's own retry policy is removed: it would sleep on 429 in real time,
 * outside our limiter and our clock, and retry sends we count ourselves.
 */
export function connectorSender(options: ConnectorSenderOptions = {}): Sender {
  const credentials = new MicrosoftAppCredentials(options.appId ?? "", options.appPassword ?? "", options.tenantId);
  const clients = new Map<string, ConnectorClient>();
  const now = options.now ?? Date.now;
  const clientFor = (serviceUrl: string): ConnectorClient => {
    let c = clients.get(serviceUrl);
    if (!c) {
      c = new ConnectorClient(credentials, { baseUri: serviceUrl });
      withoutRetries(c);
      clients.set(serviceUrl, c);
    }
    return c;
  };
  return {
    async send(reference, activity) {
      const serviceUrl = reference.serviceUrl;
      const conversationId = reference.conversation?.id;
      if (!serviceUrl || !conversationId) return { status: 400, error: "reference without service URL or conversation" };
      const outgoing: Partial<Activity> = {
        ...activity,
        channelId: reference.channelId,
        serviceUrl,
        conversation: reference.conversation as Activity["conversation"],
        from: reference.bot,
        recipient: reference.user,
      };
      try {
        const r = await clientFor(serviceUrl).conversations.sendToConversation(conversationId, outgoing, { timeout: options.timeoutMs ?? 15_000 } as object);
        return { status: r._response.status, activityId: r.id };
      } catch (e) {
        const err = e as { statusCode?: number; code?: string; name?: string; response?: { headers?: { get(name: string): string | undefined } } };
        const status = typeof err.statusCode === "number" ? err.statusCode : 0;
        const retryAfterMs = parseRetryAfter(err.response?.headers?.get("retry-after"), now());
        return { status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}), error: status ? `HTTP ${status}` : `${err.name ?? "Error"} ${err.code ?? ""}`.trim() };
      }
    },
  };
}

interface WithPipeline {
  client?: { pipeline?: { removePolicy(options: { name: string }): unknown; getOrderedPolicies(): { name: string }[] } };
}

/** Removes @azure/core-rest-pipeline's retry policy from a ConnectorClient (checked, so an SDK change fails loudly). */
function withoutRetries(client: ConnectorClient): void {
  const pipeline = (client as unknown as WithPipeline).client?.pipeline;
  if (!pipeline) throw new Error("connectorSender: ConnectorClient has no pipeline to remove its retry policy from");
  pipeline.removePolicy({ name: "defaultRetryPolicy" });
  if (pipeline.getOrderedPolicies().some((p) => /retry/i.test(p.name))) {
    throw new Error("connectorSender: ConnectorClient still has a retry policy");
  }
}

/** `Retry-After` as seconds or an HTTP date, in ms from `nowMs`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
