import { z } from "zod";
import type { Db } from "../db/client";
import { serviceById } from "./catalog";
import { addDays, dayInZone, daysBetween, type Day } from "./dates";
import { expiring, subscriptionUsage, type Query, type SourceUsage } from "./queries";

/**
 * Planning of proactive notices: which items each subscribed conversation is due to hear about.
 * Pure reads: claiming, sending and recording live in bot/notify.
 *
 * Rules (licensing-rules.md, "Edge cases, decided"): an item is due for threshold T when it is T
 * days or fewer from expiring; only the smallest due threshold is sent, and only if it was not sent
 * before; a notice is keyed by (item, its expiration date, threshold, conversation), so an
 * assignment extended after a notice is notified again for its new date. Snooze silences one item
 * in one conversation for 7 days.
 */

export const DEFAULT_THRESHOLDS: readonly number[] = [30, 7, 1];
/** Pools at or above this share of their quantity in use are "nearly full". */
export const NEARLY_FULL = 0.9;
/** The threshold column's value for a nearly full pool (percent), and for events (none). */
export const FULL_THRESHOLD = 90;
export const EVENT_THRESHOLD = 0;
export const SNOOZE_DAYS = 7;

interface ItemBase {
  /** With `itemId`, `expiresOn` and `threshold`, the notice key (per conversation). */
  itemId: string;
  expiresOn: Day;
  threshold: number;
}

export type NoticeItem = ItemBase &
  (
    | {
        kind: "assignment_expiring";
        assignmentId: string;
        customerId: string;
        customerName: string;
        serviceId: string;
        serviceName: string;
        poolId: string;
        quantity: number;
      }
    | {
        kind: "pool_expiring";
        sourceKey: string;
        poolId: string;
        serviceId: string;
        serviceName: string;
        quantity: number | null;
        assigned: number | null;
      }
    | {
        kind: "pool_full";
        sourceKey: string;
        poolId: string;
        serviceId: string;
        serviceName: string;
        quantity: number;
        inUse: number;
        utilization: number;
      }
    | {
        /** A11: active assignments expire before their pool does: "extend all" is the action. */
        kind: "renewal_due";
        sourceKey: string;
        poolId: string;
        serviceId: string;
        serviceName: string;
        poolEnd: Day;
        assignments: number;
      }
    | {
        /** P10, from the outbox. */
        kind: "order_canceled";
        eventId: number;
        poolId: string;
        serviceId: string;
        serviceName: string;
        canceledOn: Day;
        customers: { customerId: string; customerName: string; assignmentId: string; expiresOn: Day }[];
      }
    | {
        /** P6, from the outbox. */
        kind: "auto_adjust_overage";
        eventId: number;
        customerId: string;
        customerName: string;
        serviceId: string;
        serviceName: string;
        poolId: string;
        measured: number;
        granted: number;
        overage: number;
        unit: string;
      }
    | {
        /** P9, from the outbox. */
        kind: "merged_pool_overage";
        eventId: number;
        sourceKey: string;
        serviceId: string;
        serviceName: string;
        on: Day;
        capacity: number;
        assigned: number;
      }
  );

export type NoticeKind = NoticeItem["kind"];

/** One card for one conversation. */
export interface PlannedDigest {
  conversationId: string;
  partnerId: string;
  tenantId: string;
  /** The partner's calendar day at planning time. */
  day: Day;
  source: "sweep" | "outbox";
  items: NoticeItem[];
}

export interface SweepPlan {
  digests: PlannedDigest[];
  /**
   * Domain events read from the outbox, each handed over by the claim that writes these digests
   * (including events of partners with no subscribed conversation: there is nobody to tell).
   */
  eventIds: number[];
  /** Partners planned (with a subscribed conversation). */
  partners: number;
  /** Events whose payload this code cannot read: handed over all the same (logged), so one bad row never blocks the outbox. */
  unreadable: { eventId: number; error: string }[];
}

export interface PlanOptions {
  /** Only partners in these IANA time zones (the scheduler sweeps each zone at its local hour). */
  timeZones?: string[];
  partnerIds?: string[];
  /** Expiry, nearly full and renewal items (the daily sweep). Default true. */
  expiry?: boolean;
  /** Pending domain events (P6, P9, P10). Default true. */
  events?: boolean;
}

