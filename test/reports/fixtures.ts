/**
 * Realistic data for every report template, its variants, and the largest page each can carry: the
 * longest names the import allows (300 characters, which the handlers clip to 120 on cards), ids of
 * 200, and every list at its page size (bot/commands/reports/common.ts REPORT_PAGE). Merged into
 * test/cards/fixtures.ts, so the card tests render and validate each one.
 */
import type {
  BillCardData,
  ExportCardData,
  OperationsCardData,
  OperationsServiceCardData,
  PoolCardData,
  PoolsCardData,
  ReportHeaderData,
  StorageCardData,
  StorageCustomerCardData,
  UsageCardData,
} from "../../cards";
import { CATALOG } from "../../db/catalog";
import { REPORT_PAGE } from "../../bot/commands/reports/common";

const header: ReportHeaderData = {
  heading: "Subscription usage",
  scope: "Contoso MSP · today, 2 March 2026",
  asOf: "Data as of 2026-03-02 (newest usage record).",
  stale: false,
  summary: "Pools 1–3 of 12",
  notice: "",
};

const longest = (prefix: string, n: number) => (prefix + " " + "Longname ".repeat(60)).slice(0, n).trim();
/** What a handler shows of a 300-character name. */
const CLIPPED = `${longest("Customer", 119)}…`;
const ID = "x".repeat(200);
const SERVICE = CATALOG.reduce((a, b) => (b.name.length > a.length ? b.name : a), "");
const LONGEST_HEADER: ReportHeaderData = {
  heading: `Usage: ${CLIPPED}`,
  scope: `${longest("Partner", 300)} · ${longest("scope", 200)}`,
  asOf: "Data as of 2026-02-20 (newest usage record, 10 days before 2026-03-02: an import may be missing).",
  stale: true,
  summary: `Customers 1,000,001–1,000,020 of 1,000,000,000 · ${longest("summary", 120)}`,
  notice: longest("Notice", 200),
};

export const pools: PoolsCardData = {
  ...header,
  serviceId: "",
  rows: [
    {
      key: "contoso-m365-direct",
      service: "Cloud Backup for Microsoft 365",
      ids: "contoso-m365-direct",
      source: "direct · prepaid, annual upfront · 2025-10-01 to 2026-09-30",
      quantity: "1,000 seats",
      assigned: "767 seats",
      available: "233 seats",
      utilization: "77%",
      color: "good",
      note: "",
      allocations: "",
    },
    {
      key: "merged:contoso:cloud-backup-for-microsoft-365",
      service: "Cloud Backup for Microsoft 365",
      ids: "contoso-m365-mkt-apu + contoso-m365-mkt-monthly (merged, P9)",
      source: "Cloud Marketplace · prepaid, APU (annual commitment, paid upfront) / prepaid, monthly · 2025-07-05 to 2026-07-04",
      quantity: "550 seats",
      assigned: "570 seats",
      available: "−20 seats",
      utilization: "104%",
      color: "attention",
      note: "2 Cloud Marketplace pools shown as one (P9); capacity counts those active today · Over capacity by 20 seats: nothing is cut; extend or add seats",
      allocations: "",
    },
    {
      key: "contoso-archiving-payg",
      service: "Cloud Archiving",
      ids: "contoso-archiving-payg",
      source: "direct · PAYG, monthly · 2025-05-01 to 2026-03-31",
      quantity: "PAYG",
      assigned: "88 seats",
      available: "–",
      utilization: "n/a (PAYG)",
      color: "good",
      note: "",
      allocations: "",
    },
  ],
  chart: [
    { label: "Cloud Backup for Microsoft 365 (contoso-m365-direct)", percent: 77, color: "good", value: "77% (767 of 1,000 seats)" },
    { label: "Cloud Backup for Microsoft 365 (merged)", percent: 104, color: "attention", value: "104% (570 of 550 seats)" },
  ],
  hasMore: true,
  nextOffset: 10,
};

