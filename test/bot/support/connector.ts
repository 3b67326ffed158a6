import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A fake Bot Connector on loopback: the `serviceUrl` that test activities point at. It records
 * every call the bot makes (replies, proactive sends, card updates) and answers with an id, as the
 * real connector does. Calls complete before the bot's HTTP response, so a test reads them
 * straight after its POST: no waiting.
 */

export interface ConnectorCall {
  method: string;
  path: string;
  /** What kind of call it was, from the Bot Connector REST routes. */
  kind: "reply" | "send" | "update" | "delete" | "createConversation" | "other";
  conversationId?: string;
  /** The activity replied to (reply) or updated/deleted (update, delete). */
  activityId?: string;
  /** The activity sent, as JSON. */
  body: any;
  /** Whether the bot sent an Authorization header (it does once it has an app id). */
  authorized: boolean;
}

export interface ConnectorAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeConnector {
  /** The serviceUrl to put on activities, ending with a slash as Teams' does. */
  url: string;
  calls: ConnectorCall[];
  /** Message activities the bot sent (replies and proactive sends), in order. */
  messages(): any[];
  /** Text of every message sent. */
  texts(): string[];
  /** Contents of every Adaptive Card sent in messages. */
  cards(): any[];
  clear(): void;
  /** Answer calls some other way (errors, throttling) until reset with `undefined`. */
  answerWith(fn: ((call: ConnectorCall) => ConnectorAnswer | undefined) | undefined): void;
  close(): Promise<void>;
}

const ADAPTIVE = "application/vnd.microsoft.card.adaptive";

export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  let override: ((call: ConnectorCall) => ConnectorAnswer | undefined) | undefined;
  let seq = 0;

  const server: Server = createServer(async (req, res) => {
    const body = await readJson(req);
    const call = classify(req, body);
    calls.push(call);
    const answer = override?.(call) ?? defaultAnswer(call, () => `activity-${++seq}`);
    res.writeHead(answer.status, { "Content-Type": "application/json", ...answer.headers });
    res.end(answer.body === undefined ? "" : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const messages = () => calls.filter((c) => (c.kind === "reply" || c.kind === "send") && c.body?.type === "message").map((c) => c.body);
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    messages,
    texts: () => messages().flatMap((m) => (typeof m.text === "string" && m.text ? [m.text] : [])),
    cards: () => messages().flatMap((m) => (m.attachments ?? []).filter((a: any) => a.contentType === ADAPTIVE).map((a: any) => a.content)),
    clear: () => void calls.splice(0),
    answerWith: (fn) => void (override = fn),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function classify(req: IncomingMessage, body: unknown): ConnectorCall {
  const method = req.method ?? "GET";
  const path = decodeURI((req.url ?? "/").split("?", 1)[0]!);
  const authorized = typeof req.headers.authorization === "string" && req.headers.authorization.length > 0;
  const base = { method, path, body, authorized };
  if (method === "POST" && /^\/v3\/conversations\/?$/.test(path)) return { ...base, kind: "createConversation" };
  const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/.exec(path);
  if (!m) return { ...base, kind: "other" };
  const conversationId = decodeURIComponent(m[1]!);
  const activityId = m[2] === undefined ? undefined : decodeURIComponent(m[2]);
  const kind = method === "PUT" ? "update" : method === "DELETE" ? "delete" : method === "POST" ? (activityId ? "reply" : "send") : "other";
  return { ...base, kind, conversationId, activityId };
}

function defaultAnswer(call: ConnectorCall, nextId: () => string): ConnectorAnswer {
  switch (call.kind) {
    case "reply":
    case "send":
      return { status: 200, body: { id: nextId() } };
    case "update":
      return { status: 200, body: { id: call.activityId } };
    case "delete":
      return { status: 200 };
    case "createConversation":
      return { status: 201, body: { id: `a:conversation-${nextId()}`, activityId: nextId() } };
    default:
      return { status: 404, body: { error: { code: "NotFound", message: `fake connector: no route ${call.method} ${call.path}` } } };
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
