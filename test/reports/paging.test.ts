/**
 * Paging on a partner with hundreds of customers (the benchmark generator's partner, 300
 * customers): every report pages with More (Action.Execute, the card replaced in place), every page
 * is a valid card under 28 KB with its "data as of", and the pages together list everything once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPORT_PAGE } from "../../bot/commands/reports/common";
import { CATALOG } from "../../db/catalog";
import type { Person } from "../bot/support/activities";
import { generatePartner } from "../bench/generate";
import { cardActions, cardText, hasButton, parseCsv, reportBot, tableRows } from "./support";

const BENCH: Person = { tenantId: "bench-tenant", aadObjectId: "bench-admin", name: "Bench Admin" };
const CUSTOMERS = 300;
let t: Awaited<ReturnType<typeof reportBot>>;
/** The generator's day: its partner is in Europe/Berlin, 10:00 there at the bot tests' instant. */
const TODAY = "2026-03-02";

beforeAll(async () => {
  t = await reportBot();
  generatePartner(t.bot.db, TODAY, { customers: CUSTOMERS, assignmentsPerCustomer: 2, usageDays: 3, jobsPerWeek: 14 });
});
afterAll(() => t.bot.close());

/** Follows More from the first card until it is gone; every card on the way. */
async function allPages(first: unknown): Promise<unknown[]> {
  const pages = [first];
  for (let card = first; hasButton(card, "More"); ) {
    card = await t.click(cardActions(card).find((a) => a.title === "More")!, BENCH);
    pages.push(card);
    expect(pages.length).toBeLessThan(200);
  }
  for (const p of pages) expect(cardText(p)).toContain("Data as of");
  return pages;
}

const sql = <T>(query: string, ...params: unknown[]) => t.bot.db.$client.prepare(query).all(...params) as T[];

