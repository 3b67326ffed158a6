/** R1 subscription usage (`pools [service]`, `report subscriptions`) and a pool's detail, T2 and P9 included. */
import { pickCard, poolReportCard, poolsReportCard, type PoolChartData, type PoolRowData, type PoolTermData } from "../../../cards";
import { serviceNames } from "../../../db/catalog";
import { matchService, serviceById } from "../../../domain/catalog";
import { matchName } from "../../../domain/names";
import { sourceCustomers, usageAsOf, type SourceUsage } from "../../../domain/queries";
import { measureSources, visibleSource, visibleSources, type VisibleSource } from "../../../domain/queries/subscriptions";
import { channel, count, payment, plural, quantity, quote, range } from "../format";
import { notice } from "../notices";
import type { Session } from "../session";
import type { Reply } from "../types";
import { capped, clip, REPORT_PAGE, scope, today, usageAsOfLine } from "./common";

/** `pools`, `pools <service>`, `pools <pool id>`, `report subscriptions [service]`. */
export function poolsText(s: Session, typed: string): Reply {
  const text = typed.trim();
  if (!text) return poolsPage(s, undefined, 0);
  const source = sourceByPoolId(s, text);
  if (source) return poolDetail(s, source.key, 0);

  const held = [...new Set(visibleSources(s.q).map((v) => v.pools[0]!.serviceId))].flatMap((id) => {
    const c = serviceById(id);
    return c ? [{ ...c, aliases: serviceNames(c) }] : [];
  });
  const own = matchName(text, held);
  if (own.kind === "match") return poolsPage(s, own.item.id, 0);
  const any = matchService(text);
  if (own.kind !== "ambiguous" && any.kind === "match") return poolsPage(s, any.item.id, 0);
  const list = own.kind === "ambiguous" ? own.candidates : any.kind === "ambiguous" ? any.candidates : any.kind === "none" ? any.suggestions : [];
  const several = own.kind === "ambiguous" || any.kind === "ambiguous";
  return {
    attachments: [
      pickCard({
        message: several ? `Several services match ${quote(text)}.` : `I don't know a service or pool called ${quote(text)}.`,
        prompt: list.length ? (several ? "Which one do you mean?" : "Did you mean one of these?") : "Type pools to see all your pools.",
        options: list.map((c) => ({ title: c.name, detail: "", text: `pools ${c.id}` })),
        form: "",
        customerId: "",
      }),
    ],
  };
}

/** A pool the partner sees, by a pool id (a merged pool's constituent opens the merged pool) or a source key. */
function sourceByPoolId(s: Session, id: string): VisibleSource | undefined {
  const direct = visibleSource(s.q, id);
  if (direct) return direct;
  if (id.startsWith("merged:")) return undefined;
  return visibleSources(s.q).find((v) => v.pools.some((p) => p.id === id));
}

/** One page of R1: every pool the partner sees (of one service, when given), with a utilization chart. */
export function poolsPage(s: Session, serviceId: string | undefined, offset: number, warning = ""): Reply {
  const service = serviceId ? serviceById(serviceId) : undefined;
  if (serviceId && !service) return notice("I don't know that service", "Type pools to see all your pools, or pools and a service's name.", "Warning");
  const all = subscriptionRows(s, serviceId);
  const from = offset < all.length ? offset : 0;
  const page = all.slice(from, from + REPORT_PAGE.pools);
  const lar = s.q.kind === "lar";
  const what = service ? `Pools of ${service.name}` : "Pools";
  const summary =
    all.length === 0
      ? service
        ? `You hold no pools of ${service.name}.`
        : "No pools in your partner account yet."
      : `${what} ${range(from, page.length, all.length)}${lar ? " · each MSP's allocation and use under its pool (Tier 2)" : ""}`;
  return {
    attachments: [
      poolsReportCard({
        heading: service ? `Subscription usage: ${service.name}` : "Subscription usage",
        scope: scope(s, `${today(s)}${lar ? " · Tier 2 LAR" : ""}`),
        ...usageAsOfLine(usageAsOf(s.q), s.q.today),
        summary,
        notice: warning,
        serviceId: serviceId ?? "",
        rows: page.map((u) => poolRow(s, u)),
        chart: page.flatMap(chartBar),
        hasMore: from + page.length < all.length,
        nextOffset: from + page.length,
      }),
    ],
  };
}

