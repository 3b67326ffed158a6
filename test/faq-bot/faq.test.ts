/**
 * The FAQ in chat (issue 9): questions that are not commands, and `faq <question>`, answered from the
 * knowledge base over the demo data, as Contoso's administrator (Alex Wilber) and viewer (Diego
 * Siciliani) would ask. Everything shown comes from the knowledge base.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { CommandContext } from "../../bot/commands";
import { prepareDatabase } from "../../bot/startup";
import type { Db } from "../../db/client";
import { auditLog, feedback } from "../../db/schema";
import { answerQuestion, faqEntry, KNOWLEDGE, type FaqEntry } from "../../domain/faq";
import { button, buttons, buttonTitles, card, cardTexts, click, heading, say, speakerFor, text } from "../commands/support";

const clock = () => new Date("2026-04-15T10:00:00Z");
let db: Db;
let alex: CommandContext;
let diego: CommandContext;

beforeAll(() => {
  db = prepareDatabase(":memory:", clock).db;
  alex = { db, clock, speaker: speakerFor(db, "contoso", "Alex Wilber") };
  diego = { db, clock, speaker: speakerFor(db, "contoso", "Diego Siciliani") };
});

const entry = (id: string): FaqEntry => faqEntry(id) ?? expect.fail(`no FAQ entry ${id}`);

/** Questions the ranking answers with confidence, and the entry that answers each. */
const CONFIDENT: [string, string][] = [
  ["can I disconnect a customer right after onboarding?", "disconnect-31-days"],
  ["how do I change the tenant owner of a customer?", "change-tenant-owner"],
  ["how much storage do my customers use?", "storage-report"],
  ["why can't I lower seats?", "reduce-seats"],
  ["how do I give feedback to the vendor?", "submit-feedback"],
];

/** The card's own words around the knowledge base's (headings, prompts, buttons' captions). */
const CHROME = [
  /^You can do this here: /,
  /^Was this helpful\?$/,
  /^Related topics$/,
  /^Administrators of your partner account can do this; ask one of them\.$/,
  /^I'm not sure which topic you mean\.$/,
  /^These come closest: pick one, or ask in other words\.$/,
  /^Thanks, noted: /,
  /^Sorry, that's outside what I can help with\.$/,
  /^I answer questions about partner and customer management, reports, licensing and pooled subscriptions, and I run the commands on the help card: type help to see them\.$/,
];

/** Every text of a FAQ card is the card's own wording, or a question, answer or command of the knowledge base. */
function expectOnlyKnowledge(c: unknown): void {
  const known = new Set(KNOWLEDGE.flatMap((e) => [e.question, e.answer]));
  for (const t of cardTexts(c)) {
    const kb = t.startsWith("You can do this here: ") ? KNOWLEDGE.some((e) => `You can do this here: ${e.command}` === t) : known.has(t) || CHROME.some((r) => r.test(t));
    expect(kb, `not from the knowledge base: ${t}`).toBe(true);
  }
  for (const b of buttons(c).filter((b) => b.verb === "faq.open")) expect(entry(String(b.data.entryId)).question).toBe(b.title);
}

describe("a partner's question, answered from the knowledge base", () => {
  it.each(CONFIDENT)("%s: the answer of %s, as written", async (question, id) => {
    const reply = await say(alex, question);
    const e = entry(id);
    expect(heading(reply)).toBe(e.question);
    expect(cardTexts(card(reply))).toContain(e.answer);
    expect(buttonTitles(card(reply))).toEqual(expect.arrayContaining(["Yes", "No", "Home"]));
    expectOnlyKnowledge(card(reply));
  });

  it("the related command is a button; with a placeholder it runs the command's head, which asks for the rest", async () => {
    const reply = await say(alex, "can I disconnect a customer right after onboarding?");
    expect(text(reply)).toContain("You can do this here: disconnect <customer>");
    const run = button(reply, "disconnect …");
    expect(run).toMatchObject({ type: "Action.Submit", verb: "command.run", data: { text: "disconnect" } });
    const asked = await click(alex, run);
    expect(heading(asked)).toMatch(/^To use disconnect, type: disconnect /);
  });

  it("a command without placeholders runs as written", async () => {
    const reply = await say(alex, "how much storage do my customers use?");
    expect(button(reply, "report storage")).toMatchObject({ verb: "command.run", data: { text: "report storage" } });
  });

  it("the answer's close alternatives are offered as topic buttons", async () => {
    const answer = answerQuestion("how do I change the tenant owner of a customer?");
    if (answer.kind !== "answer") expect.fail("not answered");
    const reply = await say(alex, "how do I change the tenant owner of a customer?");
    const topics = buttons(card(reply)).filter((b) => b.verb === "faq.open");
    expect(topics.map((b) => b.data.entryId)).toEqual(answer.alternatives.map((e) => e.id));
  });

  it("`faq <question>` answers the same way, and `faq` alone asks for the question", async () => {
    const reply = await say(alex, "faq why can't I lower seats?");
    expect(heading(reply)).toBe(entry("reduce-seats").question);
    expect(heading(await say(alex, "FAQ"))).toBe("What would you like to know?");
  });

  it("a command word inside a question is still a question: `faq customers ...` is not the customers command", async () => {
    const reply = await say(alex, "faq how do I change the tenant owner of a customer?");
    expect(heading(reply)).toBe(entry("change-tenant-owner").question);
  });
});

