import { execute, submit } from "../actions";
import { defineTemplate } from "../render";
import { actionSet, card, heading, subtle, text, title } from "./parts";

export interface CustomerServiceData {
  name: string;
  /** "240 seats", "8,000 GB". */
  quantity: string;
  /** The pool id, as commands name it. */
  poolId: string;
  /** "direct · prepaid, annual upfront", "marketplace (merged) · prepaid, APU". */
  source: string;
  /** "2026-12-31 (in 200 days)". */
  expires: string;
  assignedOn: string;
  /** What the 31-day rules still hold (A5, A6, A7), or "". */
  lock: string;
}

export interface CustomerCardData {
  id: string;
  name: string;
  /** "Connected · prepaid". */
  statusLine: string;
  connected: boolean;
  facts: { title: string; value: string }[];
  /** One page of the active services. */
  services: CustomerServiceData[];
  /** "Services 1–10 of 34", or "" when they all show. */
  servicesRange: string;
  hasMoreServices: boolean;
  nextServicesOffset: number;
  /** Shown when there are no active services, or "". */
  noServices: string;
  licenses: { name: string; type: string; term: string }[];
  ended: { name: string; poolId: string; lastDay: string; reason: string }[];
  /** "... and 4 more", or "". */
  endedMore: string;
  /** Administrators get the buttons for changes (U1). */
  isAdmin: boolean;
}

const service = {
  $data: "${services}",
  type: "Container",
  separator: true,
  spacing: "Small",
  items: [
    {
      type: "ColumnSet",
      columns: [
        { type: "Column", width: "stretch", items: [text("${name}", { weight: "Bolder" })] },
        { type: "Column", width: "auto", items: [text("${quantity}", { weight: "Bolder", horizontalAlignment: "Right" })] },
      ],
    },
    subtle("Pool ${poolId} · ${source} · expires ${expires} · assigned ${assignedOn}"),
    { ...subtle("${lock}", { color: "Warning" }), $when: "${lock != ''}" },
  ],
};

/** One customer (`customer <name>`): services, source pools, quantities, expirations, licenses. */
export const customerTemplate = defineTemplate<CustomerCardData>(
  "customer",
  card([
    title("${name}"),
    subtle("${statusLine}", { color: "${if(connected, 'Default', 'Attention')}" }),
    { type: "FactSet", spacing: "Medium", facts: [{ $data: "${facts}", title: "${title}", value: "${value}" }] },
    heading("Services"),
    { ...text("${noServices}", { isSubtle: true }), $when: "${noServices != ''}" },
    service,
    { ...subtle("${servicesRange}"), $when: "${servicesRange != ''}" },
    {
      ...actionSet([execute("More services", "customer.open", { customerId: "${id}", offset: "${nextServicesOffset}" })]),
      $when: "${hasMoreServices}",
    },
    { ...heading("CMP and Enterprise licenses"), $when: "${count(licenses) > 0}" },
    {
      type: "FactSet",
      $when: "${count(licenses) > 0}",
      facts: [{ $data: "${licenses}", title: "${name}", value: "${type} · ${term}" }],
    },
    { ...heading("Recently ended"), $when: "${count(ended) > 0}" },
    {
      type: "FactSet",
      $when: "${count(ended) > 0}",
      facts: [{ $data: "${ended}", title: "${name}", value: "${reason} · last day ${lastDay} · pool ${poolId}" }],
    },
    { ...subtle("${endedMore}"), $when: "${endedMore != ''}" },
    actionSet(
      [
        submit("History", "history.open", { customerId: "${id}", offset: 0 }),
        submit("Usage", "usage.show", { customerId: "${id}", period: "today", offset: 0 }),
        submit("All customers", "customers.list", { offset: 0 }),
      ],
      { spacing: "Medium" },
    ),
    {
      ...actionSet([
        submit("Assign", "change.form", { form: "assign", customerId: "${id}" }),
        { ...submit("Change seats", "change.form", { form: "seats", customerId: "${id}" }), $when: "${count(services) > 0}" },
        { ...submit("Extend", "change.form", { form: "extend", customerId: "${id}" }), $when: "${count(services) > 0}" },
        { ...submit("Switch pool", "change.form", { form: "switch", customerId: "${id}" }), $when: "${count(services) > 0}" },
      ]),
      $when: "${isAdmin && connected}",
    },
    {
      ...actionSet([
        submit("Change tenant owner", "change.form", { form: "owner", customerId: "${id}" }),
        submit("Disconnect", "change.submit", { form: "disconnect", customerId: "${id}" }, { style: "destructive" }),
      ]),
      $when: "${isAdmin && connected}",
    },
    {
      ...actionSet([submit("Onboard again", "change.form", { form: "onboard", customerId: "${id}" })]),
      $when: "${isAdmin && !connected}",
    },
  ]),
);
