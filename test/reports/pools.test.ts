/**
 * R1 subscription usage over HTTP (`pools [service]`, `report subscriptions`, a pool's detail): one
 * row per pool, marketplace pools merged (P9), Fly never merged, a LAR's MSPs with their allocation
 * and use (T2). Expected figures are worked out from the fixture's records (./support.ts).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ALLOCATIONS, assignedOn, button, cardActions, cardText, chart, hasButton, LAR_ADMIN, MSP2_ADMIN, NOW, NW_VIEWER, POOLS, reportBot, rowOf, tableRows, TODAY } from "./support";

let t: Awaited<ReturnType<typeof reportBot>>;
beforeAll(async () => {
  t = await reportBot();
});
afterAll(() => t.bot.close());
beforeEach(() => t.clock.set(NOW));

const pool = (id: string) => POOLS.find((p) => p.id === id)! as { id: string; start: string; end: string; quantity: number };
const activePools = (ids: string[]) => ids.map(pool).filter((p) => p.start <= TODAY && TODAY <= p.end);
const pct = (used: number, of: number) => `${Math.round((used / of) * 100)}%`;

describe("pools (R1)", () => {
  it("R1: one row per pool with source, payment, term, quantity, assigned, available and utilization; data as of the newest usage", async () => {
    const card = await t.say("pools");
    const text = cardText(card);
    expect(text).toContain("Subscription usage");
    expect(text).toContain("Northwind MSP");
    expect(text).toContain("Data as of 2026-03-02 (newest usage record).");

    // A plain direct pool: 100 seats, alpha's 40 assigned.
    const direct = rowOf(card, "nw-m365-direct");
    const used = assignedOn(["nw-m365-direct"], TODAY);
    expect(used).toBe(40);
    expect(direct[0]).toContain("direct · prepaid, annual upfront · 2026-01-01 to 2026-12-31");
    expect(direct.slice(1)).toEqual([`${pool("nw-m365-direct").quantity} seats`, `${used} seats`, `${100 - used} seats`, pct(used, 100)]);

    // PAYG: no fixed quantity (P8); zeta's 15 assigned, epsilon's ended.
    expect(rowOf(card, "nw-arch-payg").slice(1)).toEqual(["PAYG", `${assignedOn(["nw-arch-payg"], TODAY)} seats`, "–", "n/a (PAYG)"]);
  });

  it("P9: the two marketplace pools of a service are one row, their capacity the sum of those active today", async () => {
    const card = await t.say("report subscriptions");
    const ids = ["nw-m365-mkt-a", "nw-m365-mkt-b"];
    const capacity = activePools(ids).reduce((n, p) => n + p.quantity, 0);
    const used = assignedOn(ids, TODAY);
    expect(capacity).toBe(70);
    const merged = rowOf(card, "nw-m365-mkt-a + nw-m365-mkt-b (merged, P9)");
    expect(merged.slice(1)).toEqual([`${capacity} seats`, `${used} seats`, `${capacity - used} seats`, pct(used, capacity)]);
    expect(tableRows(card).filter((r) => r[0]!.includes("nw-m365-mkt-b"))).toHaveLength(1);
  });

  it("P9, A9: Fly marketplace pools are never merged; each counts its consumed seats", async () => {
    const card = await t.say("pools fly aviator");
    expect(cardText(card)).toContain("Subscription usage: Fly > Aviator");
    const rows = tableRows(card);
    expect(rows).toHaveLength(2);
    for (const id of ["nw-fly-1", "nw-fly-2"]) {
      const q = pool(id).quantity;
      const consumed = assignedOn([id], TODAY);
      expect(rowOf(card, id).slice(1)).toEqual([`${q} seats`, `${consumed} seats`, `${q - consumed} seats`, pct(consumed, q)]);
    }
  });

  it("T2: an MSP sees its LAR's pool measured against its own allocation", async () => {
    const card = await t.say("pools");
    const allocation = ALLOCATIONS.find((a) => a.partnerId === "nw")!.quantity;
    const mine = assignedOn(["lar-m365"], TODAY, ["nw-gamma"]);
    const row = rowOf(card, "lar-m365");
    expect(row[0]).toContain("Your allocation of your LAR's pool (Tier 2)");
    expect(row.slice(1)).toEqual([`${allocation} seats`, `${mine} seats`, `${allocation - mine} seats`, pct(mine, allocation)]);
  });

  it("T2: a LAR sees its pool with each MSP's allocation and use, and none of their customers (U2)", async () => {
    const card = await t.say("pools", LAR_ADMIN);
    const nwUse = assignedOn(["lar-m365"], TODAY, ["nw-gamma"]);
    const m2Use = assignedOn(["lar-m365"], TODAY, ["m2-one"]);
    const row = rowOf(card, "lar-m365");
    expect(row[0]).toContain(`Northwind MSP: 80 allocated, ${nwUse} in use · Second MSP: 50 allocated, ${m2Use} in use`);
    expect(row.slice(1)).toEqual(["200 seats", `${nwUse + m2Use} seats`, `${200 - nwUse - m2Use} seats`, pct(nwUse + m2Use, 200)]);
    // The LAR's "data as of" counts its MSPs' imports.
    expect(cardText(card)).toContain("Data as of 2026-03-02");

    const detail = await t.click(button(card, "Open pool"), LAR_ADMIN);
    expect(tableRows(detail)).toEqual([
      ["Northwind MSP", "80 seats", `${nwUse} seats`, `${80 - nwUse} seats`],
      ["Second MSP", "50 seats", `${m2Use} seats`, `${50 - m2Use} seats`],
    ]);
    expect(cardText(detail)).toContain("Your MSPs' customers are theirs to see");
    expect(JSON.stringify(detail)).not.toContain("Second's Only Customer");
    expect(JSON.stringify(detail)).not.toContain("Gamma");
  });

  it("a utilization chart of the page's pools, with a fallback for clients without charts", async () => {
    const card = await t.say("pools");
    const bars = chart(card, "Chart.HorizontalBar");
    expect(bars.fallback.type).toBe("FactSet");
    const direct = bars.data.find((d: any) => d.x.includes("nw-m365-direct"));
    expect(direct).toMatchObject({ y: 40, color: "good" });
    expect(bars.data.every((d: any) => typeof d.y === "number")).toBe(true);
    // Policies is full (P6 took the last seats): warning colour from 90%.
    expect(bars.data.find((d: any) => d.x.includes("Policies"))).toMatchObject({ y: 100, color: "warning" });
  });

  it("a pool's detail lists the customers drawing on it today; for a merged pool, which constituent", async () => {
    const list = await t.say("pools");
    const open = cardActions(list).find((a) => a.verb === "pool.open" && a.data.key === "merged:nw:cloud-backup-for-microsoft-365")!;
    const detail = await t.click(open);
    const text = cardText(detail);
    expect(text).toContain("Pools: nw-m365-mkt-a + nw-m365-mkt-b (merged, P9)");
    expect(text).toContain("Quantity: 70 seats");
    expect(tableRows(detail)).toEqual([
      ["nw-m365-mkt-a", "Cloud Marketplace · prepaid, APU (annual commitment, paid upfront)", "2025-06-01 to 2026-05-31", "50 seats", "active"],
      ["nw-m365-mkt-b", "Cloud Marketplace · prepaid, monthly", "2026-03-01 to 2026-03-31", "20 seats", "active"],
      ["Beta LLC\nnw-m365-mkt-a", "30 seats", "2026-02-01", "2026-05-31"],
    ]);
    expect(hasButton(detail, "Export CSV")).toBe(true);
  });

  it("typed pool ids open the pool; a merged constituent opens the merged pool; another partner's pool is unknown", async () => {
    expect(cardText(await t.say("pools nw-m365-direct"))).toContain("Pool: nw-m365-direct");
    expect(cardText(await t.say("pools nw-m365-mkt-b"))).toContain("(merged, P9)");
    // contoso's pool id reads as a service name that matches nothing of ours.
    const foreign = await t.say("pools contoso-m365-direct");
    expect(JSON.stringify(foreign)).not.toContain("767");
    expect(cardText(foreign)).not.toContain("Pool: contoso-m365-direct");
    // A button carrying another partner's key gets the same answer as an unknown one.
    const forged = await t.click({ type: "Action.Execute", title: "Open pool", verb: "pool.open", data: { verb: "pool.open", key: "contoso-m365-direct" }, select: false });
    expect(cardText(forged)).toContain("I can't find that pool");
  });

  it("an MSP under the same LAR sees only its own allocation's use", async () => {
    const card = await t.say("pools", MSP2_ADMIN);
    const m2Use = assignedOn(["lar-m365"], TODAY, ["m2-one"]);
    expect(rowOf(card, "lar-m365").slice(1)).toEqual(["50 seats", `${m2Use} seats`, `${50 - m2Use} seats`, pct(m2Use, 50)]);
    expect(tableRows(card)).toHaveLength(1);
  });

  it("viewers read reports too (U1 limits changes, not reads)", async () => {
    expect(cardText(await t.say("pools", NW_VIEWER))).toContain("nw-m365-direct");
  });

  it("a stale import shows: data as of the newest usage record, with its age", async () => {
    t.clock.set(new Date("2026-03-10T09:00:00Z"));
    const text = cardText(await t.say("pools"));
    expect(text).toContain("Data as of 2026-03-02 (newest usage record, 8 days before 2026-03-10: an import may be missing).");
  });

  it("an unknown service gets suggestions, an ambiguous one the candidates, as buttons that run pools", async () => {
    const card = await t.say("pools backpu m365");
    expect(cardActions(card).filter((a) => a.verb === "command.run").map((a) => a.data.text)).toContain("pools cloud-backup-for-microsoft-365");
  });
});