export const pool: PoolCardData = {
  ...header,
  heading: "Cloud Backup for Microsoft 365",
  summary: "65% used · 358 seats of 550 seats",
  key: "merged:contoso:cloud-backup-for-microsoft-365",
  facts: [
    { title: "Service", value: "Cloud Backup for Microsoft 365" },
    { title: "Pools", value: "contoso-m365-mkt-apu + contoso-m365-mkt-monthly (merged, P9)" },
    { title: "Quantity", value: "550 seats" },
  ],
  terms: [
    { id: "contoso-m365-mkt-apu", source: "Cloud Marketplace · prepaid, APU", term: "2025-07-05 to 2026-07-04", quantity: "400 seats", state: "active" },
    { id: "contoso-m365-mkt-monthly", source: "Cloud Marketplace · prepaid, monthly", term: "2025-09-01 to 2026-03-31", quantity: "150 seats", state: "active" },
  ],
  allocations: [],
  customers: [
    { id: "alpine-ski-house", name: "Alpine Ski House", poolId: "contoso-m365-mkt-apu", quantity: "60 seats", assignedOn: "2026-01-31", expiresOn: "2026-03-03" },
    { id: "tailspin", name: "Tailspin Toys", poolId: "contoso-m365-mkt-apu", quantity: "93 seats", assignedOn: "2025-08-14", expiresOn: "2026-07-04" },
  ],
  customersSummary: "1–2 of 2 drawing on it today",
  hasMore: false,
  nextOffset: 2,
};

export const usage: UsageCardData = {
  ...header,
  heading: "Usage: Fabrikam, Inc.",
  scope: "Contoso MSP · Today, 2 March 2026; change since 1 March 2026",
  summary: "Services 1–2 of 2 · 1 service consuming more than assigned (P6)",
  customerId: "fabrikam",
  period: "today",
  today: true,
  periods: [
    { title: "Today, 2 March 2026", value: "today" },
    { title: "Billing cycle March 2026", value: "2026-03" },
    { title: "Billing cycle February 2026", value: "2026-02" },
  ],
  lines: [
    {
      customerId: "fabrikam",
      customer: "Fabrikam, Inc.",
      service: "Cloud Backup for Microsoft 365",
      assigned: "240 seats",
      assignedChange: "0",
      consumed: "247 seats",
      consumedChange: "+3",
      measuredOn: "2026-03-02",
      over: "7 seats over assigned (P6)",
    },
    { customerId: "fabrikam", customer: "", service: "Opus > Storage Optimization", assigned: "8,000 GB", assignedChange: "0", consumed: "7,501.6 GB", consumedChange: "+12.5", measuredOn: "2026-03-02", over: "" },
  ],
  trend: [
    { legend: "Cloud Backup for Microsoft 365: assigned", values: [{ x: "2025-10", y: 220 }, { x: "2025-11", y: 240 }] },
    { legend: "Cloud Backup for Microsoft 365: consumed", values: [{ x: "2025-10", y: 215 }, { x: "2025-11", y: 244 }] },
  ],
  trendFacts: [
    { title: "October 2025", value: "Cloud Backup for Microsoft 365 215 of 220" },
    { title: "November 2025", value: "Cloud Backup for Microsoft 365 244 of 240" },
  ],
  trendNote: "",
  hasMore: false,
  nextOffset: 2,
};

export const operations: OperationsCardData = {
  ...header,
  heading: "Customer operations",
  scope: "Contoso MSP · last 30 days (2026-02-01 to 2026-03-02) · every status",
  asOf: "Data as of 2026-03-02 01:53 (Europe/London): newest job in this range.",
  summary: "205 jobs over 2 services",
  range: "30d",
  status: "all",
  services: [
    { serviceId: "cloud-backup-for-microsoft-365", service: "Cloud Backup for Microsoft 365", breakdown: "90 succeeded · 4 failed", total: "94", failed: "4", failedColor: "Attention", customers: "10" },
    { serviceId: "cloud-archiving", service: "Cloud Archiving", breakdown: "11 succeeded", total: "11", failed: "0", failedColor: "Default", customers: "2" },
  ],
  chart: [
    { legend: "Succeeded", value: 101, color: "good", text: "101" },
    { legend: "Failed", value: 4, color: "attention", text: "4" },
  ],
  hasMore: false,
  nextOffset: 2,
};

export const operationsService: OperationsServiceCardData = {
  ...header,
  heading: "Operations: Cloud Backup for Microsoft 365",
  serviceId: "cloud-backup-for-microsoft-365",
  range: "7d",
  status: "failed",
  customers: [{ id: "fabrikam", name: "Fabrikam, Inc.", breakdown: "2 failed", total: "2", failed: "2", failedColor: "Attention", last: "2026-03-01 18:58" }],
  hasMore: false,
  nextOffset: 1,
};

