import { openDatabase, type Db } from "../../db/client";
import { allocations, assignmentQuantities, assignments, customers, customerUsers, licenses, partners, partnerUsers, pools } from "../../db/schema";
import type { Actor, Ctx } from "../../domain/context";

/** A fresh in-memory database with migrations and the catalog applied. */
export function testDb(): Db {
  return openDatabase(":memory:");
}

/** A clock fixed at noon UTC of `day` (or at an exact instant). */
export function clockAt(dayOrInstant: string): () => Date {
  const at = new Date(dayOrInstant.length === 10 ? `${dayOrInstant}T12:00:00Z` : dayOrInstant);
  return () => at;
}

type PartnerInsert = typeof partners.$inferInsert;
type PoolInsert = typeof pools.$inferInsert;
type CustomerInsert = typeof customers.$inferInsert;
type AssignmentInsert = typeof assignments.$inferInsert;

let seq = 0;
const next = (p: string) => `${p}${++seq}`;

export function makePartner(db: Db, over: Partial<PartnerInsert> = {}) {
  const row = { id: next("partner"), name: "Contoso MSP", kind: "msp" as const, teamsTenantId: next("tenant"), ...over };
  db.insert(partners).values(row).run();
  return db.query.partners.findFirst({ where: (p, { eq }) => eq(p.id, row.id) }).sync()!;
}

export function makeUser(db: Db, partnerId: string, role: "administrator" | "viewer" = "administrator", name = "Alex Wilber") {
  const row = { partnerId, aadObjectId: next("aad"), name, role };
  db.insert(partnerUsers).values(row).run();
  return row;
}

export function makeCustomer(db: Db, partnerId: string, over: Partial<CustomerInsert> = {}) {
  const row = { id: next("cust"), partnerId, name: next("Fabrikam "), m365TenantId: next("m365-"), onboardedOn: "2026-01-01", ...over };
  db.insert(customers).values(row).run();
  return row;
}

export function makeCustomerUser(db: Db, customerId: string, roles: string[], tenantOwner = false, upn = `${next("user")}@example.com`) {
  db.insert(customerUsers).values({ customerId, upn, name: upn.split("@")[0]!, roles, tenantOwner }).run();
  return upn;
}

export function makePool(db: Db, partnerId: string, over: Partial<PoolInsert> = {}) {
  const row: PoolInsert = {
    id: next("pool"),
    partnerId,
    serviceId: "cloud-backup-for-microsoft-365",
    channel: "direct",
    paymentModel: "prepaid",
    paymentOption: "annual_upfront",
    start: "2026-01-01",
    end: "2026-12-31",
    quantity: 100,
    mode: "manual",
    ...over,
  };
  db.insert(pools).values(row).run();
  return db.query.pools.findFirst({ where: (p, { eq }) => eq(p.id, row.id!) }).sync()!;
}

/** Inserts an assignment as history (no rules applied), with its first quantity. */
export function makeAssignment(db: Db, over: Partial<AssignmentInsert> & Pick<AssignmentInsert, "customerId" | "poolId">) {
  const pool = db.query.pools.findFirst({ where: (p, { eq }) => eq(p.id, over.poolId) }).sync()!;
  const row = {
    id: next("asg"),
    serviceId: pool.serviceId,
    quantity: 10,
    assignedOn: "2026-02-01",
    expiresOn: "2026-12-31",
    ...over,
  };
  db.insert(assignments).values(row).run();
  db.insert(assignmentQuantities).values({ assignmentId: row.id, quantity: row.quantity, effectiveOn: row.assignedOn, reason: "import" }).run();
  return row;
}

export function makeAllocation(db: Db, poolId: string, partnerId: string, quantity: number) {
  db.insert(allocations).values({ poolId, partnerId, quantity }).run();
}

export function makeLicense(db: Db, customerId: string, serviceId: string, type: "cmp" | "enterprise", start: string, end: string) {
  db.insert(licenses).values({ customerId, serviceId, type, start, end }).run();
}

/** The usual setting: one MSP with an administrator and a viewer, a context for each. */
export function mspWorld(day = "2026-03-01", over: Partial<PartnerInsert> = {}) {
  const db = testDb();
  const partner = makePartner(db, over);
  const admin = makeUser(db, partner.id, "administrator");
  const viewer = makeUser(db, partner.id, "viewer", "Vera Viewer");
  const actor = (u: typeof admin): Actor => ({ kind: "user", partnerId: partner.id, aadObjectId: u.aadObjectId, name: u.name, role: u.role });
  const ctxFor = (u: typeof admin, at = day): Ctx => ({ db, clock: clockAt(at), actor: actor(u) });
  return { db, partner, admin, viewer, ctx: (at = day) => ctxFor(admin, at), viewerCtx: (at = day) => ctxFor(viewer, at), ctxFor };
}

/** Every row of every table, for "nothing changed" assertions. */
export function dump(db: Db): Record<string, unknown[]> {
  const tables = db.$client
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name")
    .all() as { name: string }[];
  return Object.fromEntries(tables.map((t) => [t.name, db.$client.prepare(`select * from "${t.name}" order by rowid`).all()]));
}
