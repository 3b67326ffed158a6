import { CATALOG, serviceNames, type CatalogService } from "../db/catalog";
import { matchName, type NameMatch } from "./names";

export type { CatalogService } from "../db/catalog";

/** A catalog service with every name it answers to (its id, detailed name and abbreviations). */
export interface NamedService extends CatalogService {
  aliases: string[];
}

const ENTRIES: readonly NamedService[] = CATALOG.map((s) => ({ ...s, aliases: serviceNames(s) }));
const BY_ID = new Map(CATALOG.map((s) => [s.id, s]));
const NAMED_BY_ID = new Map(ENTRIES.map((s) => [s.id, s]));

export function serviceById(id: string): CatalogService | undefined {
  return BY_ID.get(id);
}

/** The service with its names, for matching what a person typed; made once, shared by every lookup. */
export function namedServiceById(id: string): NamedService | undefined {
  return NAMED_BY_ID.get(id);
}

/** Finds a catalog service by its exact name, id, or forgivingly ("m365 backup", "fly aviator"). */
export function matchService(query: string): NameMatch<CatalogService> {
  return matchName(query, ENTRIES);
}
