/**
 * Pools as a partner names them in commands and picks them on forms: by id (any pool of a merged
 * marketplace pool names it whole, P9), or by channel word (`direct`, `marketplace`,
 * `off-marketplace`, `payg`) where that picks one pool of the service. Only pools the partner sees
 * (its own, and its LAR's it holds an allocation of, T2) are offered or matched (U2).
 */
import { subscriptionUsage, type SourceUsage } from "../../domain/queries";
import type { Channel } from "../../domain/rules/pools";
import { channel, count, quantity } from "./format";
import type { Session } from "./session";

export interface PoolOption {
  /** The id to hand the domain: the pool, or for a merged pool its active constituent that lasts longest. */
  poolId: string;
  /** Every id that names this source. */
  ids: string[];
  serviceId: string;
  serviceName: string;
  unit: string;
  fly: boolean;
  merged: boolean;
  paymentModel: "prepaid" | "payg";
  channels: Channel[];
  /** Assignable today (P7). */
  inTerm: boolean;
  lastDay: string;
  /** Free today; null for PAYG (no fixed quantity, P8). */
  available: number | null;
  /** "contoso-m365-direct · direct, prepaid". */
  label: string;
  /** "560 of 1,000 seats free · ends 2027-09-30". */
  detail: string;
}

export const CHANNEL_WORDS = ["direct", "marketplace", "off-marketplace", "payg"] as const;
export type ChannelWord = (typeof CHANNEL_WORDS)[number];

/** Per command (a session): resolving, previewing and describing a change read the same pools. */
const memo = new WeakMap<Session, Map<string, PoolOption[]>>();

/** The partner's pools (of one service when given), in term first, then by service and id. */
export function poolOptions(s: Session, filter: { serviceId?: string } = {}): PoolOption[] {
  let byFilter = memo.get(s);
  if (!byFilter) memo.set(s, (byFilter = new Map()));
  const key = filter.serviceId ?? "";
  let options = byFilter.get(key);
  if (!options) {
    options = subscriptionUsage(s.q, filter)
      .map(toOption)
      .sort((a, b) => Number(b.inTerm) - Number(a.inTerm) || a.serviceName.localeCompare(b.serviceName) || a.poolId.localeCompare(b.poolId));
    byFilter.set(key, options);
  }
  return options;
}

/** After a change is made, the pools' figures have moved: read them again. */
export function forgetPools(s: Session): void {
  memo.delete(s);
}

function toOption(u: SourceUsage): PoolOption {
  const active = u.pools.filter((p) => p.activeToday);
  const representative = (active.length ? active : u.pools).reduce((a, b) => (b.lastDay > a.lastDay ? b : a));
  const channels = u.channels.map((c) => channel(c)).join(" + ");
  const label = u.merged && u.pools.length > 1
    ? `${representative.id} · ${channels}, ${u.pools.length} pools merged`
    : `${representative.id} · ${channels}, ${u.paymentModel === "payg" ? "PAYG" : "prepaid"}${u.viaLar ? ", from your LAR" : ""}`;
  const free =
    u.available === null ? "PAYG: billed for what is assigned" : `${count(Math.max(0, u.available))} of ${quantity(u.quantity ?? 0, u.unit)} free`;
  const inTerm = active.length > 0;
  return {
    poolId: representative.id,
    ids: u.pools.map((p) => p.id),
    serviceId: u.serviceId,
    serviceName: u.serviceName,
    unit: u.unit,
    fly: u.fly,
    merged: u.merged,
    paymentModel: u.paymentModel,
    channels: u.channels,
    inTerm,
    lastDay: u.end,
    available: u.available,
    label,
    detail: inTerm ? `${free} · ends ${u.end}` : `not in term today (${u.start} to ${u.end})`,
  };
}

export function isChannelWord(text: string): text is ChannelWord {
  return (CHANNEL_WORDS as readonly string[]).includes(text.toLowerCase());
}

/** The pools a channel word means among `options`. */
export function byChannel(options: PoolOption[], word: ChannelWord): PoolOption[] {
  return options.filter((o) => {
    if (word === "payg") return o.paymentModel === "payg";
    if (word === "direct") return o.paymentModel === "prepaid" && o.channels.includes("direct");
    return o.channels.includes(word === "marketplace" ? "marketplace" : "off_marketplace");
  });
}

export type PoolMatch = { kind: "match"; pool: PoolOption } | { kind: "ambiguous" | "none"; options: PoolOption[] };

/**
 * The pool a typed word means: an id (exact, any case), or a channel word that picks one pool of
 * the service (preferring pools in term when it picks several). Otherwise the service's pools to
 * pick from.
 */
export function matchPool(options: PoolOption[], typed: string): PoolMatch {
  const word = typed.trim().toLowerCase();
  const byId = options.find((o) => o.ids.some((id) => id.toLowerCase() === word));
  if (byId) return { kind: "match", pool: byId };
  if (isChannelWord(word)) {
    const all = byChannel(options, word);
    const picked = all.length > 1 ? all.filter((o) => o.inTerm) : all;
    if (picked.length === 1) return { kind: "match", pool: picked[0]! };
    if (picked.length > 1) return { kind: "ambiguous", options: picked };
    return { kind: "none", options: options.filter((o) => o.inTerm) };
  }
  return { kind: "none", options: options.filter((o) => o.inTerm) };
}
