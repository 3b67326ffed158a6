import { and, eq, ne } from "drizzle-orm";
import type { Db } from "../client";
import { customers, partners, pools } from "../schema";
import { matchService, type CatalogService } from "../../domain/catalog";
import { parseInstant } from "../../domain/dates";
import type { RefusalCode } from "../../domain/outcome";
import { checkPoolTerms, defaultMode, type PoolMode } from "../../domain/rules/pools";
import type { Broken, Item, Parsed, RecordOf } from "./parse";
import type { Problems } from "./problems";

/**
 * Phase 2 of the import: what the schema cannot see. Service names resolve against the catalog,
 * references resolve to the document or the database, dates are in order, ids are unique within a
 * list, and pools pass P1-P4, P6 and T1. A record with a problem is left out of phase 3, and so are
 * the records that refer to it (without a second problem: the first one names the cause).
 */

type WithService<T> = Item<T> & { serviceId: string };

export interface Checked {
  partners: Item<RecordOf<"partners">>[];
  partnerUsers: Item<RecordOf<"partnerUsers">>[];
  customers: Item<RecordOf<"customers">>[];
  customerUsers: Item<RecordOf<"customerUsers">>[];
  pools: WithService<RecordOf<"pools">>[];
  allocations: Item<RecordOf<"allocations">>[];
  assignments: WithService<RecordOf<"assignments">>[];
  licenses: WithService<RecordOf<"licenses">>[];
  usage: WithService<RecordOf<"usage">>[];
  jobs: (WithService<RecordOf<"jobs">> & { jobId: string; startedAt: string })[];
}

/** A partner, customer or pool as it will be once the document is applied: the document's record over the stored row. */
interface PartnerView {
  id: string;
  name: string;
  kind: "msp" | "lar";
  larId: string | null;
  tier2Enabled: boolean;
}
interface CustomerView {
  id: string;
  partnerId: string;
  name: string;
  onboardedOn: string;
  status: "connected" | "disconnected";
}
interface PoolView {
  id: string;
  partnerId: string;
  serviceId: string;
  paymentModel: "prepaid" | "payg";
}

type Ref<T> = { kind: "ok"; view: T } | { kind: "skipped" } | { kind: "missing" };

