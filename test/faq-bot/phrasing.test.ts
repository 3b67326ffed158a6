/**
 * The optional language model in chat: with a phraser in the CommandContext (a fake here, no
 * network) a confident answer is worded by the model and says which entry it is based on; a wording
 * the guard refuses, an error or a timeout shows the entry's own text; "unsure", "out of scope" and
 * an opened topic are never phrased.
 */
import { TestModel } from "@microsoft/teams-ai";
import { beforeAll, describe, expect, it } from "vitest";
import type { CommandContext } from "../../bot/commands";
import { ModelPhraser, type Passage, type Phrased, type Phraser } from "../../bot/faq/phrase";
import { prepareDatabase } from "../../bot/startup";
import type { Db } from "../../db/client";
import { faqEntry } from "../../domain/faq";
import { act, button, card, cardTexts, click, heading, say, speakerFor, text } from "../commands/support";

const clock = () => new Date("2026-04-15T10:00:00Z");
let db: Db;
let base: CommandContext;

beforeAll(() => {
  db = prepareDatabase(":memory:", clock).db;
  base = { db, clock, speaker: speakerFor(db, "contoso", "Alex Wilber") };
});

const QUESTION = "why can't I lower seats?";
const ENTRY = faqEntry("reduce-seats")!;
const WORDED = "Not yet: a customer's seats can only go down once 31 days have passed since they were assigned.";

/** A fake phraser: answers with `reply(passages)` and records what it was asked. */
function fakePhraser(reply: (passages: readonly Passage[]) => Phrased | Promise<Phrased>): Phraser & { asked: { question: string; passages: readonly Passage[] }[] } {
  const asked: { question: string; passages: readonly Passage[] }[] = [];
  return {
    asked,
    async phrase(question, passages) {
      asked.push({ question, passages });
      return reply(passages);
    },
  };
}

function withPhraser(phraser: Phraser, extra: Partial<NonNullable<CommandContext["faq"]>> = {}): CommandContext {
  return { ...base, faq: { phraser, ...extra } };
}

describe("with a language model", () => {
  it("shows the model's wording of the top passages and names the entry it is based on", async () => {
    const phraser = fakePhraser((passages) => ({ text: WORDED, citedEntryId: passages[0]!.entryId }));
    const reply = await say(withPhraser(phraser), QUESTION);
    expect(phraser.asked).toHaveLength(1);
    expect(phraser.asked[0]!.question).toBe(QUESTION);
    expect(phraser.asked[0]!.passages[0]).toEqual({ entryId: ENTRY.id, question: ENTRY.question, answer: ENTRY.answer });
    expect(heading(reply)).toBe(ENTRY.question);
    expect(cardTexts(card(reply))).toContain(WORDED);
    expect(cardTexts(card(reply))).not.toContain(ENTRY.answer);
    expect(text(reply)).toContain(`Worded by an AI model from the FAQ entry “${ENTRY.question}” (${ENTRY.id})`);
    expect(button(reply, "Yes").data).toEqual({ verb: "faq.helpful", entryId: ENTRY.id, helpful: true });
  });

  it("through teams-ai's model interface (ModelPhraser over a fake PromptCompletionModel)", async () => {
    const model = TestModel.returnContent(JSON.stringify({ text: WORDED, citedEntryId: ENTRY.id }));
    const reply = await say(withPhraser(new ModelPhraser(model)), QUESTION);
    expect(cardTexts(card(reply))).toContain(WORDED);
  });

  it.each([
    ["cites an entry that was not among the passages", { text: "Seats can be reduced at any time.", citedEntryId: "user-guides" }],
    ["cites an entry that does not exist", { text: "Seats can be reduced at any time.", citedEntryId: "made-up" }],
    ["states a number the passage does not", { text: "Seats can go down after 14 days.", citedEntryId: "reduce-seats" }],
    ["returns nothing", { text: "", citedEntryId: "reduce-seats" }],
  ])("a model that %s: the entry's own text is shown, the refusal logged", async (_label, phrased) => {
    const reasons: string[] = [];
    const reply = await say(withPhraser(fakePhraser(() => phrased), { onRejected: (r) => reasons.push(r) }), QUESTION);
    expect(heading(reply)).toBe(ENTRY.question);
    expect(cardTexts(card(reply))).toContain(ENTRY.answer);
    expect(text(reply)).not.toContain(phrased.text || "Worded by an AI model");
    expect(text(reply)).not.toContain("Worded by an AI model");
    expect(reasons).toHaveLength(1);
  });

  it("a model that fails or does not answer in time: the entry's own text", async () => {
    const failing = await say(withPhraser(fakePhraser(() => Promise.reject(new Error("network down")))), QUESTION);
    expect(cardTexts(card(failing))).toContain(ENTRY.answer);
    const started = Date.now();
    const slow = await say(withPhraser({ phrase: () => new Promise(() => {}) }, { timeoutMs: 30 }), QUESTION);
    expect(cardTexts(card(slow))).toContain(ENTRY.answer);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("is never asked about an unsure or out-of-scope question, nor for an opened topic or a rating", async () => {
    const phraser = fakePhraser(() => ({ text: "Anything at all.", citedEntryId: "reduce-seats" }));
    const ctx = withPhraser(phraser);
    const unsure = await say(ctx, "how do I move a customer to another partner?");
    expect(heading(unsure)).toBe("I'm not sure which topic you mean.");
    expect(heading(await say(ctx, "what's the weather like in Seattle tomorrow?"))).toBe("Sorry, that's outside what I can help with.");
    const opened = await act(ctx, "faq.open", { entryId: "reduce-seats" });
    expect(cardTexts(card(opened))).toContain(ENTRY.answer);
    const rated = await act(ctx, "faq.helpful", { entryId: "reduce-seats", helpful: true }, true);
    expect(cardTexts(card(rated))).toContain(ENTRY.answer);
    expect(phraser.asked).toEqual([]);
    expect(text(unsure) + text(opened) + text(rated)).not.toContain("Anything at all.");
  });

  it("after a rating, the card shows the entry's own text (a wording is never carried in card data)", async () => {
    const ctx = withPhraser(fakePhraser(() => ({ text: WORDED, citedEntryId: ENTRY.id })));
    const thanked = await click(ctx, button(await say(ctx, QUESTION), "Yes"));
    expect(cardTexts(card(thanked))).toContain(ENTRY.answer);
    expect(cardTexts(card(thanked))).not.toContain(WORDED);
  });
});

describe("without a language model", () => {
  it("answers with the knowledge base's text, saying nothing of a model", async () => {
    const reply = await say(base, QUESTION);
    expect(cardTexts(card(reply))).toContain(ENTRY.answer);
    expect(text(reply)).not.toContain("AI model");
  });
});