describe("paging with hundreds of customers", () => {
  it("pools: every pool once over the pages (P9: marketplace pairs merged, Fly pairs not)", async () => {
    const pages = await allPages(await t.say("pools", BENCH));
    const rows = pages.flatMap((p) => tableRows(p));
    // The generator's pools: one direct per service; two marketplace per distribution service (merged
    // unless Fly); one PAYG pool.
    const expected = CATALOG.reduce((n, s) => n + 1 + (s.distribution ? (s.fly ? 2 : 1) : 0), 0) + 1;
    expect(rows).toHaveLength(expected);
    expect(pages.length).toBe(Math.ceil(expected / REPORT_PAGE.pools));
    expect(new Set(rows.map((r) => r[0])).size).toBe(expected);
  });

  it("a pool's customers, page by page", async () => {
    const [biggest] = sql<{ pool_id: string; n: number }>(
      `select pool_id, count(*) n from assignments a join customers c on c.id = a.customer_id
       where c.partner_id = 'bench' and pool_id like '%-direct' and assigned_on <= ? and expires_on >= ? and ended_on is null
       group by pool_id order by n desc limit 1`,
      TODAY,
      TODAY,
    );
    expect(biggest!.n).toBeGreaterThan(REPORT_PAGE.poolCustomers);
    const list = await t.say(`pools ${biggest!.pool_id}`, BENCH);
    const pages = await allPages(list);
    const names = pages.flatMap((p) => tableRows(p).filter((r) => r[0]!.startsWith("Customer ")).map((r) => r[0]));
    expect(names).toHaveLength(biggest!.n);
    expect(new Set(names).size).toBe(biggest!.n);
  });

  it("usage: every customer with a service today or on the 1st, once, whole customers per page", async () => {
    const count = sql<{ n: number }>(
      `select count(distinct a.customer_id) n from assignments a join customers c on c.id = a.customer_id
       where c.partner_id = 'bench' and a.ended_on is null
         and ((a.assigned_on <= ? and a.expires_on >= ?) or (a.assigned_on <= '2026-03-01' and a.expires_on >= '2026-03-01'))`,
      TODAY,
      TODAY,
    )[0]!.n;
    const pages = await allPages(await t.say("usage", BENCH));
    const customers = pages.flatMap((p) => tableRows(p).map((r) => r[0]!.split("\n")).filter((cell) => cell.length > 1 && cell[0]!.startsWith("Customer ")).map((cell) => cell[0]));
    expect(customers).toHaveLength(count);
    expect(new Set(customers).size).toBe(count);
    for (const p of pages) expect(tableRows(p).length).toBeLessThanOrEqual(REPORT_PAGE.usageLines);
  });

  it("storage: every customer once, largest first across the pages; the total on each page", async () => {
    const pages = await allPages(await t.say("report storage", BENCH));
    const rows = pages.flatMap((p) => tableRows(p));
    expect(rows).toHaveLength(CUSTOMERS);
    expect(pages).toHaveLength(Math.ceil(CUSTOMERS / REPORT_PAGE.storage));
    const gb = rows.map((r) => Number(r[1]!.replace(/[^\d.]/g, "")));
    expect([...gb].sort((a, b) => b - a)).toEqual(gb);
    const total = cardText(pages[0]).split("\n").find((l) => / GB$/.test(l))!;
    for (const p of pages) expect(cardText(p)).toContain(total);
  });

  it("operations: every service with jobs once; a service's customers page by page", async () => {
    const pages = await allPages(await t.say("report operations 90d", BENCH));
    const services = pages.flatMap((p) => tableRows(p).map((r) => r[0]!.split("\n")[0]));
    const withJobs = sql<{ n: number }>(
      `select count(distinct j.service_id) n from jobs j join customers c on c.id = j.customer_id where c.partner_id = 'bench'`,
    )[0]!.n;
    expect(services).toHaveLength(withJobs);
    expect(new Set(services).size).toBe(withJobs);

    const open = cardActions(pages[0]).find((a) => a.verb === "operations.service")!;
    const detail = await allPages(await t.click(open, BENCH));
    const customers = detail.flatMap((p) => tableRows(p).map((r) => r[0]!.split("\n")[0]));
    const expected = sql<{ n: number }>(
      `select count(distinct j.customer_id) n from jobs j join customers c on c.id = j.customer_id where c.partner_id = 'bench' and j.service_id = ?`,
      open.data.serviceId,
    )[0]!.n;
    expect(customers).toHaveLength(expected);
  });

  it("CSV of every customer, written in batches: each line once", async () => {
    const link = async (text: string) => {
      const card = await t.say(text, BENCH);
      const answer = await t.click(cardActions(card).find((a) => a.title === "Export CSV")!, BENCH);
      return new URL(/\((http\S+)\)/.exec(cardText(answer))![1]!).pathname;
    };
    const usage = parseCsv((await t.bot.get(await link("usage"))).text);
    const lines = sql<{ n: number }>(
      `select count(distinct a.customer_id || '|' || a.service_id) n from assignments a join customers c on c.id = a.customer_id
       where c.partner_id = 'bench' and a.ended_on is null
         and ((a.assigned_on <= ? and a.expires_on >= ?) or (a.assigned_on <= '2026-03-01' and a.expires_on >= '2026-03-01'))`,
      TODAY,
      TODAY,
    )[0]!.n;
    expect(usage.length - 1).toBe(lines);
    expect(new Set(usage.slice(1).map((r) => `${r[0]}|${r[2]}`)).size).toBe(lines);
    const storage = parseCsv((await t.bot.get(await link("report storage"))).text);
    expect(new Set(storage.slice(1).map((r) => r[0])).size).toBe(CUSTOMERS);
  });

  it("a stale More button (past the end) shows the first page rather than nothing", async () => {
    const card = await t.click({ type: "Action.Execute", title: "More", verb: "storage.show", data: { verb: "storage.show", offset: 100_000 }, select: false }, BENCH);
    expect(tableRows(card)).toHaveLength(REPORT_PAGE.storage);
  });
});
