import { readFileSync, statSync } from "node:fs";
import { openDatabase } from "../client";
import { describeCounts, loadDocument } from "./load";

/**
 * `npm run import -- FILE`: loads one import document into the database at DATABASE_PATH
 * (default ./data/licensing.db), all or nothing. Prints what changed, or every problem and exits 1.
 */

/** Far above any partner's export; beyond it the JSON would not fit in memory comfortably. */
const MAX_BYTES = 200 * 1024 * 1024;

function main(args: string[]): number {
  const file = args[0];
  if (!file || args.length > 1) {
    console.error("usage: npm run import -- FILE   (one JSON import document; DATABASE_PATH names the database)");
    return 1;
  }
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    console.error(`Cannot read ${file}: no such file.`);
    return 1;
  }
  if (size > MAX_BYTES) {
    console.error(`Refused ${file}: it is ${Math.round(size / 1024 / 1024)} MB; an import document may be up to 200 MB.`);
    return 1;
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    console.error(`Refused ${file}: it is not JSON (${e instanceof Error ? e.message.split("\n")[0] : "unreadable"}).`);
    return 1;
  }

  const path = process.env.DATABASE_PATH ?? "./data/licensing.db";
  const db = openDatabase(path);
  try {
    const result = loadDocument(db, json, { clock: () => new Date() });
    if (!result.ok) {
      console.error(`Refused ${file}: ${result.problems.length} problem${result.problems.length === 1 ? "" : "s"}; nothing was written.`);
      for (const p of result.problems) console.error(`  ${p}`);
      return 1;
    }
    const lines = describeCounts(result.counts);
    console.log(`Imported ${file} into ${path}${lines.length ? ":" : " (the document is empty)."}`);
    for (const line of lines) console.log(`  ${line}`);
    return 0;
  } finally {
    db.$client.close();
  }
}

process.exitCode = main(process.argv.slice(2));