interface Subscriber {
  conversationId: string;
  partnerId: string;
  tenantId: string;
  thresholds: number[];
}

interface PartnerRow {
  id: string;
  larId: string | null;
  kind: "msp" | "lar";
  timeZone: string;
}

interface EventRow {
  id: number;
  partnerId: string;
  kind: string;
  payload: string;
  at: string;
}

/**
 * The daily sweep's plan as of `now`: per partner (its own time zone's today), per subscribed
 * conversation, the items due and not yet sent nor snoozed. The claim re-checks each key inside
 * its transaction, so a plan that raced another process sends nothing twice.
 */
export function planSweep(db: Db, now: Date, options: PlanOptions = {}): SweepPlan {
  const withExpiry = options.expiry ?? true;
  const withEvents = options.events ?? true;
  const sqlite = db.$client;

  const partnerRows = (
    sqlite.prepare(`select id, lar_id larId, kind, time_zone timeZone from partners`).all() as PartnerRow[]
  ).filter((p) => (!options.timeZones || options.timeZones.includes(p.timeZone)) && (!options.partnerIds || options.partnerIds.includes(p.id)));
  const inScope = new Map(partnerRows.map((p) => [p.id, p]));

  const subscribers = new Map<string, Subscriber[]>();
  for (const r of sqlite
    .prepare(
      `select c.id conversationId, c.partner_id partnerId, c.tenant_id tenantId, s.thresholds
       from conversations c join notification_settings s on s.conversation_id = c.id
       where c.active = 1 and s.enabled = 1 order by c.id`,
    )
    .all() as (Omit<Subscriber, "thresholds"> & { thresholds: string })[]) {
    if (!inScope.has(r.partnerId)) continue;
    const list = subscribers.get(r.partnerId) ?? [];
    list.push({ ...r, thresholds: normalizeThresholds(JSON.parse(r.thresholds) as number[]) });
    subscribers.set(r.partnerId, list);
  }

  const events = new Map<string, EventRow[]>();
  const eventIds: number[] = [];
  if (withEvents) {
    for (const e of sqlite
      .prepare(`select id, partner_id partnerId, kind, payload, at from domain_events where delivered_at is null order by id`)
      .all() as EventRow[]) {
      if (!inScope.has(e.partnerId)) continue;
      eventIds.push(e.id);
      const list = events.get(e.partnerId) ?? [];
      list.push(e);
      events.set(e.partnerId, list);
    }
  }

  // One range read per conversation rather than a lookup per candidate. Event notices (keyed by
  // the event's day, possibly past) are not read: an event is pending only until its claim, and the
  // claim's unique key is the authority anyway.
  const sentIn = sqlite.prepare(
    `select item_kind kind, item_id itemId, expires_on expiresOn, threshold from notices where conversation_id = ? and expires_on >= ?`,
  );
  const snoozedIn = sqlite.prepare(`select item_kind kind, item_id itemId from notice_snoozes where conversation_id = ? and until > ?`);

  const digests: PlannedDigest[] = [];
  const unreadable: SweepPlan["unreadable"] = [];
  let planned = 0;
  for (const [partnerId, subs] of subscribers) {
    const partner = inScope.get(partnerId)!;
    const today = dayInZone(now, partner.timeZone);
    const q: Query = { db, partnerId, larId: partner.larId, kind: partner.kind, timeZone: partner.timeZone, today };
    planned++;

    // Candidates with their days left; the threshold is chosen per conversation below.
    const dated: { item: DistributiveOmit<NoticeItem, "threshold">; daysLeft: number }[] = [];
    const fixed: NoticeItem[] = [];
    if (withExpiry) {
      const horizon = Math.max(...subs.flatMap((s) => s.thresholds));
      const usage = subscriptionUsage(q);
      dated.push(...expiryCandidates(q, horizon, usage));
      fixed.push(...nearlyFull(usage));
    }
    for (const e of events.get(partnerId) ?? []) {
      try {
        fixed.push(eventItem(e));
      } catch (err) {
        unreadable.push({ eventId: e.id, error: err instanceof Error ? err.message : String(err) });
      }
    }

    for (const sub of subs) {
      const items: NoticeItem[] = [];
      const sent = new Set(
        (sentIn.all(sub.conversationId, today) as { kind: string; itemId: string; expiresOn: string; threshold: number }[]).map((n) => noticeKey(n.kind, n.itemId, n.expiresOn, n.threshold)),
      );
      const snoozed = new Set((snoozedIn.all(sub.conversationId, today) as { kind: string; itemId: string }[]).map((n) => `${n.kind}|${n.itemId}`));
      const keep = (item: NoticeItem) => {
        if (snoozed.has(`${item.kind}|${item.itemId}`)) return;
        if (sent.has(noticeKey(item.kind, item.itemId, item.expiresOn, item.threshold))) return;
        items.push(item);
      };
      for (const { item, daysLeft } of dated) {
        const threshold = dueThreshold(sub.thresholds, daysLeft);
        if (threshold !== null) keep({ ...item, threshold } as NoticeItem);
      }
      fixed.forEach(keep);
      if (items.length === 0) continue;
      digests.push({
        conversationId: sub.conversationId,
        partnerId,
        tenantId: sub.tenantId,
        day: today,
        source: withExpiry ? "sweep" : "outbox",
        items: items.sort(byDisplayOrder),
      });
    }
  }
  return { digests, eventIds, partners: planned, unreadable };
}

