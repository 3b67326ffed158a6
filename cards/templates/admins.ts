import { execute, submit } from "../actions";
import { defineTemplate } from "../render";
import { actionSet, card, subtle, title } from "./parts";

export interface AdminsCardData {
  partnerName: string;
  /** "2 administrators, 1 viewer · 1–3 of 3". */
  summary: string;
  /** Each partner user: name (with "(you)"), and role. */
  users: { name: string; role: string }[];
  hasMore: boolean;
  nextOffset: number;
  /** Administrators get the buttons to add and remove administrators (U1). */
  isAdmin: boolean;
}

/** The partner's users and their roles (`admins`, U1). */
export const adminsTemplate = defineTemplate<AdminsCardData>(
  "admins",
  card([
    title("Administrators and viewers"),
    subtle("${partnerName} · ${summary}"),
    {
      type: "FactSet",
      $when: "${count(users) > 0}",
      spacing: "Medium",
      facts: [{ $data: "${users}", title: "${name}", value: "${role}" }],
    },
    subtle("Administrators change licenses, customers and settings; viewers read.", { spacing: "Medium" }),
    actionSet([execute("More", "admins.show", { offset: "${nextOffset}" }, { $when: "${hasMore}" }), submit("Home", "home")], { spacing: "Medium" }),
    {
      ...actionSet([submit("Add an administrator", "change.form", { form: "adminAdd" }), submit("Remove an administrator", "change.form", { form: "adminRemove" })]),
      $when: "${isAdmin}",
    },
  ]),
);
