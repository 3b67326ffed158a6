/**
 * The report tests' world: the real server (startTestBot: demo data, fake Bot Connector) with a
 * small fixture of our own loaded through the import, whose every figure a test can work out by
 * hand. Each expected figure below is computed from these records, never through a read model.
 */
import { expect } from "vitest";
import { CARD_BUDGET_BYTES } from "../../cards";
import { validateCard } from "../../cards/validate";
import { loadDocument } from "../../db/import/load";
import type { ImportDocument } from "../../db/import/document";
import { actionExecute, actionSubmit, personalMessage, type Person } from "../bot/support/activities";
import { startTestBot, type TestBot } from "../bot/support/bot";
import { cardActions, cardText, type CardAction } from "../cards/inspect";

export { cardActions, cardText, type CardAction };

/** Monday 2 March 2026, 09:00 UTC: the bot tests' FIXED_NOW. The fixture's partners keep UTC days. */
export const NOW = new Date("2026-03-02T09:00:00Z");
export const TODAY = "2026-03-02";

export const NW_ADMIN: Person = { tenantId: "tenant-nw", aadObjectId: "nw-admin", name: "Nadia Admin" };
export const NW_VIEWER: Person = { tenantId: "tenant-nw", aadObjectId: "nw-viewer", name: "Victor Viewer" };
export const LAR_ADMIN: Person = { tenantId: "tenant-lar", aadObjectId: "lar-admin", name: "Lara Reseller" };
export const MSP2_ADMIN: Person = { tenantId: "tenant-msp2", aadObjectId: "msp2-admin", name: "Mo Second" };

const M365 = "Cloud Backup for Microsoft 365";
const POLICIES = "Policies for Microsoft 365";
const AVIATOR = "Fly > Aviator";
const ARCHIVING = "Cloud Archiving";

/** A customer whose name a spreadsheet would run as a formula, and one with a comma and quotes: CSV must defuse both. */
export const FORMULA_NAME = "=HYPERLINK(\"http://evil.example\",\"Delta\")";
export const QUOTED_NAME = 'Gamma "Quoted", Inc.';

export const POOLS = [
  { id: "nw-m365-direct", partnerId: "nw", service: M365, channel: "direct", paymentModel: "prepaid", paymentOption: "annual_upfront", start: "2026-01-01", end: "2026-12-31", quantity: 100, mode: "manual" },
  // P9: two marketplace pools of one non-Fly service, merged: 50 + 20 on 2 March (b starts on the 1st).
  { id: "nw-m365-mkt-a", partnerId: "nw", service: M365, channel: "marketplace", paymentModel: "prepaid", paymentOption: "apu", start: "2025-06-01", end: "2026-05-31", quantity: 50, mode: "manual" },
  { id: "nw-m365-mkt-b", partnerId: "nw", service: M365, channel: "marketplace", paymentModel: "prepaid", paymentOption: "monthly", start: "2026-03-01", end: "2026-03-31", quantity: 20, mode: "manual" },
  // Fly marketplace pools are never merged (P9).
  { id: "nw-fly-1", partnerId: "nw", service: AVIATOR, channel: "marketplace", paymentModel: "prepaid", paymentOption: "apu", start: "2025-09-01", end: "2026-08-31", quantity: 30, mode: "manual" },
  { id: "nw-fly-2", partnerId: "nw", service: AVIATOR, channel: "marketplace", paymentModel: "prepaid", paymentOption: "monthly", start: "2026-02-01", end: "2026-03-31", quantity: 10, mode: "manual" },
  // P6: auto-adjusted, so a measurement above what is left is capped and the overage shows.
  { id: "nw-policies-direct", partnerId: "nw", service: POLICIES, channel: "direct", paymentModel: "prepaid", paymentOption: "annual_upfront", start: "2026-01-01", end: "2026-12-31", quantity: 40, mode: "auto_adjusted" },
  { id: "nw-arch-payg", partnerId: "nw", service: ARCHIVING, channel: "direct", paymentModel: "payg", paymentOption: "monthly", start: "2025-10-01", end: "2026-03-31", mode: "manual" },
  // T2: the LAR's pool, allocated to its two MSPs.
  { id: "lar-m365", partnerId: "lar", service: M365, channel: "direct", paymentModel: "prepaid", paymentOption: "annual_upfront", start: "2026-01-01", end: "2026-12-31", quantity: 200, mode: "manual" },
] as const satisfies ImportDocument["pools"];