function noticeKey(kind: string, itemId: string, expiresOn: string, threshold: number): string {
  return `${kind}|${itemId}|${expiresOn}|${threshold}`;
}

/** The outbox only: P6, P9 and P10 events not yet handed over, for the short-interval drain. */
export function planOutbox(db: Db, now: Date): SweepPlan {
  return planSweep(db, now, { expiry: false, events: true });
}

/**
 * The smallest threshold an item `daysLeft` days from expiring is due for (it is due for T when
 * daysLeft <= T), or null when none is, or it has expired.
 */
export function dueThreshold(thresholds: readonly number[], daysLeft: number): number | null {
  if (daysLeft < 0) return null;
  let best: number | null = null;
  for (const t of thresholds) if (daysLeft <= t && (best === null || t < best)) best = t;
  return best;
}

/** Whole days, distinct, largest first; an empty or invalid list falls back to the default. */
export function normalizeThresholds(values: readonly number[]): number[] {
  const clean = [...new Set(values.filter((v) => Number.isInteger(v) && v >= 0 && v <= 365))].sort((a, b) => b - a);
  return clean.length ? clean : [...DEFAULT_THRESHOLDS];
}

/** The first day a snoozed item may be notified again. */
export function snoozeUntil(today: Day): Day {
  return addDays(today, SNOOZE_DAYS);
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function expiryCandidates(q: Query, horizon: number, usage: SourceUsage[]) {
  const out: { item: DistributiveOmit<NoticeItem, "threshold">; daysLeft: number }[] = [];
  const list = expiring(q, horizon);
  const sourceOfPool = new Map<string, SourceUsage>();
  for (const s of usage) for (const p of s.pools) sourceOfPool.set(p.id, s);
  // A11: per source, the assignments that expire while their pool goes on.
  const renewals = new Map<string, { source: SourceUsage; earliest: Day; count: number }>();
  for (const e of list) {
    const daysLeft = daysBetween(q.today, e.expiresOn);
    if (e.kind === "assignment") {
      out.push({
        daysLeft,
        item: {
          kind: "assignment_expiring",
          itemId: e.id,
          expiresOn: e.expiresOn,
          assignmentId: e.id,
          customerId: e.customerId!,
          customerName: e.customerName!,
          serviceId: e.serviceId,
          serviceName: e.serviceName,
          poolId: e.poolId,
          quantity: e.quantity ?? 0,
        },
      });
      const source = sourceOfPool.get(e.poolId);
      if (source && e.expiresOn < source.end) {
        const r = renewals.get(source.key);
        if (!r) renewals.set(source.key, { source, earliest: e.expiresOn, count: 1 });
        else {
          r.count++;
          if (e.expiresOn < r.earliest) r.earliest = e.expiresOn;
        }
      }
    } else {
      out.push({
        daysLeft,
        item: {
          kind: "pool_expiring",
          itemId: e.id,
          expiresOn: e.expiresOn,
          sourceKey: e.id,
          poolId: e.poolId,
          serviceId: e.serviceId,
          serviceName: e.serviceName,
          quantity: e.quantity,
          assigned: e.assigned,
        },
      });
    }
  }
  for (const { source, earliest, count } of renewals.values()) {
    out.push({
      daysLeft: daysBetween(q.today, earliest),
      item: {
        kind: "renewal_due",
        itemId: source.key,
        // Keyed by the earliest expiry: once those are extended, the next batch is news again.
        expiresOn: earliest,
        sourceKey: source.key,
        poolId: latestPool(source),
        serviceId: source.serviceId,
        serviceName: source.serviceName,
        poolEnd: source.end,
        assignments: count,
      },
    });
  }
  return out;
}

/** Pools with a fixed quantity today and at least 90% of it in use; keyed by the term's end. */
function nearlyFull(usage: SourceUsage[]): NoticeItem[] {
  const out: NoticeItem[] = [];
  for (const s of usage) {
    if (s.quantity === null || s.quantity <= 0 || s.utilization === null || s.utilization < NEARLY_FULL) continue;
    out.push({
      kind: "pool_full",
      itemId: s.key,
      expiresOn: s.end,
      threshold: FULL_THRESHOLD,
      sourceKey: s.key,
      poolId: latestPool(s),
      serviceId: s.serviceId,
      serviceName: s.serviceName,
      quantity: s.quantity,
      inUse: s.quantity - (s.available ?? 0),
      utilization: s.utilization,
    });
  }
  return out;
}

function latestPool(s: SourceUsage): string {
  return s.pools.reduce((a, b) => (b.lastDay > a.lastDay ? b : a)).id;
}

const CanceledPayload = z.object({
  poolId: z.string(),
  serviceId: z.string(),
  canceledOn: z.string(),
  customers: z
    .array(z.object({ customerId: z.string(), customerName: z.string(), assignmentId: z.string(), expiresOn: z.string() }))
    .default([]),
});
const AutoAdjustPayload = z.object({
  customerId: z.string(),
  customerName: z.string(),
  serviceId: z.string(),
  poolId: z.string(),
  measured: z.number(),
  granted: z.number(),
  overage: z.number(),
  unit: z.string().default("seats"),
});
const MergedPayload = z.object({ sourceKey: z.string(), serviceId: z.string(), on: z.string(), capacity: z.number(), assigned: z.number() });

/** An outbox event as a notice item; throws on a payload this code does not know. */
function eventItem(e: EventRow): NoticeItem {
  const payload: unknown = typeof e.payload === "string" ? JSON.parse(e.payload) : e.payload;
  const base = { itemId: `event:${e.id}`, threshold: EVENT_THRESHOLD, eventId: e.id };
  const name = (serviceId: string) => serviceById(serviceId)?.name ?? serviceId;
  switch (e.kind) {
    case "order_canceled": {
      const p = CanceledPayload.parse(payload);
      return { ...base, kind: "order_canceled", expiresOn: p.canceledOn, ...p, serviceName: name(p.serviceId) };
    }
    case "auto_adjust_overage": {
      const p = AutoAdjustPayload.parse(payload);
      return { ...base, kind: "auto_adjust_overage", expiresOn: e.at.slice(0, 10), ...p, serviceName: name(p.serviceId) };
    }
    case "merged_pool_overage": {
      const p = MergedPayload.parse(payload);
      return { ...base, kind: "merged_pool_overage", expiresOn: p.on, ...p, serviceName: name(p.serviceId) };
    }
    default:
      throw new Error(`planSweep: unknown domain event kind ${e.kind} (event ${e.id})`);
  }
}

const ORDER: Record<NoticeKind, number> = {
  order_canceled: 0,
  merged_pool_overage: 1,
  auto_adjust_overage: 2,
  assignment_expiring: 3,
  pool_expiring: 4,
  renewal_due: 5,
  pool_full: 6,
};

function byDisplayOrder(a: NoticeItem, b: NoticeItem): number {
  return ORDER[a.kind] - ORDER[b.kind] || a.expiresOn.localeCompare(b.expiresOn) || label(a).localeCompare(label(b)) || a.itemId.localeCompare(b.itemId);
}

function label(i: NoticeItem): string {
  return "customerName" in i ? `${i.customerName} ${i.serviceName}` : i.serviceName;
}
