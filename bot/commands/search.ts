/**
 * Teams typeahead: an Input.ChoiceSet whose `choices.data` is a Data.Query asks the bot for
 * choices as the user types (`application/search` invoke). Each dataset answers from the sender's
 * partner only (U2): its customers, the services it has pools of, the pools it sees.
 */
import { CATALOG } from "../../db/catalog";
import { nameTokens } from "../../domain/names";
import { listCustomers } from "../../domain/queries";
import { poolOptions } from "./pools";
import { filterCustomers } from "./resolve";
import { openSession } from "./session";
import type { CommandContext } from "./types";

/** The datasets the cards' pickers name. */
export const DATASETS = { customers: "customers", services: "services", pools: "pools" } as const;

export interface SearchQuery {
  dataset: string;
  queryText: string;
  skip?: number;
  top?: number;
}

/** One choice, as Teams' search response carries it. */
export interface SearchResult {
  title: string;
  value: string;
}

const TOP_MAX = 50;

/**
 * The choices for a typeahead query, paged by Teams' `skip` and `top`. An unknown dataset answers
 * with none (never an error: the picker just shows nothing).
 */
export function runSearch(ctx: CommandContext, query: SearchQuery): SearchResult[] {
  const s = openSession(ctx);
  const skip = clamp(query.skip, 0, 100_000, 0);
  const top = clamp(query.top, 1, TOP_MAX, 15);
  const text = (typeof query.queryText === "string" ? query.queryText : "").slice(0, 200);
  const page = <T>(rows: T[]) => rows.slice(skip, skip + top);
  switch (query.dataset) {
    case DATASETS.customers: {
      const filter = nameTokens(text).length ? { ids: filterCustomers(s.q, text).ids } : {};
      // Connected customers first: a disconnected one can't be given licenses (A6).
      const rows = listCustomers(s.q, { ...filter, offset: skip, limit: top }).rows;
      return rows.map((c) => ({ title: c.status === "connected" ? c.name : `${c.name} (disconnected)`, value: c.id }));
    }
    case DATASETS.services: {
      const held = new Set(poolOptions(s).map((o) => o.serviceId));
      const words = nameTokens(text);
      const rows = CATALOG.filter((c) => held.has(c.id)).filter((c) => covers(words, `${c.name} ${c.id}`));
      return page(rows.map((c) => ({ title: c.name, value: c.id })));
    }
    case DATASETS.pools: {
      const words = nameTokens(text);
      const rows = poolOptions(s).filter((o) => covers(words, `${o.serviceName} ${o.label} ${o.ids.join(" ")} ${o.paymentModel}`));
      return page(rows.map((o) => ({ title: `${o.serviceName} · ${o.label} · ${o.detail}`, value: o.poolId })));
    }
    default:
      return [];
  }
}

/** Every typed word starts a word of the text (in any order): "m365 dir" finds "Cloud Backup for Microsoft 365 · ... direct". */
function covers(words: string[], text: string): boolean {
  if (words.length === 0) return true;
  const have = nameTokens(text);
  return words.every((w) => have.some((h) => h.startsWith(w)));
}

function clamp(value: unknown, min: number, max: number, fallback: number): number {
  const n = typeof value === "number" ? value : typeof value === "string" && /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : fallback;
}