/** R1's rows (merged as P9), for the card and the CSV alike. */
export function subscriptionRows(s: Session, serviceId?: string): SourceUsage[] {
  return measureSources(s.q, visibleSources(s.q, serviceId ? { serviceId } : {}));
}

export function utilization(u: SourceUsage): string {
  if (u.utilization === null) return "n/a (PAYG)";
  if (!Number.isFinite(u.utilization)) return "over";
  return `${Math.round(u.utilization * 100)}%`;
}

function color(u: SourceUsage): "good" | "warning" | "attention" {
  if (u.utilization === null) return "good";
  if (u.utilization > 1) return "attention";
  return u.utilization >= 0.9 ? "warning" : "good";
}

/** "Cloud Marketplace · prepaid, APU ... / prepaid, monthly · 2025-07-01 to 2026-06-30". */
export function sourceLine(u: SourceUsage): string {
  const channels = u.channels.map(channel).join(" + ");
  const payments = u.paymentOptions.map((o) => payment(u.paymentModel, o)).join(" / ");
  return `${channels} · ${payments} · ${u.start} to ${u.end}`;
}

export function poolIds(u: SourceUsage): string {
  return u.pools.length > 1 ? `${capped(u.pools.map((p) => clip(p.id, 60)), 3, " + ")} (merged, P9)` : clip(u.pools[0]!.id, 120);
}

function inUse(u: SourceUsage): number {
  return u.fly ? (u.consumed ?? 0) : u.assigned;
}

function notes(s: Session, u: SourceUsage): string {
  const out: string[] = [];
  if (u.pools.length > 1) out.push(`${plural(u.pools.length, "Cloud Marketplace pool")} shown as one (P9); capacity counts those active today`);
  if (u.fly && u.consumed !== null) out.push(`Fly: ${quantity(u.consumed, u.unit)} consumed, never returned (A9); ${quantity(u.assigned, u.unit)} active`);
  if (u.viaLar) out.push("Your allocation of your LAR's pool (Tier 2)");
  if (!u.pools.some((p) => p.activeToday)) {
    const canceled = u.pools.find((p) => p.canceledOn !== null);
    out.push(
      u.start > s.q.today
        ? `Not started: starts ${u.start}`
        : canceled && u.end === canceled.lastDay
          ? `Canceled by the distributor on ${canceled.canceledOn} (P10)`
          : `Ended on ${u.end}`,
    );
  }
  if (u.available !== null && u.available < 0) out.push(`Over capacity by ${quantity(-u.available, u.unit)}: nothing is cut; extend or add seats`);
  return out.join(" · ");
}

function poolRow(s: Session, u: SourceUsage): PoolRowData {
  return {
    key: u.key,
    service: u.serviceName,
    ids: poolIds(u),
    source: sourceLine(u),
    quantity: u.quantity === null ? "PAYG" : quantity(u.quantity, u.unit),
    assigned: quantity(u.assigned, u.unit),
    available: u.available === null ? "–" : u.available < 0 ? `−${quantity(-u.available, u.unit)}` : quantity(u.available, u.unit),
    utilization: utilization(u),
    color: color(u),
    note: notes(s, u),
    allocations: capped(
      u.allocations.map((a) => `${clip(a.mspName, 80)}: ${count(a.allocated)} allocated, ${count(a.inUse)} in use`),
      4,
    ),
  };
}

function chartBar(u: SourceUsage): PoolChartData[] {
  if (u.utilization === null || !Number.isFinite(u.utilization) || u.quantity === null) return [];
  const percent = Math.round(u.utilization * 100);
  const label = `${clip(u.serviceName, 32)} (${u.pools.length > 1 ? "merged" : clip(u.pools[0]!.id, 28)})`;
  return [{ label, percent, color: color(u), value: `${percent}% (${count(inUse(u))} of ${quantity(u.quantity, u.unit)})` }];
}

