/** The knowledge base: valid, complete against the source's topics, and stating only the source's facts. */
import { describe, expect, it } from "vitest";
import { parseText } from "../../bot/commands/parse";
import { CATALOG } from "../../db/catalog";
import { BOT_COMMANDS, FaqEntry, KNOWLEDGE, faqEntry } from "../../domain/faq";

import { specFacts } from "../support/spec-facts";

// The spec's rule IDs and commands and the source's numbers and links, from the committed fixture
// (test/support/spec-facts.ts), so these checks also run on a clean clone.
const facts = specFacts();

describe("FAQ knowledge base", () => {
  it("every entry passes the schema, with a unique id and at least two phrasings", () => {
    for (const e of KNOWLEDGE) expect(FaqEntry.parse(e)).toEqual(e);
    expect(new Set(KNOWLEDGE.map((e) => e.id)).size).toBe(KNOWLEDGE.length);
    for (const e of KNOWLEDGE) expect(e.phrasings.length).toBeGreaterThanOrEqual(2);
  });

  it("covers every topic of the source", () => {
    const topics: Record<string, string[]> = {
      "partner management": ["add-administrator"],
      "customer management": ["onboard-customer", "change-tenant-owner", "move-customer-partner"],
      reports: ["operations-report", "storage-report", "usage-report-steps", "usage-report-discrepancies", "subscription-source"],
      "resources and feedback": ["user-guides", "submit-feedback"],
      licensing: ["user-counting", "license-precedence", "one-payment-model"],
      "pooled subscriptions": [
        "pooled-subscription", "purchase-channels", "payment-models", "prepaid-model", "prepaid-pool-reduction",
        "marketplace-payment-options", "off-marketplace-payment", "direct-payment-options", "apm-apu", "payg-model",
        "direct-prepaid-term", "direct-prepaid-end-date", "management-modes", "assign-source", "distribution-period",
      ],
      "service lists": ["pooled-services", "distribution-services"],
      Fly: ["fly-payment", "fly-consumed", "fly-merge", "fly-overview"],
      "31-day rules": ["default-expiration", "expiration-minimum", "reduce-seats", "disconnect-31-days", "change-pooled-license", "thirty-one-day-rules", "distributor-cancellation"],
      "Tier 2": ["tier2-lar", "tier2-enable"],
    };
    const missing = Object.values(topics).flat().filter((id) => !faqEntry(id));
    expect(missing).toEqual([]);
  });

  it("lists all 34 pooled services, and exactly the distribution ones as distribution", () => {
    const pooled = faqEntry("pooled-services")!.answer;
    for (const s of CATALOG) expect(pooled).toContain(s.name);
    expect(CATALOG).toHaveLength(34);
    const list = /you can buy: (.*)\. Other services/.exec(faqEntry("distribution-services")!.answer)?.[1] ?? "";
    expect(list.split("; ").sort()).toEqual(CATALOG.filter((s) => s.distribution).map((s) => s.name).sort());
  });

  it("names related commands from the spec's table only", () => {
    for (const e of KNOWLEDGE.filter((x) => x.command)) {
      expect(BOT_COMMANDS.some((h) => e.command === h || e.command!.startsWith(`${h} `))).toBe(true);
    }
  });

  it("every command an entry points to is one the bot understands", () => {
    for (const e of KNOWLEDGE.filter((x) => x.command)) {
      const head = e.command!.split(" <")[0]!.split(" [")[0]!;
      expect([e.id, parseText(head).kind]).not.toEqual([e.id, "unknown"]);
      expect([e.id, parseText(head).kind]).not.toEqual([e.id, "faq"]);
    }
  });

  it("every command head is in the spec's command table", () => {
    const missing = BOT_COMMANDS.filter((head) => !facts.commands.some((c) => c === head || c.startsWith(`${head} `)));
    expect(missing).toEqual([]);
  });

  it("every rule ID cited is defined in the licensing rules", () => {
    const defined = new Set(facts.ruleIds);
    const cited = [...new Set(KNOWLEDGE.flatMap((e) => e.rules))];
    expect(cited.filter((id) => !defined.has(id))).toEqual([]);
  });

  it("states no number or link that the source does not", () => {
    const known = new Set([...facts.sourceFacts, String(CATALOG.length)]);
    const stray = KNOWLEDGE.flatMap((e) =>
      // Step numbers ("1. Sign in") are layout, not facts.
      (e.answer.replace(/(^|\s)\d+\.\s/g, " ").match(/https?:\/\/[^\s)]+|\d+/g) ?? [])
        .filter((x) => !known.has(x))
        .map((x) => `${e.id}: ${x}`),
    );
    expect(stray).toEqual([]);
  });
});
