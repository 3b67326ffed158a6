/** Optional LLM phrasing: grounded in the top passages, citing one, falling back to the knowledge base. No network: fake models. */
import { TestModel, type PromptCompletionModel } from "@microsoft/teams-ai";
import { describe, expect, it } from "vitest";
import { answerQuestion, faqEntry, KNOWLEDGE } from "../../domain/faq";
import {
  ModelPhraser,
  createModelPhraser,
  parseModelReply,
  phraseAnswer,
  phraserConfigFromEnv,
  rejectPhrasing,
  type ConfidentAnswer,
  type Phraser,
} from "../../bot/faq/phrase";

const QUESTION = "why is reducing seats for a customer refused?";

type PromptResponse = Awaited<ReturnType<PromptCompletionModel["completePrompt"]>>;

function confident(q = QUESTION): ConfidentAnswer {
  const a = answerQuestion(q);
  if (a.kind !== "answer") throw new Error(`fixture question not answered confidently: ${q}`);
  return a;
}

const reply = (text: string, citedEntryId: string) => JSON.stringify({ text, citedEntryId });

/** A fake teams-ai model that renders the prompt as OpenAIModel would, records it, and returns `content`. */
function recordingModel(content: string): PromptCompletionModel & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    async completePrompt(context, memory, functions, tokenizer, template): Promise<PromptResponse> {
      const rendered = await template.prompt.renderAsMessages(context, memory, functions, tokenizer, template.config.completion.max_input_tokens);
      for (const m of rendered.output) sent.push(`${m.role}: ${String(m.content)}`);
      return { status: "success", message: { role: "assistant", content } };
    },
  };
}

describe("phraseAnswer with a teams-ai model", () => {
  it("shows the model's wording when it cites one of the passages", async () => {
    const answer = confident();
    const model = TestModel.returnContent(reply("Not yet: seats can only go down once 31 days have passed since the assignment.", answer.entry.id));
    const shown = await phraseAnswer(new ModelPhraser(model), QUESTION, answer);
    expect(shown).toEqual({
      text: "Not yet: seats can only go down once 31 days have passed since the assignment.",
      entry: answer.entry,
      source: "model",
    });
  });

  it("sends the model only the top passages (the answer and its alternatives), not the whole knowledge base", async () => {
    const answer = confident();
    const model = recordingModel(reply("ok", answer.entry.id));
    await phraseAnswer(new ModelPhraser(model), QUESTION, answer);
    const prompt = model.sent.join("\n");
    const passed = [answer.entry, ...answer.alternatives];
    for (const e of passed) expect(prompt).toContain(`[${e.id}]`);
    for (const e of KNOWLEDGE.filter((x) => !passed.includes(x))) expect(prompt).not.toContain(`[${e.id}]`);
    expect(model.sent.at(-1)).toBe(`user: ${QUESTION}`);
  });

  it.each([
    ["cites an entry that was not among the passages", () => reply("Seats can be reduced at any time.", "user-guides")],
    ["cites nothing", () => reply("Seats can be reduced at any time.", "")],
    ["returns empty text", () => reply("   ", confident().entry.id)],
    ["states a number the passage does not", () => reply("You can reduce seats after 14 days.", confident().entry.id)],
    ["returns something that is not the JSON asked for", () => "Sure! You can reduce seats whenever you like."],
  ])("falls back to the knowledge base's answer when the model %s", async (_, content) => {
    const answer = confident();
    const reasons: string[] = [];
    const shown = await phraseAnswer(new ModelPhraser(TestModel.returnContent(content())), QUESTION, answer, {
      onRejected: (r) => reasons.push(r),
    });
    expect(shown).toEqual({ text: answer.entry.answer, entry: answer.entry, source: "knowledge-base" });
    expect(reasons).toHaveLength(1);
  });

  it("falls back when the model fails, is rate limited or throws", async () => {
    const answer = confident();
    for (const model of [
      TestModel.returnError(new Error("boom")),
      TestModel.returnRateLimited(new Error("429")),
      { completePrompt: () => Promise.reject(new Error("network down")) } satisfies PromptCompletionModel,
    ]) {
      const shown = await phraseAnswer(new ModelPhraser(model), QUESTION, answer);
      expect(shown.source).toBe("knowledge-base");
      expect(shown.text).toBe(answer.entry.answer);
    }
  });

  it("falls back when the model does not answer in time", async () => {
    const answer = confident();
    const slow: Phraser = { phrase: () => new Promise(() => {}) };
    const reasons: string[] = [];
    const shown = await phraseAnswer(slow, QUESTION, answer, { timeoutMs: 20, onRejected: (r) => reasons.push(r) });
    expect(shown.source).toBe("knowledge-base");
    expect(reasons).toEqual(["timed out"]);
  });

  it("without a phraser (no OPENAI_API_KEY / AZURE_OPENAI_*), answers from the knowledge base", async () => {
    const answer = confident();
    expect(await phraseAnswer(undefined, QUESTION, answer)).toEqual({ text: answer.entry.answer, entry: answer.entry, source: "knowledge-base" });
  });

  it("may cite an alternative passage, and then shows that entry", async () => {
    const answer = confident("what is tier 2 and who pays for the pool?");
    const alt = answer.alternatives[0]!;
    const shown = await phraseAnswer({ phrase: async () => ({ text: "Contact the vendor.", citedEntryId: alt.id }) }, "q", answer);
    expect(shown.entry).toBe(alt);
  });
});

describe("the guard", () => {
  const passages = [{ entryId: "user-guides", question: "q", answer: faqEntry("user-guides")!.answer }];

  it("accepts a link and numbers only when the cited passage has them", () => {
    expect(rejectPhrasing({ text: "See https://learn.avepoint.com/ for the guides.", citedEntryId: "user-guides" }, passages)).toBeUndefined();
    expect(rejectPhrasing({ text: "See https://example.com/ for the guides.", citedEntryId: "user-guides" }, passages)).toMatch(/not in the cited passage/);
  });

  it("reads a JSON reply, with or without a code fence", () => {
    expect(parseModelReply('```json\n{"text":"a","citedEntryId":"b"}\n```')).toEqual({ text: "a", citedEntryId: "b" });
    expect(parseModelReply('{"text":1}')).toBeUndefined();
    expect(parseModelReply(undefined)).toBeUndefined();
  });
});

describe("phraser configuration", () => {
  it("is off without model settings", () => {
    expect(phraserConfigFromEnv({})).toBeUndefined();
  });

  it("uses OpenAI with OPENAI_API_KEY, and Azure OpenAI when its settings are present", () => {
    expect(phraserConfigFromEnv({ OPENAI_API_KEY: "sk-test" })).toEqual({ kind: "openai", apiKey: "sk-test", model: "gpt-4o-mini" });
    expect(
      phraserConfigFromEnv({
        AZURE_OPENAI_API_KEY: "k",
        AZURE_OPENAI_ENDPOINT: "https://example.openai.azure.com",
        AZURE_OPENAI_DEPLOYMENT: "gpt-4o",
        OPENAI_API_KEY: "sk-test",
      }),
    ).toMatchObject({ kind: "azure", deployment: "gpt-4o" });
  });

  it("refuses incomplete Azure settings instead of guessing", () => {
    expect(() => phraserConfigFromEnv({ AZURE_OPENAI_API_KEY: "k" })).toThrow();
  });

  it("builds a phraser on teams-ai's OpenAIModel without calling the network", () => {
    expect(createModelPhraser({ kind: "openai", apiKey: "sk-test", model: "gpt-4o-mini" })).toBeInstanceOf(ModelPhraser);
  });
});
