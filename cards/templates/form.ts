import { execute, submit, type ChangeForm } from "../actions";
import { defineTemplate } from "../render";
import { actionSet, card, notice, subtle, text, title } from "./parts";

/**
 * One input of a form. `query` is Teams' typeahead: an Input.ChoiceSet whose choices come from the
 * bot (`choices.data` of type Data.Query, answered on `application/search` for `dataset`), with
 * `choices` as the first ones shown (and the only ones on clients without typeahead).
 */
export interface FormFieldData {
  id: string;
  label: string;
  kind: "text" | "number" | "date" | "choice" | "query";
  /** What the field holds (what was entered, or the prefill), as text. */
  value: string;
  /** For number and date fields: whether `value` holds one (Input.Number takes a number or nothing). */
  hasValue: boolean;
  numberValue: number;
  placeholder: string;
  required: boolean;
  /** For choice and query fields (a choice field has at least one). */
  choices: { title: string; value: string }[];
  dataset: string;
  /** For date fields: the earliest day the picker offers (today). */
  min: string;
  maxLength: number;
  /** The problem with what was entered, shown under the field; "" for none. */
  error: string;
  /** A hint under the field; "" for none. */
  help: string;
}

/** A field with nothing entered, no choices and no hint: the rest of FormFieldData at its defaults. */
export function formField(over: Partial<FormFieldData> & Pick<FormFieldData, "id" | "label" | "kind">): FormFieldData {
  return {
    value: "",
    hasValue: false,
    numberValue: 0,
    placeholder: "",
    required: false,
    choices: [],
    dataset: "",
    min: "",
    maxLength: 200,
    error: "",
    help: "",
    ...over,
  };
}

export interface FormCardData {
  form: ChangeForm;
  title: string;
  intro: string;
  /** "Nothing was changed: fix the fields marked below.", or a refusal; "" for none. */
  notice: string;
  /** The customer the form is about, carried by the submit button; "" for none. */
  customerId: string;
  fields: FormFieldData[];
  submitTitle: string;
}

const common = { id: "${id}", label: "${label}", isRequired: "${required}", errorMessage: "${label} is required" };

/** Every change's form: inputs validated again on the server (zod), problems shown under their fields. */
export const formTemplate = defineTemplate<FormCardData>(
  "form",
  card([
    notice(),
    title("${title}"),
    { ...text("${intro}"), $when: "${intro != ''}" },
    {
      $data: "${fields}",
      type: "Container",
      spacing: "Medium",
      items: [
        { $when: "${kind == 'text'}", type: "Input.Text", ...common, value: "${value}", placeholder: "${placeholder}", maxLength: "${maxLength}" },
        { $when: "${kind == 'number' && hasValue}", type: "Input.Number", ...common, value: "${numberValue}", placeholder: "${placeholder}" },
        { $when: "${kind == 'number' && !hasValue}", type: "Input.Number", ...common, placeholder: "${placeholder}" },
        { $when: "${kind == 'date' && hasValue}", type: "Input.Date", ...common, value: "${value}", min: "${min}" },
        { $when: "${kind == 'date' && !hasValue}", type: "Input.Date", ...common, min: "${min}" },
        {
          $when: "${kind == 'choice'}",
          type: "Input.ChoiceSet",
          style: "compact",
          ...common,
          value: "${value}",
          placeholder: "${placeholder}",
          choices: [{ $data: "${choices}", title: "${title}", value: "${value}" }],
        },
        {
          $when: "${kind == 'query'}",
          type: "Input.ChoiceSet",
          style: "filtered",
          ...common,
          value: "${value}",
          placeholder: "${placeholder}",
          choices: [{ $data: "${choices}", title: "${title}", value: "${value}" }],
          "choices.data": { type: "Data.Query", dataset: "${dataset}" },
        },
        { ...subtle("${error}", { color: "Attention", weight: "Bolder" }), $when: "${error != ''}" },
        { ...subtle("${help}"), $when: "${help != ''}" },
      ],
    },
    actionSet(
      [execute("${submitTitle}", "change.submit", { form: "${form}", customerId: "${customerId}" }, { style: "positive", fallbackSubmit: true }), submit("Home", "home")],
      { spacing: "Medium" },
    ),
  ]),
);
