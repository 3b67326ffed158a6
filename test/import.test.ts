import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { openDatabase } from "../db/client";
import { demoDocument } from "../db/demo/demo";
import type { ImportDocument } from "../db/import/document";
import { loadDocument, type ImportResult } from "../db/import/load";
import { clockAt, dump, testDb } from "./support/factories";

const FIXTURE = join(import.meta.dirname, "fixtures", "small.json");
const TODAY = "2026-03-15";

type Doc = Required<ImportDocument>;
type Row = Record<string, unknown>;

/** A fresh copy of the fixture, to change one thing in. */
function small(): Doc {
  return JSON.parse(readFileSync(FIXTURE, "utf8")) as Doc;
}

function load(db: Db, doc: unknown, day = TODAY): ImportResult {
  return loadDocument(db, doc, { clock: clockAt(day) });
}

function loaded(day = TODAY): Db {
  const db = testDb();
  expect(problemsOf(load(db, small(), day))).toEqual([]);
  return db;
}

function problemsOf(r: ImportResult): string[] {
  return r.ok ? [] : r.problems;
}

function rows(db: Db, table: string): Row[] {
  return dump(db)[table] as Row[];
}

function row(db: Db, table: string, id: string): Row {
  const found = rows(db, table).find((r) => r.id === id);
  if (!found) throw new Error(`no ${table} row ${id}`);
  return found;
}

const pool = (over: Partial<Doc["pools"][number]>): Doc["pools"][number] => ({
  id: "p-extra",
  partnerId: "contoso",
  service: "Cloud Backup for Microsoft 365",
  channel: "direct",
  paymentModel: "prepaid",
  paymentOption: "annual_upfront",
  start: "2026-01-01",
  end: "2026-12-31",
  quantity: 10,
  ...over,
});

