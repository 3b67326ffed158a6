import { writeTransaction, type Db } from "../client";
import { recordAudit, SYSTEM, type Ctx } from "../../domain/context";
import { applyDocument, type ImportCounts, type Tally } from "./apply";
import { checkDocument } from "./check";
import { parseDocument } from "./parse";
import { Problems } from "./problems";

export type { ImportCounts, Tally };

export type ImportResult = { ok: true; counts: ImportCounts } | { ok: false; problems: string[] };

export interface LoadOptions {
  clock: () => Date;
}

/** Thrown inside the import's transaction to roll it back once every problem is collected. */
class Refused extends Error {}

/**
 * Loads one import document, all or nothing, as the system actor:
 * 1. the zod schema, record by record (`pools[3].end: must be a date written YYYY-MM-DD`);
 * 2. what the schema cannot see: catalog names, references, dates in order, duplicate ids, P1-P4,
 *    P6, T1, T2 and what a stored record may not change;
 * 3. the records applied through the domain (A1-A4, A8, P5, P7, P8, P9, P10, A11, P6 auto-adjust),
 *    assignments in date order so capacity and one source per service hold as of each record's day.
 * Every phase runs even when an earlier one found problems (records with problems, and those that
 * refer to them, are left out), so one pass names them all; then any problem rolls everything back.
 * Loading the same document again changes nothing, and writes no audit row.
 */
export function loadDocument(db: Db, json: unknown, options: LoadOptions): ImportResult {
  const parsed = parseDocument(json);
  const problems = new Problems(parsed.problems);
  if (typeof json !== "object" || json === null || Array.isArray(json)) return { ok: false, problems: problems.sorted() };
  const ctx: Ctx = { db, clock: options.clock, actor: SYSTEM };
  try {
    // Checks read inside the write transaction, so what they saw is what is written over.
    const counts = writeTransaction(db, () => {
      const checked = checkDocument(db, parsed, problems);
      const counts = applyDocument(ctx, checked, problems);
      if (problems.count > 0) throw new Refused();
      const changed = Object.values(counts).some((t) => t.inserted + t.updated > 0);
      if (changed) recordAudit(ctx, { partnerId: null, action: "import", entityType: "import", entityId: "document", after: counts });
      return counts;
    });
    return { ok: true, counts };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, problems: problems.sorted() };
    throw e;
  }
}

/** One line per list that has records: `pools: 3 inserted, 1 updated, 2 unchanged`. */
export function describeCounts(counts: ImportCounts): string[] {
  return Object.entries(counts)
    .filter(([, t]) => t.inserted + t.updated + t.unchanged > 0)
    .map(([list, t]) => `${list}: ${t.inserted} inserted, ${t.updated} updated, ${t.unchanged} unchanged`);
}