export const storage: StorageCardData = {
  ...header,
  heading: "Storage consumption",
  total: "28,601.2 GB",
  rows: [
    { id: "woodgrove", name: "Woodgrove Bank", gb: "10,859.3 GB", services: "1 service", measuredOn: "2026-03-02" },
    { id: "fabrikam", name: "Fabrikam, Inc.", gb: "9,277.2 GB", services: "2 services", measuredOn: "2026-03-02" },
  ],
  chart: [
    { label: "Woodgrove Bank", gb: 10859.3, value: "10,859.3 GB" },
    { label: "Fabrikam, Inc.", gb: 9277.2, value: "9,277.2 GB" },
  ],
  hasMore: false,
  nextOffset: 2,
};

export const storageCustomer: StorageCustomerCardData = {
  ...header,
  heading: "Storage: Fabrikam, Inc.",
  customerId: "fabrikam",
  total: "9,277.2 GB",
  services: [
    { service: "Opus > Storage Optimization", gb: "7,502 GB", measuredOn: "2026-03-02" },
    { service: "Cloud Backup for Microsoft 365", gb: "1,775.2 GB", measuredOn: "2026-03-02" },
  ],
};

export const bill: BillCardData = {
  ...header,
  heading: "PAYG bill: February 2026",
  month: "2026-02",
  services: [{ title: "Cloud Archiving", value: "90 seats for 2 customers" }],
  servicesMore: "",
  lines: [
    {
      customer: "Proseware, Inc.",
      service: "Cloud Archiving",
      quantity: "35 seats",
      days: "2026-02-22 to 2026-02-28 (7 days)",
      reason: "Assigned from 2026-02-22 to 2026-02-28.",
      minimum: false,
    },
    {
      customer: "Litware, Inc.",
      service: "Cloud Archiving",
      quantity: "55 seats",
      days: "2026-02-01 to 2026-02-14 (14 days)",
      reason: "Ended after 2026-02-03; the 31-day minimum from 2026-01-15 bills through 2026-02-14.",
      minimum: true,
    },
  ],
  previousMonth: "2026-01",
  previousLabel: "◀ January 2026",
  nextMonth: "2026-03",
  nextLabel: "March 2026 ▶",
  hasMore: false,
  nextOffset: 2,
};

export const exportLink: ExportCardData = {
  what: "Subscription usage (CSV)",
  url: "https://licensing.example.com/export/eyJ2IjoxfQ.c2lnbmF0dXJl",
  validity: "Valid for 15 minutes, until 09:15 (Europe/London).",
};

export const REPORT_REALISTIC = {
  "reports-pools": pools,
  "reports-pool": pool,
  "reports-usage": usage,
  "reports-operations": operations,
  "reports-operations-service": operationsService,
  "reports-storage": storage,
  "reports-storage-customer": storageCustomer,
  "reports-bill": bill,
  "reports-export": exportLink,
};

export const REPORT_VARIANTS: Record<string, Record<string, unknown>> = {
  "reports-pools": {
    empty: { ...pools, rows: [], chart: [], summary: "No pools in your partner account yet.", hasMore: false },
    "LAR with allocations": { ...pools, rows: [{ ...pools.rows[0]!, allocations: "Lamna MSP: 250 allocated, 239 in use · Relecloud MSP: 300 allocated, 273 in use" }] },
  },
  "reports-pool": {
    "LAR: allocations, no customers": {
      ...pool,
      terms: [pool.terms[0]!],
      allocations: [{ msp: "Relecloud MSP", allocated: "300 seats", inUse: "273 seats", available: "27 seats" }],
      customers: [],
      customersSummary: "Your MSPs' customers are theirs to see; their use of your pool is under Allocations (Tier 2).",
    },
  },
  "reports-usage": {
    "billing cycle, every customer": { ...usage, customerId: "", period: "2026-02", today: false, trend: [], trendFacts: [], hasMore: true },
    empty: { ...usage, lines: [], trend: [], trendFacts: [], summary: "No customer had an active service on that day." },
  },
  "reports-operations": { "no jobs": { ...operations, services: [], chart: [], summary: "No jobs in this range." } },
  "reports-storage": { empty: { ...storage, rows: [], chart: [], total: "0 GB" } },
  "reports-storage-customer": { empty: { ...storageCustomer, services: [], total: "0 GB" } },
  "reports-bill": { "current month": { ...bill, nextMonth: "", nextLabel: "", lines: [], services: [] } },
};

const manyServices = CATALOG.map((c) => c.name);

