import { cached } from "../../db/client";
import type { Day } from "../dates";
import type { Query } from "./context";

/**
 * "Data as of": the newest usage measurement or job a report rests on. Every report card says it,
 * so a stale import (usage that stopped arriving last week) shows on the card instead of passing
 * for today's figures.
 */

/**
 * Whose records count: the partner's customers, and for a Tier 2 LAR its MSPs' (T2: the LAR's
 * pools are consumed by them; only the date is shown, never their data).
 */
const PARTNERS = `select id from partners where id = @partnerId or lar_id = @partnerId`;

/**
 * Whether to read the partner's newest records through the date-first indexes (newest first, the
 * first row of one of its customers wins) or through its own customers' keys. A partner holding a
 * large share of the customers finds its row at once the first way; a small one would wade through
 * everyone else's newer rows, so it seeks each of its own keys instead (as R3's summary does).
 */
function wide(q: Query): boolean {
  const counts = cached(q.db, "asOf.customerShare", (db) =>
    db.$client.prepare(`select (select count(*) from customers where partner_id in (${PARTNERS})) mine, (select count(*) from customers) total`),
  ).get({ partnerId: q.partnerId }) as { mine: number; total: number };
  return counts.mine * 4 >= counts.total;
}

/**
 * The date of the newest usage measurement on or before `day` (default: today) of the partner's
 * customers (or of one of them), or null when there is none (B2: a snapshot is the last measurement
 * on or before its day, so nothing later can have been used).
 */
export function usageAsOf(q: Query, options: { day?: Day; customerId?: string } = {}): Day | null {
  const day = options.day ?? q.today;
  if (options.customerId !== undefined) {
    const row = cached(q.db, "asOf.usage.customer", (db) =>
      db.$client.prepare(
        // One seek per (customer, service) on the usage key; only the speaker's own customer counts (U2).
        `select max((select max(u.date) from usage u where u.customer_id = p.customer_id and u.service_id = p.service_id and u.date <= @day)) d
         from (select distinct a.customer_id, a.service_id from assignments a join customers c on c.id = a.customer_id
               where a.customer_id = @customerId and c.partner_id = @partnerId) p`,
      ),
    ).get({ day, customerId: options.customerId, partnerId: q.partnerId }) as { d: Day | null };
    return row.d;
  }
  const stmt = wide(q)
    ? cached(q.db, "asOf.usage.wide", (db) =>
        db.$client.prepare(
          // The unary + keeps the planner on the date-first index (newest first), not the customer key.
          `select u.date d from usage u
           where u.date <= @day and +u.customer_id in (select id from customers where partner_id in (${PARTNERS}))
           order by u.date desc limit 1`,
        ),
      )
    : cached(q.db, "asOf.usage.narrow", (db) =>
        db.$client.prepare(
          `select max((select max(u.date) from usage u where u.customer_id = p.customer_id and u.service_id = p.service_id and u.date <= @day)) d
           from (select distinct a.customer_id, a.service_id from customers c join assignments a on a.customer_id = c.id
                 where c.partner_id in (${PARTNERS})) p`,
        ),
      );
  const row = stmt.get({ day, partnerId: q.partnerId }) as { d: Day | null } | undefined;
  return row?.d ?? null;
}

/**
 * The start (ISO instant) of the newest job of the partner's customers that started before `before`
 * (an ISO instant; default: no bound), or null. One seek per customer on (customer, started_at).
 */
export function jobsAsOf(q: Query, before?: string): string | null {
  const row = cached(q.db, "asOf.jobs", (db) =>
    db.$client.prepare(
      `select max((select max(j.started_at) from jobs j where j.customer_id = c.id and j.started_at < @before)) newest
       from customers c where c.partner_id = @partnerId`,
    ),
  ).get({ partnerId: q.partnerId, before: before ?? "9999" }) as { newest: string | null };
  return row.newest;
}