export const ALLOCATIONS = [
  { poolId: "lar-m365", partnerId: "nw", quantity: 80 },
  { poolId: "lar-m365", partnerId: "msp2", quantity: 50 },
] as const;

export const CUSTOMERS = [
  { id: "nw-alpha", partnerId: "nw", name: "Alpha Corp" },
  { id: "nw-beta", partnerId: "nw", name: "Beta LLC" },
  { id: "nw-gamma", partnerId: "nw", name: QUOTED_NAME },
  { id: "nw-delta", partnerId: "nw", name: FORMULA_NAME },
  { id: "nw-epsilon", partnerId: "nw", name: "Epsilon PAYG" },
  { id: "nw-zeta", partnerId: "nw", name: "Zeta PAYG" },
  { id: "m2-one", partnerId: "msp2", name: "Second's Only Customer" },
] as const;

export interface Assignment {
  id: string;
  customerId: string;
  poolId: string;
  quantity: number;
  assignedOn: string;
  expiresOn: string;
  endedOn?: string;
}

export const ASSIGNMENTS: Assignment[] = [
  { id: "as-alpha-m365", customerId: "nw-alpha", poolId: "nw-m365-direct", quantity: 40, assignedOn: "2026-01-10", expiresOn: "2026-12-31" },
  { id: "as-beta-m365", customerId: "nw-beta", poolId: "nw-m365-mkt-a", quantity: 30, assignedOn: "2026-02-01", expiresOn: "2026-05-31" },
  { id: "as-gamma-m365", customerId: "nw-gamma", poolId: "lar-m365", quantity: 25, assignedOn: "2026-02-15", expiresOn: "2026-12-31" },
  { id: "as-delta-fly", customerId: "nw-delta", poolId: "nw-fly-1", quantity: 12, assignedOn: "2026-01-05", expiresOn: "2026-08-31" },
  { id: "as-alpha-fly", customerId: "nw-alpha", poolId: "nw-fly-2", quantity: 4, assignedOn: "2026-02-10", expiresOn: "2026-03-31" },
  { id: "as-gamma-policies", customerId: "nw-gamma", poolId: "nw-policies-direct", quantity: 30, assignedOn: "2026-02-20", expiresOn: "2026-12-31" },
  // B1: ended after 16 days; the 31-day minimum bills it through 2026-02-19.
  { id: "as-epsilon-arch", customerId: "nw-epsilon", poolId: "nw-arch-payg", quantity: 10, assignedOn: "2026-01-20", expiresOn: "2026-03-31", endedOn: "2026-02-06" },
  { id: "as-zeta-arch", customerId: "nw-zeta", poolId: "nw-arch-payg", quantity: 15, assignedOn: "2026-02-10", expiresOn: "2026-03-31" },
  { id: "as-m2-m365", customerId: "m2-one", poolId: "lar-m365", quantity: 30, assignedOn: "2026-02-01", expiresOn: "2026-12-31" },
];

export const USAGE = [
  { customerId: "nw-alpha", service: M365, date: "2026-02-01", licensedUsers: 35, storageGb: 100 },
  { customerId: "nw-alpha", service: M365, date: "2026-03-01", licensedUsers: 38, storageGb: 118.25 },
  { customerId: "nw-alpha", service: M365, date: "2026-03-02", licensedUsers: 41, storageGb: 120.5 },
  { customerId: "nw-beta", service: M365, date: "2026-03-01", licensedUsers: 28, storageGb: 80.25 },
  // P6: 55 measured where 30 are assigned and the pool has 10 left: granted 40, 15 over.
  { customerId: "nw-gamma", service: POLICIES, date: "2026-03-01", licensedUsers: 55 },
  { customerId: "nw-zeta", service: ARCHIVING, date: "2026-02-28", licensedUsers: 14, storageGb: 300 },
  { customerId: "m2-one", service: M365, date: "2026-03-02", licensedUsers: 29, storageGb: 999 },
] as const;

