import type { Application } from "@microsoft/teams-ai";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { checkActivity } from "./activity";
import type { BotAdapter } from "./adapter";
import { newCorrelationId, type Logger } from "./logging";
import { setTurnLog } from "./turn";
import { EXPORT_PATH, handleExport, type ExportRouteDeps } from "./export";

/**
 * The HTTP front door, on node:http: `POST /api/messages` into the CloudAdapter (bot/adapter.ts)
 * and the teams-ai Application, and `GET /healthz`. Bodies are read and checked here, so that a
 * malformed request gets a plain 400 and every line logged is structured; botbuilder then
 * authenticates the request and runs the turn.
 */

/** Teams caps a message at about 100 KB of text plus cards of 28 KB: 1 MB leaves room and stops abuse. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface ServerDeps {
  /** The turn runner: BotAdapter (the benchmark's echo bot brings teams-ai's adapter as it comes). */
  adapter: Pick<BotAdapter, "handle">;
  app: Application;
  logger: Logger;
  /** Readiness beyond "the process answers": the database, say. */
  healthy?: () => boolean;
  bodyLimitBytes?: number;
  /** CSV downloads (`GET /export/<signed token>`, bot/export.ts); without it the route is 404. */
  exports?: Omit<ExportRouteDeps, "logger">;
}

export function createHttpServer(deps: ServerDeps): Server {
  const server = createServer((req, res) => {
    handle(deps, req, res).catch((err: unknown) => {
      // handle() answers every expected case itself; this is the last resort.
      deps.logger.error({ err }, "request failed");
      if (!res.headersSent) json(res, 500, { error: "Internal error." });
      else res.destroy();
    });
  });
  // Teams gives a bot 15 s to answer; a client that has not sent its headers in 30 s never will.
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;
  return server;
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? "/").split("?", 1)[0];
  if (path === "/healthz") {
    if (req.method !== "GET" && req.method !== "HEAD") return methodNotAllowed(res, "GET, HEAD");
    const ok = deps.healthy ? safely(deps.healthy) : true;
    return json(res, ok ? 200 : 503, { status: ok ? "ok" : "unavailable" });
  }
  if (path?.startsWith(EXPORT_PATH) && deps.exports) return handleExport({ ...deps.exports, logger: deps.logger }, req, res, path.slice(EXPORT_PATH.length));
  if (path !== "/api/messages") return json(res, 404, { error: "Not found." });
  if (req.method !== "POST") return methodNotAllowed(res, "POST");
  await messages(deps, req, res);
}

async function messages(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const correlationId = newCorrelationId();
  const log = deps.logger.child({ correlationId });
  res.setHeader("X-Correlation-Id", correlationId);
  const done = (status: number, extra: Record<string, unknown> = {}) =>
    log.info({ status, ms: Math.round(performance.now() - started), ...extra }, "POST /api/messages");

  const body = await readBody(req, deps.bodyLimitBytes ?? BODY_LIMIT_BYTES);
  if (body === "too-large") {
    // Node discards the unread rest of the body (bounded by requestTimeout), so the client reads this.
    json(res, 413, { error: "The request body is too large." });
    return done(413);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    json(res, 400, { error: "The request body is not valid JSON." });
    return done(400);
  }
  const checked = checkActivity(parsed);
  if (!checked.ok) {
    json(res, 400, { error: checked.message });
    return done(400);
  }
  const activity = checked.activity;
  const about = { activityType: activity.type, activityName: activity.name, activityId: activity.id, conversationType: activity.conversation.conversationType };

  const authorization = header(req, "authorization");
  try {
    const invoke = await deps.adapter.handle(authorization, activity, async (context) => {
      setTurnLog(context, { correlationId, log });
      await deps.app.run(context);
    });
    const status = invoke?.status ?? 200;
    if (invoke?.body === undefined) {
      res.writeHead(status, { "Content-Length": 0 }).end();
    } else {
      json(res, status, invoke.body);
    }
    done(status, about);
  } catch (err) {
    // botframework-connector's AuthenticationError carries the status to answer with.
    const code = (err as { statusCode?: unknown }).statusCode;
    if (code === 401 || code === 400) {
      log.warn({ ...about, reason: (err as Error).message }, "request refused by authentication");
      json(res, 401, { error: "Unauthorized." });
      return done(401, about);
    }
    log.error({ err, ...about }, "activity failed");
    json(res, 500, { error: "Internal error.", correlationId });
    done(500, about);
  }
}

/** The body, or "too-large" as soon as it passes (or declares it will pass) the limit; the rest is not kept. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | "too-large"> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve("too-large");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData);
        req.resume();
        resolve("too-large");
      } else {
        chunks.push(chunk);
      }
    };
    req.on("data", onData);
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) }).end(text);
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader("Allow", allow);
  json(res, 405, { error: "Method not allowed." });
}

function safely(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}

/** Listens and resolves with the bound address; a listen error (port in use) rejects. */
export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Stops accepting, lets requests in flight finish, and closes idle keep-alive sockets. */
export function close(server: Server, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
