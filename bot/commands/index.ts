import { parseAction, type ParsedAction } from "../../cards";
import { adminsPage } from "./admins";
import { customerById, customerByName, customersPage } from "./customers";
import { badDays, expiringPage } from "./expiring";
import { sendFeedback } from "./feedback";
import { quote } from "./format";
import { help, notBuilt } from "./help";
import { historyPage } from "./history";
import { notice } from "./notices";
import { parseText, type TextCommand } from "./parse";
import { openSession, type Session } from "./session";
import type { CommandContext, CommandInput, Reply } from "./types";

export type { CommandContext, CommandInput, Reply, Speaker } from "./types";

/**
 * Runs one command for a resolved speaker: typed text, or a card button's verb and data. Reads go
 * through the read models for the speaker's partner only (U2); every id in card data is re-checked
 * there. Every answer carries a card (for Action.Execute it replaces the one clicked). Unexpected
 * errors propagate: the transport logs them and apologizes with a correlation id.
 */
export async function runCommand(ctx: CommandContext, input: CommandInput): Promise<Reply> {
  const s = openSession(ctx);
  if (input.kind === "text") return runText(s, parseText(input.text));
  const action = parseAction(input.verb, input.data);
  if (!action.ok) {
    if (action.problem === "unknown-verb") return help(s, "That button is not one I know; it may come from an older card. Here is what I can do now.");
    return notice("That button sent something I can't use", `Nothing was changed: ${action.messages.join("; ")}. Try again from a fresh card (type help).`);
  }
  return runAction(s, action);
}

function runText(s: Session, c: TextCommand): Reply {
  switch (c.kind) {
    case "help":
      return help(s);
    case "customers":
      return customersPage(s, c.text, 0);
    case "customer":
      return customerByName(s, c.name, "customer.open", (id) => customerById(s, id));
    case "expiring":
      return expiringPage(s, c.days, 0);
    case "bad-days":
      return badDays(c.raw);
    case "admins":
      return adminsPage(s, 0);
    case "history":
      if (!c.name) return notice("Whose history?", "Type history followed by a customer's name, for example: history fabrikam.", "Default", true);
      return customerByName(s, c.name, "history.open", (id) => historyPage(s, id, 0));
    case "feedback":
      return sendFeedback(s, c.text);
    case "not-built":
      return notBuilt(s, c.command);
    case "too-long":
      return c.feedback
        ? notice("That feedback is too long", `Feedback has at most 4,000 characters and yours has ${c.length.toLocaleString("en-US")}. Shorten it, or send it in parts. Nothing was recorded.`)
        : notice("That message is too long for me", `It has ${c.length.toLocaleString("en-US")} characters; commands are a few words, such as customers or expiring 30. Type help to see them all.`);
    case "unknown":
      return help(s, `I didn't understand ${quote(c.text)}.${c.didYouMean ? ` Did you mean ${c.didYouMean}?` : ""} Here is what I can do.`);
  }
}

function runAction(s: Session, a: ParsedAction): Reply {
  switch (a.verb) {
    case "home":
      return help(s);
    case "customers.list":
      return customersPage(s, a.payload.text, a.payload.offset);
    case "customer.open":
      return customerById(s, a.payload.customerId, a.payload.offset);
    case "customer.find":
      return customerByName(s, a.payload.name, "customer.open", (id) => customerById(s, id));
    case "history.open":
      return historyPage(s, a.payload.customerId, a.payload.offset);
    case "history.find":
      return customerByName(s, a.payload.name, "history.open", (id) => historyPage(s, id, 0));
    case "expiring.show":
      return expiringPage(s, a.payload.days, a.payload.offset);
    case "admins.show":
      return adminsPage(s, a.payload.offset);
    case "feedback.send":
      return sendFeedback(s, a.payload.feedback);
    case "not-built":
      return notBuilt(s, a.payload.command);
  }
}
