import { CATALOG, serviceNames, type CatalogService } from "../db/catalog";
import { matchName, type NameMatch } from "./names";

export type { CatalogService } from "../db/catalog";

interface ServiceEntry extends CatalogService {
  aliases: string[];
}

const ENTRIES: readonly ServiceEntry[] = CATALOG.map((s) => ({ ...s, aliases: serviceNames(s) }));
const BY_ID = new Map(CATALOG.map((s) => [s.id, s]));

export function serviceById(id: string): CatalogService | undefined {
  return BY_ID.get(id);
}

/** Finds a catalog service by its exact name, id, or forgivingly ("m365 backup", "fly aviator"). */
export function matchService(query: string): NameMatch<CatalogService> {
  return matchName(query, ENTRIES);
}
