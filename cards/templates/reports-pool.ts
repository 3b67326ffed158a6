import { submit } from "../actions";
import { defineTemplate } from "../render";
import { card, heading, subtle, text } from "./parts";
import { num, reportFooter, reportHeader, table, td, th, type ReportHeaderData } from "./reports-parts";

export interface PoolTermData {
  id: string;
  /** "Marketplace · prepaid, monthly". */
  source: string;
  term: string;
  quantity: string;
  /** "active", "not started", "ended 2026-01-31", "canceled 2026-01-26 (P10)". */
  state: string;
}

export interface PoolAllocationData {
  msp: string;
  allocated: string;
  inUse: string;
  available: string;
}

export interface PoolCustomerData {
  id: string;
  name: string;
  poolId: string;
  quantity: string;
  assignedOn: string;
  expiresOn: string;
}

export interface PoolCardData extends ReportHeaderData {
  key: string;
  facts: { title: string; value: string }[];
  /** Every constituent (one for a plain pool; several for a merged one, P9). */
  terms: PoolTermData[];
  /** T2: a LAR's MSPs, each with its allocation and use. */
  allocations: PoolAllocationData[];
  customers: PoolCustomerData[];
  /** "Customers 1–20 of 45", or why there are none. */
  customersSummary: string;
  hasMore: boolean;
  nextOffset: number;
}

/** R1's detail (`pool.open`): one pool's figures, its terms, a LAR's allocations (T2) and its customers, paged. */
export const poolReportTemplate = defineTemplate<PoolCardData>(
  "reports-pool",
  card([
    ...reportHeader(),
    { type: "FactSet", spacing: "Medium", facts: [{ $data: "${facts}", title: "${title}", value: "${value}" }] },
    { ...heading("Terms"), $when: "${count(terms) > 1}" },
    table(
      [4, 4, 4, -2, 3],
      [th("Pool"), th("Source"), th("Term"), th("Quantity"), th("State")],
      "${terms}",
      [td("${id}"), td("${source}"), td("${term}"), num("${quantity}"), td("${state}")],
      { $when: "${count(terms) > 1}" },
    ),
    { ...heading("Allocations to your MSPs (Tier 2)"), $when: "${count(allocations) > 0}" },
    table(
      [5, -2, -2, -2],
      [th("MSP"), th("Allocated"), th("In use"), th("Available")],
      "${allocations}",
      [td("${msp}"), num("${allocated}"), num("${inUse}"), num("${available}")],
      { $when: "${count(allocations) > 0}" },
    ),
    heading("Customers"),
    subtle("${customersSummary}"),
    table(
      [6, -2, 3, 3],
      [th("Customer"), th("Quantity"), th("Since"), th("Expires")],
      "${customers}",
      [
        {
          type: "TableCell",
          selectAction: submit("Open customer", "customer.open", { customerId: "${id}" }),
          items: [text("${name}", { color: "Accent" }), { ...subtle("${poolId}"), $when: "${poolId != ''}" }],
        },
        num("${quantity}"),
        td("${assignedOn}"),
        td("${expiresOn}"),
      ],
      { $when: "${count(customers) > 0}" },
    ),
    reportFooter({ verb: "pool.open", data: { key: "${key}", offset: "${nextOffset}" } }, { report: "pool", key: "${key}" }, [
      { ...submit("All pools", "pools.list", { offset: 0 }), associatedInputs: "none" },
    ]),
  ]),
);