export const JOBS = [
  { id: "nw-job-1", customerId: "nw-alpha", service: M365, startedAt: "2026-03-01T10:00:00Z", status: "succeeded" },
  { id: "nw-job-2", customerId: "nw-alpha", service: M365, startedAt: "2026-02-25T10:00:00Z", status: "failed" },
  { id: "nw-job-3", customerId: "nw-alpha", service: M365, startedAt: "2026-02-10T10:00:00Z", status: "succeeded" },
  { id: "nw-job-4", customerId: "nw-alpha", service: M365, startedAt: "2026-01-15T10:00:00Z", status: "partially_succeeded" },
  { id: "nw-job-5", customerId: "nw-alpha", service: M365, startedAt: "2025-11-01T10:00:00Z", status: "succeeded" },
  { id: "nw-job-6", customerId: "nw-beta", service: M365, startedAt: "2026-02-28T23:30:00Z", status: "failed" },
  { id: "nw-job-7", customerId: "nw-beta", service: M365, startedAt: "2026-02-27T08:00:00Z", status: "in_progress" },
  { id: "nw-job-8", customerId: "nw-gamma", service: POLICIES, startedAt: "2026-02-20T12:00:00Z", status: "canceled" },
  { id: "nw-job-9", customerId: "m2-one", service: M365, startedAt: "2026-03-01T11:00:00Z", status: "succeeded" },
] as const;

export const FIXTURE: ImportDocument = {
  partners: [
    { id: "lar", name: "Tailwind LAR", kind: "lar", teamsTenantId: "tenant-lar", tier2Enabled: true, timeZone: "UTC" },
    { id: "nw", name: "Northwind MSP", kind: "msp", teamsTenantId: "tenant-nw", larId: "lar", timeZone: "UTC" },
    { id: "msp2", name: "Second MSP", kind: "msp", teamsTenantId: "tenant-msp2", larId: "lar", timeZone: "UTC" },
  ],
  partnerUsers: [
    { partnerId: "nw", aadObjectId: "nw-admin", name: "Nadia Admin", role: "administrator" },
    { partnerId: "nw", aadObjectId: "nw-viewer", name: "Victor Viewer", role: "viewer" },
    { partnerId: "lar", aadObjectId: "lar-admin", name: "Lara Reseller", role: "administrator" },
    { partnerId: "msp2", aadObjectId: "msp2-admin", name: "Mo Second", role: "administrator" },
  ],
  customers: CUSTOMERS.map((c) => ({ ...c, m365TenantId: `m365-${c.id}`, onboardedOn: "2025-12-01" })),
  pools: [...POOLS],
  allocations: [...ALLOCATIONS],
  assignments: ASSIGNMENTS.map((a) => ({ ...a })),
  usage: USAGE.map((u) => ({ ...u })),
  jobs: JOBS.map((j) => ({ ...j })),
};

/** The bot with the demo data and the fixture, at a clock the tests move. */
export async function reportBot(options: { env?: Record<string, string> } = {}) {
  let at = NOW;
  const clock = Object.assign(() => at, { set: (d: Date) => void (at = d) });
  const bot = await startTestBot({ clock, env: options.env ?? {} });
  const loaded = loadDocument(bot.db, FIXTURE, { clock });
  if (!loaded.ok) throw new Error(`fixture refused:\n${loaded.problems.join("\n")}`);
  return { bot, clock, ...drive(bot) };
}

