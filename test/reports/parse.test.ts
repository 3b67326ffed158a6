/** The report commands' grammar, table-driven: what each typed form means, and what is refused with the grammar. */
import { describe, expect, it } from "vitest";
import { parseText } from "../../bot/commands/parse";

describe("typed report commands", () => {
  it.each([
    ["pools", { report: "pools", service: "" }],
    ["POOLS Fly Aviator", { report: "pools", service: "Fly Aviator" }],
    ["report subscriptions", { report: "pools", service: "" }],
    ["report subscriptions m365 backup", { report: "pools", service: "m365 backup" }],
    ["usage", { report: "usage", customer: "", period: "today" }],
    ["usage 2026-03", { report: "usage", customer: "", period: "2026-03" }],
    ["usage Fabrikam Inc today", { report: "usage", customer: "Fabrikam Inc", period: "today" }],
    ["usage fabrikam", { report: "usage", customer: "fabrikam", period: "today" }],
    ["report operations", { report: "operations", range: "30d", status: "" }],
    ["report operations 7d", { report: "operations", range: "7d", status: "" }],
    ["report operations last 90 days status failed", { report: "operations", range: "90d", status: "failed" }],
    ["report operations status partially succeeded 7d", { report: "operations", range: "7d", status: "partially_succeeded" }],
    ["report operations cancelled", { report: "operations", range: "30d", status: "canceled" }],
    ["report storage", { report: "storage" }],
    ["bill", { report: "bill", month: undefined }],
    ["bill 2026-02", { report: "bill", month: "2026-02" }],
    ["report", { report: "menu", typed: "" }],
    ["report inventory", { report: "menu", typed: "inventory" }],
  ])("%s", (text, command) => {
    expect(parseText(text)).toEqual({ kind: "report", command });
  });

  it.each([
    ["usage fabrikam 2026-3", "is not a billing cycle"],
    ["usage 2026-13", "is not a billing cycle"],
    ["bill last month", "is not a month"],
    ["bill 2026-00", "is not a month"],
    ["report operations 14d", "7d, 30d or 90d, not 14d"],
    ["report operations status", "the job status is one of"],
    ["report operations status exploded", "not exploded"],
    ["report operations sideways", "I don't know “sideways”"],
  ])("%s: refused with the grammar", (text, problem) => {
    const parsed = parseText(text);
    expect(parsed).toMatchObject({ kind: "report", command: { report: "bad" } });
    expect((parsed as { command: { problem: string } }).command.problem).toContain(problem);
  });

  it("a typo of a report word gets a guess", () => {
    expect(parseText("repotr storage")).toMatchObject({ kind: "unknown", didYouMean: "report" });
  });
});
