/**
 * The report commands (R1-R4, B1, B2) and their buttons: typed text parsed by ./parse.ts, each
 * report read through the read models for the speaker's partner only (U2), every id in card data
 * re-checked there. Export CSV answers with a signed link (bot/export.ts) to the same figures.
 */
import { pickCard, type ActionPayload, type ParsedAction, type ReportVerb } from "../../../cards";
import { notice } from "../notices";
import type { Session } from "../session";
import type { Reply } from "../types";
import { billMonth, billPage } from "./bill";
import { exportLinkReply } from "./export";
import { operationsPage, operationsServicePage } from "./operations";
import type { ReportCommand } from "./parse";
import { poolDetail, poolsPage, poolsText } from "./pools";
import { storageCustomerPage, storagePage } from "./storage";
import { usagePage, usageText } from "./usage";

export { parseReport, REPORT_WORDS, type ReportCommand } from "./parse";

export function runReport(s: Session, c: ReportCommand): Reply {
  switch (c.report) {
    case "pools":
      return poolsText(s, c.service);
    case "usage":
      return usageText(s, c.customer, c.period);
    case "operations":
      return operationsPage(s, c.range, c.status, 0);
    case "storage":
      return storagePage(s, 0);
    case "bill":
      return billPage(s, billMonth(s, c.month), 0);
    case "menu":
      return reportMenu(c.typed);
    case "bad":
      return notice("I can't read that report command", `${capitalize(c.problem)}. For example: ${c.example}.`, "Warning");
  }
}

type ReportAction = Extract<ParsedAction, { verb: ReportVerb }>;

export function runReportAction(s: Session, a: ReportAction): Reply {
  switch (a.verb) {
    case "pools.list":
      return poolsPage(s, a.payload.serviceId, a.payload.offset);
    case "pool.open":
      return poolDetail(s, a.payload.key, a.payload.offset);
    case "usage.show":
      return usagePage(s, a.payload.customerId, a.payload.period, a.payload.offset);
    case "operations.show":
      return operationsPage(s, a.payload.range, a.payload.status, a.payload.offset);
    case "operations.service":
      return operationsServicePage(s, a.payload.serviceId, a.payload.range, a.payload.status, a.payload.offset);
    case "storage.show":
      return storagePage(s, a.payload.offset);
    case "storage.customer":
      return storageCustomerPage(s, a.payload.customerId);
    case "bill.show":
      return billPage(s, billMonth(s, a.payload.month), a.payload.offset);
    case "report.export":
      return exportLinkReply(s, a.payload as ActionPayload<"report.export">);
  }
}

/** `report` alone (or an unknown report's name): the reports, as buttons that run them. */
function reportMenu(typed: string): Reply {
  const options = [
    { title: "Subscription usage", detail: "Every pool: quantity, assigned, available, utilization (R1)", text: "report subscriptions" },
    { title: "Customer usage", detail: "Assigned and consumed per customer and service, today (R2)", text: "usage" },
    { title: "Customer operations", detail: "Jobs by service and status, last 30 days (R3)", text: "report operations" },
    { title: "Storage consumption", detail: "Total storage, then each customer (R4)", text: "report storage" },
    { title: "PAYG bill", detail: "Last month's PAYG bill, by service and customer (B1)", text: "bill" },
  ];
  return {
    attachments: [
      pickCard({
        message: typed ? `I don't know a report called “${typed.slice(0, 40)}”.` : "Which report?",
        prompt: "Each can be exported as CSV from its card.",
        options,
        form: "",
        customerId: "",
      }),
    ],
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
