import { chooseCard, customerCard, customersCard, suggestCard, type ChooseVerb, type CustomerCardData } from "../../cards";
import { daysBetween } from "../../domain/dates";
import { nameTokens } from "../../domain/names";
import { customerDetail, listCustomers, type CustomerDetail, type CustomerSummary } from "../../domain/queries";
import { channel, list, payment, plural, quantity, quote, range, relativeDays, count } from "./format";
import { unknownCustomerId } from "./notices";
import { filterCustomers, resolveCustomer, type NamedCustomer } from "./resolve";
import { PAGE, type Session } from "./session";
import type { Reply } from "./types";

/** `customers [text]` and its More button: one page of the (filtered) list. */
export function customersPage(s: Session, text: string, offset: number): Reply {
  const filtered = nameTokens(text).length > 0;
  const filter = filtered ? filterCustomers(s.q, text) : null;
  if (filter && filter.ids.length === 0) {
    return {
      attachments: [
        suggestCard({
          message: `No customer matches ${quote(text)}.`,
          prompt: filter.suggestions.length ? "Did you mean one of these?" : "No customer has a name like that.",
          verb: "customer.open",
          suggestions: filter.suggestions.map(({ id, name }) => ({ id, name })),
        }),
      ],
    };
  }
  const { total, rows } = listCustomers(s.q, { ...(filter ? { ids: filter.ids } : {}), offset, limit: PAGE.customers });
  const summary =
    total === 0
      ? "No customers in your partner account yet."
      : rows.length === 0
        ? `Nothing more to show: ${plural(total, "customer")} in all.`
        : `${range(offset, rows.length, total)} · as of ${s.q.today}`;
  return {
    attachments: [
      customersCard({
        heading: filtered ? `Customers matching ${quote(text)}` : "Customers",
        summary,
        rows: rows.map((r) => customerRow(s, r)),
        filter: filtered ? text : "",
        hasMore: offset + rows.length < total && rows.length > 0,
        nextOffset: offset + rows.length,
      }),
    ],
  };
}

function customerRow(s: Session, r: CustomerSummary) {
  const connected = r.status === "connected";
  return {
    id: r.id,
    name: r.name,
    status: connected ? "Connected" : "Disconnected",
    connected,
    services: plural(r.services, "service"),
    seats: count(r.seats),
    nearestExpiry: r.nearestExpiry ? `${r.nearestExpiry} (${relativeDays(daysBetween(s.q.today, r.nearestExpiry))})` : "none",
  };
}

/** `customer <name>`: the customer, or the candidates, or the nearest names. */
export function customerByName(s: Session, typed: string, verb: ChooseVerb, open: (id: string) => Reply): Reply {
  const m = resolveCustomer(s.q, typed);
  if (m.kind === "match") return open(m.customer.id);
  if (m.kind === "ambiguous") return choose(s, typed, verb, m.candidates);
  return {
    attachments: [
      suggestCard({
        message: `I don't know a customer called ${quote(typed)}.`,
        prompt: m.suggestions.length ? "Did you mean one of these?" : "No customer has a name like that. Open the list to find it.",
        verb,
        suggestions: m.suggestions.map(({ id, name }) => ({ id, name })),
      }),
    ],
  };
}

function choose(s: Session, typed: string, verb: ChooseVerb, candidates: NamedCustomer[]): Reply {
  const summaries = new Map(listCustomers(s.q, { ids: candidates.map((c) => c.id) }).rows.map((r) => [r.id, r]));
  return {
    attachments: [
      chooseCard({
        question: `${plural(candidates.length, "customer")} match ${quote(typed)}. Which one did you mean?`,
        verb,
        candidates: candidates.map((c) => {
          const r = summaries.get(c.id);
          const detail = r ? `${r.status === "connected" ? "Connected" : "Disconnected"} · ${plural(r.services, "service")} · ${count(r.seats)} in use` : "";
          return { id: c.id, name: c.name, detail };
        }),
        filter: typed,
      }),
    ],
  };
}