describe("import: the small fixture", () => {
  it("imports cleanly with the expected row counts", () => {
    const db = testDb();
    const r = load(db, small());
    expect(r).toMatchObject({
      ok: true,
      counts: {
        partners: { inserted: 2, updated: 0, unchanged: 0 },
        partnerUsers: { inserted: 3 },
        customers: { inserted: 4 },
        customerUsers: { inserted: 4 },
        pools: { inserted: 7 },
        allocations: { inserted: 1 },
        assignments: { inserted: 8 },
        licenses: { inserted: 1 },
        usage: { inserted: 3 },
        jobs: { inserted: 2 },
      },
    });
    const sizes = Object.fromEntries(Object.entries(dump(db)).map(([t, list]) => [t, list.length]));
    expect(sizes).toMatchObject({
      partners: 2,
      partner_users: 3,
      customers: 4,
      customer_users: 4,
      pools: 7,
      allocations: 1,
      assignments: 8,
      licenses: 1,
      usage: 3,
      jobs: 2,
    });
    expect(rows(db, "audit_log").filter((a) => a.action === "import")).toHaveLength(1);
  });

  it("loading the same file twice changes nothing, audit log included", () => {
    const db = loaded();
    const before = dump(db);
    const r = load(db, small());
    expect(r.ok && Object.values(r.counts).every((t) => t.inserted === 0 && t.updated === 0)).toBe(true);
    expect(dump(db)).toEqual(before);
  });

  it("A3: assignments without an expiration get the default (direct prepaid: the pool's end; otherwise 31 days)", () => {
    const db = loaded();
    expect(row(db, "assignments", "a-fab-m365").expires_on).toBe("2026-12-31");
    expect(row(db, "assignments", "a-tail-m365").expires_on).toBe("2027-01-31");
    expect(row(db, "assignments", "a-north-policies").expires_on).toBe("2026-04-02");
  });

  it("P9: an assignment from one of two marketplace pools of a service draws on them as one", () => {
    const db = loaded();
    // 25 seats on 2026-03-02 fit only because the monthly pool (20) and the APU pool (50 - 30) count together.
    expect(row(db, "assignments", "a-north-policies")).toMatchObject({ pool_id: "c-policies-mkt-apu", quantity: 25 });
  });

  it("P3, P6, P8: the Fly pool stays manual and the PAYG pool has no quantity", () => {
    const db = loaded();
    expect(row(db, "pools", "c-fly-aviator")).toMatchObject({ mode: "manual", payment_model: "prepaid" });
    expect(row(db, "pools", "c-archiving-payg")).toMatchObject({ quantity: null, payment_model: "payg" });
  });

  it("A8: a license supersedes the pooled assignment active on its start", () => {
    const db = loaded();
    expect(row(db, "assignments", "a-north-m365")).toMatchObject({ ended_on: "2026-03-01", ended_reason: "superseded" });
  });

  it("A8: a later import's back-dated license also supersedes the pooled assignment begun since, as the verb does", () => {
    const db = loaded();
    expect(row(db, "assignments", "a-fab-m365")).toMatchObject({ ended_on: null });
    const doc = small();
    // Dated before a-fab-m365 began (2026-01-10), which is still active on the day of the import.
    doc.licenses.push({ customerId: "fabrikam", service: "Cloud Backup for Microsoft 365", type: "cmp", start: "2026-01-05", end: "2026-12-31" });
    expect(problemsOf(load(db, doc))).toEqual([]);
    expect(row(db, "assignments", "a-fab-m365")).toMatchObject({ ended_on: "2026-01-10", ended_reason: "superseded" });
    // Loading the same document again changes nothing.
    const again = load(db, doc);
    expect(again.ok && again.counts.licenses).toMatchObject({ inserted: 0, updated: 0 });
    expect(row(db, "assignments", "a-fab-m365")).toMatchObject({ ended_on: "2026-01-10", ended_reason: "superseded" });
  });

  it("A8: a license that ended long ago ends only what ran on its start, not an assignment running today", () => {
    const db = loaded();
    const doc = small();
    doc.licenses.push({ customerId: "fabrikam", service: "Cloud Backup for Microsoft 365", type: "cmp", start: "2025-02-01", end: "2025-06-30" });
    expect(problemsOf(load(db, doc))).toEqual([]);
    expect(row(db, "assignments", "a-fab-m365")).toMatchObject({ ended_on: null, ended_reason: null });
  });

  it("P6: usage raises an auto-adjusted assignment to the measured users; a manual one stays", () => {
    const db = loaded();
    expect(row(db, "assignments", "a-north-insights").quantity).toBe(12);
    expect(row(db, "assignments", "a-fab-m365").quantity).toBe(40);
  });

  it("T2: the MSP's customer draws on its LAR's pool within the allocation", () => {
    const db = loaded();
    expect(rows(db, "allocations")).toEqual([{ pool_id: "t-m365-direct", partner_id: "contoso", quantity: 80 }]);
    expect(row(db, "assignments", "a-tail-m365")).toMatchObject({ pool_id: "t-m365-direct", quantity: 60 });
  });

  it("jobs: a given id is kept, a missing one is derived from customer, service and start instant", () => {
    const db = loaded();
    expect(rows(db, "jobs").map((j) => [j.id, j.started_at])).toEqual([
      ["job-1", "2026-03-14T02:10:00.000Z"],
      ["fabrikam|cloud-backup-for-microsoft-365|2026-03-13T00:00:00.000Z", "2026-03-13T00:00:00.000Z"],
    ]);
  });
});

