import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../db/client";
import { prepareDatabase } from "../bot/startup";
import { clockAt } from "./support/factories";

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "foundation-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** The source's first list, typed out here from the FAQ, independent of db/catalog.ts. */
const SOURCE_LIST = readFileSync(new URL("./fixtures/source-services.txt", import.meta.url), "utf8").trim().split("\n");

describe("schema and migrations", () => {
  it("count every change to a customer's name with triggers (migration 0005), which a table rebuild would drop", () => {
    const db = openDatabase(":memory:");
    const sqlite = db.$client;
    const triggers = sqlite.prepare("select name from sqlite_master where type = 'trigger' and tbl_name = 'customers' order by name").pluck().all();
    expect(triggers).toEqual(["customers_names_changed", "customers_names_deleted", "customers_names_inserted"]);
    const counter = () => sqlite.prepare("select value from change_counters where name = 'customer_names'").pluck().get();
    sqlite.prepare("insert into partners (id, name, kind, teams_tenant_id, time_zone) values ('p', 'P', 'msp', 't', 'UTC')").run();
    sqlite.prepare("insert into customers (id, partner_id, name, m365_tenant_id, onboarded_on) values ('c', 'p', 'Fabrikam', 'm', '2026-01-01')").run();
    expect(counter()).toBe(1);
    sqlite.prepare("update customers set status = 'disconnected', disconnected_on = '2026-02-01' where id = 'c'").run();
    expect(counter()).toBe(1);
    sqlite.prepare("update customers set name = 'Fabrikam Holdings' where id = 'c'").run();
    expect(counter()).toBe(2);
    sqlite.prepare("delete from customers where id = 'c'").run();
    expect(counter()).toBe(3);
    sqlite.close();
  });


  it("apply to an empty database file with WAL, foreign keys and a busy timeout on", () => {
    const db = openDatabase(join(tempDir(), "nested", "fresh.db"));
    const sqlite = db.$client;
    const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'").pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining([
        "partners", "partner_users", "customers", "customer_users", "services", "pools", "allocations",
        "assignments", "assignment_quantities", "licenses", "usage", "jobs", "audit_log", "feedback",
      ]),
    );
    const journal = JSON.parse(readFileSync(new URL("../db/migrations/meta/_journal.json", import.meta.url), "utf8")) as { entries: unknown[] };
    expect(sqlite.prepare("select count(*) from __drizzle_migrations").pluck().get()).toBe(journal.entries.length);
    expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(sqlite.pragma("busy_timeout", { simple: true })).toBe(5000);
    // A foreign key is enforced: a user of a partner that does not exist is refused.
    expect(() =>
      sqlite.prepare("insert into partner_users (partner_id, aad_object_id, name, role) values ('nobody', 'u', 'U', 'viewer')").run(),
    ).toThrow(/FOREIGN KEY/);
    sqlite.close();
  });

  it("opening an up-to-date database again applies nothing and keeps its rows", () => {
    const path = join(tempDir(), "again.db");
    const first = openDatabase(path);
    first.$client.prepare("insert into partners (id, name, kind, teams_tenant_id, time_zone) values ('x', 'X', 'msp', 't', 'UTC')").run();
    first.$client.close();
    const second = openDatabase(path);
    expect(second.$client.prepare("select name from partners").pluck().all()).toEqual(["X"]);
    second.$client.close();
  });
});

describe("service catalog", () => {
  const db = openDatabase(":memory:");
  const rows = db.$client.prepare("select name, unit, distribution, fly from services order by position").all() as {
    name: string; unit: string; distribution: number; fly: number;
  }[];

  it("holds the source's 34 services, in its order", () => {
    expect(SOURCE_LIST).toHaveLength(34);
    expect(rows.map((r) => r.name)).toEqual(SOURCE_LIST.map((l) => l.replace(/ \((Amazon|Microsoft Entra)[^)]*\)$/, "")));
  });

  it("flags the two Fly services and the 14 distribution services (its Insights is both) of the source's second list", () => {
    expect(rows.filter((r) => r.fly).map((r) => r.name)).toEqual(["Fly > Global Objects", "Fly > Aviator"]);
    const distribution = rows.filter((r) => r.distribution).map((r) => r.name);
    expect(distribution).toEqual([
      "Cloud Backup for Microsoft 365",
      "Cloud Backup for Google Workspace",
      "Cloud Backup for IaaS + PaaS - User Seats",
      "Policies for Microsoft 365",
      "Insights for Microsoft 365",
      "Insights for Google",
      "Cense",
      "EnPower",
      "Fly > Global Objects",
      "Fly > Aviator",
      "Baseline Management",
      "Workspace Management",
      "Workspace Management - Storage Optimization",
      "User and Device Management",
    ]);
  });

  it("gives each service the unit the spec decides", () => {
    const unitOf = (name: string) => rows.find((r) => r.name === name)!.unit;
    for (const r of rows) {
      const expected = /Capacity/.test(r.name) || ["Opus > Storage Optimization", "Opus > Discovery and Analysis", "Workspace Management - Storage Optimization"].includes(r.name)
        ? "capacity_gb"
        : /Units/.test(r.name)
          ? "units"
          : ["Cloud Backup for Google Classroom - Objects", "Fly > Global Objects"].includes(r.name)
            ? "objects"
            : "user_seats";
      expect([r.name, unitOf(r.name)]).toEqual([r.name, expected]);
    }
  });
});

describe("npm start's database step", () => {
  it("migrates a new file, loads the demo data once, and leaves a database with data alone", () => {
    const path = join(tempDir(), "data", "licensing.db");
    const clock = clockAt("2026-11-30");
    const first = prepareDatabase(path, clock);
    expect(first.demo.join("\n")).toMatch(/customers: \d+ inserted/);
    const count = (sql: string) => first.db.$client.prepare(sql).pluck().get() as number;
    const customersBefore = count("select count(*) from customers");
    expect(customersBefore).toBeGreaterThanOrEqual(10);
    first.db.$client.close();
    const second = prepareDatabase(path, clockAt("2027-01-15"));
    expect(second.demo).toEqual([]);
    expect(second.db.$client.prepare("select count(*) from customers").pluck().get()).toBe(customersBefore);
    second.db.$client.close();
  });
});
