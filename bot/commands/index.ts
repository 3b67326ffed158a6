import { z } from "zod";
import { parseAction, type ParsedAction } from "../../cards";
import { changeUsage, runChange } from "./change";
import { cancel, confirm } from "./changes";
import { openForm, submitForm } from "./forms";
import { adminsPage } from "./admins";
import { customerById, customerByName, customersPage } from "./customers";
import { badDays, expiringPage } from "./expiring";
import { answerFaq, answerText, openFaqEntry, rateFaqAnswer } from "./faq";
import { sendFeedback } from "./feedback";
import { help } from "./help";
import { historyPage } from "./history";
import { notice } from "./notices";
import { notifySettings } from "./notify";
import { parseText, type TextCommand } from "./parse";
import { runReport, runReportAction } from "./reports";
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
  const fromNotice = noticeAction(s, input.verb, input.data);
  if (fromNotice) return fromNotice;
  const action = parseAction(input.verb, input.data);
  if (!action.ok) {
    if (action.problem === "unknown-verb") return help(s, "That button is not one I know; it may come from an older card. Here is what I can do now.");
    return notice("That button sent something I can't use", `Nothing was changed: ${action.messages.join("; ")}. Try again from a fresh card (type help).`);
  }
  return runAction(s, action);
}

/** A Promise only for the FAQ, which may wait for a language model (bot/faq/phrase.ts). */
function runText(s: Session, c: TextCommand): Reply | Promise<Reply> {
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
    case "notify":
      return notifySettings(s, c.text);
    case "change":
      return runChange(s, c.command);
    case "change-usage":
      return changeUsage(s, c.form, c.name);
    case "report":
      return runReport(s, c.command);
    case "too-long":
      return c.feedback
        ? notice("That feedback is too long", `Feedback has at most 4,000 characters and yours has ${c.length.toLocaleString("en-US")}. Shorten it, or send it in parts. Nothing was recorded.`)
        : notice("That message is too long for me", `It has ${c.length.toLocaleString("en-US")} characters; commands are a few words, such as customers or expiring 30. Type help to see them all.`);
    case "faq":
      return answerFaq(s, c.question);
    case "unknown":
      // A typo of a command word gets "did you mean"; anything else is asked of the FAQ.
      return answerText(s, c.text, c.didYouMean);
  }
}

function runAction(s: Session, a: ParsedAction): Reply | Promise<Reply> {
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
    case "change.form":
      return openForm(s, a.payload.form, a.payload);
    case "change.submit":
      return { ...submitForm(s, a.payload.form, a.payload), replaceCard: true };
    case "change.confirm":
      return { ...confirm(s, a.payload.changeId), replaceCard: true };
    case "change.cancel":
      return { ...cancel(s, a.payload.changeId), replaceCard: true };
    case "pools.list":
    case "pool.open":
    case "usage.show":
    case "operations.show":
    case "operations.service":
    case "storage.show":
    case "storage.customer":
    case "bill.show":
    case "report.export":
      return runReportAction(s, a);
    case "faq.open":
      return openFaqEntry(s, a.payload.entryId);
    case "faq.helpful":
      return rateFaqAnswer(s, a.payload.entryId, a.payload.helpful);
    case "command.run":
      // A picked candidate: the command as typed, with the id in place of the name.
      return runText(s, parseText(a.payload.text));
  }
}

const noticeId = z.string().trim().min(1).max(200);
/** The expiry digest's buttons that start a change (bot/notify/card.ts): each opens that change's form. */
const NOTICE_ACTIONS = {
  "notify.extend": z.object({ customerId: noticeId, serviceId: noticeId }),
  "notify.seats": z.object({ customerId: noticeId, serviceId: noticeId }),
  "notify.extendAll": z.object({ poolId: noticeId }),
} as const;

function noticeAction(s: Session, verb: string, data: unknown): Reply | undefined {
  if (!Object.hasOwn(NOTICE_ACTIONS, verb)) return undefined;
  const v = verb as keyof typeof NOTICE_ACTIONS;
  const parsed = NOTICE_ACTIONS[v].safeParse(data ?? {});
  if (!parsed.success) return notice("That button sent something I can't use", "Nothing was changed. Try again from a fresh card (type help).");
  if (v === "notify.extendAll") return openForm(s, "extendAll", parsed.data as { poolId: string });
  return openForm(s, v === "notify.extend" ? "extend" : "seats", parsed.data as { customerId: string; serviceId: string });
}
