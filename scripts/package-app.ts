/**
 * `npm run package`: the Teams app package. Fills the manifest's `${{NAME}}` placeholders from the
 * environment (as the Microsoft 365 Agents Toolkit does), validates it against the official schema
 * kept in appPackage/schema (validators that fetch `$schema` fail offline), checks the icons' sizes
 * and writes appPackage/build/appPackage.zip (manifest.json, color.png, outline.png at the root).
 */
import { AppManifestUtils, type TeamsManifest } from "@microsoft/app-manifest";
import { zipSync } from "fflate";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../appPackage");

/** What a local package gets when a variable is unset; a package for Teams sets them all. */
export const LOCAL_DEFAULTS: Record<string, string> = {
  TEAMS_APP_ID: "f9f4979d-85de-4280-aaa9-d42cbde0fa12",
  APP_VERSION: "0.1.0",
  BOT_ID: "00000000-0000-0000-0000-000000000000",
  BOT_DOMAIN: "localhost",
};

export interface Resolved {
  manifest: TeamsManifest;
  /** Placeholders that took a local default rather than a value from the environment. */
  defaulted: string[];
}

/** Replaces every `${{NAME}}` in the manifest template; an unknown name is an error. */
export function resolveManifest(template: string, env: Record<string, string | undefined>): Resolved {
  const defaulted = new Set<string>();
  const unknown = new Set<string>();
  const text = template.replace(/\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g, (_, name: string) => {
    const value = env[name]?.trim();
    if (value) return JSON.stringify(value).slice(1, -1);
    if (name in LOCAL_DEFAULTS) {
      defaulted.add(name);
      return LOCAL_DEFAULTS[name]!;
    }
    unknown.add(name);
    return "";
  });
  if (unknown.size > 0) throw new Error(`The manifest needs ${[...unknown].join(", ")}: set ${unknown.size > 1 ? "them" : "it"} in the environment.`);
  return { manifest: JSON.parse(text) as TeamsManifest, defaulted: [...defaulted] };
}

/** The official schema of the manifest's version, from appPackage/schema. */
export function schemaFor(version: string) {
  const text = readFileSync(join(APP_DIR, "schema", `MicrosoftTeams.v${version}.schema.json`), "utf8");
  // The published schema has a `\a` escape JavaScript regular expressions reject (the package's own fetchSchema does the same).
  return JSON.parse(text.replace(/\\a/g, "\\x07"));
}

/** Width and height from a PNG's IHDR chunk, or null when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

export interface PackageResult {
  zip: Uint8Array;
  problems: string[];
  defaulted: string[];
}

/** Builds the package in memory; `problems` lists every schema or icon problem (then do not ship it). */
export async function buildPackage(env: Record<string, string | undefined>, dir = APP_DIR): Promise<PackageResult> {
  const { manifest, defaulted } = resolveManifest(readFileSync(join(dir, "manifest.json"), "utf8"), env);
  const problems: string[] = [];
  const version = String(manifest.manifestVersion);
  const expectedSchema = `https://developer.microsoft.com/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`;
  if (manifest.$schema !== expectedSchema) problems.push(`$schema should be ${expectedSchema}`);
  problems.push(...(await AppManifestUtils.validateAgainstSchema(manifest, schemaFor(version))).map((p) => `manifest: ${p}`));
  const icons: Record<string, Uint8Array> = {};
  for (const [kind, size] of [["color", 192], ["outline", 32]] as const) {
    const file = manifest.icons[kind];
    const bytes = new Uint8Array(readFileSync(join(dir, file)));
    const dims = pngSize(bytes);
    if (!dims) problems.push(`${file}: not a PNG`);
    else if (dims.width !== size || dims.height !== size) problems.push(`${file}: ${dims.width}x${dims.height}, must be ${size}x${size}`);
    icons[file] = bytes;
  }
  const zip = zipSync({ "manifest.json": new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`), ...icons });
  return { zip, problems, defaulted };
}

async function main(): Promise<void> {
  const { zip, problems, defaulted } = await buildPackage(process.env);
  if (problems.length > 0) {
    process.stderr.write(`The app package is not valid:\n${problems.map((p) => `  - ${p}`).join("\n")}\n`);
    process.exit(1);
  }
  const out = join(APP_DIR, "build", "appPackage.zip");
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip);
  process.stdout.write(`Wrote ${out} (${zip.length.toLocaleString("en-US")} bytes); the manifest passes the v1.30 schema.\n`);
  if (defaulted.length > 0) {
    process.stdout.write(`Local defaults used for ${defaulted.join(", ")}: set them to upload the package to Teams.\n`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