/** Typing, clicking and reading cards over HTTP, each card checked as Teams would take it. */
export function drive(bot: TestBot) {
  const serviceUrl = bot.connector.url;
  return {
    /** Types a command in the personal chat; the one card the bot answers with. */
    async say(text: string, from: Person = NW_ADMIN): Promise<any> {
      bot.connector.clear();
      const res = await bot.post(personalMessage(text, { serviceUrl, from }));
      expect(res.status).toBe(200);
      const cards = bot.connector.cards();
      expect(cards, `${text}: ${bot.connector.texts().join(" | ")}`).toHaveLength(1);
      checkCard(cards[0]);
      return cards[0];
    },
    /** Clicks a button as Teams sends it: Execute as an invoke (the card comes back in the response), Submit as a message. */
    async click(action: CardAction, from: Person = NW_ADMIN, inputs: Record<string, unknown> = {}): Promise<any> {
      bot.connector.clear();
      const data = { ...action.data, ...inputs };
      if (action.type === "Action.Execute") {
        const res = await bot.post(actionExecute(action.verb, data, { serviceUrl, from }));
        expect(res.status).toBe(200);
        expect(res.json).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
        checkCard(res.json.value);
        return res.json.value;
      }
      const res = await bot.post(actionSubmit(data, { serviceUrl, from }));
      expect(res.status).toBe(200);
      const cards = bot.connector.cards();
      expect(cards).toHaveLength(1);
      checkCard(cards[0]);
      return cards[0];
    },
  };
}

/** A card as Teams would take it: valid Adaptive Card 1.5, nothing unbound, under 28 KB. */
export function checkCard(content: unknown): void {
  const json = JSON.stringify(content);
  expect(json).not.toContain("${");
  expect(Buffer.byteLength(json)).toBeLessThan(CARD_BUDGET_BYTES);
  expect(validateCard(content)).toEqual([]);
}

export function button(card: unknown, title: string): CardAction {
  const b = cardActions(card).find((a) => a.title === title);
  if (!b) throw new Error(`no button "${title}" in: ${cardActions(card).map((a) => a.title).join(", ")}`);
  return b;
}

export function hasButton(card: unknown, title: string): boolean {
  return cardActions(card).some((a) => a.title === title);
}

/** Every Table's body rows (header rows left out), each as its cells' texts joined by " | ". */
export function tableRows(card: unknown): string[][] {
  const out: string[][] = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n === null || typeof n !== "object") return;
    if (n.type === "Table") {
      for (const row of (n.rows as any[]).slice(n.firstRowAsHeader ? 1 : 0)) out.push((row.cells as any[]).map((c) => cardText(c)));
      return;
    }
    for (const [k, v] of Object.entries(n)) if (k !== "fallback" && k !== "data") walk(v);
  };
  walk((card as any).body);
  return out;
}

/** The row whose first cell mentions `text`. */
export function rowOf(card: unknown, text: string): string[] {
  const row = tableRows(card).find((r) => r[0]!.includes(text));
  if (!row) throw new Error(`no row for "${text}" in:\n${tableRows(card).map((r) => r.join(" | ")).join("\n")}`);
  return row;
}

/** The Teams chart element of a card, by type. */
export function chart(card: unknown, type: string): any {
  let found: any;
  const walk = (n: any) => {
    if (found || n === null || typeof n !== "object") return;
    if (Array.isArray(n)) return n.forEach(walk);
    if (n.type === type) return void (found = n);
    for (const v of Object.values(n)) walk(v);
  };
  walk((card as any).body);
  return found;
}

// ---- Independent arithmetic over the fixture ----

/** Active on `day`: from its assignment through its expiration, and before it ended. */
export function activeOn(a: Assignment, day: string): boolean {
  return a.assignedOn <= day && day <= a.expiresOn && (!a.endedOn || day < a.endedOn);
}

/** Seats of the fixture's assignments from these pools active on `day` (P6 adjustments given as overrides). */
export function assignedOn(poolIds: string[], day: string, customers?: string[]): number {
  return ASSIGNMENTS.filter((a) => poolIds.includes(a.poolId) && activeOn(a, day) && (!customers || customers.includes(a.customerId))).reduce(
    (n, a) => n + (QUANTITY_NOW[a.id] ?? a.quantity),
    0,
  );
}

/**
 * P6 at the import (clock: NOW): gamma's Policies measured 55 with 30 assigned and 10 left in the
 * 40-seat auto-adjusted pool, so it is raised to 30 + 10 = 40 and 15 are over.
 */
export const GAMMA_POLICIES = { measured: 55, granted: Math.min(55, 30 + (40 - 30)) };
export const QUANTITY_NOW: Record<string, number> = { "as-gamma-policies": GAMMA_POLICIES.granted };

/** Minimal RFC 4180 reader for the tests (quoted fields, doubled quotes, CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
