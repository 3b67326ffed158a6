/**
 * CSV export links over HTTP: Export CSV answers with a signed link (HMAC-SHA256), valid 15
 * minutes, for the speaker's partner only. A valid link downloads the CSV; an expired, tampered,
 * forged or foreign one gets 403/404 and no data; no log line carries a link.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createExportLinks } from "../../bot/export";
import { DEMO } from "../bot/support/activities";
import { assignedOn, button, cardActions, cardText, FORMULA_NAME, NOW, NW_VIEWER, parseCsv, QUOTED_NAME, reportBot, TODAY } from "./support";

const SECRET = "test-export-secret-0123456789-abcdefghijklmnop";
let t: Awaited<ReturnType<typeof reportBot>>;
beforeAll(async () => {
  t = await reportBot({ env: { EXPORT_SECRET: SECRET } });
});
afterAll(() => t.bot.close());
beforeEach(() => t.clock.set(NOW));

/** The link on an export card. */
function linkOf(card: unknown): string {
  const m = /\[Download the CSV file\]\((\S+)\)/.exec(cardText(card));
  if (!m) throw new Error(`no link in: ${cardText(card)}`);
  return m[1]!;
}

async function exportFrom(text: string, from = undefined as Parameters<typeof t.say>[1]): Promise<string> {
  const card = await t.say(text, from);
  const answer = await t.click(button(card, "Export CSV"), from);
  expect(cardText(answer)).toMatch(/Valid for 15 minutes, until \d\d:\d\d \([A-Za-z/_]+\)\./);
  return linkOf(answer);
}

const path = (url: string) => new URL(url).pathname;

async function download(url: string) {
  const res = await t.bot.get(path(url));
  return { ...res, rows: res.status === 200 ? parseCsv(res.text.replace(/^\uFEFF/, "")) : [] };
}