export function checkDocument(db: Db, parsed: Parsed, problems: Problems): Checked {
  const { items } = parsed;
  const skipped: Broken = { partners: new Set(parsed.broken.partners), customers: new Set(parsed.broken.customers), pools: new Set(parsed.broken.pools) };
  const services = new ServiceResolver(problems);

  const storedPartner = memo((id: string) => db.select().from(partners).where(eq(partners.id, id)).get());
  const storedCustomer = memo((id: string) => db.select().from(customers).where(eq(customers.id, id)).get());
  const storedPool = memo((id: string) => db.select().from(pools).where(eq(pools.id, id)).get());

  // Documents' records by id, as parsed; replaced by the survivors once a list is checked.
  let docPartners = byId(items.partners);
  let docCustomers = byId(items.customers);
  // Pools are referred to only once checked, so their service is known.
  let docPools = new Map<string, WithService<RecordOf<"pools">>>();

  const partnerRef = (id: string): Ref<PartnerView> => {
    if (skipped.partners.has(id)) return { kind: "skipped" };
    const doc = docPartners.get(id)?.record;
    const row = storedPartner(id);
    if (!doc && !row) return { kind: "missing" };
    return {
      kind: "ok",
      view: {
        id,
        name: doc?.name ?? row!.name,
        kind: doc?.kind ?? row!.kind,
        larId: doc?.larId ?? row?.larId ?? null,
        tier2Enabled: doc?.tier2Enabled ?? row?.tier2Enabled ?? false,
      },
    };
  };
  const customerRef = (id: string): Ref<CustomerView> => {
    if (skipped.customers.has(id)) return { kind: "skipped" };
    const doc = docCustomers.get(id)?.record;
    const row = storedCustomer(id);
    if (!doc && !row) return { kind: "missing" };
    return {
      kind: "ok",
      view: {
        id,
        partnerId: doc?.partnerId ?? row!.partnerId,
        name: doc?.name ?? row!.name,
        onboardedOn: doc?.onboardedOn ?? row!.onboardedOn,
        status: doc?.status ?? row?.status ?? "connected",
      },
    };
  };
  const poolRef = (id: string): Ref<PoolView> => {
    if (skipped.pools.has(id)) return { kind: "skipped" };
    const doc = docPools.get(id);
    const row = storedPool(id);
    if (!doc && !row) return { kind: "missing" };
    return {
      kind: "ok",
      view: {
        id,
        partnerId: doc?.record.partnerId ?? row!.partnerId,
        serviceId: doc?.serviceId ?? row!.serviceId,
        paymentModel: doc?.record.paymentModel ?? row!.paymentModel,
      },
    };
  };

  /** Resolves a reference; a missing one is a problem, a skipped one silently leaves the record out. */
  function resolve<T>(ref: Ref<T>, path: string, what: string, id: string): T | null {
    if (ref.kind === "ok") return ref.view;
    if (ref.kind === "missing") problems.add(path, `no ${what} "${id}" in the document or the database`);
    return null;
  }

  /** Runs a record's checks; it survives only if they add no problem and resolve every reference. */
  function keep<T extends Item<unknown>, R>(list: T[], check: (item: T) => R | null): (T & R)[] {
    const out: (T & R)[] = [];
    for (const item of list) {
      const before = problems.count;
      const extra = check(item);
      if (extra !== null && problems.count === before) out.push({ ...item, ...extra });
    }
    return out;
  }

  // Partners: unique ids and Teams tenants (U2 resolves identity by tenant), a kind that does not change.
  const firstTenant = new Map<string, string>();
  let partnerItems = keep(unique(items.partners, (r) => r.id, "id", problems), ({ path, record: r }) => {
    const seen = firstTenant.get(r.teamsTenantId);
    if (seen) problems.add(`${path}.teamsTenantId`, `is also the Teams tenant of ${seen}; one partner per Teams tenant`, "U2");
    else firstTenant.set(r.teamsTenantId, path);
    const other = db
      .select()
      .from(partners)
      .where(and(eq(partners.teamsTenantId, r.teamsTenantId), ne(partners.id, r.id)))
      .get();
    if (other && (docPartners.get(other.id)?.record.teamsTenantId ?? other.teamsTenantId) === r.teamsTenantId) {
      problems.add(`${path}.teamsTenantId`, `is already the Teams tenant of partner "${other.id}"; one partner per Teams tenant`, "U2");
    }
    const row = storedPartner(r.id);
    if (row && row.kind !== r.kind) problems.add(`${path}.kind`, `partner "${r.id}" is ${row.kind === "lar" ? "a LAR" : "an MSP"}; a partner's kind cannot change`);
    return {};
  });
  markSkipped(items.partners, partnerItems, skipped.partners);
  docPartners = byId(partnerItems);
  partnerItems = keep(partnerItems, ({ path, record: r }) => {
    if (!r.larId) return {};
    if (r.kind !== "msp") problems.add(`${path}.larId`, "only an MSP is served by a LAR", "T2");
    const lar = resolve(partnerRef(r.larId), `${path}.larId`, "partner", r.larId);
    if (lar && lar.kind !== "lar") problems.add(`${path}.larId`, `partner "${r.larId}" is an MSP, not a LAR`, "T2");
    return lar ? {} : null;
  });
  markSkipped(items.partners, partnerItems, skipped.partners);
  docPartners = byId(partnerItems);

  const partnerUserItems = keep(
    unique(items.partnerUsers, (r) => `${r.partnerId}\u0000${r.aadObjectId}`, "partner and aadObjectId", problems),
    ({ path, record: r }) => (resolve(partnerRef(r.partnerId), `${path}.partnerId`, "partner", r.partnerId) ? {} : null),
  );

  // Customers: an MSP's (T2: a LAR's MSPs hold the customers), one connected customer per tenant (A6).
  const connectedTenant = new Map<string, string>();
  const customerItems = keep(unique(items.customers, (r) => r.id, "id", problems), ({ path, record: r }) => {
    const partner = resolve(partnerRef(r.partnerId), `${path}.partnerId`, "partner", r.partnerId);
    if (!partner) return null;
    if (partner.kind !== "msp") problems.add(`${path}.partnerId`, `partner "${r.partnerId}" is a LAR; customers belong to its MSPs`, "T2");
    const row = storedCustomer(r.id);
    if (row && row.partnerId !== r.partnerId) {
      problems.add(`${path}.partnerId`, `customer "${r.id}" belongs to partner "${row.partnerId}"; another partner onboards it as a new customer once it is disconnected`, "A6");
    }
    const status = r.status ?? row?.status ?? "connected";
    if (status === "connected") {
      const seen = connectedTenant.get(r.m365TenantId);
      if (seen) problems.add(`${path}.m365TenantId`, `is also the tenant of ${seen}; a Microsoft 365 tenant is connected to one customer at a time`, "A6");
      else connectedTenant.set(r.m365TenantId, path);
      const other = db
        .select()
        .from(customers)
        .where(and(eq(customers.m365TenantId, r.m365TenantId), eq(customers.status, "connected"), ne(customers.id, r.id)))
        .get();
      const otherDoc = other ? docCustomers.get(other.id)?.record : undefined;
      if (other && (otherDoc?.status ?? "connected") === "connected" && (otherDoc?.m365TenantId ?? other.m365TenantId) === r.m365TenantId) {
        problems.add(`${path}.m365TenantId`, `is connected to customer "${other.id}" of partner "${other.partnerId}"; it can be onboarded again once disconnected`, "A6");
      }
    }
    return {};
  });
  markSkipped(items.customers, customerItems, skipped.customers);
  docCustomers = byId(customerItems);

  // C2: a tenant owner is a Service Administrator, and a customer has one.
  const owners = new Map<string, string>();
  const customerUserItems = keep(
    unique(items.customerUsers, (r) => `${r.customerId}\u0000${r.upn.toLowerCase()}`, "customer and upn", problems),
    ({ path, record: r }) => {
      if (!resolve(customerRef(r.customerId), `${path}.customerId`, "customer", r.customerId)) return null;
      if (r.tenantOwner) {
        if (!r.roles.includes("Service Administrator")) problems.add(`${path}.tenantOwner`, "a tenant owner must have the Service Administrator role", "C2");
        const seen = owners.get(r.customerId);
        if (seen) problems.add(`${path}.tenantOwner`, `${seen} is already the tenant owner of "${r.customerId}"; a customer has one`, "C2");
        else owners.set(r.customerId, path);
      }
      return {};
    },
  );

  // Pools: the catalog service, P1-P4, P6, T1, and (for a stored pool) only what may change.
  const poolItems = keep(unique(items.pools, (r) => r.id, "id", problems), ({ path, record: r }) => {
    const service = services.resolve(`${path}.service`, r.service);
    const holder = resolve(partnerRef(r.partnerId), `${path}.partnerId`, "partner", r.partnerId);
    if (r.end < r.start) problems.add(`${path}.end`, "must not be before start");
    if (r.canceledOn) {
      if (r.channel === "direct") problems.add(`${path}.canceledOn`, "a pool bought direct has no distributor order to cancel", "P10");
      else if (r.canceledOn < r.start || r.canceledOn > r.end) problems.add(`${path}.canceledOn`, `must fall within the pool's term, ${r.start} to ${r.end}`, "P10");
    }
    if (holder?.kind === "lar" && !holder.tier2Enabled) {
      problems.add(`${path}.partnerId`, `Tier 2 is not enabled for ${holder.name}; a LAR holds pools for MSPs once the vendor enables it`, "T1");
    }
    const row = storedPool(r.id);
    if (row) checkStoredPool(problems, path, r, row, service);
    if (!service || !holder) return null;
    const mode: PoolMode = r.mode ?? row?.mode ?? defaultMode(service);
    if (r.end >= r.start) {
      for (const p of checkPoolTerms({ ...r, quantity: r.quantity ?? null, mode }, service)) problems.refusal(`${path}.${TERM_FIELD[p.code] ?? "quantity"}`, p);
    }
    return { serviceId: service.id };
  });
  markSkipped(items.pools, poolItems, skipped.pools);
  docPools = byId(poolItems);

  // T1, T2: a LAR's prepaid pool, allocated to one of its MSPs.
  const allocationItems = keep(
    unique(items.allocations, (r) => `${r.poolId}\u0000${r.partnerId}`, "pool and partner", problems),
    ({ path, record: r }) => {
      const pool = resolve(poolRef(r.poolId), `${path}.poolId`, "pool", r.poolId);
      const msp = resolve(partnerRef(r.partnerId), `${path}.partnerId`, "partner", r.partnerId);
      if (!pool || !msp) return null;
      const holder = partnerRef(pool.partnerId);
      if (holder.kind !== "ok") return null;
      if (holder.view.kind !== "lar") problems.add(`${path}.poolId`, `pool "${r.poolId}" belongs to ${holder.view.name}, which is not a Tier 2 LAR`, "T2");
      else if (!holder.view.tier2Enabled) problems.add(`${path}.poolId`, `Tier 2 is not enabled for ${holder.view.name}`, "T1");
      if (pool.paymentModel === "payg") problems.add(`${path}.poolId`, `pool "${r.poolId}" is PAYG: it has no seats to allocate`, "T2");
      if (msp.kind !== "msp" || msp.larId !== pool.partnerId) problems.add(`${path}.partnerId`, `partner "${r.partnerId}" is not an MSP of ${holder.view.name}`, "T2");
      return {};
    },
  );

  const assignmentItems = keep(unique(items.assignments, (r) => r.id, "id", problems), ({ path, record: r }) => {
    const customer = resolve(customerRef(r.customerId), `${path}.customerId`, "customer", r.customerId);
    const pool = resolve(poolRef(r.poolId), `${path}.poolId`, "pool", r.poolId);
    if (r.expiresOn && r.expiresOn < r.assignedOn) problems.add(`${path}.expiresOn`, "must not be before assignedOn");
    if (r.endedOn && r.endedOn < r.assignedOn) problems.add(`${path}.endedOn`, "must not be before assignedOn");
    if (customer && r.assignedOn < customer.onboardedOn) {
      problems.add(`${path}.assignedOn`, `is before ${customer.name} was onboarded on ${customer.onboardedOn}`, "C1");
    }
    if (!customer || !pool) return null;
    return { serviceId: pool.serviceId };
  });

  const licenseItems = keep(items.licenses, ({ path, record: r }) => {
    const serviceId = services.resolve(`${path}.service`, r.service);
    const customer = resolve(customerRef(r.customerId), `${path}.customerId`, "customer", r.customerId);
    if (r.end < r.start) problems.add(`${path}.end`, "must not be before start");
    return serviceId && customer ? { serviceId: serviceId.id } : null;
  });
  const uniqueLicenses = unique(licenseItems, (r, i) => `${r.customerId}\u0000${i.serviceId}\u0000${r.type}\u0000${r.start}`, "customer, service, type and start", problems);

  const usageItems = unique(
    keep(items.usage, ({ path, record: r }) => {
      const service = services.resolve(`${path}.service`, r.service);
      const customer = resolve(customerRef(r.customerId), `${path}.customerId`, "customer", r.customerId);
      return service && customer ? { serviceId: service.id } : null;
    }),
    (r, i) => `${r.customerId}\u0000${i.serviceId}\u0000${r.date}`,
    "customer, service and date",
    problems,
  );

  // B2, R3: a job is keyed by its id, or by (customer, service, startedAt) as an instant.
  const jobItems = unique(
    keep(items.jobs, ({ path, record: r }) => {
      const service = services.resolve(`${path}.service`, r.service);
      const customer = resolve(customerRef(r.customerId), `${path}.customerId`, "customer", r.customerId);
      if (!service || !customer) return null;
      const startedAt = parseInstant(r.startedAt)!;
      return { serviceId: service.id, startedAt, jobId: r.id ?? `${r.customerId}|${service.id}|${startedAt}` };
    }),
    (_, i) => i.jobId,
    "job id",
    problems,
  );

  return {
    partners: partnerItems,
    partnerUsers: partnerUserItems,
    customers: customerItems,
    customerUsers: customerUserItems,
    pools: poolItems,
    allocations: allocationItems,
    assignments: assignmentItems,
    licenses: uniqueLicenses,
    usage: usageItems,
    jobs: jobItems,
  };
}