export const REPORT_LARGEST = {
  "reports-pools": {
    ...pools,
    ...LONGEST_HEADER,
    serviceId: ID,
    rows: Array.from({ length: REPORT_PAGE.pools }, () => ({
      key: `merged:${ID}:cloud-backup-for-google-classroom-objects`,
      service: SERVICE,
      ids: `${"x".repeat(59)}… + ${"y".repeat(59)}… + ${"z".repeat(59)}… + and 9,999 more (merged, P9)`,
      source: "Cloud Marketplace + off-marketplace · prepaid, APU (annual commitment, paid upfront) / prepaid, APM (annual commitment, paid monthly) / prepaid, monthly · 2025-07-05 to 2026-07-04",
      quantity: "1,000,000,000 seats",
      assigned: "1,000,000,000 seats",
      available: "−1,000,000,000 seats",
      utilization: "1,000%",
      color: "attention",
      // Merged (P9) and Fly (A9) never meet; a merged pool's notes at their longest.
      note: "10,000 Cloud Marketplace pools shown as one (P9); capacity counts those active today · Your allocation of your LAR's pool (Tier 2) · Canceled by the distributor on 2026-01-26 (P10) · Over capacity by 1,000,000,000 seats: nothing is cut; extend or add seats",
      allocations: Array.from({ length: 4 }, () => `${longest("MSP", 79)}…: 1,000,000 allocated, 1,000,000 in use`).join(" · ") + " · and 996 more",
    })),
    chart: Array.from({ length: REPORT_PAGE.pools }, () => ({ label: `${SERVICE.slice(0, 31)}… (${"x".repeat(27)}…)`, percent: 1000, color: "attention", value: "1000% (1,000,000,000 of 1,000,000,000 seats)" })),
  } satisfies PoolsCardData,
  "reports-pool": {
    ...pool,
    ...LONGEST_HEADER,
    key: `merged:${ID}:cloud-backup-for-google-classroom-objects`,
    facts: [
      { title: "Service", value: SERVICE },
      { title: "Pools", value: `${"x".repeat(59)}… + ${"y".repeat(59)}… + ${"z".repeat(59)}… + and 9,999 more (merged, P9)` },
      { title: "Source", value: "Cloud Marketplace + off-marketplace" },
      { title: "Payment", value: "prepaid, APU (annual commitment, paid upfront) / prepaid, APM (annual commitment, paid monthly) / prepaid, monthly" },
      { title: "Term", value: "2025-07-05 to 2026-07-04" },
      { title: "Your allocation", value: "1,000,000,000 seats" },
      { title: "Assigned", value: "1,000,000,000 seats to 1,000,000 customers" },
      { title: "Consumed (Fly)", value: "1,000,000,000 seats, never returned to the pool (A9)" },
      { title: "Available", value: "none: over by 1,000,000,000 seats" },
      { title: "Utilization", value: "1,000%" },
      { title: "Note", value: "10,000 Cloud Marketplace pools shown as one (P9); capacity counts those active today · Your allocation of your LAR's pool (Tier 2) · Canceled by the distributor on 2026-01-26 (P10) · Over capacity by 1,000,000,000 seats: nothing is cut; extend or add seats" },
      { title: "Terms", value: "the 6 most recent of 10,000 below; the Subscription usage CSV lists every pool id" },
      { title: "MSPs", value: "8 of 1,000 below; Export CSV lists them all" },
    ],
    terms: Array.from({ length: 6 }, () => ({ id: `${"x".repeat(59)}…`, source: "Cloud Marketplace · prepaid, APU (annual commitment, paid upfront)", term: "2025-07-05 to 2026-07-04", quantity: "1,000,000,000 seats", state: "canceled 2026-01-26 (P10)" })),
    allocations: Array.from({ length: 8 }, () => ({ msp: CLIPPED, allocated: "1,000,000,000 seats", inUse: "1,000,000,000 seats", available: "1,000,000,000 seats" })),
    customers: Array.from({ length: REPORT_PAGE.poolCustomers }, () => ({ id: ID, name: CLIPPED, poolId: `${"x".repeat(59)}…`, quantity: "1,000,000,000 seats", assignedOn: "2026-01-31", expiresOn: "2026-03-03" })),
    customersSummary: "1,000,001–1,000,020 of 1,000,000,000 drawing on it today",
    hasMore: true,
  } satisfies PoolCardData,
  "reports-usage": {
    ...usage,
    ...LONGEST_HEADER,
    customerId: ID,
    periods: Array.from({ length: 8 }, (_, i) => ({ title: `Billing cycle September 202${i}`, value: `202${i}-09` })),
    // One customer per line at worst (the all-customers view caps whole customers by lines).
    lines: Array.from({ length: REPORT_PAGE.usageLines }, (_, i) => ({
      customerId: ID,
      customer: i < REPORT_PAGE.usageCustomers ? CLIPPED : "",
      service: manyServices[i % manyServices.length]!.padEnd(SERVICE.length, "x"),
      assigned: "1,000,000,000 seats",
      assignedChange: "+1,000,000,000",
      consumed: "1,000,000,000.5 GB",
      consumedChange: "−1,000,000,000.5",
      measuredOn: "2026-03-02",
      over: "1,000,000,000.5 GB over assigned (P6)",
    })),
    trend: Array.from({ length: 6 }, (_, i) => ({
      legend: `${SERVICE.slice(0, 39)}…: ${i % 2 ? "consumed" : "assigned"}`,
      values: Array.from({ length: 6 }, (_, m) => ({ x: `2025-${String(m + 4).padStart(2, "0")}`, y: 1_000_000_000 })),
    })),
    trendFacts: Array.from({ length: 6 }, (_, m) => ({
      title: `September 202${m}`,
      value: Array.from({ length: 3 }, () => `${SERVICE.slice(0, 39)}… 1,000,000,000 of 1,000,000,000`).join(" · "),
    })),
    trendNote: "The chart shows the 3 largest of 34 services; the table lists them all.",
    hasMore: true,
  } satisfies UsageCardData,
  "reports-operations": {
    ...operations,
    ...LONGEST_HEADER,
    services: Array.from({ length: REPORT_PAGE.operations }, () => ({
      serviceId: "cloud-backup-for-google-classroom-objects",
      service: SERVICE,
      breakdown: "1,000,000 succeeded · 1,000,000 failed · 1,000,000 partially succeeded · 1,000,000 in progress · 1,000,000 canceled",
      total: "1,000,000,000",
      failed: "1,000,000",
      failedColor: "Attention",
      customers: "1,000,000",
    })),
    chart: ["Succeeded", "Failed", "Partially succeeded", "In progress", "Canceled"].map((legend) => ({ legend, value: 1_000_000, color: "good", text: "1,000,000" })),
    hasMore: true,
  } satisfies OperationsCardData,
  "reports-operations-service": {
    ...operationsService,
    ...LONGEST_HEADER,
    customers: Array.from({ length: REPORT_PAGE.operationsCustomers }, () => ({
      id: ID,
      name: CLIPPED,
      breakdown: "1,000,000 succeeded · 1,000,000 failed · 1,000,000 partially succeeded · 1,000,000 in progress · 1,000,000 canceled",
      total: "1,000,000,000",
      failed: "1,000,000",
      failedColor: "Attention",
      last: "2026-03-01 18:58",
    })),
    hasMore: true,
  } satisfies OperationsServiceCardData,
  "reports-storage": {
    ...storage,
    ...LONGEST_HEADER,
    total: "1,000,000,000,000.5 GB",
    rows: Array.from({ length: REPORT_PAGE.storage }, () => ({ id: ID, name: CLIPPED, gb: "1,000,000,000.5 GB", services: "34 services", measuredOn: "2026-03-02" })),
    chart: Array.from({ length: 10 }, () => ({ label: `${longest("Customer", 31)}…`, gb: 1_000_000_000.5, value: "1,000,000,000.5 GB" })),
    hasMore: true,
  } satisfies StorageCardData,
  "reports-storage-customer": {
    ...storageCustomer,
    ...LONGEST_HEADER,
    customerId: ID,
    total: "1,000,000,000,000.5 GB",
    services: manyServices.map((service) => ({ service, gb: "1,000,000,000.5 GB", measuredOn: "2026-03-02" })),
  } satisfies StorageCustomerCardData,
  "reports-bill": {
    ...bill,
    ...LONGEST_HEADER,
    services: Array.from({ length: 8 }, () => ({ title: SERVICE, value: "1,000,000,000 seats for 1,000,000 customers" })),
    servicesMore: `And 26 more services: ${Array.from({ length: 5 }, () => SERVICE).join(", ")}, and 21 more. Export the CSV for every line.`,
    lines: Array.from({ length: REPORT_PAGE.bill }, () => ({
      customer: CLIPPED,
      service: SERVICE,
      quantity: "1,000,000,000 seats",
      days: "2026-02-01 to 2026-02-28 (28 days)",
      reason: "Ended on assignment; the 31-day minimum from 2026-01-31 bills through 2026-03-02.",
      minimum: true,
    })),
    hasMore: true,
  } satisfies BillCardData,
  "reports-export": { ...exportLink, what: "A service's operations by customer (CSV)", url: `https://${"h".repeat(200)}.example.com/export/${"p".repeat(900)}.${"s".repeat(43)}` } satisfies ExportCardData,
};
