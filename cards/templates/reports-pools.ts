import { submit } from "../actions";
import { defineTemplate } from "../render";
import { card, subtle, text } from "./parts";
import { num, reportFooter, reportHeader, table, td, th, withFallback, type ReportHeaderData } from "./reports-parts";

export interface PoolRowData {
  /** The source key (a pool id, or `merged:<holder>:<service>` for P9): what the detail opens. */
  key: string;
  service: string;
  /** "contoso-m365-direct", or the constituents of a merged pool. */
  ids: string;
  /** "Direct · prepaid, annual upfront · 2026-01-01 to 2026-12-31". */
  source: string;
  quantity: string;
  assigned: string;
  available: string;
  /** "56%", or "n/a" for PAYG. */
  utilization: string;
  /** Attention when over capacity, Warning from 90%, Good otherwise. */
  color: string;
  /** "" or a line under the row: merged (P9), Fly consumption (A9), an MSP's allocation (T2). */
  note: string;
  /** "" or, for a LAR, each MSP's allocation and use (T2). */
  allocations: string;
}

export interface PoolChartData {
  label: string;
  /** Utilization in percent (whole number). */
  percent: number;
  /** Chart colour: good, warning or attention. */
  color: string;
  /** "56% (560 of 1,000 seats)": the fallback's words. */
  value: string;
}

export interface PoolsCardData extends ReportHeaderData {
  /** The service filter, "" for all: carried by More and Export. */
  serviceId: string;
  rows: PoolRowData[];
  chart: PoolChartData[];
  hasMore: boolean;
  nextOffset: number;
}

/**
 * R1 subscription usage (`pools [service]`, `report subscriptions`): a utilization chart of the
 * page's pools, then one row per pool (merged as P9) with its source, payment, term and figures; a
 * row opens the pool's detail. Paged with More.
 */
export const poolsReportTemplate = defineTemplate<PoolsCardData>(
  "reports-pools",
  card([
    ...reportHeader(),
    {
      ...withFallback(
        {
          type: "Chart.HorizontalBar",
          title: "Utilization (%)",
          displayMode: "AbsoluteWithAxis",
          data: [{ $data: "${chart}", x: "${label}", y: "${percent}", color: "${color}" }],
        },
        "${chart}",
        "${label}",
        "${value}",
      ),
      $when: "${count(chart) > 0}",
      spacing: "Medium",
    },
    table(
      [5, -2, -2, -2, -2],
      [th("Pool"), th("Quantity"), th("Assigned"), th("Available"), th("Used")],
      "${rows}",
      [
        {
          type: "TableCell",
          selectAction: submit("Open pool", "pool.open", { key: "${key}", offset: 0 }),
          items: [
            text("${service}", { weight: "Bolder", color: "Accent" }),
            subtle("${ids}"),
            subtle("${source}"),
            { ...subtle("${note}"), $when: "${note != ''}" },
            { ...subtle("${allocations}"), $when: "${allocations != ''}" },
          ],
        },
        num("${quantity}"),
        num("${assigned}"),
        num("${available}", { color: "${if(color == 'attention', 'Attention', 'Default')}" }),
        num("${utilization}", { weight: "Bolder", color: "${if(color == 'attention', 'Attention', if(color == 'warning', 'Warning', 'Good'))}" }),
      ],
      { $when: "${count(rows) > 0}" },
    ),
    reportFooter({ verb: "pools.list", data: { serviceId: "${serviceId}", offset: "${nextOffset}" } }, { report: "pools", serviceId: "${serviceId}" }),
  ]),
);
