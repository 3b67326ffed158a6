import { CATALOG } from "../../db/catalog";
import type { Db } from "../../db/client";
import { addDays, addYears, firstOfMonth } from "../../domain/dates";

export interface BenchShape {
  customers: number;
  assignmentsPerCustomer: number;
  usageDays: number;
  /** Jobs per customer per week. */
  jobsPerWeek: number;
}

export const DEFAULT_SHAPE: BenchShape = { customers: 5000, assignmentsPerCustomer: 4, usageDays: 180, jobsPerWeek: 2 };

/** A small deterministic generator (mulberry32), so every run measures the same data. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes one large partner straight into the tables (the import's rules are measured elsewhere):
 * pools for all 34 services (merged marketplace pairs, PAYG, Fly), customers with several services
 * each, 180 days of usage per assigned service, and jobs.
 */
export function generatePartner(db: Db, today: string, shape: BenchShape = DEFAULT_SHAPE) {
  const random = rng(20261128);
  const s = db.$client;
  const partnerId = "bench";
  const adminId = "bench-admin";
  const start = addDays(today, -200);
  const end = addDays(addYears(start, 1), -1);
  s.transaction(() => {
    s.prepare(`insert into partners (id, name, kind, teams_tenant_id, time_zone) values (?, 'Bench MSP', 'msp', 'bench-tenant', 'Europe/Berlin')`).run(partnerId);
    s.prepare(`insert into partner_users (partner_id, aad_object_id, name, role) values (?, ?, 'Bench Admin', 'administrator')`).run(partnerId, adminId);
    const pool = s.prepare(
      `insert into pools (id, partner_id, service_id, channel, payment_model, payment_option, start, end, quantity, mode)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const poolsByService = new Map<string, string[]>();
    for (const svc of CATALOG) {
      const ids: string[] = [];
      const mode = svc.fly ? "manual" : "auto_adjusted";
      pool.run(`${svc.id}-direct`, partnerId, svc.id, "direct", "prepaid", "annual_upfront", start, end, 1_000_000, mode);
      ids.push(`${svc.id}-direct`);
      if (svc.distribution) {
        pool.run(`${svc.id}-mkt-a`, partnerId, svc.id, "marketplace", "prepaid", "apu", start, end, 50_000, mode);
        if (!svc.fly) ids.push(`${svc.id}-mkt-a`);
        pool.run(`${svc.id}-mkt-b`, partnerId, svc.id, "marketplace", "prepaid", "monthly", firstOfMonth(today), addDays(firstOfMonth(addDays(today, 40)), -1), 20_000, mode);
      }
      poolsByService.set(svc.id, ids);
    }
    // A PAYG pool for a service nobody holds prepaid here, so PAYG customers exist (A2).
    pool.run("payg-archiving", partnerId, "cloud-archiving", "direct", "payg", "monthly", start, end, null, "auto_adjusted");

    const customer = s.prepare(`insert into customers (id, partner_id, name, m365_tenant_id, onboarded_on) values (?, ?, ?, ?, ?)`);
    const assignment = s.prepare(
      `insert into assignments (id, customer_id, pool_id, service_id, quantity, assigned_on, expires_on) values (?, ?, ?, ?, ?, ?, ?)`,
    );
    const quantity = s.prepare(`insert into assignment_quantities (assignment_id, quantity, effective_on, reason) values (?, ?, ?, 'import')`);
    const usage = s.prepare(`insert into usage (customer_id, service_id, date, licensed_users, storage_gb, objects) values (?, ?, ?, ?, ?, ?)`);
    const job = s.prepare(`insert into jobs (id, customer_id, service_id, started_at, status, data_gb) values (?, ?, ?, ?, ?, ?)`);
    const statuses = ["succeeded", "succeeded", "succeeded", "succeeded", "succeeded", "failed", "partially_succeeded", "canceled"];
    // Services a customer can take: the non-PAYG catalog, minus cloud-archiving (kept for PAYG customers).
    const choices = CATALOG.filter((c) => c.id !== "cloud-archiving");
    let jobId = 0;
    for (let i = 0; i < shape.customers; i++) {
      const id = `c${i}`;
      const onboarded = addDays(start, Math.floor(random() * 20));
      customer.run(id, partnerId, `Customer ${String(i).padStart(5, "0")} ${["Ltd", "Inc", "GmbH", "AG", "LLC"][i % 5]}`, `tenant-${i}`, onboarded);
      const payg = i % 50 === 0;
      const picked = payg ? [CATALOG.find((c) => c.id === "cloud-archiving")!] : pick(choices, shape.assignmentsPerCustomer, random);
      for (const svc of picked) {
        const options = poolsByService.get(svc.id)!;
        const poolId = payg ? "payg-archiving" : options[random() < 0.3 ? options.length - 1 : 0]!;
        const qty = 5 + Math.floor(random() * 300);
        const assignedOn = addDays(onboarded, Math.floor(random() * 30));
        const aid = `${id}-${svc.id}`;
        assignment.run(aid, id, poolId, svc.id, qty, assignedOn, payg ? addDays(assignedOn, 31 + Math.floor(random() * 200)) : end);
        quantity.run(aid, qty, assignedOn);
        let users = qty;
        let gb = qty * 2.5;
        for (let d = shape.usageDays - 1; d >= 0; d--) {
          const date = addDays(today, -d);
          users = Math.max(1, users + Math.round((random() - 0.5) * 3));
          gb += random() * 2;
          usage.run(id, svc.id, date, svc.unit === "user_seats" ? users : null, Math.round(gb * 10) / 10, svc.unit === "objects" ? users * 40 : null);
        }
        const jobs = Math.round((shape.usageDays / 7) * shape.jobsPerWeek);
        for (let j = 0; j < jobs / picked.length; j++) {
          const day = addDays(today, -Math.floor(random() * shape.usageDays));
          job.run(`j${jobId++}`, id, svc.id, `${day}T0${Math.floor(random() * 10)}:00:00.000Z`, statuses[Math.floor(random() * statuses.length)]!, Math.round(random() * 500) / 10);
        }
      }
    }
  })();
  s.pragma("optimize");
  return { partnerId, adminId };
}

function pick<T>(items: readonly T[], n: number, random: () => number): T[] {
  const copy = [...items];
  const out: T[] = [];
  while (out.length < n && copy.length) out.push(copy.splice(Math.floor(random() * copy.length), 1)[0]!);
  return out;
}
