/** The report commands as typed: `pools`, `usage`, `report ...`, `bill` (the rest of parse.ts's grammar). */
import { MONTH_RE, OPERATION_RANGES, OPERATION_STATUSES, type OperationRange, type OperationStatus } from "../../../cards";

export type ReportCommand =
  | { report: "pools"; service: string }
  | { report: "usage"; customer: string; period: string }
  | { report: "operations"; range: OperationRange; status: OperationStatus | "" }
  | { report: "storage" }
  | { report: "bill"; month: string | undefined }
  /** `report` alone or with an unknown name: which reports there are. */
  | { report: "menu"; typed: string }
  /** A report command with a part that does not parse: what was wrong and how to type it. */
  | { report: "bad"; problem: string; example: string };

export const REPORT_WORDS = ["pools", "usage", "report", "reports", "bill"] as const;

/** Status words as people type them. */
const STATUS_WORDS: Record<string, OperationStatus | ""> = {
  all: "",
  any: "",
  succeeded: "succeeded",
  success: "succeeded",
  successful: "succeeded",
  ok: "succeeded",
  failed: "failed",
  failure: "failed",
  failures: "failed",
  error: "failed",
  errors: "failed",
  partially_succeeded: "partially_succeeded",
  "partially succeeded": "partially_succeeded",
  partial: "partially_succeeded",
  partially: "partially_succeeded",
  in_progress: "in_progress",
  "in progress": "in_progress",
  running: "in_progress",
  canceled: "canceled",
  cancelled: "canceled",
};

/** A report command, or undefined when the word is not one. */
export function parseReport(word: string, rest: string): ReportCommand | undefined {
  switch (word) {
    case "pools":
      return { report: "pools", service: rest };
    case "usage":
      return usage(rest);
    case "bill":
      if (rest === "") return { report: "bill", month: undefined };
      return MONTH_RE.test(rest) ? { report: "bill", month: rest } : { report: "bad", problem: `“${rest.slice(0, 40)}” is not a month`, example: "bill 2026-02" };
    case "report":
    case "reports":
      return report(rest);
  }
  return undefined;
}

function usage(rest: string): ReportCommand {
  const words = rest.split(" ").filter(Boolean);
  const last = words[words.length - 1]?.toLowerCase() ?? "";
  if (last === "today") return { report: "usage", customer: words.slice(0, -1).join(" "), period: "today" };
  if (MONTH_RE.test(last)) return { report: "usage", customer: words.slice(0, -1).join(" "), period: last };
  // Something month-like that is not a real month ("2026-13", "2026-3") is a mistake, not a name.
  if (/^\d{4}-\d{1,2}(-\d{1,2})?$/.test(last)) {
    return { report: "bad", problem: `“${last}” is not a billing cycle; write the month as YYYY-MM`, example: "usage fabrikam 2026-03" };
  }
  return { report: "usage", customer: words.join(" "), period: "today" };
}

function report(rest: string): ReportCommand {
  const words = rest.toLowerCase().split(" ").filter(Boolean);
  const name = words[0] ?? "";
  if (name === "storage" && words.length === 1) return { report: "storage" };
  if (name === "subscriptions" || name === "subscription" || name === "pools") return { report: "pools", service: rest.split(" ").slice(1).join(" ") };
  if (name === "usage") return usage(rest.split(" ").slice(1).join(" "));
  if (name === "bill") return parseReport("bill", rest.split(" ").slice(1).join(" "))!;
  if (name === "operations" || name === "operation" || name === "ops" || name === "jobs") return operations(words.slice(1));
  return { report: "menu", typed: rest };
}

/** `[7d|30d|90d] [status <s>]`, in either order; `30 days`, `last 7 days` and a bare status word too. */
function operations(words: string[]): ReportCommand {
  let r: OperationRange = "30d";
  let status: OperationStatus | "" = "";
  const example = "report operations 30d status failed";
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    const next = words[i + 1];
    if (w === "last") {
      i++;
      continue;
    }
    const days = /^(\d+)(d|days?)?$/.exec(w);
    if (days) {
      const d = `${days[1]}d`;
      if (!(OPERATION_RANGES as readonly string[]).includes(d)) return { report: "bad", problem: `the time range is 7d, 30d or 90d, not ${w}`, example };
      r = d as OperationRange;
      i += next === "days" || next === "day" ? 2 : 1;
      continue;
    }
    const phrase = w === "status" ? (next ?? "") : w;
    const two = `${phrase} ${words[i + (w === "status" ? 2 : 1)] ?? ""}`.trim();
    const skip = w === "status" ? 1 : 0;
    if (STATUS_WORDS[two] !== undefined && two.includes(" ")) {
      status = STATUS_WORDS[two]!;
      i += skip + 2;
      continue;
    }
    if (STATUS_WORDS[phrase] !== undefined) {
      status = STATUS_WORDS[phrase]!;
      i += skip + 1;
      continue;
    }
    return {
      report: "bad",
      problem: w === "status" ? `the job status is one of ${OPERATION_STATUSES.join(", ")}${next ? `, not ${next}` : ""}` : `I don't know “${w}” in a report of operations`,
      example,
    };
  }
  return { report: "operations", range: r, status };
}
