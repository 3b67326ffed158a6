import { defineTemplate } from "../render";
import { card, subtle, text } from "./parts";

export interface ExportCardData {
  /** "Subscription usage (CSV)". */
  what: string;
  /** The signed download link. */
  url: string;
  /** "Valid for 15 minutes, until 09:15 (Europe/London)." */
  validity: string;
}

/**
 * The answer to Export CSV: a signed, short-lived link (bot/export.ts). A markdown link rather than
 * an Action.OpenUrl, so every client opens it the same way and the card carries no verb.
 */
export const exportReportTemplate = defineTemplate<ExportCardData>(
  "reports-export",
  card([
    text("${what}", { weight: "Bolder" }),
    text("[Download the CSV file](${url})"),
    subtle("${validity}"),
    subtle("The link opens your partner account's data only, for you; get a fresh one from the report when it has expired."),
  ]),
);