describe("import: service names", () => {
  const partners: Doc["partners"] = [{ id: "contoso", name: "Contoso MSP", kind: "msp", teamsTenantId: "t-contoso" }];

  it("resolves exact names, ids and forgiving names", () => {
    const db = testDb();
    const pools = [
      pool({ id: "p1", service: "m365 backup" }),
      pool({ id: "p2", service: "Cloud Backup for Microsoft 365" }),
      pool({ id: "p3", service: "fly-aviator", mode: "manual" }),
      pool({ id: "p4", service: "FLY > aviator", mode: "manual" }),
      pool({ id: "p5", service: "cb gw" }),
    ];
    expect(problemsOf(load(db, { partners, pools }))).toEqual([]);
    expect(rows(db, "pools").map((p) => p.service_id)).toEqual([
      "cloud-backup-for-microsoft-365",
      "cloud-backup-for-microsoft-365",
      "fly-aviator",
      "fly-aviator",
      "cloud-backup-for-google-workspace",
    ]);
  });

  it("names the candidates of an ambiguous name and suggestions for an unknown one", () => {
    const db = testDb();
    const problems = problemsOf(load(db, { partners, pools: [pool({ id: "p1", service: "cloud backup" }), pool({ id: "p2", service: "Clod Bakcup Salesforse" })] }));
    expect(problems).toEqual([
      expect.stringMatching(/^pools\[0\]\.service: "cloud backup" could be .*"Cloud Backup for Microsoft 365"/),
      expect.stringMatching(/^pools\[1\]\.service: no service in the catalog is called "Clod Bakcup Salesforse"; did you mean .*Salesforce/),
    ]);
    expect(rows(db, "partners")).toEqual([]);
  });
});