/** The customer card for an id: from a button (re-checked against the speaker's partner) or a match. */
export function customerById(s: Session, customerId: string, offset = 0): Reply {
  const d = customerDetail(s.q, customerId);
  if (!d) return unknownCustomerId();
  return { attachments: [customerCard(customerData(s, d, offset))] };
}

const ENDED_SHOWN = 10;

const ENDED_REASON: Record<string, string> = {
  expired: "Expired",
  disconnected: "Disconnected",
  superseded: "Replaced by a license",
  switched: "Switched to another pool",
  order_canceled: "Distributor order canceled",
};

function customerData(s: Session, d: CustomerDetail, offset: number): CustomerCardData {
  // A page past the end (a stale More button) shows the first page rather than none.
  const from = offset < d.services.length ? offset : 0;
  const page = d.services.slice(from, from + PAGE.services);
  const connected = d.status === "connected";
  const facts: { title: string; value: string }[] = [
    { title: "Customer id", value: d.id },
    { title: "Microsoft 365 tenant", value: d.m365TenantId },
    { title: "Tenant owner", value: d.tenantOwner ? `${d.tenantOwner.name} (${d.tenantOwner.upn})` : "none recorded" },
    { title: "Service administrators", value: list(d.serviceAdministrators.map((u) => u.name)) || "none recorded" },
    { title: "Onboarded", value: d.onboardedOn },
  ];
  if (d.disconnectedOn) facts.push({ title: "Disconnected", value: d.disconnectedOn });
  if (connected) {
    facts.push({ title: "Can be disconnected", value: d.disconnectFrom ? `from ${d.disconnectFrom} (A6: 31 days after each assignment)` : "now" });
  }
  const statusLine = connected
    ? [`Connected`, d.paymentModel === "payg" ? "PAYG customer" : d.paymentModel === "prepaid" ? "prepaid customer" : "no active services", `as of ${s.q.today}`].join(" · ")
    : `Disconnected${d.disconnectedOn ? ` on ${d.disconnectedOn}` : ""}`;
  return {
    id: d.id,
    name: d.name,
    statusLine,
    connected,
    facts,
    servicesRange: d.services.length > page.length ? `Services ${range(from, page.length, d.services.length)}` : "",
    hasMoreServices: from + page.length < d.services.length,
    nextServicesOffset: from + page.length,
    services: page.map((x) => ({
      name: x.serviceName,
      quantity: quantity(x.quantity, x.unit),
      poolId: x.poolId,
      source: `${channel(x.channel)}${x.sourceKey.startsWith("merged:") ? " (merged pools)" : ""} · ${payment(x.paymentModel, x.paymentOption)}`,
      expires: `${x.expiresOn} (${relativeDays(x.daysLeft)})${x.expiresOn === x.poolLastDay ? ", with its pool" : ""}`,
      assignedOn: x.assignedOn,
      lock: x.lockedUntil ? `In its first 31 days: seats can grow but not shrink, and no switch or disconnect, before ${x.lockedUntil}.` : "",
    })),
    noServices: d.services.length === 0 ? (connected ? "No active services." : "No active services: the customer is disconnected.") : "",
    licenses: d.licenses.map((l) => ({ name: l.serviceName, type: l.type === "cmp" ? "CMP" : "Enterprise", term: `${l.start} to ${l.end}` })),
    ended: d.recentlyEnded.slice(0, ENDED_SHOWN).map((e) => ({ name: e.serviceName, poolId: e.poolId, lastDay: e.lastDay, reason: ENDED_REASON[e.reason] ?? e.reason })),
    endedMore: d.recentlyEnded.length > ENDED_SHOWN ? `… and ${d.recentlyEnded.length - ENDED_SHOWN} more in the last 90 days.` : "",
    isAdmin: s.isAdmin,
  };
}
