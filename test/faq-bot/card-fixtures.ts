/** The FAQ card's fixtures for test/cards (every template rendered and validated), from the real knowledge base. */
import type { FaqCardData } from "../../cards";
import { faqEntry, KNOWLEDGE } from "../../domain/faq";

const entry = (id: string) => {
  const e = faqEntry(id);
  if (!e) throw new Error(`no FAQ entry ${id}`);
  return e;
};
const topic = (id: string) => ({ entryId: id, question: entry(id).question });
const disconnect = entry("disconnect-31-days");

export const faq: FaqCardData = {
  kind: "answer",
  entryId: disconnect.id,
  question: disconnect.question,
  answer: disconnect.answer,
  wordedBy: "knowledge-base",
  command: "disconnect <customer>",
  commandRun: "disconnect",
  commandTitle: "disconnect …",
  commandNote: "",
  rated: "",
  topics: [topic("move-customer-partner"), topic("thirty-one-day-rules")],
};

const blank: FaqCardData = { ...faq, kind: "unsure", entryId: "", question: "", answer: "", command: "", commandRun: "", commandTitle: "", topics: [] };

export const faqVariants: Record<string, FaqCardData> = {
  unsure: { ...blank, topics: [topic("move-customer-partner"), topic("change-pooled-license"), topic("tier2-lar")] },
  "out of scope": { ...blank, kind: "out_of_scope" },
  "worded by a model": { ...faq, wordedBy: "model", answer: "Only once 31 days have passed since the customer's services were assigned." },
  "for a viewer": { ...faq, commandRun: "", commandTitle: "", commandNote: "Administrators of your partner account can do this; ask one of them." },
  "rated helpful": { ...faq, rated: "yes", topics: [] },
  "rated not helpful": { ...faq, rated: "no" },
  "no command": { ...faq, command: "", commandRun: "", commandTitle: "", topics: [] },
};

const longest = (texts: string[]) => texts.reduce((a, b) => (b.length > a.length ? b : a), "");
const longQuestion = "Q".repeat(Math.max(300, longest(KNOWLEDGE.map((e) => e.question)).length));

/** The longest answer of the knowledge base (or 3,000 characters of a model's wording), the longest question, three topics. */
export const faqLargest: FaqCardData = {
  ...faq,
  entryId: "x".repeat(100),
  question: longQuestion,
  answer: "A".repeat(Math.max(3000, longest(KNOWLEDGE.map((e) => e.answer)).length)),
  wordedBy: "model",
  command: longest(KNOWLEDGE.map((e) => e.command ?? "")),
  commandRun: "c".repeat(1000),
  commandTitle: "c".repeat(100),
  commandNote: "n".repeat(200),
  rated: "no",
  topics: Array.from({ length: 3 }, () => ({ entryId: "x".repeat(100), question: longQuestion })),
};