describe("import: refused documents", () => {
  it("names every problem by path, and writes nothing", () => {
    const db = testDb();
    const before = dump(db);
    const doc = small();
    doc.pools.push(
      pool({ id: "bad-date", start: "2026-02-30" }), // pools[7]
      pool({ id: "bad-order", start: "2026-06-01", end: "2026-05-31" }), // pools[8]
      pool({ id: "bad-service", service: "Frobnicator Deluxe" }), // pools[9]
      pool({ id: "bad-combo", channel: "off_marketplace", paymentOption: "monthly", service: "Policies for Microsoft 365" }), // pools[10]
    );
    doc.assignments.push(
      { id: "a-ghost", customerId: "ghost", poolId: "c-m365-direct", quantity: 1, assignedOn: "2026-02-01" }, // assignments[8]
      { id: "a-too-many", customerId: "northwind", poolId: "c-fly-aviator", quantity: 40, assignedOn: "2026-02-15" }, // assignments[9]
      { id: "a-second-source", customerId: "fabrikam", poolId: "t-m365-direct", quantity: 5, assignedOn: "2026-02-15" }, // assignments[10]
      // Refers to a pool refused above: left out, without a second problem.
      { id: "a-on-bad", customerId: "fabrikam", poolId: "bad-date", quantity: 5, assignedOn: "2026-02-15" },
    );
    const problems = problemsOf(load(db, doc));
    expect(problems).toEqual([
      "pools[7].start: must be a date written YYYY-MM-DD",
      "pools[8].end: must not be before start",
      expect.stringMatching(/^pools\[9\]\.service: no service in the catalog is called "Frobnicator Deluxe"/),
      expect.stringMatching(/^pools\[10\]\.paymentOption: .*off-marketplace.* \(P1\)$/),
      'assignments[8].customerId: no customer "ghost" in the document or the database',
      expect.stringMatching(/^assignments\[9\]\.quantity: Only 25 seats are left in pool c-fly-aviator; 40 were asked for \(P8, on 2026-02-15\)$/),
      expect.stringMatching(/^assignments\[10\]\.poolId: .*one source per service.* \(A1, on 2026-02-15\)$/),
    ]);
    expect(dump(db)).toEqual(before);
  });

  it("refuses what is not an import document", () => {
    const db = testDb();
    expect(problemsOf(load(db, [1, 2]))).toEqual(["document: must be a JSON object with lists such as partners, pools and assignments"]);
    expect(problemsOf(load(db, { pool: [], partners: {}, customers: [{ id: "c" }] }))).toEqual([
      expect.stringMatching(/^pool: is not a list of the import format/),
      "partners: must be a list",
      "customers[0].partnerId: is required",
      "customers[0].name: is required",
      "customers[0].m365TenantId: is required",
      "customers[0].onboardedOn: is required",
    ]);
  });

  type Case = [name: string, change: (d: Doc) => void, problem: RegExp];
  const cases: Case[] = [
    ["P1: refuses an off-marketplace pool paid monthly", (d) => (d.pools[5]!.paymentOption = "monthly"), /^pools\[5\]\.paymentOption: .*\(P1\)$/],
    ["P2: refuses a direct-only service from Cloud Marketplace", (d) => d.pools.push(pool({ service: "Cloud Governance", channel: "marketplace", paymentOption: "apu" })), /^pools\[7\]\.channel: Cloud Governance is sold direct only.*\(P2\)$/],
    ["P3: refuses a PAYG Fly pool", (d) => d.pools.push(pool({ service: "Fly > Aviator", paymentModel: "payg", paymentOption: "monthly", quantity: undefined, mode: "manual" })), /^pools\[7\]\.paymentModel: .*prepaid only.*\(P3\)$/],
    ["P4: refuses a direct prepaid term shorter than a year", (d) => d.pools.push(pool({ end: "2026-06-30" })), /^pools\[7\]\.end: A direct prepaid term lasts at least one calendar year.*\(P4\)$/],
    ["P6: refuses an auto-adjusted Fly pool", (d) => (d.pools[4]!.mode = "auto_adjusted"), /^pools\[4\]\.mode: .*manual mode \(P6\)$/],
    ["P7: refuses an assignment before its pool starts", (d) => ((d.customers[3]!.onboardedOn = "2026-01-05"), (d.assignments[7]!.assignedOn = "2026-01-20")), /^assignments\[7\]\.assignedOn: .*\(P7, on 2026-01-20\)$/],
    ["P10: refuses a cancellation outside the pool's term", (d) => (d.pools[5]!.canceledOn = "2027-01-15"), /^pools\[5\]\.canceledOn: must fall within the pool's term.*\(P10\)$/],
    ["T1: refuses a pool held by a LAR without Tier 2", (d) => (d.partners[0]!.tier2Enabled = false), /^pools\[6\]\.partnerId: Tier 2 is not enabled.*\(T1\)$/],
    ["T2: refuses allocations beyond the pool's quantity", (d) => (d.allocations[0]!.quantity = 201), /^allocations\[0\]\.quantity: .*add up to 201, more than its 200 \(T2\)$/],
    ["T2: refuses an allocation to a partner that is not the LAR's MSP", (d) => d.allocations.push({ poolId: "c-m365-direct", partnerId: "contoso", quantity: 1 }), /^allocations\[1\]\.poolId: .*not a Tier 2 LAR \(T2\)$/],
    ["A2: refuses a prepaid pool for a PAYG customer", (d) => d.assignments.push({ id: "a-x", customerId: "litware", poolId: "c-fly-aviator", quantity: 1, assignedOn: "2026-02-01" }), /^assignments\[8\]\.poolId: .*PAYG.*\(A2, on 2026-02-01\)$/],
    ["A4: refuses an expiration within 31 days of the assignment", (d) => (d.assignments[2]!.expiresOn = "2026-02-01"), /^assignments\[2\]\.expiresOn: .*2026-02-15 or later \(A4, on 2026-01-15\)$/],
    ["A8: refuses a pooled assignment while a license covers the service", (d) => d.assignments.push({ id: "a-x", customerId: "northwind", poolId: "t-m365-direct", quantity: 1, assignedOn: "2026-03-05" }), /^assignments\[8\]\.assignedOn: .*Enterprise license.*\(A8, on 2026-03-05\)$/],
    ["C1: refuses an assignment before the customer was onboarded", (d) => (d.customers[3]!.onboardedOn = "2026-03-01"), /^assignments\[7\]\.assignedOn: is before Tailspin Toys was onboarded on 2026-03-01 \(C1\)$/],
    ["C2: refuses a tenant owner who is not a Service Administrator", (d) => (d.customerUsers[3]!.roles = []), /^customerUsers\[3\]\.tenantOwner: .*Service Administrator role \(C2\)$/],
    ["A6: refuses one Microsoft 365 tenant on two connected customers", (d) => (d.customers[1]!.m365TenantId = "m365-fabrikam"), /^customers\[1\]\.m365TenantId: .*\(A6\)$/],
    ["refuses a duplicate id within a list", (d) => d.pools.push({ ...d.pools[0]! }), /^pools\[7\]\.id: has the same id as pools\[0\]$/],
  ];
  it.each(cases)("%s", (_, change, problem) => {
    const db = testDb();
    const doc = small();
    change(doc);
    const problems = problemsOf(load(db, doc));
    expect(problems).toContainEqual(expect.stringMatching(problem));
    expect(dump(db)).toEqual(dump(testDb()));
  });
});

describe("import: loading again with changes", () => {
  it("A11, P5: a renewal (same pool id, later end) and a larger quantity update the pool; assignments keep their expirations", () => {
    const db = loaded();
    const doc = small();
    doc.pools[2]!.end = "2026-04-30";
    doc.pools[0]!.quantity = 120;
    const r = load(db, doc, "2026-03-20");
    expect(r).toMatchObject({ ok: true, counts: { pools: { updated: 2, unchanged: 5 }, assignments: { unchanged: 8 } } });
    expect(row(db, "pools", "c-policies-mkt-monthly").end).toBe("2026-04-30");
    expect(row(db, "pools", "c-m365-direct").quantity).toBe(120);
    expect(row(db, "assignments", "a-north-policies").expires_on).toBe("2026-04-02");
    const after = dump(db);
    load(db, doc, "2026-03-20");
    expect(dump(db)).toEqual(after);
  });

  it("P10: a canceledOn on re-import cuts the pool's assignments to that day and tells the partner", () => {
    const db = loaded();
    const doc = small();
    doc.pools[5]!.canceledOn = "2026-04-30";
    const r = load(db, doc, "2026-03-20");
    expect(r).toMatchObject({ ok: true, counts: { pools: { updated: 1 } } });
    expect(row(db, "pools", "c-insights-offmkt").canceled_on).toBe("2026-04-30");
    expect(row(db, "assignments", "a-north-insights").expires_on).toBe("2026-04-30");
    const events = rows(db, "domain_events");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ partner_id: "contoso", kind: "order_canceled" });
    expect(JSON.parse(events[0]!.payload as string)).toMatchObject({
      poolId: "c-insights-offmkt",
      canceledOn: "2026-04-30",
      customers: [{ customerId: "northwind", assignmentId: "a-north-insights", expiresOn: "2026-04-30" }],
    });
    // The same file again: the document's later expiration reads as cut by the cancellation.
    const after = dump(db);
    expect(problemsOf(load(db, doc, "2026-03-21"))).toEqual([]);
    expect(dump(db)).toEqual(after);
  });

  it("P5: refuses to shrink a prepaid pool, and writes nothing", () => {
    const db = loaded();
    const before = dump(db);
    const doc = small();
    doc.pools[0]!.quantity = 90;
    expect(problemsOf(load(db, doc))).toEqual([expect.stringMatching(/^pools\[0\]\.quantity: Pool c-m365-direct is prepaid: its quantity can grow but not shrink.*\(P5\)$/)]);
    expect(dump(db)).toEqual(before);
  });

  it("P5: a monthly Cloud Marketplace pool may shrink", () => {
    const db = loaded();
    const doc = small();
    doc.pools[2]!.quantity = 15;
    expect(problemsOf(load(db, doc))).toEqual([]);
    expect(row(db, "pools", "c-policies-mkt-monthly").quantity).toBe(15);
  });

  it("A4: a stored assignment's expiration may move within A4's bounds; its quantity, pool and pool terms may not change", () => {
    const db = loaded();
    const moved = small();
    moved.assignments[2]!.expiresOn = "2026-09-30";
    expect(load(db, moved)).toMatchObject({ ok: true, counts: { assignments: { updated: 1, unchanged: 7 } } });
    expect(row(db, "assignments", "a-fab-policies").expires_on).toBe("2026-09-30");

    const before = dump(db);
    const changed = small();
    changed.assignments[0]!.quantity = 45;
    changed.assignments[1]!.poolId = "t-m365-direct";
    changed.pools[1]!.paymentOption = "apm";
    changed.pools[2]!.end = "2026-03-30";
    expect(problemsOf(load(db, changed))).toEqual([
      expect.stringMatching(/^pools\[1\]\.paymentOption: pool "c-policies-mkt-apu" has apu; .*fixed once bought$/),
      expect.stringMatching(/^pools\[2\]\.end: .*never earlier \(A11\)$/),
      expect.stringMatching(/^assignments\[0\]\.quantity: assignment "a-fab-m365" has 40; .*\(A5\)$/),
      expect.stringMatching(/^assignments\[1\]\.poolId: assignment "a-north-m365" draws on pool "c-m365-direct"; .*\(A7\)$/),
    ]);
    expect(dump(db)).toEqual(before);
  });

  it("A6: a customer marked disconnected may not keep an assignment active today", () => {
    const db = loaded();
    const doc = small();
    doc.customers[0]!.status = "disconnected";
    expect(problemsOf(load(db, doc))).toEqual([expect.stringMatching(/^customers\[0\]\.status: Fabrikam, Inc\. is disconnected, but assignment "a-fab-m365" is active on 2026-03-15; give it an endedOn \(A6\)$/)]);
    for (const a of doc.assignments.filter((x) => x.customerId === "fabrikam")) a.endedOn = "2026-03-10";
    expect(problemsOf(load(db, doc))).toEqual([]);
    expect(row(db, "customers", "fabrikam")).toMatchObject({ status: "disconnected", disconnected_on: "2026-03-10" });
    expect(row(db, "assignments", "a-fab-m365")).toMatchObject({ ended_on: "2026-03-10", ended_reason: "disconnected" });
  });
});

