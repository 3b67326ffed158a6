/**
 * R3 customer operations over HTTP (`report operations [7d|30d|90d] [status <s>]`): every
 * customer's jobs by service and status in a time range, the filters typed or picked on the card;
 * a service's detail lists its customers. Expected counts are tallied from the fixture's jobs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { button, cardActions, cardText, chart, JOBS, reportBot, rowOf, tableRows } from "./support";

let t: Awaited<ReturnType<typeof reportBot>>;
beforeAll(async () => {
  t = await reportBot();
});
afterAll(() => t.bot.close());

const NW = ["nw-alpha", "nw-beta", "nw-gamma", "nw-delta", "nw-epsilon", "nw-zeta"];
/** The fixture's jobs of Northwind's customers from `from` (a UTC day, the partner's zone) through 2 March. */
function jobs(from: string, filter: { service?: string; status?: string } = {}) {
  return JOBS.filter((j) => NW.includes(j.customerId) && j.startedAt >= `${from}T00:00:00Z` && j.startedAt < "2026-03-03T00:00:00Z")
    .filter((j) => !filter.service || j.service === filter.service)
    .filter((j) => !filter.status || j.status === filter.status);
}
const M365 = "Cloud Backup for Microsoft 365";

describe("report operations (R3)", () => {
  it("R3: last 30 days by default: job counts by service and status, over every customer; data as of the newest job", async () => {
    const card = await t.say("report operations");
    const text = cardText(card);
    expect(text).toContain("last 30 days (2026-02-01 to 2026-03-02) · every status");
    expect(text).toContain("Data as of 2026-03-01 10:00 (UTC): newest job in this range.");
    const m365 = jobs("2026-02-01", { service: M365 });
    const count = (status: string) => m365.filter((j) => j.status === status).length;
    expect(m365).toHaveLength(5);
    const row = rowOf(card, M365);
    expect(row[0]).toContain(`${count("succeeded")} succeeded · ${count("failed")} failed · ${count("in_progress")} in progress`);
    expect(row.slice(1)).toEqual([String(m365.length), String(count("failed")), String(new Set(m365.map((j) => j.customerId)).size)]);
    expect(rowOf(card, "Policies for Microsoft 365").slice(1)).toEqual(["1", "0", "1"]);
    // Another MSP's job (same LAR) is not counted.
    expect(text).toContain(`${jobs("2026-02-01").length} jobs over 2 services`);
    const donut = chart(card, "Chart.Donut");
    expect(donut.fallback.type).toBe("FactSet");
    expect(donut.data).toContainEqual({ legend: "Failed", value: count("failed"), color: "attention" });
  });

  it("R3: the time range and status, typed", async () => {
    const week = await t.say("report operations 7d");
    expect(rowOf(week, M365).slice(1, 2)).toEqual([String(jobs("2026-02-24", { service: M365 }).length)]);
    const quarter = await t.say("report operations last 90 days");
    expect(rowOf(quarter, M365)[0]).toContain("1 partially succeeded");
    expect(rowOf(quarter, M365)[1]).toBe(String(jobs("2025-12-03", { service: M365 }).length));
    const failed = await t.say("report operations 30d status failed");
    expect(cardText(failed)).toContain("failed jobs only");
    expect(tableRows(failed)).toEqual([[`${M365}\n2 failed`, "2", "2", "2"]]);
  });

  it("R3: the filters are card inputs too: Apply sends the picked range and status", async () => {
    const card = await t.say("report operations");
    const inputs = JSON.stringify(card);
    expect(inputs).toContain('"id":"range"');
    expect(inputs).toContain('"id":"status"');
    const applied = await t.click(button(card, "Apply"), undefined, { range: "7d", status: "failed" });
    expect(cardText(applied)).toContain("last 7 days (2026-02-24 to 2026-03-02) · failed jobs only");
    expect(rowOf(applied, M365).slice(1)).toEqual([String(jobs("2026-02-24", { service: M365, status: "failed" }).length), "2", "2"]);
  });

  it("R3: a service's detail lists its customers, with the same filters", async () => {
    const card = await t.say("report operations");
    const open = cardActions(card).find((a) => a.verb === "operations.service" && a.data.serviceId === "cloud-backup-for-microsoft-365")!;
    const detail = await t.click(open);
    expect(cardText(detail)).toContain("Operations: Cloud Backup for Microsoft 365");
    const alpha = jobs("2026-02-01", { service: M365 }).filter((j) => j.customerId === "nw-alpha");
    expect(tableRows(detail)).toEqual([
      [`Alpha Corp\n2 succeeded · 1 failed`, String(alpha.length), "1", "2026-03-01 10:00"],
      [`Beta LLC\n1 failed · 1 in progress`, "2", "1", "2026-02-28 23:30"],
    ]);
  });

  it("no jobs in the range: said so, and data as of the newest job on record", async () => {
    const card = await t.say("report operations 7d status partially succeeded");
    expect(cardText(card)).toContain("No jobs in this range.");
    expect(cardText(card)).toContain("no job in this range; newest job on record");
  });

  it("a range or status it does not know is refused with the grammar", async () => {
    expect(cardText(await t.say("report operations 14d"))).toContain("The time range is 7d, 30d or 90d, not 14d");
    expect(cardText(await t.say("report operations status exploded"))).toContain("not exploded");
    expect(cardText(await t.say("report"))).toContain("Which report?");
  });
});
