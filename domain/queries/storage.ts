import { serviceById } from "../catalog";
import type { Day } from "../dates";
import type { Query } from "./context";

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
 * R4: storage used by all the partner's customers (each service's last measurement on or before
 * today), then one entry per customer with its services; paged by customer, largest first.
 */
export function storageConsumption(q: Query, page: { offset?: number; limit?: number } = {}): StorageReport {
  // One index seek per (customer, service) the customer has ever been assigned: the usage table's
  // primary key is (customer, service, date), so the latest row before a day is found directly.
  const rows = q.db.$client
    .prepare(
      `with pairs as (
         select distinct a.customer_id, a.service_id from assignments a
         join customers c on c.id = a.customer_id where c.partner_id = ?
       ), latest as (
         select p.customer_id, p.service_id,
           (select u.date from usage u where u.customer_id = p.customer_id and u.service_id = p.service_id
              and u.date <= ? and u.storage_gb is not null order by u.date desc limit 1) as date
         from pairs p
       )
       select l.customer_id customerId, c.name customerName, l.service_id serviceId, u.storage_gb gb, l.date date
       from latest l join usage u on u.customer_id = l.customer_id and u.service_id = l.service_id and u.date = l.date
       join customers c on c.id = l.customer_id`,
    )
    .all(q.partnerId, q.today) as { customerId: string; customerName: string; serviceId: string; gb: number; date: Day }[];
  const byCustomer = new Map<string, CustomerStorage>();
  let newest: Day | null = null;
  for (const r of rows) {
    const c = byCustomer.get(r.customerId) ?? { customerId: r.customerId, customerName: r.customerName, gb: 0, services: [] };
    c.gb += r.gb;
    c.services.push({ serviceId: r.serviceId, serviceName: serviceById(r.serviceId)?.name ?? r.serviceId, gb: r.gb, measuredOn: r.date });
    byCustomer.set(r.customerId, c);
    if (newest === null || r.date > newest) newest = r.date;
  }
  const all = [...byCustomer.values()].sort((a, b) => b.gb - a.gb || a.customerName.localeCompare(b.customerName));
  for (const c of all) {
    c.gb = round(c.gb);
    c.services.sort((a, b) => b.gb - a.gb);
  }
  const offset = page.offset ?? 0;
  return {
    day: q.today,
    totalGb: round(all.reduce((n, c) => n + c.gb, 0)),
    customers: all.length,
    rows: all.slice(offset, offset + (page.limit ?? all.length)),
    newest,
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
