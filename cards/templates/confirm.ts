import { execute, submit } from "../actions";
import { defineTemplate } from "../render";
import { actionSet, card, notice, subtle, text, title } from "./parts";

export interface ConfirmCardData {
  /** The change as a question: "Assign 10 seats of Cloud Backup for Microsoft 365 to Fabrikam?" */
  title: string;
  /** Shown on top when not empty: to someone who clicked but may not confirm, who may. */
  notice: string;
  /** Exactly what will happen: customer, service, quantity, pool, expiration. */
  facts: { title: string; value: string }[];
  /** A list the change covers (customers extended, services ended or onboarded), with its heading. */
  itemsHeading: string;
  items: { text: string }[];
  /** What the 31-day rules (A4-A7) and the others mean for this change, in plain words. */
  rules: { text: string }[];
  /** An outsized quantity, called out: A5 locks a typo in for 31 days. */
  warnings: { text: string }[];
  /** "Asked by Alex Wilber · confirm by 2026-03-03 09:00 (Europe/London)". */
  footer: string;
  changeId: string;
  /** "Confirm", or the verb itself for what cannot be undone ("Disconnect"). */
  confirmTitle: string;
  destructive: boolean;
}

/**
 * The confirmation of a change (spec: a change shows exactly what will happen). Confirm and Cancel
 * are Action.Execute (the answer replaces this card in place), each with an Action.Submit fallback
 * carrying the same data for clients without Universal Actions.
 */
export const confirmTemplate = defineTemplate<ConfirmCardData>(
  "confirm",
  card([
    notice(),
    title("${title}"),
    { type: "FactSet", $when: "${count(facts) > 0}", spacing: "Medium", facts: [{ $data: "${facts}", title: "${title}", value: "${value}" }] },
    {
      type: "Container",
      $when: "${count(warnings) > 0}",
      style: "warning",
      spacing: "Medium",
      items: [{ $data: "${warnings}", ...text("${text}", { weight: "Bolder" }) }],
    },
    { ...text("${itemsHeading}", { weight: "Bolder", spacing: "Medium" }), $when: "${itemsHeading != ''}" },
    { $data: "${items}", ...text("• ${text}", { spacing: "None" }) },
    { ...text("What the rules mean here", { weight: "Bolder", spacing: "Medium" }), $when: "${count(rules) > 0}" },
    { $data: "${rules}", ...text("• ${text}", { spacing: "None" }) },
    subtle("${footer}", { spacing: "Medium" }),
    actionSet([
      { ...execute("${confirmTitle}", "change.confirm", { changeId: "${changeId}" }, { style: "positive", fallbackSubmit: true }), $when: "${!destructive}" },
      { ...execute("${confirmTitle}", "change.confirm", { changeId: "${changeId}" }, { style: "destructive", fallbackSubmit: true }), $when: "${destructive}" },
      execute("Cancel", "change.cancel", { changeId: "${changeId}" }, { fallbackSubmit: true }),
    ]),
    actionSet([submit("Home", "home")], { spacing: "Small" }),
  ]),
);
