import { serviceById } from "../catalog";
import type { Day } from "../dates";
import type { Query } from "./context";
import { cached } from "../../db/client";

export interface StorageByService {
  serviceId: string;
  serviceName: string;
  gb: number;
  measuredOn: Day;
}

export interface CustomerStorage {
  customerId: string;
  customerName: string;
  gb: number;
  services: StorageByService[];
}

export interface StorageReport {
  day: Day;
  totalGb: number;
  customers: number;
  rows: CustomerStorage[];
  /** The newest measurement used ("data as of"), or null. */
  newest: Day | null;
}

/**
 * The latest storage measurement on or before @today of each (customer, service) the customer has
 * ever been assigned, for the partner's connected customers (`only` narrows to @ids).
 *
 * @d is the latest day on or before @today with any storage measurement: no pair has one after it,
 * so a pair measured on @d has its latest there. One day's rows sit together in the date-first
 * index; only pairs not measured on @d seek their own latest row (one seek, then its row by rowid).
 * Customers are visited in id order, the usage key's order, so those seeks stay close together.
 */
function pairsSql(select: string, only: boolean, tail: string): string {
  return `select ${select}
    from (select id, name from customers
          where partner_id = @partnerId
            -- R4/A6: a disconnected customer's data is no longer backed up by the partner, so it no longer counts.
            and (status = 'connected' or disconnected_on > @today)
            ${only ? "and id in (select value from json_each(@ids))" : ""}
          order by id) c
    cross join assignments a on a.customer_id = c.id
    left join usage x indexed by usage_date_storage_idx
      on x.date = @d and x.customer_id = a.customer_id and x.service_id = a.service_id and x.storage_gb is not null
    left join usage y on y.rowid = (case when x.date is null then
      (select u.rowid from usage u where u.customer_id = a.customer_id and u.service_id = a.service_id
         and u.date <= @today and u.storage_gb is not null order by u.date desc limit 1) end)
    -- Each (customer, service) once, however many assignments it had.
    where not exists (select 1 from assignments a2 where a2.customer_id = a.customer_id and a2.service_id = a.service_id and a2.rowid < a.rowid)
    ${tail}`;
}

/**
 * R4: storage used by all the partner's customers (each service's last measurement on or before
 * today), then one entry per customer with its services; paged by customer, largest first.
 */
export function storageConsumption(q: Query, page: { offset?: number; limit?: number } = {}): StorageReport {
  const d =
    (
      cached(q.db, "storage.latestDay", (db) =>
        db.$client.prepare(`select max(date) d from usage where date <= ? and storage_gb is not null`),
      ).get(q.today) as { d: Day | null }
    ).d ?? q.today;
  const params = { partnerId: q.partnerId, today: q.today, d };
  // Summed per customer in SQL; only the page's customers come back per service.
  const totals = cached(q.db, "storage.customers", (db) =>
    db.$client.prepare(
      pairsSql(
        "c.id customerId, c.name customerName, sum(coalesce(x.storage_gb, y.storage_gb)) gb, max(coalesce(x.date, y.date)) newest",
        false,
        "group by c.id having gb is not null",
      ),
    ),
  ).all(params) as { customerId: string; customerName: string; gb: number; newest: Day }[];
  let newest: Day | null = null;
  for (const r of totals) if (newest === null || r.newest > newest) newest = r.newest;
  const all = totals.sort((a, b) => b.gb - a.gb || a.customerName.localeCompare(b.customerName));
  const offset = page.offset ?? 0;
  const shown = all.slice(offset, offset + (page.limit ?? all.length));
  const detail = shown.length
    ? (cached(q.db, "storage.services", (db) =>
        db.$client.prepare(
          pairsSql("c.id customerId, a.service_id serviceId, coalesce(x.storage_gb, y.storage_gb) gb, coalesce(x.date, y.date) date", true, ""),
        ),
      ).all({ ...params, ids: JSON.stringify(shown.map((c) => c.customerId)) }) as { customerId: string; serviceId: string; gb: number | null; date: Day }[])
    : [];
  const services = new Map<string, StorageByService[]>();
  for (const r of detail) {
    if (r.gb === null) continue;
    const list = services.get(r.customerId) ?? [];
    list.push({ serviceId: r.serviceId, serviceName: serviceById(r.serviceId)?.name ?? r.serviceId, gb: r.gb, measuredOn: r.date });
    services.set(r.customerId, list);
  }
  const rows: CustomerStorage[] = shown.map((c) => ({
    customerId: c.customerId,
    customerName: c.customerName,
    gb: round(c.gb),
    services: (services.get(c.customerId) ?? []).sort((a, b) => b.gb - a.gb),
  }));
  return {
    day: q.today,
    totalGb: round(all.reduce((n, c) => n + round(c.gb), 0)),
    customers: all.length,
    rows,
    newest,
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
