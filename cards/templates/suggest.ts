import { submit } from "../actions";
import { defineTemplate } from "../render";
import { actionSet, card, subtle, text } from "./parts";
import type { ChooseVerb } from "./choose";

export interface SuggestCardData {
  /** "I don't know a customer called “fabrkam”." */
  message: string;
  /** "Did you mean one of these?" or "No customer has a name like that." */
  prompt: string;
  verb: ChooseVerb;
  suggestions: { id: string; name: string }[];
}

function suggestionButtons(verb: ChooseVerb) {
  const button =
    verb === "customer.open"
      ? submit("${name}", "customer.open", { customerId: "${id}" }, { $data: "${$root.suggestions}" })
      : submit("${name}", "history.open", { customerId: "${id}", offset: 0 }, { $data: "${$root.suggestions}" });
  return { ...actionSet([button]), $when: `\${verb == '${verb}' && count(suggestions) > 0}` };
}

/** An unknown name: the nearest names as buttons (at most three), or a way to the full list. */
export const suggestTemplate = defineTemplate<SuggestCardData>(
  "suggest",
  card([
    text("${message}", { weight: "Bolder" }),
    subtle("${prompt}"),
    suggestionButtons("customer.open"),
    suggestionButtons("history.open"),
    actionSet([submit("All customers", "customers.list", { offset: 0 }), submit("Home", "home")], { spacing: "Medium" }),
  ]),
);
