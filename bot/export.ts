/**
 * CSV export links: `GET /export/<payload>.<signature>` on the bot's own HTTP server.
 *
 * A link is a bearer token the browser opens outside Teams, so everything it grants is inside it and
 * signed: the partner and user it was made for, the report and its parameters, and its expiry
 * (15 minutes). The signature is HMAC-SHA256 under EXPORT_SECRET; nothing is stored. When opened:
 * a malformed link is 404, a forged or altered one (say, another partner's id put in) 403, an
 * expired one 403, one whose user no longer belongs to the partner 403; the report is then computed
 * for that partner only (U2), so an id of another partner's in it reads as not found (404). No
 * answer but a 200 carries data, and no log line carries the link.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { REPORT_ACTIONS } from "../cards/report-actions";
import type { Db } from "../db/client";
import { partnerUsers } from "../db/schema";
import type { Logger } from "./logging";
import { openSession } from "./commands/session";
import { exportTable, type Cell, type ExportRequest } from "./commands/reports/tables";

export const EXPORT_TTL_MS = 15 * 60_000;
export const EXPORT_PATH = "/export/";

/** Who a link is for: the partner whose data it opens, and the user it was handed to. */
export interface LinkOwner {
  partnerId: string;
  aadObjectId: string;
}

export interface ExportLinks {
  readonly ttlMinutes: number;
  /** A signed link to the CSV of `request`, for `owner`, valid EXPORT_TTL_MS from now. */
  link(owner: LinkOwner, request: ExportRequest): { url: string; expiresAt: Date };
  /** The link's contents when its signature holds and it has not expired; why not otherwise. */
  verify(token: string): Verified;
}

export type Verified =
  | { ok: true; owner: LinkOwner; request: ExportRequest; expiresAt: Date }
  | { ok: false; status: 403 | 404; reason: "malformed" | "bad-signature" | "expired" };

const Payload = z
  .object({
    v: z.literal(1),
    p: z.string().min(1).max(200),
    u: z.string().min(1).max(200),
    /** Expiry, epoch milliseconds. */
    e: z.number().int().positive(),
    r: REPORT_ACTIONS["report.export"],
    /** A nonce: two links made in the same millisecond still differ. */
    n: z.string().max(32),
  })
  .strict();

const DOMAIN = "licensing-bot export v1\n";

export interface ExportLinkOptions {
  secret: string;
  /** The public base url (PUBLIC_URL, or where the server listens), read when a link is made. */
  baseUrl: () => string;
  clock: () => Date;
  ttlMs?: number;
}

export function createExportLinks(options: ExportLinkOptions): ExportLinks {
  const ttl = options.ttlMs ?? EXPORT_TTL_MS;
  const sign = (payload: string) => createHmac("sha256", options.secret).update(DOMAIN).update(payload).digest();
  return {
    ttlMinutes: Math.round(ttl / 60_000),
    link(owner, request) {
      const expiresAt = new Date(options.clock().getTime() + ttl);
      const payload = Buffer.from(
        JSON.stringify({ v: 1, p: owner.partnerId, u: owner.aadObjectId, e: expiresAt.getTime(), r: compact(request), n: randomBytes(6).toString("base64url") }),
      ).toString("base64url");
      const token = `${payload}.${sign(payload).toString("base64url")}`;
      return { url: `${options.baseUrl().replace(/\/+$/, "")}${EXPORT_PATH}${token}`, expiresAt };
    },
    verify(token) {
      const dot = token.indexOf(".");
      if (dot <= 0 || dot !== token.lastIndexOf(".") || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token) || token.length > 4096) {
        return { ok: false, status: 404, reason: "malformed" };
      }
      const payload = token.slice(0, dot);
      const given = Buffer.from(token.slice(dot + 1), "base64url");
      const expected = sign(payload);
      // Compared in constant time, before the payload is even parsed.
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, status: 403, reason: "bad-signature" };
      let parsed: z.infer<typeof Payload>;
      try {
        const p = Payload.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
        if (!p.success) return { ok: false, status: 404, reason: "malformed" };
        parsed = p.data;
      } catch {
        return { ok: false, status: 404, reason: "malformed" };
      }
      if (options.clock().getTime() > parsed.e) return { ok: false, status: 403, reason: "expired" };
      return { ok: true, owner: { partnerId: parsed.p, aadObjectId: parsed.u }, request: parsed.r, expiresAt: new Date(parsed.e) };
    },
  };
}

