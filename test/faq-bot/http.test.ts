/** The FAQ over HTTP, as Teams sends it: the real server, the fake Bot Connector capturing replies. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Phraser } from "../../bot/faq/phrase";
import { feedback } from "../../db/schema";
import { faqEntry } from "../../domain/faq";
import { actionExecute, DEMO, personalMessage } from "../bot/support/activities";
import { startTestBot, type TestBot } from "../bot/support/bot";
import { cardActions, cardText, cardTexts } from "../cards/inspect";

const QUESTION = "can I disconnect a customer right after onboarding?";
const ENTRY = faqEntry("disconnect-31-days")!;

describe("a free-text question over HTTP", () => {
  let bot: TestBot;
  beforeAll(async () => void (bot = await startTestBot()));
  afterAll(() => bot.close());
  beforeEach(() => bot.connector.clear());

  it("reaches the FAQ: the answer card, its command button and Was this helpful?, as a reply", async () => {
    const message = personalMessage(QUESTION, { serviceUrl: bot.connector.url });
    const res = await bot.post(message);
    expect(res.status).toBe(200);
    expect(bot.connector.calls).toHaveLength(1);
    expect(bot.connector.calls[0]).toMatchObject({ kind: "reply", conversationId: message.conversation.id, activityId: message.id });
    const [faqCard] = bot.connector.cards();
    expect(cardTexts(faqCard)[0]).toBe(ENTRY.question);
    expect(cardTexts(faqCard)).toContain(ENTRY.answer);
    const titles = cardActions(faqCard).map((a) => a.title);
    expect(titles).toEqual(expect.arrayContaining(["disconnect …", "Yes", "No"]));
  });

  it("Yes, clicked as Action.Execute, is recorded and answered in place with thanks", async () => {
    const before = bot.db.select().from(feedback).all().length;
    const res = await bot.post(actionExecute("faq.helpful", { verb: "faq.helpful", entryId: ENTRY.id, helpful: true }, { serviceUrl: bot.connector.url }));
    expect(res.json).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
    expect(cardText(res.json.value)).toContain("Thanks, noted: this answer helped.");
    expect(bot.connector.calls).toEqual([]);
    const rows = bot.db.select().from(feedback).all();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ aadObjectId: DEMO.admin.aadObjectId, topic: ENTRY.id, helpful: true });
  });
});

describe("with a language model wired into the bot (a fake)", () => {
  let bot: TestBot;
  let wording = { text: "Only after 31 days from the assignment of its services.", citedEntryId: ENTRY.id };
  const phraser: Phraser = { phrase: async () => wording };
  beforeAll(async () => void (bot = await startTestBot({ phraser })));
  afterAll(() => bot.close());
  beforeEach(() => bot.connector.clear());

  it("the card carries the model's wording and names its entry", async () => {
    await bot.post(personalMessage(QUESTION, { serviceUrl: bot.connector.url }));
    const texts = cardTexts(bot.connector.cards()[0]);
    expect(texts).toContain(wording.text);
    expect(texts.join("\n")).toContain(`from the FAQ entry “${ENTRY.question}”`);
  });

  it("a refused wording shows the entry's text and is logged, without the wording", async () => {
    wording = { text: "Whenever you like, within 7 days.", citedEntryId: "user-guides" };
    await bot.post(personalMessage(QUESTION, { serviceUrl: bot.connector.url }));
    expect(cardTexts(bot.connector.cards()[0])).toContain(ENTRY.answer);
    expect(bot.logs().some((l) => l.level === "warn" && /FAQ wording refused/.test(l.msg))).toBe(true);
    expect(bot.rawLogs()).not.toContain("Whenever you like");
  });
});
