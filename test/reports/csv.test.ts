/** CSV encoding (RFC 4180) with formula injection defused, and the link signer on its own. */
import { describe, expect, it } from "vitest";
import { createExportLinks, csvCell, EXPORT_TTL_MS, toCsv } from "../../bot/export";
import { loadConfig, ConfigError } from "../../bot/config";
import { parseCsv } from "./support";

describe("csvCell", () => {
  it.each([
    ["plain", "plain"],
    ["a, b", '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\r\nlines", '"two\r\nlines"'],
    ["line\nfeed", '"line\nfeed"'],
    ["", ""],
  ])("RFC 4180: %j is written %j", (value, written) => {
    expect(csvCell(value)).toBe(written);
  });

  it.each([["=1+1"], ["+SUM(A1)"], ["-2+3"], ["@cmd"], ["\tTAB"], ["\rCR"]])("formula injection: %j is prefixed with a quote", (value) => {
    expect(csvCell(value).replace(/^"/, "").startsWith(`'${value[0]}`)).toBe(true);
  });

  it("a formula with a comma is both defused and quoted", () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it("numbers, booleans and empty values are written plainly (a negative number is a number, not a formula)", () => {
    expect([csvCell(-5), csvCell(1234.5), csvCell(0), csvCell(true), csvCell(false), csvCell(null), csvCell(Number.NaN)]).toEqual(["-5", "1234.5", "0", "true", "false", "", ""]);
  });

  it("a table: BOM, CRLF after every line, and it reads back as written", () => {
    const csv = toCsv({ header: ["name", "n"], rows: [["Gamma \"Quoted\", Inc.", 3], ["=cmd", -1]] });
    expect(csv.startsWith("\uFEFFname,n\r\n")).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(parseCsv(csv.slice(1))).toEqual([["name", "n"], ['Gamma "Quoted", Inc.', "3"], ["'=cmd", "-1"]]);
  });
});

describe("export links", () => {
  const now = new Date("2026-03-02T09:00:00Z");
  let at = now;
  const links = createExportLinks({ secret: "s".repeat(40), baseUrl: () => "https://licensing.example.com/", clock: () => at });
  const owner = { partnerId: "nw", aadObjectId: "nw-admin" };

  it("a link is the public base url, /export/, a payload and its signature; it holds for 15 minutes", () => {
    at = now;
    const { url, expiresAt } = links.link(owner, { report: "bill", month: "2026-02" });
    expect(url).toMatch(/^https:\/\/licensing\.example\.com\/export\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.getTime() - now.getTime()).toBe(EXPORT_TTL_MS);
    const token = url.split("/export/")[1]!;
    expect(links.verify(token)).toMatchObject({ ok: true, owner, request: { report: "bill", month: "2026-02" } });
    at = new Date(now.getTime() + EXPORT_TTL_MS);
    expect(links.verify(token).ok).toBe(true);
    at = new Date(now.getTime() + EXPORT_TTL_MS + 1);
    expect(links.verify(token)).toEqual({ ok: false, status: 403, reason: "expired" });
    at = now;
  });

  it("two links for the same report differ (a nonce), and each verifies", () => {
    const a = links.link(owner, { report: "pools" }).url;
    const b = links.link(owner, { report: "pools" }).url;
    expect(a).not.toBe(b);
  });

  it("a payload that verifies but does not parse is 404, not an error", () => {
    const other = createExportLinks({ secret: "s".repeat(40), baseUrl: () => "", clock: () => now });
    const token = other.link(owner, { report: "pools" }).url.split("/export/")[1]!;
    expect(links.verify(`${token}x`).ok).toBe(false);
    expect(links.verify("..").ok).toBe(false);
    expect(links.verify("a".repeat(5000) + ".b").ok).toBe(false);
  });
});

describe("configuration of exports", () => {
  it("EXPORT_SECRET: at least 32 characters, never echoed; PUBLIC_URL: an http(s) URL, trailing slash dropped", () => {
    expect(loadConfig({ PUBLIC_URL: "https://bot.example.com/", EXPORT_SECRET: "k".repeat(32) })).toMatchObject({ PUBLIC_URL: "https://bot.example.com", EXPORT_SECRET: "k".repeat(32) });
    try {
      loadConfig({ EXPORT_SECRET: "short-secret", PUBLIC_URL: "ftp://bot" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems;
      expect(problems).toContainEqual(expect.stringMatching(/^EXPORT_SECRET must be at least 32 characters/));
      expect(problems.join("\n")).not.toContain("short-secret");
      expect(problems).toContainEqual(expect.stringMatching(/^PUBLIC_URL must be an http\(s\) URL/));
    }
  });
});
