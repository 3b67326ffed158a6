import { submit, type ChangeForm } from "../actions";
import { defineTemplate } from "../render";
import { actionSet, card, subtle, text } from "./parts";

export interface PickOptionData {
  /** The button: a customer's, service's, pool's or user's name. */
  title: string;
  /** Under it: "direct · prepaid · 560 of 1,000 free · ends 2026-09-30". */
  detail: string;
  /** The command to run when picked: what was typed, with this option's id in place of the name. */
  text: string;
}

export interface PickCardData {
  /** "2 customers match “fab”." or "I don't know a service called “backpu”." */
  message: string;
  /** "Which one do you mean?", "Did you mean one of these?", or why there is nothing to pick. */
  prompt: string;
  options: PickOptionData[];
  /** The form that asks the same question with pickers; "" for none. */
  form: ChangeForm | "";
  /** The customer the form is about, or "". */
  customerId: string;
}

/**
 * A name in a change command that fits several things, or none: the candidates (or nearest names)
 * as buttons that run the command again with the one picked. Nothing is asked for until then.
 */
export const pickTemplate = defineTemplate<PickCardData>(
  "pick",
  card([
    text("${message}", { weight: "Bolder" }),
    subtle("${prompt}"),
    {
      $data: "${options}",
      type: "Container",
      spacing: "Small",
      items: [actionSet([submit("${title}", "command.run", { text: "${text}" })]), { ...subtle("${detail}"), $when: "${detail != ''}" }],
    },
    actionSet(
      [
        submit("Use the form", "change.form", { form: "${form}", customerId: "${customerId}" }, { $when: "${form != ''}" }),
        submit("Home", "home"),
      ],
      { spacing: "Medium" },
    ),
  ]),
);
