import { submit } from "../actions";
import { defineTemplate } from "../render";
import { actionSet, card, subtle, text } from "./parts";

export interface CandidateData {
  id: string;
  name: string;
  /** "Connected · 3 services · 240 seats". */
  detail: string;
}

/** Which button each candidate gets: open the customer, or its history. */
export type ChooseVerb = "customer.open" | "history.open";

export interface ChooseCardData {
  /** "Several customers match “fab”. Which one did you mean?" */
  question: string;
  verb: ChooseVerb;
  candidates: CandidateData[];
  /** The typed text, for "Show all matching"; "" hides that button. */
  filter: string;
}

function candidateButtons(verb: ChooseVerb) {
  const button =
    verb === "customer.open"
      ? submit("${name}", "customer.open", { customerId: "${id}" })
      : submit("${name}", "history.open", { customerId: "${id}", offset: 0 });
  // One button per row, its detail under it: names are long and Teams lays a set's buttons side by side.
  return {
    $data: "${candidates}",
    $when: `\${$root.verb == '${verb}'}`,
    type: "Container",
    spacing: "Small",
    items: [actionSet([button]), subtle("${detail}")],
  };
}

/** Disambiguation: a name that fits several customers gets them as buttons. */
export const chooseTemplate = defineTemplate<ChooseCardData>(
  "choose",
  card([
    text("${question}", { weight: "Bolder" }),
    candidateButtons("customer.open"),
    candidateButtons("history.open"),
    {
      ...actionSet([submit("Show all matching", "customers.list", { text: "${filter}", offset: 0 })]),
      $when: "${filter != ''}",
      spacing: "Medium",
    },
  ]),
);
