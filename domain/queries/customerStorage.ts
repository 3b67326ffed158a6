import { cached } from "../../db/client";
import { serviceById } from "../catalog";
import type { Day } from "../dates";
import type { Query } from "./context";
import type { CustomerStorage } from "./storage";

/**
 * R4's detail for one customer: each service it has been assigned, at its latest storage measurement
 * on or before today, as storageConsumption counts it (a disconnected customer no longer counts);
 * largest first. Undefined when the customer is not the partner's (U2) or no longer counts.
 */
export function customerStorage(q: Query, customerId: string): CustomerStorage | undefined {
  const rows = cached(q.db, "customerStorage.services", (db) =>
    db.$client.prepare(
      `select c.name customerName, p.service_id serviceId, u.storage_gb gb, u.date date
       from customers c
       cross join (select distinct service_id from assignments where customer_id = @customerId) p
       left join usage u on u.rowid = (select x.rowid from usage x where x.customer_id = c.id and x.service_id = p.service_id
                                         and x.date <= @today and x.storage_gb is not null order by x.date desc limit 1)
       where c.id = @customerId and c.partner_id = @partnerId and (c.status = 'connected' or c.disconnected_on > @today)`,
    ),
  ).all({ customerId, partnerId: q.partnerId, today: q.today }) as { customerName: string; serviceId: string; gb: number | null; date: Day | null }[];
  if (rows.length === 0) return undefined;
  const services = rows
    .filter((r) => r.gb !== null)
    .map((r) => ({ serviceId: r.serviceId, serviceName: serviceById(r.serviceId)?.name ?? r.serviceId, gb: r.gb!, measuredOn: r.date! }))
    .sort((a, b) => b.gb - a.gb);
  return {
    customerId,
    customerName: rows[0]!.customerName,
    gb: Math.round(services.reduce((n, s) => n + s.gb, 0) * 100) / 100,
    services,
  };
}
