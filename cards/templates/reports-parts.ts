/** Fragments every report card shares: the header with "data as of", tables, charts, the footer. */
import { execute, submit, type PayloadTemplate } from "../actions";
import { notice, subtle, text, title } from "./parts";

/** The header data of every report card. */
export interface ReportHeaderData {
  /** "Subscription usage", "PAYG bill, February 2026". */
  heading: string;
  /** Whose and which: "Contoso MSP · today, 2 March 2026". */
  scope: string;
  /** "Data as of 2026-03-01 (newest usage record)": the newest record the report used (a stale import shows). */
  asOf: string;
  /** The newest record is old enough that an import may be missing: shown in warning colour. */
  stale: boolean;
  /** "Pools 1–10 of 14", or the empty-report sentence. */
  summary: string;
  /** Shown at the top in a warning box when not empty (a stale button, an id no longer there). */
  notice: string;
}

export function reportHeader() {
  return [
    notice(),
    title("${heading}"),
    subtle("${scope}"),
    subtle("${asOf}", { color: "${if(stale, 'Warning', 'Default')}", weight: "${if(stale, 'Bolder', 'Default')}" }),
    text("${summary}", { spacing: "Small" }),
  ];
}

/** A header cell of a table (its column sets the alignment). */
export function th(label: string) {
  return { type: "TableCell", items: [{ type: "TextBlock", text: label, weight: "Bolder", size: "Small", wrap: true }] };
}

/** A body cell holding one text. */
export function td(value: string, extra: Record<string, unknown> = {}) {
  return { type: "TableCell", items: [{ type: "TextBlock", text: value, wrap: true, ...extra }] };
}

/** A figure cell (right-aligned by its column). */
export function num(value: string, extra: Record<string, unknown> = {}) {
  return td(value, extra);
}

/**
 * A table: a header row, then one row per item of `rows` (a `${...}` binding), Teams' 1.5 Table.
 * `columns` are relative widths, negative for a right-aligned column of figures; `$when` in `extra`
 * hides the whole table.
 */
export function table(columns: number[], header: object[], rows: string, cells: object[], extra: Record<string, unknown> = {}) {
  return {
    type: "Table",
    spacing: "Medium",
    firstRowAsHeader: true,
    showGridLines: false,
    columns: columns.map((w) => (w < 0 ? { width: -w, horizontalCellContentAlignment: "Right" } : { width: w })),
    rows: [
      { type: "TableRow", style: "emphasis", cells: header },
      { $data: rows, type: "TableRow", cells },
    ],
    ...extra,
  };
}

/** Buttons at the foot of a report: More (in place), Export CSV (a new message with the link), Home. */
export function reportFooter<V extends "pools.list" | "pool.open" | "usage.show" | "operations.show" | "operations.service" | "storage.show" | "bill.show">(
  more: { verb: V; data: PayloadTemplate<V> } | null,
  exported: PayloadTemplate<"report.export">,
  extra: object[] = [],
) {
  return {
    type: "ActionSet",
    spacing: "Medium",
    actions: [
      // The card's filter inputs belong to Apply; More pages what the card shows.
      ...(more ? [{ ...execute("More", more.verb, more.data, { $when: "${hasMore}" }), associatedInputs: "none" }] : []),
      ...extra,
      { ...submit("Export CSV", "report.export", exported), associatedInputs: "none" },
      { ...submit("Home", "home"), associatedInputs: "none" },
    ],
  };
}

/** A Teams chart with a fallback (validate.ts requires one): a FactSet of the same figures. */
export function withFallback(chart: Record<string, unknown>, facts: string, title: string, value: string) {
  return {
    ...chart,
    fallback: { type: "FactSet", spacing: "Medium", facts: [{ $data: facts, title, value }] },
  };
}
