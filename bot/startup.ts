import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { openDatabase, type Db } from "../db/client";
import { demoDocument } from "../db/demo/demo";
import { describeCounts, loadDocument } from "../db/import/load";
import { partners } from "../db/schema";
import { dayInZone } from "../domain/dates";

export interface Prepared {
  db: Db;
  /** Lines describing what the demo load wrote; empty when the database already held data. */
  demo: string[];
}

/**
 * Opens (creating the folder if needed) and migrates the database; when it holds no partner yet,
 * loads the demo document with dates relative to today, through the same import as `npm run import`.
 */
export function prepareDatabase(path: string, clock: () => Date): Prepared {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = openDatabase(path);
  const empty = db.select({ id: partners.id }).from(partners).limit(1).all().length === 0;
  if (!empty) return { db, demo: [] };
  const result = loadDocument(db, demoDocument(dayInZone(clock(), "UTC")), { clock });
  if (!result.ok) {
    db.$client.close();
    throw new Error(`The demo data was refused:\n${result.problems.join("\n")}`);
  }
  return { db, demo: describeCounts(result.counts) };
}
