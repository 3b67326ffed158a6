/**
 * Card data is untrusted: a FAQ button's data may be tampered with or sent under the wrong verb.
 * A bad one is refused in words, and writes nothing (no feedback row, no audit row).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { CommandContext } from "../../bot/commands";
import { prepareDatabase } from "../../bot/startup";
import type { Db } from "../../db/client";
import { auditLog, feedback } from "../../db/schema";
import { act, heading, speakerFor, text } from "../commands/support";

const clock = () => new Date("2026-04-15T10:00:00Z");
let db: Db;
let alex: CommandContext;

beforeAll(() => {
  db = prepareDatabase(":memory:", clock).db;
  alex = { db, clock, speaker: speakerFor(db, "contoso", "Alex Wilber") };
});

const counts = () => ({ feedback: db.select().from(feedback).all().length, audit: db.select().from(auditLog).all().length });

const BAD_DATA = "That button sent something I can't use";
const UNKNOWN = "I don't know that FAQ topic";

const tampered: [string, string, unknown, string][] = [
  ["an entry id no entry has", "faq.helpful", { entryId: "no-such-entry", helpful: true }, UNKNOWN],
  ["an entry id that is not an id", "faq.helpful", { entryId: "../../etc/passwd", helpful: true }, BAD_DATA],
  ["a number for the entry id", "faq.helpful", { entryId: 42, helpful: true }, BAD_DATA],
  ["no entry id", "faq.helpful", { helpful: false }, BAD_DATA],
  ["an over-long entry id", "faq.helpful", { entryId: "a".repeat(5000), helpful: true }, BAD_DATA],
  ["helpful as text", "faq.helpful", { entryId: "reduce-seats", helpful: "yes" }, BAD_DATA],
  ["helpful as a number", "faq.helpful", { entryId: "reduce-seats", helpful: 1 }, BAD_DATA],
  ["helpful null", "faq.helpful", { entryId: "reduce-seats", helpful: null }, BAD_DATA],
  ["no helpful", "faq.helpful", { entryId: "reduce-seats" }, BAD_DATA],
  ["data that is not an object", "faq.helpful", "reduce-seats", BAD_DATA],
  ["an array", "faq.helpful", [{ entryId: "reduce-seats", helpful: true }], BAD_DATA],
  ["faq.open with an entry id no entry has", "faq.open", { entryId: "no-such-entry" }, UNKNOWN],
  ["faq.open with a wrong type", "faq.open", { entryId: { id: "reduce-seats" } }, BAD_DATA],
];

describe("tampered FAQ buttons", () => {
  it.each(tampered)("%s: refused, nothing written", async (_label, verb, data, answer) => {
    for (const execute of [false, true]) {
      const before = counts();
      const reply = await act(alex, verb, data, execute);
      expect(heading(reply)).toContain(answer);
      expect(text(reply)).not.toContain("Thanks, noted");
      expect(counts()).toEqual(before);
    }
  });

  it("the refusal never echoes the tampered id", async () => {
    const reply = await act(alex, "faq.open", { entryId: "secret-looking-id" });
    expect(text(reply)).not.toContain("secret-looking-id");
  });

  it("extra fields are ignored: only the entry and the answer are recorded", async () => {
    const before = counts();
    await act(alex, "faq.helpful", { entryId: "reduce-seats", helpful: true, topic: "something-else", partnerId: "trey-research", text: "injected" }, true);
    const row = db.select().from(feedback).all().at(-1)!;
    expect(row).toMatchObject({ partnerId: "contoso", topic: "reduce-seats", helpful: true });
    expect(row.text).not.toContain("injected");
    expect(counts().feedback).toBe(before.feedback + 1);
  });
});
