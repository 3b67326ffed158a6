import { EXPIRING_DAYS, submit } from "../actions";
import { defineTemplate } from "../render";
import { actionSet, card, heading, notice, subtle, text, title } from "./parts";

export interface HomeCardData {
  /** Shown at the top when not empty: why this card came back ("... is not built yet"). */
  notice: string;
  userName: string;
  partnerName: string;
  /** Administrators see the buttons for changes; viewers read. */
  isAdmin: boolean;
  /** A Tier 2 LAR also allocates seats to its MSPs (T2). */
  isLar: boolean;
  /** What can be typed: "customer ‹name›", and what it does. */
  commands: { usage: string; does: string }[];
  /** This conversation's expiry notification settings, in words. */
  notifications: string;
}

/** The home card (`help`): what the bot does, a button path to every command, and the grammar. */
export const homeTemplate = defineTemplate<HomeCardData>(
  "home",
  card([
    notice(),
    title("Pooled licensing"),
    text("Hi ${userName}. I keep ${partnerName}'s pooled licenses in view: customers, their seats and sources, what expires soon, and who administers the account. Use the buttons, or type a command."),
    heading("Look up"),
    actionSet([
      submit("Customers", "customers.list", { offset: 0 }),
      submit("Administrators", "admins.show", { offset: 0 }),
    ]),
    {
      type: "Input.Text",
      id: "name",
      label: "Customer",
      placeholder: "A customer's name, e.g. fabrikam",
      maxLength: 300,
    },
    actionSet([submit("Open customer", "customer.find"), submit("Customer history", "history.find")]),
    {
      type: "Input.ChoiceSet",
      id: "days",
      label: "Expiring within",
      style: "compact",
      value: String(EXPIRING_DAYS.default),
      choices: [7, 30, 60, 90, 180, 365].map((d) => ({ title: `${d} days`, value: String(d) })),
    },
    actionSet([submit("Show what expires", "expiring.show")]),
    { ...heading("Change"), $when: "${isAdmin}" },
    {
      ...subtle("Every change shows what it will do and waits for your confirmation."),
      $when: "${isAdmin}",
    },
    {
      ...actionSet([
        submit("Assign licenses", "change.form", { form: "assign" }),
        submit("Onboard a customer", "change.form", { form: "onboard" }),
        submit("Extend a renewed pool", "change.form", { form: "extendAll" }),
        submit("Allocate to an MSP", "change.form", { form: "allocate" }, { $when: "${isLar}" }),
      ]),
      $when: "${isAdmin}",
    },
    heading("Reports"),
    subtle("Every report shows when its data was last imported, and exports as CSV."),
    actionSet([
      submit("Pools", "pools.list", { offset: 0 }),
      submit("Usage", "usage.show", { period: "today", offset: 0 }),
      submit("Operations", "operations.show", { range: "30d", status: "", offset: 0 }),
      submit("Storage", "storage.show", { offset: 0 }),
      submit("PAYG bill", "bill.show", { offset: 0 }),
    ]),
    heading("Expiry notifications"),
    subtle("${notifications}"),
    actionSet([submit("Notification settings", "command.run", { text: "notify" })]),
    heading("Feedback"),
    {
      type: "Input.Text",
      id: "feedback",
      label: "Tell the vendor what works and what does not",
      isMultiline: true,
      maxLength: 4000,
    },
    actionSet([submit("Send feedback", "feedback.send")]),
    heading("Commands"),
    {
      type: "FactSet",
      facts: [{ $data: "${commands}", title: "${usage}", value: "${does}" }],
    },
  ]),
);
