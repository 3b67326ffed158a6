import { submit } from "../actions";
import { defineTemplate } from "../render";
import { actionSet, card, subtle, text } from "./parts";

export interface OutcomeCardData {
  /** "done": the change was made; "refused": the rules said no (nothing written); "info": anything else (canceled, expired, unknown). */
  status: "done" | "refused" | "info";
  /** "Assigned 10 seats of Cloud Backup for Microsoft 365 to Fabrikam", "Not possible: change seats of ...". */
  title: string;
  /** The reason of a refusal, or a sentence about what happened. */
  message: string;
  /** What was done, or the rule and the day the refusal lifts. */
  facts: { title: string; value: string }[];
  itemsHeading: string;
  items: { text: string }[];
  /** Reminders (what the 31-day rules now hold). */
  lines: { text: string }[];
  /** The customer concerned, for Open customer and History; "" when none. */
  customerId: string;
  /** A command to run again (e.g. a refused change with other values), as typed; "" for none. */
  retryText: string;
  retryTitle: string;
}

/** The answer to a change: the result in place of the confirmation card, or the refusal and when it lifts. */
export const outcomeTemplate = defineTemplate<OutcomeCardData>(
  "outcome",
  card([
    text("${title}", { size: "Large", weight: "Bolder", style: "heading", color: "${if(status == 'done', 'Good', if(status == 'refused', 'Attention', 'Default'))}" }),
    { ...text("${message}"), $when: "${message != ''}" },
    { type: "FactSet", $when: "${count(facts) > 0}", spacing: "Medium", facts: [{ $data: "${facts}", title: "${title}", value: "${value}" }] },
    { ...text("${itemsHeading}", { weight: "Bolder", spacing: "Medium" }), $when: "${itemsHeading != ''}" },
    { $data: "${items}", ...text("• ${text}", { spacing: "None" }) },
    { $data: "${lines}", ...subtle("${text}") },
    actionSet(
      [
        submit("${retryTitle}", "command.run", { text: "${retryText}" }, { $when: "${retryText != ''}" }),
        submit("Open customer", "customer.open", { customerId: "${customerId}" }, { $when: "${customerId != ''}" }),
        submit("History", "history.open", { customerId: "${customerId}", offset: 0 }, { $when: "${customerId != ''}" }),
        submit("Home", "home"),
      ],
      { spacing: "Medium" },
    ),
  ]),
);