/** R1's detail: the pool's figures, its terms (P9), a LAR's allocations (T2), and its customers, paged. */
export function poolDetail(s: Session, key: string, offset: number): Reply {
  const source = visibleSource(s.q, key);
  if (!source) return unknownPool();
  const u = measureSources(s.q, [source])[0]!;
  // A LAR sees its MSPs' figures, not their customers (U2): its own customers are the only names shown.
  const customers = sourceCustomers(s.q, key, { offset, limit: REPORT_PAGE.poolCustomers });
  // A LAR's figures count its MSPs' customers too; only its own are listed, so page until a short page.
  const lar = s.q.kind === "lar";
  const total = lar ? offset + customers.length + (customers.length === REPORT_PAGE.poolCustomers ? 1 : 0) : u.customers;
  const facts = [
    { title: "Service", value: u.serviceName },
    { title: u.pools.length > 1 ? "Pools" : "Pool", value: poolIds(u) },
    { title: "Source", value: u.channels.map(channel).join(" + ") },
    { title: "Payment", value: u.paymentOptions.map((o) => payment(u.paymentModel, o)).join(" / ") },
    { title: "Term", value: `${u.start} to ${u.end}` },
    { title: u.viaLar ? "Your allocation" : "Quantity", value: u.quantity === null ? "no fixed quantity (PAYG: what is assigned is billed, B1)" : quantity(u.quantity, u.unit) },
    { title: "Assigned", value: `${quantity(u.assigned, u.unit)} to ${plural(u.customers, "customer")}` },
    ...(u.fly && u.consumed !== null ? [{ title: "Consumed (Fly)", value: `${quantity(u.consumed, u.unit)}, never returned to the pool (A9)` }] : []),
    { title: "Available", value: u.available === null ? "–" : u.available < 0 ? `none: over by ${quantity(-u.available, u.unit)}` : quantity(u.available, u.unit) },
    { title: "Utilization", value: utilization(u) },
  ];
  const note = notes(s, u);
  if (note) facts.push({ title: "Note", value: note });
  if (u.pools.length > TERMS_SHOWN) facts.push({ title: "Terms", value: `the ${TERMS_SHOWN} most recent of ${u.pools.length} below; the Subscription usage CSV lists every pool id` });
  if (u.allocations.length > ALLOCATIONS_SHOWN) facts.push({ title: "MSPs", value: `${ALLOCATIONS_SHOWN} of ${u.allocations.length} below; Export CSV lists them all` });
  const rows = customers.map((c) => ({
    id: c.customerId,
    name: clip(c.customerName, 120),
    poolId: u.pools.length > 1 ? clip(c.poolId, 60) : "",
    quantity: quantity(c.quantity, u.unit),
    assignedOn: c.assignedOn,
    expiresOn: c.expiresOn,
  }));
  let customersSummary: string;
  if (lar) {
    customersSummary =
      rows.length === 0
        ? "Your MSPs' customers are theirs to see; their use of your pool is under Allocations (Tier 2)."
        : `Your own customers ${count(offset + 1)}–${count(offset + rows.length)}`;
  } else {
    customersSummary =
      total === 0
        ? "No customer draws on this pool today."
        : rows.length === 0
          ? `Nothing more to show: ${plural(total, "customer")} in all.`
          : `${range(offset, rows.length, total)} drawing on it today`;
  }
  return {
    attachments: [
      poolReportCard({
        heading: `${u.serviceName}`,
        scope: scope(s, `pool detail · ${today(s)}`),
        ...usageAsOfLine(usageAsOf(s.q), s.q.today),
        summary: `${utilization(u)} used${u.quantity === null ? "" : ` · ${quantity(inUse(u), u.unit)} of ${quantity(u.quantity, u.unit)}`}`,
        notice: "",
        key: u.key,
        facts,
        // The most recent terms (monthly marketplace pools renewed as new pools accumulate).
        terms: u.pools.slice(-TERMS_SHOWN).map(
          (p): PoolTermData => ({
            id: clip(p.id, 60),
            source: `${channel(p.channel)} · ${payment(u.paymentModel, p.paymentOption)}`,
            term: `${p.start} to ${p.end}`,
            quantity: p.quantity === null ? "–" : quantity(p.quantity, u.unit),
            state: p.activeToday ? "active" : p.canceledOn ? `canceled ${p.canceledOn} (P10)` : p.start > s.q.today ? `starts ${p.start}` : `ended ${p.lastDay}`,
          }),
        ),
        allocations: u.allocations.slice(0, ALLOCATIONS_SHOWN).map((a) => ({
          msp: clip(a.mspName, 120),
          allocated: quantity(a.allocated, u.unit),
          inUse: quantity(a.inUse, u.unit),
          available: quantity(a.allocated - a.inUse, u.unit),
        })),
        customers: rows,
        customersSummary,
        hasMore: offset + rows.length < total && rows.length > 0,
        nextOffset: offset + rows.length,
      }),
    ],
  };
}

const TERMS_SHOWN = 6;
const ALLOCATIONS_SHOWN = 8;

export function unknownPool(): Reply {
  return notice("I can't find that pool", "It is not one of your partner account's pools. Type pools to see them all.", "Warning");
}