describe("a valid link", () => {
  it("downloads the report as CSV: the bot's own address, text/csv, an attachment, every row", async () => {
    const url = await exportFrom("pools");
    expect(url.startsWith(`${t.bot.url}/export/`), url).toBe(true);
    const res = await download(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="subscription-usage-${TODAY}.csv"`);
    expect(res.headers.get("cache-control")).toBe("no-store");
    // A UTF-8 byte order mark first (fetch's text() drops it), so spreadsheets read names right.
    const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.text).toContain("\r\n");
    const [header, ...rows] = res.rows;
    expect(header).toEqual(["service", "pool_ids", "merged", "channels", "payment_model", "payment_options", "start", "end", "quantity", "assigned", "fly_consumed", "available", "utilization_percent", "customers", "via_lar", "msp_allocations"]);
    const direct = rows.find((r) => r[1] === "nw-m365-direct")!;
    const used = assignedOn(["nw-m365-direct"], TODAY);
    expect(direct.slice(8, 13)).toEqual(["100", String(used), "", String(100 - used), String((used / 100) * 100)]);
    expect(rows.find((r) => r[1] === "nw-m365-mkt-a; nw-m365-mkt-b")!.slice(2, 4)).toEqual(["true", "marketplace"]);
  });

  it("every report and detail exports, each with its own figures", async () => {
    const cases: [string, string | null, string[]][] = [
      ["usage", null, ["customer_id", "customer"]],
      ["usage alpha 2026-02", null, ["customer_id", "customer"]],
      ["report operations 7d status failed", null, ["service", "from", "to", "jobs"]],
      ["report storage", null, ["customer_id", "customer", "customer_total_gb"]],
      ["bill", null, ["month", "service", "customer_id"]],
      ["report operations", "operations.service", ["customer_id", "customer", "service", "jobs"]],
      ["report storage", "storage.customer", ["customer_id", "customer", "customer_total_gb"]],
      ["pools", "pool.open", ["customer_id", "customer", "service", "pool_id"]],
    ];
    for (const [text, detail, header] of cases) {
      let card = await t.say(text);
      if (detail) card = await t.click(cardActions(card).find((a) => a.verb === detail)!);
      const answer = await t.click(button(card, "Export CSV"));
      const res = await download(linkOf(answer));
      expect(res.status, `${text} ${detail ?? ""}`).toBe(200);
      expect(res.rows[0]!.slice(0, header.length)).toEqual(header);
      expect(res.rows.length, `${text} ${detail ?? ""}`).toBeGreaterThan(1);
    }
  });

  it("RFC 4180 and formula injection: a name with quotes and a comma stays one field; one starting with = is text", async () => {
    const res = await download(await exportFrom("usage"));
    expect(res.status).toBe(200);
    const names = res.rows.slice(1).map((r) => r[1]);
    expect(names).toContain(QUOTED_NAME);
    expect(names).toContain(`'${FORMULA_NAME}`);
    expect(res.text).toContain(`"Gamma ""Quoted"", Inc."`);
    expect(res.rows.every((r) => r.length === res.rows[0]!.length)).toBe(true);
  });

  it("works for a viewer (reads are for everyone in the partner, U1) and still at 14 minutes", async () => {
    const card = await t.click(button(await t.say("report storage", NW_VIEWER), "Export CSV"), NW_VIEWER);
    expect(cardText(card)).toContain("Valid for 15 minutes, until 09:15 (UTC).");
    const url = linkOf(card);
    t.clock.set(new Date(NOW.getTime() + 14 * 60_000));
    expect((await download(url)).status).toBe(200);
  });
});

describe("links that give nothing", () => {
  it("expired: 16 minutes on, 403 and no data", async () => {
    const url = await exportFrom("usage");
    t.clock.set(new Date(NOW.getTime() + 16 * 60_000));
    const res = await download(url);
    expect(res.status).toBe(403);
    expect(res.text).toBe("This download link has expired. Export the report again from its card.");
  });

  it("a tampered signature, a tampered payload (another partner's id put in), a truncated or made-up link: 403/404, no data", async () => {
    const url = await exportFrom("pools");
    const [payload, signature] = path(url).slice("/export/".length).split(".") as [string, string];
    const flipped = signature.slice(0, 10) + (signature[10] === "A" ? "B" : "A") + signature.slice(11);
    const swapped = Buffer.from(Buffer.from(payload, "base64url").toString("utf8").replace('"p":"nw"', '"p":"contoso"')).toString("base64url");
    const answers = await Promise.all([
      t.bot.get(`/export/${payload}.${flipped}`),
      t.bot.get(`/export/${swapped}.${signature}`),
      t.bot.get(`/export/${payload}`),
      t.bot.get(`/export/${payload}.${signature.slice(0, 20)}`),
      t.bot.get("/export/not-a-link"),
      t.bot.get("/export/"),
    ]);
    expect(answers.map((a) => a.status)).toEqual([403, 403, 404, 403, 404, 404]);
    for (const a of answers) {
      expect(a.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(a.text).not.toMatch(/nw-m365|Alpha|Contoso|seats/);
    }
  });

  it("another partner's: a link made for Trey Research opens Trey's data only; a signed link naming another partner's pool is 404", async () => {
    const trey = await download(await exportFrom("pools", DEMO.otherPartner));
    expect(trey.status).toBe(200);
    expect(trey.rows.slice(1).map((r) => r[1])).toEqual(["trey-m365-direct"]);
    expect(trey.text).not.toContain("nw-");

    // Signed with the real secret for Northwind, but naming Contoso's pool and customer: computed for Northwind, so not found.
    const signer = createExportLinks({ secret: SECRET, baseUrl: () => t.bot.url, clock: () => NOW });
    const owner = { partnerId: "nw", aadObjectId: "nw-admin" };
    for (const request of [
      { report: "pool", key: "contoso-m365-direct" },
      { report: "storage-customer", customerId: "fabrikam" },
      { report: "usage", customerId: "fabrikam" },
    ] as const) {
      const res = await download(signer.link(owner, request).url);
      expect(res.status, request.report).toBe(404);
      expect(res.text).toBe("Not found.");
    }
    // A user of one partner named with another partner: refused.
    expect((await download(signer.link({ partnerId: "contoso", aadObjectId: "nw-admin" }, { report: "pools" }).url)).status).toBe(403);
    // A secret that is not the bot's: refused.
    const forger = createExportLinks({ secret: "x".repeat(40), baseUrl: () => t.bot.url, clock: () => NOW });
    expect((await download(forger.link(owner, { report: "pools" }).url)).status).toBe(403);
  });

  it("the Export button re-checks ids for the speaker's partner: another partner's pool gets no link", async () => {
    const answer = await t.click({ type: "Action.Submit", title: "Export CSV", verb: "report.export", data: { verb: "report.export", report: "pool", key: "contoso-m365-direct" }, select: false });
    expect(cardText(answer)).toContain("I can't find that pool");
    expect(cardText(answer)).not.toContain("/export/");
  });

  it("a user removed from the partner after the link was made: 403", async () => {
    const url = await exportFrom("report storage", NW_VIEWER);
    t.bot.db.$client.prepare("delete from partner_users where partner_id = 'nw' and aad_object_id = 'nw-viewer'").run();
    try {
      expect((await download(url)).status).toBe(403);
    } finally {
      t.bot.db.$client.prepare("insert into partner_users (partner_id, aad_object_id, name, role) values ('nw', 'nw-viewer', 'Victor Viewer', 'viewer')").run();
    }
  });

  it("only GET and HEAD; and no log line ever carries a link", async () => {
    const url = await exportFrom("pools");
    const res = await fetch(url, { method: "POST" });
    expect(res.status).toBe(405);
    const head = await fetch(url, { method: "HEAD" });
    expect(head.status).toBe(200);
    const token = path(url).slice("/export/".length);
    expect(t.bot.rawLogs()).not.toContain(token);
    expect(t.bot.rawLogs()).not.toContain(token.split(".")[1]);
    expect(t.bot.rawLogs()).not.toContain(SECRET);
    expect(t.bot.logs().some((l) => l.msg === "GET /export/…" && l.status === 200 && l.report === "pools")).toBe(true);
  });
});
