import type { z } from "zod";
import { formatPath } from "../../domain/verb";
import { importDocument, type ImportDocument } from "./document";

/**
 * Phase 1 of the import: the zod schema, applied record by record rather than to the whole
 * document, so one bad date does not hide the other problems: a record that fails is named and
 * left out, and the later phases still check the rest.
 */

/** The lists in the order they are applied (parents before the records that refer to them). */
export const LISTS = [
  "partners",
  "partnerUsers",
  "customers",
  "customerUsers",
  "pools",
  "allocations",
  "assignments",
  "licenses",
  "usage",
  "jobs",
] as const satisfies readonly (keyof ImportDocument)[];

export type ListName = (typeof LISTS)[number];
export type RecordOf<L extends ListName> = NonNullable<ImportDocument[L]>[number];

/** One parsed record and where it came from, so every problem can name its path. */
export interface Item<T> {
  index: number;
  /** `pools[3]` */
  path: string;
  record: T;
}

export type Items = { [L in ListName]: Item<RecordOf<L>>[] };

/** Ids of records refused by the schema: records that refer to them are left out without a second problem. */
export interface Broken {
  partners: Set<string>;
  customers: Set<string>;
  pools: Set<string>;
}

export interface Parsed {
  items: Items;
  broken: Broken;
  problems: string[];
}

export function emptyItems(): Items {
  return Object.fromEntries(LISTS.map((l) => [l, []])) as unknown as Items;
}

export function parseDocument(json: unknown): Parsed {
  const items = emptyItems();
  const broken: Broken = { partners: new Set(), customers: new Set(), pools: new Set() };
  const problems: string[] = [];
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    problems.push("document: must be a JSON object with lists such as partners, pools and assignments");
    return { items, broken, problems };
  }
  const doc = json as Record<string, unknown>;
  const known = new Set<string>(Object.keys(importDocument.shape));
  for (const key of Object.keys(doc)) {
    if (!known.has(key)) problems.push(`${key}: is not a list of the import format (${[...known].join(", ")})`);
  }
  for (const list of LISTS) {
    const value = doc[list];
    if (value === undefined) continue;
    if (!Array.isArray(value)) {
      problems.push(`${list}: must be a list`);
      continue;
    }
    const schema = recordSchema(list);
    value.forEach((raw, index) => {
      const path = `${list}[${index}]`;
      const parsed = schema.safeParse(raw);
      if (parsed.success) {
        (items[list] as Item<unknown>[]).push({ index, path, record: parsed.data });
        return;
      }
      for (const issue of parsed.error.issues) problems.push(...describeIssue(path, issue));
      const id = (raw as { id?: unknown } | null)?.id;
      if (typeof id === "string" && (list === "partners" || list === "customers" || list === "pools")) broken[list].add(id.trim());
    });
  }
  return { items, broken, problems };
}

/** The record schema of a list, taken from the document schema so the two cannot drift apart. */
function recordSchema(list: ListName): z.ZodTypeAny {
  const field = importDocument.shape[list] as z.ZodOptional<z.ZodArray<z.ZodTypeAny>>;
  return field.unwrap().element;
}

export function joinPath(base: string, path: (string | number)[]): string {
  if (path.length === 0) return base;
  return typeof path[0] === "number" ? `${base}${formatPath(path)}` : `${base}.${formatPath(path)}`;
}

/** zod's issues in words an admin reads; unknown fields are named one by one. */
function describeIssue(base: string, issue: z.ZodIssue): string[] {
  const path = joinPath(base, issue.path);
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((k) => `${joinPath(path, [k])}: is not a field of this record`);
    case "invalid_type":
      return [`${path}: ${issue.received === "undefined" ? "is required" : `must be ${article(issue.expected)}, not ${article(issue.received)}`}`];
    case "invalid_enum_value":
      return [`${path}: must be one of ${issue.options.map((o) => JSON.stringify(o)).join(", ")}`];
    default:
      return [`${path}: ${issue.message}`];
  }
}

function article(type: string): string {
  if (type === "null" || type === "undefined") return type;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
