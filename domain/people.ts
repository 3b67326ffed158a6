/**
 * Small reads the bot needs besides the read models in domain/queries: who the partner's users are
 * (`admins`, U1), the partner's own name, and its customers' names for forgiving matching. Each is
 * scoped to the partner of the Query (U2).
 */
import { asc, eq, sql } from "drizzle-orm";
import { customers, partners, partnerUsers } from "../db/schema";
import type { Query } from "./queries/context";

export interface PartnerPerson {
  aadObjectId: string;
  name: string;
  role: "administrator" | "viewer";
}

/** The partner's users, administrators first, then by name; paged for a partner with many. */
export function partnerPeople(q: Query, options: { offset?: number; limit?: number } = {}): { total: number; administrators: number; rows: PartnerPerson[] } {
  const where = eq(partnerUsers.partnerId, q.partnerId);
  const counts = q.db
    .select({ total: sql<number>`count(*)`, administrators: sql<number>`coalesce(sum(${partnerUsers.role} = 'administrator'), 0)` })
    .from(partnerUsers)
    .where(where)
    .get()!;
  const rows = q.db
    .select({ aadObjectId: partnerUsers.aadObjectId, name: partnerUsers.name, role: partnerUsers.role })
    .from(partnerUsers)
    .where(where)
    .orderBy(sql`${partnerUsers.role} <> 'administrator'`, asc(partnerUsers.name), asc(partnerUsers.aadObjectId))
    .limit(options.limit ?? -1)
    .offset(options.offset ?? 0)
    .all();
  return { total: counts.total, administrators: counts.administrators, rows };
}

export function partnerName(q: Query): string {
  return q.db.select({ name: partners.name }).from(partners).where(eq(partners.id, q.partnerId)).get()?.name ?? "";
}

/** Every customer's id and name (connected or not): what a typed customer name is matched against. */
export function customerNames(q: Query): { id: string; name: string }[] {
  return q.db.select({ id: customers.id, name: customers.name }).from(customers).where(eq(customers.partnerId, q.partnerId)).orderBy(asc(customers.name)).all();
}