/** The record field a pool-terms refusal concerns. */
const TERM_FIELD: Partial<Record<RefusalCode, string>> = {
  CHANNEL_PAYMENT_INVALID: "paymentOption",
  SERVICE_NOT_DISTRIBUTED: "channel",
  FLY_PREPAID_ONLY: "paymentModel",
  DIRECT_TERM_TOO_SHORT: "end",
  AUTO_ADJUST_NOT_FOR_FLY: "mode",
};

/**
 * A stored pool may grow (P5), be renewed to a later end (A11), change mode, gain an order number
 * or a cancellation (P10); what was bought (service, channel, payment, start) is fixed.
 */
function checkStoredPool(
  problems: Problems,
  path: string,
  r: RecordOf<"pools">,
  row: typeof pools.$inferSelect,
  service: CatalogService | null,
): void {
  const fixed = "a pool's holder, service, channel, payment and start are fixed once bought";
  if (row.partnerId !== r.partnerId) problems.add(`${path}.partnerId`, `pool "${r.id}" belongs to partner "${row.partnerId}"; ${fixed}`);
  if (service && row.serviceId !== service.id) problems.add(`${path}.service`, `pool "${r.id}" is for ${row.serviceId}; ${fixed}`);
  for (const field of ["channel", "paymentModel", "paymentOption", "start"] as const) {
    if (row[field] !== r[field]) problems.add(`${path}.${field}`, `pool "${r.id}" has ${row[field]}; ${fixed}`);
  }
  if (r.end < row.end) problems.add(`${path}.end`, `pool "${r.id}" ends on ${row.end}; a renewal moves the end later, never earlier`, "A11");
  if (row.canceledOn && r.canceledOn && r.canceledOn !== row.canceledOn) {
    problems.add(`${path}.canceledOn`, `pool "${r.id}" was already canceled on ${row.canceledOn}`, "P10");
  }
  if (row.distributorOrderId && r.distributorOrderId && r.distributorOrderId !== row.distributorOrderId) {
    problems.add(`${path}.distributorOrderId`, `pool "${r.id}" is distributor order ${row.distributorOrderId}; the order number cannot change`);
  }
}

