import { execute, submit } from "../actions";
import { defineTemplate } from "../render";
import { actionSet, card, subtle, text, title } from "./parts";

/** A FAQ entry offered as a button: its id and its canonical question (the button's title). */
export interface FaqTopicData {
  entryId: string;
  question: string;
}

/**
 * The answer to a question the bot is not given as a command (or `faq <question>`). Every fact on
 * it comes from the knowledge base (domain/faq): the entry's question and answer, or a language
 * model's wording of that answer that passed the grounding guard (bot/faq/phrase.ts), said as such.
 */
export interface FaqCardData {
  kind: "answer" | "unsure" | "out_of_scope";
  /** answer: the entry shown; "" otherwise. */
  entryId: string;
  /** answer: the entry's question (the card's title); "" otherwise. */
  question: string;
  /** answer: the entry's answer, or the model's grounded wording of it; "" otherwise. */
  answer: string;
  wordedBy: "knowledge-base" | "model";
  /** The entry's command as the knowledge base writes it ("disconnect <customer>"), or "". */
  command: string;
  /** What the command button runs (as typed: "pools", or a command's head, which asks for the rest); "" for no button. */
  commandRun: string;
  commandTitle: string;
  /** Said instead of a button, e.g. to a viewer about a change only administrators make; or "". */
  commandNote: string;
  /** "" until "Was this helpful?" is answered; then the thanks replaces the question. */
  rated: "" | "yes" | "no";
  /** answer: related entries; unsure: the closest ones (three); empty otherwise. */
  topics: FaqTopicData[];
}

const topicButtons = {
  $data: "${topics}",
  type: "Container",
  spacing: "Small",
  items: [actionSet([submit("${question}", "faq.open", { entryId: "${entryId}" })])],
};

const answer = {
  type: "Container",
  $when: "${kind == 'answer'}",
  items: [
    title("${question}"),
    text("${answer}"),
    subtle("Worded by an AI model from the FAQ entry “${question}” (${entryId}); the entry is the reference.", { $when: "${wordedBy == 'model'}", spacing: "Small" }),
    {
      type: "Container",
      $when: "${command != ''}",
      spacing: "Medium",
      items: [
        text("You can do this here: ${command}"),
        { ...subtle("${commandNote}"), $when: "${commandNote != ''}" },
        { ...actionSet([submit("${commandTitle}", "command.run", { text: "${commandRun}" })]), $when: "${commandRun != ''}" },
      ],
    },
    {
      type: "Container",
      $when: "${rated == ''}",
      spacing: "Medium",
      items: [
        text("Was this helpful?", { weight: "Bolder" }),
        actionSet([
          execute("Yes", "faq.helpful", { entryId: "${entryId}", helpful: true }, { fallbackSubmit: true }),
          execute("No", "faq.helpful", { entryId: "${entryId}", helpful: false }, { fallbackSubmit: true }),
        ]),
      ],
    },
    text("Thanks, noted: this answer helped.", { $when: "${rated == 'yes'}", spacing: "Medium", isSubtle: true }),
    text("Thanks, noted: this answer did not help. Try asking in other words, or pick another topic.", { $when: "${rated == 'no'}", spacing: "Medium", isSubtle: true }),
    { ...text("Related topics", { weight: "Bolder", spacing: "Medium" }), $when: "${count(topics) > 0}" },
  ],
};

const unsure = {
  type: "Container",
  $when: "${kind == 'unsure'}",
  items: [text("I'm not sure which topic you mean.", { weight: "Bolder" }), subtle("These come closest: pick one, or ask in other words.")],
};

const outOfScope = {
  type: "Container",
  $when: "${kind == 'out_of_scope'}",
  items: [
    text("Sorry, that's outside what I can help with.", { weight: "Bolder" }),
    text("I answer questions about partner and customer management, reports, licensing and pooled subscriptions, and I run the commands on the help card: type help to see them."),
  ],
};

/** A FAQ answer with its command and "Was this helpful?", an "I'm not sure" with the closest topics, or a polite "not my field". */
export const faqTemplate = defineTemplate<FaqCardData>(
  "faq",
  card([answer, unsure, outOfScope, topicButtons, actionSet([submit("Home", "home")], { spacing: "Medium" })]),
);