describe("import: the demo data set", () => {
  it.each(["2026-03-01", "2028-02-29"])("loads on %s through every rule, and loading it again changes nothing", (day) => {
    const db = testDb();
    const doc = demoDocument(day);
    expect(problemsOf(load(db, doc, day))).toEqual([]);
    expect(rows(db, "assignments")).toHaveLength(doc.assignments!.length);
    const before = dump(db);
    expect(problemsOf(load(db, doc, day))).toEqual([]);
    expect(dump(db)).toEqual(before);
  }, 60_000);
});

describe("import: the CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "import-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function run(file: string, databasePath: string): { status: number; stdout: string; stderr: string } {
    try {
      const stdout = execFileSync("npx", ["tsx", "db/import/cli.ts", file], {
        cwd: join(import.meta.dirname, ".."),
        env: { ...process.env, DATABASE_PATH: databasePath },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      return { status: 0, stdout, stderr: "" };
    } catch (e) {
      const err = e as { status: number; stdout: string; stderr: string };
      return { status: err.status, stdout: err.stdout, stderr: err.stderr };
    }
  }

  it("imports a file into DATABASE_PATH and prints the counts; a refused file exits 1 naming every problem", () => {
    const file = join(dir, "small.json");
    const database = join(dir, "data", "licensing.db");
    copyFileSync(FIXTURE, file);
    const ok = run(file, database);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("assignments: 8 inserted, 0 updated, 0 unchanged");

    const bad = small();
    bad.pools[0]!.quantity = 1;
    bad.assignments.push({ id: "a-ghost", customerId: "ghost", poolId: "c-m365-direct", quantity: 1, assignedOn: "2026-02-01" });
    const badFile = join(dir, "bad.json");
    writeFileSync(badFile, JSON.stringify(bad));
    const db = openDatabase(database);
    const before = dump(db);
    const refused = run(badFile, database);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("2 problems; nothing was written");
    expect(refused.stderr).toMatch(/pools\[0\]\.quantity: .*\(P5\)/);
    expect(refused.stderr).toContain('assignments[8].customerId: no customer "ghost"');
    expect(dump(db)).toEqual(before);
    db.$client.close();
  }, 60_000);

  it("refuses a file that is not JSON with one line", () => {
    const file = join(dir, "notes.txt");
    writeFileSync(file, "partners: contoso\n");
    const r = run(file, join(dir, "other.db"));
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^Refused .*notes\.txt: it is not JSON/);
  }, 60_000);
});