/** Forgiving catalog matching; an unknown or ambiguous name is a problem naming the candidates. */
class ServiceResolver {
  private readonly cache = new Map<string, ReturnType<typeof matchService>>();
  constructor(private readonly problems: Problems) {}

  resolve(path: string, name: string): CatalogService | null {
    let m = this.cache.get(name);
    if (!m) {
      m = matchService(name);
      this.cache.set(name, m);
    }
    if (m.kind === "match") return m.item;
    if (m.kind === "ambiguous") {
      this.problems.add(path, `"${name}" could be ${m.candidates.map((c) => `"${c.name}"`).join(", ")}; write the full name`);
    } else {
      const hint = m.suggestions.length ? `; did you mean ${m.suggestions.map((c) => `"${c.name}"`).join(" or ")}?` : "";
      this.problems.add(path, `no service in the catalog is called "${name}"${hint}`);
    }
    return null;
  }
}

/** Keeps the first record of each key; later ones are problems naming the first. */
function unique<T extends Item<unknown>>(list: T[], key: (record: T["record"], item: T) => string, what: string, problems: Problems): T[] {
  const first = new Map<string, string>();
  return list.filter((item) => {
    const k = key(item.record, item);
    const seen = first.get(k);
    if (seen) {
      problems.add(what === "id" ? `${item.path}.id` : item.path, `has the same ${what} as ${seen}`);
      return false;
    }
    first.set(k, item.path);
    return true;
  });
}

function byId<T extends Item<{ id: string }>>(list: T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of list) if (!map.has(item.record.id)) map.set(item.record.id, item);
  return map;
}

/** Ids of a list's records that did not survive, so what refers to them is left out quietly. */
function markSkipped(all: Item<{ id: string }>[], kept: Item<{ id: string }>[], into: Set<string>): void {
  const ok = new Set(kept.map((i) => i.record.id));
  for (const item of all) if (!ok.has(item.record.id)) into.add(item.record.id);
}

function memo<T>(fn: (id: string) => T): (id: string) => T {
  const cache = new Map<string, T>();
  return (id) => {
    if (!cache.has(id)) cache.set(id, fn(id));
    return cache.get(id)!;
  };
}
