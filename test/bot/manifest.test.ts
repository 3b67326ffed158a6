import { AppManifestUtils } from "@microsoft/app-manifest";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { decodePng } from "./support/png";

/** appPackage/: the Teams app manifest and icons, valid for upload to Teams. */
const APP = resolve(import.meta.dirname, "../../appPackage");
const manifest = JSON.parse(readFileSync(join(APP, "manifest.json"), "utf8"));

/** Microsoft's schema for the manifest's version, as shipped in @microsoft/app-manifest (no network). */
function bundledSchema(version: string) {
  const root = dirname(createRequire(import.meta.url).resolve("@microsoft/app-manifest/package.json"));
  const text = readFileSync(join(root, "build", "json-schemas", "teams", `v${version}`, "MicrosoftTeams.schema.json"), "utf8");
  // As the package's own fetchSchema does: the published schema has a `\a` JavaScript regexes reject.
  return JSON.parse(text.replace(/\\a/g, "\\x07"));
}

describe("appPackage/manifest.json", () => {
  it("is valid against the Teams app manifest schema it names", async () => {
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
    expect(await AppManifestUtils.validateAgainstSchema(manifest, bundledSchema(manifest.manifestVersion))).toEqual([]);
  });

  it("declares one bot for personal chats, teams and group chats, with help, customers and expiring as commands", () => {
    expect(manifest.bots).toHaveLength(1);
    const [bot] = manifest.bots;
    expect(bot.scopes).toEqual(["personal", "team", "groupChat"]);
    expect(bot.commandLists.flatMap((l: { commands: { title: string }[] }) => l.commands.map((c) => c.title))).toEqual(["help", "customers", "expiring"]);
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