describe("not sure: the three closest topics", () => {
  const QUESTION = "how do I move a customer to another partner?";

  it("says it is not sure and offers the three closest entries as buttons; one opens that entry", async () => {
    const answer = answerQuestion(QUESTION);
    if (answer.kind !== "unsure") expect.fail(`expected unsure, got ${answer.kind}`);
    const reply = await say(alex, QUESTION);
    expect(heading(reply)).toBe("I'm not sure which topic you mean.");
    const topics = buttons(card(reply)).filter((b) => b.verb === "faq.open");
    expect(topics).toHaveLength(3);
    expect(topics.map((b) => b.data.entryId)).toEqual(answer.candidates.map((e) => e.id));
    expect(topics.map((b) => b.title)).toEqual(answer.candidates.map((e) => e.question));
    expect(buttonTitles(card(reply))).not.toContain("Yes");
    expectOnlyKnowledge(card(reply));

    const opened = await click(alex, topics[0]!);
    const e = answer.candidates[0]!;
    expect(heading(opened)).toBe(e.question);
    expect(cardTexts(card(opened))).toContain(e.answer);
    expect(buttonTitles(card(opened))).toEqual(expect.arrayContaining(["Yes", "No"]));
    expectOnlyKnowledge(card(opened));
  });
});

describe("outside the field", () => {
  it.each(["what's the weather like in Seattle tomorrow?", "tell me a joke", "who won the football last night?"])("%s: a short, polite not-my-job answer pointing at help", async (question) => {
    expect(answerQuestion(question).kind).toBe("out_of_scope");
    const reply = await say(alex, question);
    expect(heading(reply)).toBe("Sorry, that's outside what I can help with.");
    expect(text(reply)).toContain("type help");
    expect(buttonTitles(card(reply))).toEqual(["Home"]);
    expectOnlyKnowledge(card(reply));
  });
});

describe("typos of command words keep their did-you-mean", () => {
  it.each([
    ["custmers", "customers"],
    ["Histroy northwind", "history"],
    ["custmers please", "customers"],
  ])("%s: did you mean %s", async (typed, meant) => {
    expect(heading(await say(alex, typed))).toBe(`I didn't understand “${typed}”. Did you mean ${meant}? Here is what I can do.`);
  });

  it("a question, even one starting with a word like a command's, goes to the FAQ", async () => {
    // "seat" is one slip from the seats command: alone it would get "did you mean seats?".
    expect(heading(await say(alex, "seat"))).toContain("Did you mean seats?");
    const reply = await say(alex, "seat limits when reducing?");
    expect(heading(reply)).not.toContain("Did you mean");
    expect(buttons(card(reply)).some((b) => b.verb === "faq.open" || b.verb === "faq.helpful")).toBe(true);
  });
});

describe("viewers", () => {
  it("ask the FAQ like anyone; a change is offered to administrators only, a report to everyone", async () => {
    const change = await say(diego, "can I disconnect a customer right after onboarding?");
    expect(heading(change)).toBe(entry("disconnect-31-days").question);
    expect(text(change)).toContain("You can do this here: disconnect <customer>");
    expect(text(change)).toContain("Administrators of your partner account can do this; ask one of them.");
    expect(buttons(card(change)).filter((b) => b.verb === "command.run")).toEqual([]);
    expect(buttonTitles(card(change))).toEqual(expect.arrayContaining(["Yes", "No"]));

    const report = await say(diego, "how much storage do my customers use?");
    expect(button(report, "report storage")).toMatchObject({ verb: "command.run" });
  });

  it("rate an answer: their feedback is recorded", async () => {
    const before = db.select().from(feedback).all().length;
    await click(diego, button(await say(diego, "why can't I lower seats?"), "Yes"));
    const rows = db.select().from(feedback).all();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ aadObjectId: diego.speaker.aadObjectId, topic: "reduce-seats", helpful: true });
  });
});

describe("Was this helpful?", () => {
  it("Yes: one feedback row with topic = the entry's id and helpful = true, audited; the card thanks in place", async () => {
    const before = db.select().from(feedback).all();
    const reply = await say(alex, "how do I change the tenant owner of a customer?");
    const yes = button(reply, "Yes");
    expect(yes).toMatchObject({ type: "Action.Execute", verb: "faq.helpful", data: { entryId: "change-tenant-owner", helpful: true } });
    const thanked = await click(alex, yes);
    expect(thanked.replaceCard).toBe(true);
    expect(text(thanked)).toContain("Thanks, noted: this answer helped.");
    expect(buttonTitles(card(thanked))).not.toContain("Yes");
    expect(heading(thanked)).toBe(entry("change-tenant-owner").question);

    const rows = db.select().from(feedback).all();
    expect(rows).toHaveLength(before.length + 1);
    const row = rows.at(-1)!;
    expect(row).toMatchObject({ partnerId: "contoso", aadObjectId: alex.speaker.aadObjectId, topic: "change-tenant-owner", helpful: true, at: clock().toISOString() });
    const audit = db.select().from(auditLog).where(eq(auditLog.entityId, String(row.id))).all();
    expect(audit.filter((a) => a.action === "feedback")).toHaveLength(1);
  });

  it("No: helpful = false, and other topics of the same subject are offered", async () => {
    const before = db.select().from(feedback).all().length;
    const thanked = await click(alex, button(await say(alex, "why can't I lower seats?"), "No"));
    expect(text(thanked)).toContain("Thanks, noted: this answer did not help.");
    const rows = db.select().from(feedback).all();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ topic: "reduce-seats", helpful: false });
    const others = buttons(card(thanked)).filter((b) => b.verb === "faq.open");
    expect(others.length).toBeGreaterThan(0);
    for (const b of others) expect(entry(String(b.data.entryId)).topic).toBe(entry("reduce-seats").topic);
    expectOnlyKnowledge(card(thanked));
  });
});
