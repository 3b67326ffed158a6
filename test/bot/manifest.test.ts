import { AppManifestUtils } from "@microsoft/app-manifest";
import { unzipSync } from "fflate";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildPackage, resolveManifest, schemaFor } from "../../scripts/package-app";
import { describe, expect, it } from "vitest";
import { decodePng } from "./support/png";

/** appPackage/: the Teams app manifest (a template the package fills from the environment) and icons. */
const APP = resolve(import.meta.dirname, "../../appPackage");
const TEMPLATE = readFileSync(join(APP, "manifest.json"), "utf8");
const manifest = resolveManifest(TEMPLATE, {}).manifest as unknown as Record<string, any>;
const ENV = { TEAMS_APP_ID: "3f1c7a52-2b8e-4f0a-9c1d-5e6f7a8b9c0d", BOT_ID: "6a2b1c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", BOT_DOMAIN: "bot.contoso.example", APP_VERSION: "1.2.3" };

describe("appPackage/manifest.json", () => {
  it("is valid against the Teams app manifest schema it names, kept in the repo", async () => {
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
    expect(await AppManifestUtils.validateAgainstSchema(manifest as never, schemaFor(manifest.manifestVersion))).toEqual([]);
  });

  it("declares one bot for personal chats, teams and group chats, with help, customers and expiring as commands", () => {
    expect(manifest.bots).toHaveLength(1);
    const [bot] = manifest.bots;
    expect(bot.scopes).toEqual(["personal", "team", "groupChat"]);
    expect(bot.commandLists.flatMap((l: { commands: { title: string }[] }) => l.commands.map((c) => c.title))).toEqual(["help", "customers", "expiring"]);
  });

  it("takes the app id, bot id, domain and version from the environment", () => {
    const r = resolveManifest(TEMPLATE, ENV);
    expect(r.defaulted).toEqual([]);
    const m = r.manifest as unknown as Record<string, any>;
    expect([m.id, m.bots[0].botId, m.validDomains, m.version]).toEqual([ENV.TEAMS_APP_ID, ENV.BOT_ID, [ENV.BOT_DOMAIN], "1.2.3"]);
    expect(resolveManifest(TEMPLATE, {}).defaulted.sort()).toEqual(["APP_VERSION", "BOT_DOMAIN", "BOT_ID", "TEAMS_APP_ID"]);
    expect(() => resolveManifest('{"id": "${{NO_SUCH_VARIABLE}}"}', {})).toThrow(/NO_SUCH_VARIABLE/);
  });
});

describe("npm run package", () => {
  it("zips the filled manifest and both icons at the root of the package", async () => {
    const r = await buildPackage(ENV);
    expect(r.problems).toEqual([]);
    const files = unzipSync(r.zip);
    expect(Object.keys(files).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    expect(JSON.parse(new TextDecoder().decode(files["manifest.json"]))).toMatchObject({ id: ENV.TEAMS_APP_ID, bots: [{ botId: ENV.BOT_ID }] });
  });

  it("fails on a manifest the schema refuses, naming the problem", async () => {
    const r = await buildPackage({ ...ENV, BOT_ID: "not-a-guid" });
    expect(r.problems).toEqual([expect.stringMatching(/^manifest: \/bots\/0\/botId must match pattern/)]);
  });

  it("fails on icons of the wrong size", async () => {
    const dir = mkdtempSync(join(tmpdir(), "package-"));
    try {
      mkdirSync(join(dir, "schema"));
      copyFileSync(join(APP, "manifest.json"), join(dir, "manifest.json"));
      copyFileSync(join(APP, "color.png"), join(dir, "outline.png"));
      copyFileSync(join(APP, "color.png"), join(dir, "color.png"));
      const r = await buildPackage(ENV, dir);
      expect(r.problems).toEqual(["outline.png: 192x192, must be 32x32"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("app icons", () => {
  it("color.png is a 192x192 opaque picture", () => {
    const png = decodePng(readFileSync(join(APP, manifest.icons.color)));
    expect([png.width, png.height, png.colorType]).toEqual([192, 192, 6]);
    for (let i = 3; i < png.rgba.length; i += 4) expect(png.rgba[i]).toBe(255);
  });

  it("outline.png is 32x32, white on transparent, and not empty", () => {
    const png = decodePng(readFileSync(join(APP, manifest.icons.outline)));
    expect([png.width, png.height, png.colorType]).toEqual([32, 32, 6]);
    let drawn = 0;
    for (let i = 0; i < png.rgba.length; i += 4) {
      const [r, g, b, a] = png.rgba.subarray(i, i + 4);
      if (a === 0) continue;
      drawn++;
      expect([r, g, b]).toEqual([255, 255, 255]);
    }
    expect(drawn).toBeGreaterThan(50);
  });
});