/** The request without its unset parameters (a shorter link). */
function compact(r: ExportRequest): Record<string, unknown> {
  return Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined));
}

/** A random secret for a process started without EXPORT_SECRET: its links die with it. */
export function randomSecret(): string {
  return randomBytes(32).toString("base64url");
}

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180), with spreadsheet formula injection defused.

/** Text a spreadsheet would run as a formula (OWASP's list): prefixed with a quote so it stays text. */
const FORMULA = /^[=+\-@\t\r]/;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = FORMULA.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as CSV lines, each ended by CRLF. */
export function csvLines(rows: readonly (readonly Cell[])[]): string {
  let out = "";
  for (const row of rows) out += `${row.map(csvCell).join(",")}\r\n`;
  return out;
}

/** A whole table as CSV: a UTF-8 byte order mark (so Excel reads names right), the header, the rows. */
export function toCsv(table: { header: string[]; rows: Cell[][] }): string {
  return `${BOM}${csvLines([table.header, ...table.rows])}`;
}

const BOM = "\uFEFF";

// ---------------------------------------------------------------------------------------------
// The route.

export interface ExportRouteDeps {
  db: Db;
  clock: () => Date;
  links: ExportLinks;
  logger: Logger;
}

/**
 * `GET|HEAD /export/<token>`: the CSV, or a plain-text refusal that carries no data. The CSV is
 * written a batch at a time, yielding to the event loop between batches (better-sqlite3 is
 * synchronous: one long export must not hold every other partner's requests).
 */
export async function handleExport(deps: ExportRouteDeps, req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
  const started = performance.now();
  const done = (status: number, extra: Record<string, unknown> = {}) =>
    // The token is never logged: it is the download itself.
    deps.logger.info({ status, ms: Math.round(performance.now() - started), ...extra }, `${req.method} /export/…`);
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.setHeader("Allow", "GET, HEAD");
    refuse(res, 405, "Method not allowed.");
    return done(405);
  }
  const verified = deps.links.verify(token);
  if (!verified.ok) {
    refuse(res, verified.status, verified.reason === "expired" ? "This download link has expired. Export the report again from its card." : verified.status === 403 ? "This download link is not valid." : "Not found.");
    return done(verified.status, { reason: verified.reason });
  }
  const { owner, request } = verified;
  // The user must still belong to the partner: a link outlives nobody's access.
  const user = deps.db
    .select({ name: partnerUsers.name, role: partnerUsers.role })
    .from(partnerUsers)
    .where(and(eq(partnerUsers.partnerId, owner.partnerId), eq(partnerUsers.aadObjectId, owner.aadObjectId)))
    .get();
  if (!user) {
    refuse(res, 403, "This download link is not valid.");
    return done(403, { reason: "unknown-user", report: request.report });
  }
  const s = openSession({ db: deps.db, clock: deps.clock, speaker: { partnerId: owner.partnerId, aadObjectId: owner.aadObjectId, name: user.name, role: user.role } });
  const table = exportTable(s, request);
  if (!("filename" in table)) {
    refuse(res, 404, "Not found.");
    return done(404, { reason: table.problem, report: request.report, partnerId: owner.partnerId });
  }
  res.writeHead(200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${table.filename}"`,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  });
  if (req.method === "HEAD") {
    res.end();
    return done(200, { report: request.report, partnerId: owner.partnerId });
  }
  let aborted = false;
  res.on("close", () => void (aborted = !res.writableFinished));
  res.write(`${BOM}${csvLines([table.header])}`);
  let rows = 0;
  for (const batch of table.batches) {
    if (aborted) break;
    rows += batch.length;
    if (!res.write(csvLines(batch))) await drained(res);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  res.end();
  done(aborted ? 499 : 200, { report: request.report, partnerId: owner.partnerId, rows });
}

/** Resolves when the response can take more (or has closed), leaving no listener behind. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const go = () => {
      res.off("drain", go);
      res.off("close", go);
      resolve();
    };
    res.on("drain", go);
    res.on("close", go);
  });
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "Content-Length": Buffer.byteLength(message) }).end(message);
}
