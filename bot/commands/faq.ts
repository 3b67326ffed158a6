import { faqCard, type FaqCardData, type FaqTopicData } from "../../cards";
import { recordFeedback, type Actor } from "../../domain";
import { answerQuestion, faqEntry, KNOWLEDGE, type FaqAnswer, type FaqEntry } from "../../domain/faq";
import { phraseAnswer, type GroundedText } from "../faq/phrase";
import { quote } from "./format";
import { help } from "./help";
import { notice } from "./notices";
import { parseText } from "./parse";
import type { Session } from "./session";
import type { Reply } from "./types";

/**
 * The FAQ in chat: any text that is not a command, and `faq <question>`, answered from the
 * knowledge base (domain/faq). The card shows only the knowledge base's words, or a language
 * model's wording of one entry that passed the grounding guard (bot/faq/phrase.ts); an "unsure"
 * or "not my field" reply is never phrased, so a model cannot turn doubt into a claim.
 */

/**
 * Text that is no command: a typo of a command word ("custmers", "Histroy northwind") gets
 * "did you mean"; a question goes to the FAQ. A single word close to a command is a typo; several
 * words are a question when they end with "?" or the FAQ knows the answer for sure.
 */
export async function answerText(s: Session, text: string, didYouMean: string | null): Promise<Reply> {
  const answer = answerQuestion(text);
  if (didYouMean && (!text.includes(" ") || (!text.trimEnd().endsWith("?") && answer.kind !== "answer"))) {
    return help(s, `I didn't understand ${quote(text)}. Did you mean ${didYouMean}? Here is what I can do.`);
  }
  return faqReply(s, text, answer);
}

/** `faq <question>`. */
export async function answerFaq(s: Session, question: string): Promise<Reply> {
  if (question.trim() === "") {
    return notice("What would you like to know?", "Type faq followed by your question, for example: faq how do I disconnect a customer? Or just ask, without the word faq.", "Default");
  }
  return faqReply(s, question, answerQuestion(question));
}

async function faqReply(s: Session, question: string, answer: FaqAnswer): Promise<Reply> {
  switch (answer.kind) {
    case "out_of_scope":
      return reply({ ...BLANK, kind: "out_of_scope" });
    case "unsure":
      return reply({ ...BLANK, kind: "unsure", topics: answer.candidates.map(topic) });
    case "answer": {
      const shown = await phrased(s, question, answer);
      const related = [answer.entry, ...answer.alternatives].filter((e) => e.id !== shown.entry.id);
      return reply(entryData(s, shown.entry, { answer: shown.text, wordedBy: shown.source, topics: related.map(topic) }));
    }
  }
}

function phrased(s: Session, question: string, answer: Extract<FaqAnswer, { kind: "answer" }>): Promise<GroundedText> {
  const model = s.ctx.faq;
  if (!model) return Promise.resolve({ text: answer.entry.answer, entry: answer.entry, source: "knowledge-base" });
  return phraseAnswer(model.phraser, question, answer, {
    ...(model.timeoutMs !== undefined ? { timeoutMs: model.timeoutMs } : {}),
    ...(model.onRejected ? { onRejected: model.onRejected } : {}),
  });
}

/** A topic button (`faq.open`): the entry as the knowledge base words it. */
export function openFaqEntry(s: Session, entryId: string): Reply {
  const entry = faqEntry(entryId);
  if (!entry) return unknownEntry("Nothing was recorded.");
  return reply(entryData(s, entry, {}));
}

/**
 * "Was this helpful?": one feedback row, topic = the entry's id, with the answer; the card comes back
 * with the thanks in place of the question (and, after a no, other topics of the same subject).
 */
export function rateFaqAnswer(s: Session, entryId: string, helpful: boolean): Reply {
  const entry = faqEntry(entryId);
  if (!entry) return unknownEntry("Nothing was recorded.");
  const { speaker, db, clock } = s.ctx;
  const actor: Actor = { kind: "user", partnerId: speaker.partnerId, aadObjectId: speaker.aadObjectId, name: speaker.name, role: speaker.role };
  const text = `FAQ answer “${entry.question}” (${entry.id}): ${helpful ? "helpful" : "not helpful"}`;
  const outcome = recordFeedback({ db, clock, actor }, { text, topic: entry.id, helpful });
  if (!outcome.ok) return notice("I could not record that", `${outcome.refusal.message}. Nothing was recorded.`);
  const topics = helpful ? [] : KNOWLEDGE.filter((e) => e.topic === entry.topic && e.id !== entry.id).slice(0, RELATED);
  return { ...reply(entryData(s, entry, { rated: helpful ? "yes" : "no", topics: topics.map(topic) })), replaceCard: true };
}

const RELATED = 3;

const BLANK: FaqCardData = {
  kind: "answer",
  entryId: "",
  question: "",
  answer: "",
  wordedBy: "knowledge-base",
  command: "",
  commandRun: "",
  commandTitle: "",
  commandNote: "",
  rated: "",
  topics: [],
};

function reply(data: FaqCardData): Reply {
  return { attachments: [faqCard(data)] };
}

function topic(entry: FaqEntry): FaqTopicData {
  return { entryId: entry.id, question: entry.question };
}

function entryData(s: Session, entry: FaqEntry, over: Partial<FaqCardData>): FaqCardData {
  return { ...BLANK, kind: "answer", entryId: entry.id, question: entry.question, answer: entry.answer, ...commandButton(s, entry.command), ...over };
}

/**
 * The entry's command as a button. A command with placeholders (`disconnect <customer>`) runs its
 * head alone, which asks for the rest (how to type it, and the form for administrators); one
 * without runs as written. A change is offered to administrators only: a viewer is told who can.
 */
function commandButton(s: Session, command: string | undefined): Pick<FaqCardData, "command" | "commandRun" | "commandTitle" | "commandNote"> {
  if (!command) return { command: "", commandRun: "", commandTitle: "", commandNote: "" };
  const cut = command.indexOf("<");
  const run = (cut < 0 ? command : command.slice(0, cut)).trim();
  const kind = parseText(run).kind;
  if (!s.isAdmin && (kind === "change" || kind === "change-usage")) {
    return { command, commandRun: "", commandTitle: "", commandNote: "Administrators of your partner account can do this; ask one of them." };
  }
  return { command, commandRun: run, commandTitle: cut < 0 ? run : `${run} …`, commandNote: "" };
}

function unknownEntry(what: string): Reply {
  return notice("I don't know that FAQ topic", `It may come from an older card. ${what} Ask your question again, or type help.`);
}
