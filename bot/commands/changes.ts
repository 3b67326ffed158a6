/**
 * Changes asked for in chat: a request becomes a pending change (domain/changes.ts) shown on a
 * confirmation card that states exactly what will happen; Confirm runs the verb again and the
 * answer replaces the card with the result, or with the refusal and the day it lifts. Only the
 * administrator who asked may confirm; anyone else who clicks gets the card back unchanged with a
 * line saying who can, so in a channel the card stays usable for the requester.
 */
import { confirmCard, outcomeCard, type ConfirmCardData, type OutcomeCardData } from "../../cards";
import { serviceById } from "../../domain/catalog";
import {
  cancelChange,
  confirmChange,
  previewChange,
  requestChange,
  CHANGE_VERBS,
  type ChangeInput,
  type ChangeVerb,
  type PendingChange,
} from "../../domain/changes";
import type { Actor, Ctx } from "../../domain/context";
import { addDays } from "../../domain/dates";
import { customerUsersOf, latestUse, ownCustomer, pendingChangeOf, type PendingChangeRef } from "../../domain/lookups";
import type { Outcome, Refusal } from "../../domain/outcome";
import { partnerPeople } from "../../domain/people";
import { count, instant, plural, quantity, unitsWord } from "./format";
import { notice } from "./notices";
import { forgetPools, poolOptions, type PoolOption } from "./pools";
import type { Session } from "./session";
import type { Reply } from "./types";

export type ChangeRequest = { [V in ChangeVerb]: { verb: V; input: ChangeInput<V> } }[ChangeVerb];
type ValueOf<V extends ChangeVerb> = Extract<ReturnType<(typeof CHANGE_VERBS)[V]>, { ok: true }>["value"];

/** The domain's view of the speaker (the role is read again from the database by every verb, U1). */
export function actorCtx(s: Session, actor?: Actor): Ctx {
  const { db, clock, speaker } = s.ctx;
  return { db, clock, actor: actor ?? { kind: "user", partnerId: speaker.partnerId, aadObjectId: speaker.aadObjectId, name: speaker.name, role: speaker.role } };
}

/** U1, answered before anything is looked up: a viewer cannot ask for a change. */
export function administratorsOnly(): Reply {
  return notice(
    "Only administrators can make changes",
    "You are a viewer of this partner account: you can look everything up, but assigning, changing seats, onboarding and the other changes are for administrators. Ask one of them (type admins to see who), or ask them to make you an administrator.",
    "Default",
  );
}

/** Asks the domain for the change: its pending change, or the refusal (nothing is written then). */
export function request(s: Session, req: ChangeRequest): Outcome<PendingChange> {
  return requestChange(actorCtx(s), req.verb, req.input as never) as Outcome<PendingChange>;
}

/** A request answered: the confirmation card, or the refusal with its reason and the day it lifts. */
export function ask(s: Session, req: ChangeRequest): Reply {
  const r = request(s, req);
  return r.ok ? confirmation(s, r.value) : refused(s, req.verb, req.input, r.refusal);
}

/** The confirmation card of a pending change; `note` on top for someone who may not confirm it. */
export function confirmation(s: Session, pending: PendingChange, note = "", requesterName = s.ctx.speaker.name): Reply {
  const d = describe(s, pending.verb, pending.input, pending.preview, true);
  const data: ConfirmCardData = {
    title: d.question,
    notice: note,
    facts: d.facts,
    itemsHeading: d.items.length ? d.itemsHeading : "",
    items: d.items.map((text) => ({ text })),
    rules: d.rules.map((text) => ({ text })),
    warnings: d.warnings.map((text) => ({ text })),
    footer: `Asked by ${requesterName} · waits for confirmation until ${instant(pending.expiresAt, s.q.timeZone)} (${s.q.timeZone}); nothing changes until then.`,
    changeId: pending.id,
    confirmTitle: d.confirmTitle,
    destructive: d.destructive,
  };
  return { attachments: [confirmCard(data)] };
}

/** The result of a change made: built from the stored outcome only, so a repeated confirmation shows the same card. */
export function done(s: Session, verb: ChangeVerb, input: unknown, value: unknown): Reply {
  const d = describe(s, verb, input, value, false);
  return outcome({
    status: "done",
    title: d.done,
    message: "",
    facts: d.facts,
    itemsHeading: d.items.length ? d.itemsHeading : "",
    items: d.items.map((text) => ({ text })),
    lines: d.rules.map((text) => ({ text })),
    customerId: d.customerId,
  });
}

/** A refusal: what could not be done, why (the domain's words), the rule, and the day it becomes possible. */
export function refused(s: Session, verb: ChangeVerb, input: unknown, refusal: Refusal, retry?: { title: string; text: string }): Reply {
  const facts = [{ title: "Rule", value: refusal.rule === "input" ? "what was entered" : refusal.rule }];
  if (refusal.allowedFrom) facts.push({ title: "Possible from", value: refusal.allowedFrom });
  const customerId = customerOf(s, input);
  return outcome({
    status: "refused",
    title: `Not possible: ${ACTION[verb]}`,
    message: `${refusal.message}${/[.!?]$/.test(refusal.message) ? "" : "."} Nothing was changed.`,
    facts,
    itemsHeading: "",
    items: [],
    lines: [],
    customerId,
    ...(retry ? { retryTitle: retry.title, retryText: retry.text } : {}),
  });
}

function outcome(data: Omit<OutcomeCardData, "retryText" | "retryTitle"> & { retryText?: string; retryTitle?: string }): Reply {
  return { attachments: [outcomeCard({ retryText: "", retryTitle: "", ...data })] };
}

function info(title: string, message: string, customerId = ""): Reply {
  return outcome({ status: "info", title, message, facts: [], itemsHeading: "", items: [], lines: [], customerId });
}

/** What each verb does, for "Not possible: …" and for someone else's change. */
const ACTION: Record<ChangeVerb, string> = {
  assign: "assign these licenses",
  changeSeats: "change the seats",
  extend: "change the expiration",
  extendAll: "extend the pool's subscriptions",
  switchPool: "switch the pool",
  disconnect: "disconnect the customer",
  onboard: "onboard the customer",
  addAdministrator: "add the administrator",
  removeAdministrator: "remove the administrator",
  changeTenantOwner: "change the tenant owner",
  allocate: "change the allocation",
};

/**
 * Confirm: the verb runs again now (domain/changes.ts). A repeated confirmation (a double click,
 * Teams retrying the invoke) gets the stored decision, rendered the same way: the same card.
 */
export function confirm(s: Session, changeId: string): Reply {
  const r = confirmChange(actorCtx(s), { id: changeId });
  forgetPools(s);
  if (!r.ok) return undecided(s, changeId, r.refusal);
  const decision = r.value;
  const row = pendingChangeOf(s.q, changeId);
  const input = row?.input;
  if (decision.outcome.ok) return done(s, decision.verb, input, decision.outcome.value);
  return refused(s, decision.verb, input, decision.outcome.refusal);
}

/** Cancel: only the requester; a change already decided keeps its decision (and shows it). */
export function cancel(s: Session, changeId: string): Reply {
  const r = cancelChange(actorCtx(s), { id: changeId });
  if (!r.ok) return undecided(s, changeId, r.refusal);
  const row = pendingChangeOf(s.q, changeId);
  if (r.value.canceled || !row) return info("Canceled", "Nothing was changed. Ask again whenever you want it.", row ? customerOf(s, row.input) : "");
  return decided(s, row) ?? info("Canceled", "Nothing was changed.");
}

/** A confirmation or cancel the domain did not run: someone else's change, expired, canceled, unknown. */
function undecided(s: Session, changeId: string, refusal: Refusal): Reply {
  const row = pendingChangeOf(s.q, changeId);
  switch (refusal.code) {
    case "NOT_REQUESTER":
      return row ? forSomeoneElse(s, row) : unknownChange();
    case "CHANGE_EXPIRED":
      return info("This change has expired", `${refusal.message} Nothing was changed.`, row ? customerOf(s, row.input) : "");
    case "CHANGE_CANCELED":
      return info("This change was canceled", "Nothing was changed. Ask for it again if you still want it.", row ? customerOf(s, row.input) : "");
    case "NOT_FOUND":
      return unknownChange();
    default:
      return notice("That change can't be confirmed", `${refusal.message} Nothing was changed.`);
  }
}

function unknownChange(): Reply {
  return notice("I can't find that change", "It is not a change asked for in your partner account, or it no longer exists. Nothing was changed. Ask for the change again if you want it.");
}

/** The stored decision of a change, as its requester saw it. */
function decided(s: Session, row: PendingChangeRef): Reply | undefined {
  const verb = row.verb as ChangeVerb;
  const stored = row.outcome as Outcome<unknown> | null;
  if (row.status === "done" && stored?.ok) return done(s, verb, row.input, stored.value);
  if (row.status === "refused" && stored && !stored.ok) return refused(s, verb, row.input, stored.refusal);
  if (row.status === "canceled") return info("This change was canceled", "Nothing was changed.", customerOf(s, row.input));
  return undefined;
}

/**
 * Someone other than the requester clicked (another administrator, a viewer, in a channel): the
 * card comes back as it was, buttons and all, with a line saying who may decide, so whatever Teams
 * does with the answer the requester can still confirm. A decided change shows its decision.
 */
function forSomeoneElse(s: Session, row: PendingChangeRef): Reply {
  const shown = decided(s, row);
  if (shown) return shown;
  const verb = row.verb as ChangeVerb;
  const note = `Only ${row.requesterName}, who asked for this change, can confirm or cancel it. It stays here for them.`;
  if (s.ctx.clock().toISOString() > row.expiresAt) return info("This change has expired", "It waited more than 24 hours. Nothing was changed.", customerOf(s, row.input));
  const requester: Actor = { kind: "user", partnerId: s.q.partnerId, aadObjectId: row.requestedBy, name: row.requesterName, role: row.requesterRole ?? "viewer" };
  const preview = previewChange(actorCtx(s, requester), verb, row.input as never);
  const pending: PendingChange = { id: row.id, verb, input: row.input as never, preview: (preview.ok ? preview.value : undefined) as never, expiresAt: row.expiresAt };
  if (preview.ok) return confirmation(s, pending, note, row.requesterName);
  // As things stand it would be refused: still the requester's to decide (and to see refused).
  const data: ConfirmCardData = {
    title: `${row.requesterName} asked to ${ACTION[verb]}`,
    notice: note,
    facts: [],
    itemsHeading: "",
    items: [],
    rules: [],
    warnings: [{ text: `As things stand it would be refused: ${preview.refusal.message}` }],
    footer: `Waits for confirmation until ${instant(row.expiresAt, s.q.timeZone)} (${s.q.timeZone}).`,
    changeId: row.id,
    confirmTitle: "Confirm",
    destructive: false,
  };
  return { attachments: [confirmCard(data)] };
}

function customerOf(s: Session, input: unknown): string {
  const id = (input as { customerId?: unknown } | null)?.customerId;
  return typeof id === "string" && ownCustomer(s.q, id) ? id : "";
}

interface Described {
  question: string;
  done: string;
  facts: { title: string; value: string }[];
  itemsHeading: string;
  items: string[];
  /** What the rules mean for it (tense-neutral: shown on the confirmation and on the result). */
  rules: string[];
  /** Outsized quantities: on the confirmation only. */
  warnings: string[];
  customerId: string;
  confirmTitle: string;
  destructive: boolean;
}

const LIST_SHOWN = 15;

function listed(lines: string[]): string[] {
  return lines.length > LIST_SHOWN ? [...lines.slice(0, LIST_SHOWN), `… and ${count(lines.length - LIST_SHOWN)} more`] : lines;
}

function serviceName(id: string): string {
  return serviceById(id)?.name ?? id;
}

function unitOf(serviceId: string): string {
  return serviceById(serviceId)?.unit ?? "user_seats";
}

function customerName(s: Session, id: string): string {
  return ownCustomer(s.q, id)?.name ?? id;
}

function poolFor(s: Session, serviceId: string, poolId: string): PoolOption | undefined {
  return poolOptions(s, { serviceId }).find((o) => o.ids.includes(poolId));
}

function poolText(pool: PoolOption | undefined, poolId: string): string {
  return pool ? pool.label : poolId;
}

/** "the A5 lock": the first day the 31-day rules no longer hold. */
function lockLifts(assignedOn: string): string {
  return addDays(assignedOn, 31);
}

/**
 * Spec, Edge cases: a quantity far above the customer's measured use, or most of what a pool has
 * left, is called out before it is confirmed (A5 locks a typo in for 31 days).
 */
function outsized(
  s: Session,
  a: { customerId: string; customer: string; serviceId: string; pool: PoolOption | undefined; total: number; extra: number; locked: boolean },
): string[] {
  const unit = unitOf(a.serviceId);
  const out: string[] = [];
  const use = latestUse(s.q, a.customerId, a.serviceId);
  if (use && use.amount !== null && a.total > Math.max(2 * use.amount, use.amount + 10)) {
    out.push(`${quantity(a.total, unit)} is far above what ${a.customer} uses now: ${quantity(Math.round(use.amount), unit)} measured on ${use.date}.`);
  }
  const left = a.pool?.available;
  if (a.pool && left !== null && left !== undefined && left > 0 && a.extra > 0 && a.extra > left / 2) {
    out.push(`This takes ${count(a.extra)} of the ${quantity(left, unit)} left in pool ${a.pool.poolId}.`);
  }
  if (out.length && a.locked) out.push("Check the number: for 31 days it can only go up, not down (A5).");
  return out;
}

/** Exactly what a change does (`value` is the preview, or the stored outcome), verb by verb. */
function describe(s: Session, verb: ChangeVerb, input: unknown, value: unknown, confirming: boolean): Described {
  const base = { itemsHeading: "", items: [] as string[], warnings: [] as string[], customerId: "", confirmTitle: "Confirm", destructive: false };
  const today = s.q.today;
  switch (verb) {
    case "assign": {
      const v = value as ValueOf<"assign">;
      const i = input as ChangeInput<"assign">;
      const a = v.assignment;
      const customer = customerName(s, a.customerId);
      const service = serviceName(a.serviceId);
      const unit = unitOf(a.serviceId);
      const pool = poolFor(s, a.serviceId, a.poolId);
      const lock = lockLifts(a.assignedOn);
      const rules = [
        `You can add ${unitsWord(unit)} at any time, but you can't lower these before ${lock} (A5).`,
        `${customer} can't be switched to another pool for this service, or disconnected, before ${lock} (A6, A7).`,
      ];
      if (v.endsWithPool) rules.push(`The pool ends on ${a.expiresOn}, within 31 days: the assignment ends with it (A4).`);
      else if (i?.expiresOn) rules.push(`It expires on the day you chose, ${a.expiresOn}; you can extend it up to the pool's end${pool ? `, ${pool.lastDay}` : ""} (A4).`);
      else if (pool && a.expiresOn === pool.lastDay && pool.paymentModel === "prepaid" && pool.channels.includes("direct") && !pool.merged)
        rules.push(`It expires with the direct contract on ${a.expiresOn}: direct prepaid assignments all end with their pool (A3).`);
      else rules.push(`It expires on ${a.expiresOn}, 31 days from today unless the pool ends sooner (A3); extend it at any time up to the pool's end${pool ? `, ${pool.lastDay}` : ""}.`);
      if (serviceById(a.serviceId)?.fly) rules.push("Fly seats stay consumed once assigned: they don't go back to the pool when the assignment ends (A9).");
      if (pool?.paymentModel === "payg") rules.push("PAYG: billed monthly for what is assigned, for at least 31 days (B1).");
      return {
        ...base,
        question: `Assign ${quantity(a.quantity, unit)} of ${service} to ${customer}?`,
        done: `Assigned ${quantity(a.quantity, unit)} of ${service} to ${customer}`,
        facts: [
          { title: "Customer", value: customer },
          { title: "Service", value: service },
          { title: "Quantity", value: quantity(a.quantity, unit) },
          { title: "From pool", value: poolText(pool, a.poolId) },
          { title: "Starts", value: a.assignedOn },
          { title: "Expires", value: a.expiresOn },
        ],
        rules,
        warnings: confirming ? outsized(s, { customerId: a.customerId, customer, serviceId: a.serviceId, pool, total: a.quantity, extra: a.quantity, locked: true }) : [],
        customerId: a.customerId,
      };
    }
    case "changeSeats": {
      const { before, after } = value as ValueOf<"changeSeats">;
      const customer = customerName(s, before.customerId);
      const service = serviceName(before.serviceId);
      const unit = unitOf(before.serviceId);
      const fly = serviceById(before.serviceId)?.fly ?? false;
      const pool = poolFor(s, before.serviceId, before.poolId);
      const lock = lockLifts(before.assignedOn);
      const up = after.quantity > before.quantity;
      const diff = Math.abs(after.quantity - before.quantity);
      const rules: string[] = [];
      if (up) {
        rules.push(today < lock ? `You can't lower them again before ${lock}, 31 days after the assignment on ${before.assignedOn} (A5).` : "You can lower them again at any time: the first 31 days are over (A5).");
        if (fly) rules.push("The added Fly seats stay consumed once assigned, even if you lower them later (A9).");
      } else {
        rules.push(fly ? `Fly seats stay consumed: lowering frees nothing in pool ${before.poolId} (A9).` : `${quantity(diff, unit)} go back to pool ${before.poolId}.`);
      }
      return {
        ...base,
        question: `${up ? "Raise" : "Lower"} ${service} for ${customer} from ${count(before.quantity)} to ${quantity(after.quantity, unit)}?`,
        done: `${up ? "Raised" : "Lowered"} ${service} for ${customer} to ${quantity(after.quantity, unit)}`,
        facts: [
          { title: "Customer", value: customer },
          { title: "Service", value: service },
          { title: "Quantity", value: `${count(before.quantity)} → ${quantity(after.quantity, unit)}` },
          { title: "Pool", value: poolText(pool, before.poolId) },
          { title: "Expires", value: before.expiresOn },
        ],
        rules,
        warnings:
          confirming && up
            ? outsized(s, { customerId: before.customerId, customer, serviceId: before.serviceId, pool, total: after.quantity, extra: diff, locked: today < lock })
            : [],
        customerId: before.customerId,
      };
    }
    case "extend": {
      const { before, after } = value as ValueOf<"extend">;
      const customer = customerName(s, before.customerId);
      const service = serviceName(before.serviceId);
      const pool = poolFor(s, before.serviceId, before.poolId);
      const minimum = lockLifts(before.assignedOn);
      const rules = [
        `An expiration is at least 31 days after the assignment on ${before.assignedOn} (${minimum}) and never after the pool's end${pool ? `, ${pool.lastDay}` : ""} (A4).`,
      ];
      if (pool && after.expiresOn === pool.lastDay) rules.push("It now ends with the pool; when the pool is renewed, extend it again (A11).");
      const later = after.expiresOn > before.expiresOn;
      return {
        ...base,
        question: `${later ? "Extend" : "Shorten"} ${service} for ${customer} to ${after.expiresOn}?`,
        done: `${later ? "Extended" : "Shortened"} ${service} for ${customer} to ${after.expiresOn}`,
        facts: [
          { title: "Customer", value: customer },
          { title: "Service", value: service },
          { title: "Expires", value: `${before.expiresOn} → ${after.expiresOn}` },
          { title: "Pool", value: poolText(pool, before.poolId) },
        ],
        rules,
        customerId: before.customerId,
      };
    }
    case "extendAll": {
      const v = value as ValueOf<"extendAll">;
      const i = input as ChangeInput<"extendAll">;
      const first = v.extended[0]?.before ?? v.skipped[0]?.assignment;
      const pool = first ? poolFor(s, first.serviceId, i.poolId) : undefined;
      const service = first ? serviceName(first.serviceId) : "";
      const extended = [...v.extended].sort((a, b) => a.customerName.localeCompare(b.customerName));
      const rules = ["Each subscription stays within A4: at least 31 days after its assignment, never after the pool's end."];
      for (const k of listed(v.skipped.map((x) => `${x.customerName} stays as it is: ${x.refusal.message}`))) rules.push(k);
      return {
        ...base,
        question: `Extend ${plural(v.extended.length, "subscription")} of pool ${i.poolId} to ${v.expiresOn}?`,
        done: `Extended ${plural(v.extended.length, "subscription")} of pool ${i.poolId} to ${v.expiresOn}`,
        facts: [
          { title: "Pool", value: poolText(pool, i.poolId) },
          ...(service ? [{ title: "Service", value: service }] : []),
          { title: "New expiration", value: `${v.expiresOn}${i.to === "end" ? " (the pool's end)" : ""}` },
          { title: "Extended", value: plural(v.extended.length, "subscription") },
          { title: "Left as they are", value: plural(v.skipped.length, "subscription") },
        ],
        itemsHeading: "Subscriptions extended",
        items: listed(extended.map((x) => `${x.customerName}: ${x.before.expiresOn} → ${x.after.expiresOn}`)),
        rules,
      };
    }
    case "switchPool": {
      const { ended, assignment } = value as ValueOf<"switchPool">;
      const customer = customerName(s, assignment.customerId);
      const service = serviceName(assignment.serviceId);
      const unit = unitOf(assignment.serviceId);
      const fly = serviceById(assignment.serviceId)?.fly ?? false;
      const from = poolFor(s, ended.serviceId, ended.poolId);
      const to = poolFor(s, assignment.serviceId, assignment.poolId);
      const lock = lockLifts(assignment.assignedOn);
      return {
        ...base,
        question: `Switch ${service} for ${customer} to pool ${assignment.poolId}?`,
        done: `Switched ${service} for ${customer} to pool ${assignment.poolId}`,
        facts: [
          { title: "Customer", value: customer },
          { title: "Service", value: service },
          { title: "From pool", value: poolText(from, ended.poolId) },
          { title: "To pool", value: poolText(to, assignment.poolId) },
          { title: "Quantity", value: quantity(assignment.quantity, unit) },
          { title: "Expires", value: assignment.expiresOn },
        ],
        rules: [
          fly
            ? `The Fly seats stay consumed in pool ${ended.poolId} (A9); the new pool's seats are consumed too.`
            : `The ${quantity(ended.quantity, unit)} go back to pool ${ended.poolId} today (A7).`,
          `The new assignment starts its own 31 days: no lowering seats, switching again or disconnecting before ${lock} (A5-A7).`,
          `It expires on ${assignment.expiresOn} (A3: the new pool's default).`,
        ],
        customerId: assignment.customerId,
      };
    }
    case "disconnect": {
      const v = value as ValueOf<"disconnect">;
      const ended = v.ended.map((a) => `${quantity(a.quantity, unitOf(a.serviceId))} of ${serviceName(a.serviceId)} from pool ${a.poolId}`);
      return {
        ...base,
        question: `Disconnect ${v.customer.name}?`,
        done: `Disconnected ${v.customer.name}`,
        facts: [
          { title: "Customer", value: v.customer.name },
          { title: "Microsoft 365 tenant", value: v.customer.m365TenantId },
          { title: "Subscriptions ending", value: plural(v.ended.length, "subscription") },
        ],
        itemsHeading: ended.length ? "Ending today" : "",
        items: listed(ended),
        rules: [
          "Their seats go back to the pools today; Fly seats stay consumed (A9).",
          "Its Microsoft 365 tenant is then free to be onboarded by another partner (A6). Its history stays here.",
        ],
        customerId: v.customer.id,
        confirmTitle: "Disconnect",
        destructive: true,
      };
    }
    case "onboard": {
      const v = value as ValueOf<"onboard">;
      const i = input as ChangeInput<"onboard">;
      const services = v.assignments.map((a) => `${quantity(a.quantity, unitOf(a.serviceId))} of ${serviceName(a.serviceId)} from pool ${a.poolId}, until ${a.expiresOn}`);
      const rules = v.assignments.length
        ? [`Each service starts its 31 days today: no lowering seats, switching pools or disconnecting before ${lockLifts(today)} (A5-A7).`]
        : ["No services yet: assign them afterwards with assign or from the customer's card."];
      return {
        ...base,
        question: `Onboard ${v.customer.name}?`,
        done: `Onboarded ${v.customer.name}`,
        facts: [
          { title: "Customer", value: v.customer.name },
          { title: "Microsoft 365 tenant", value: v.customer.m365TenantId },
          { title: "Tenant owner", value: i.tenantOwner ? `${i.tenantOwner.name} (${i.tenantOwner.upn})` : "none given" },
          { title: "Services", value: plural(v.assignments.length, "service") },
        ],
        itemsHeading: services.length ? "Services" : "",
        items: listed(services),
        rules,
        customerId: confirming ? "" : v.customer.id,
      };
    }
    case "addAdministrator":
    case "removeAdministrator": {
      const u = value as ValueOf<"addAdministrator">;
      const add = verb === "addAdministrator";
      const self = u.aadObjectId === s.ctx.speaker.aadObjectId;
      const rules = add
        ? ["Administrators change licenses, customers and settings, and confirm their own changes (U1)."]
        : ["Viewers look everything up but change nothing (U1)."];
      if (!add && self && confirming) rules.push("This is you: after it, you can no longer make changes.");
      return {
        ...base,
        question: add ? `Make ${u.name} an administrator?` : `Make ${u.name} a viewer?`,
        done: add ? `${u.name} is now an administrator` : `${u.name} is now a viewer`,
        facts: [
          { title: "User", value: u.name },
          { title: "Role", value: add ? "Viewer → Administrator" : "Administrator → Viewer" },
          ...(confirming ? [{ title: "Administrators after this", value: count(administrators(s) + (add ? 1 : -1)) }] : []),
        ],
        rules,
        destructive: !add,
        confirmTitle: add ? "Confirm" : "Make viewer",
      };
    }
    case "changeTenantOwner": {
      const v = value as ValueOf<"changeTenantOwner">;
      const users = customerUsersOf(s.q, v.customer.id);
      const previous = v.previous ? users.find((u) => u.upn === v.previous) : undefined;
      return {
        ...base,
        question: `Make ${v.owner.name} the tenant owner of ${v.customer.name}?`,
        done: `${v.owner.name} is now the tenant owner of ${v.customer.name}`,
        facts: [
          { title: "Customer", value: v.customer.name },
          { title: "Tenant owner", value: `${previous ? previous.name : v.previous ?? "none"} → ${v.owner.name} (${v.owner.upn})` },
        ],
        rules: [`A tenant owner must be a Service Administrator of the customer (C2): ${v.owner.name} is.`],
        customerId: v.customer.id,
      };
    }
    case "allocate": {
      const v = value as ValueOf<"allocate">;
      const more = v.after > v.before;
      return {
        ...base,
        question: more ? `Allocate ${count(v.after - v.before)} more of pool ${v.poolId} to ${v.mspName}?` : `Take back ${count(v.before - v.after)} of pool ${v.poolId} from ${v.mspName}?`,
        done: `${v.mspName} now holds ${count(v.after)} of pool ${v.poolId}`,
        facts: [
          { title: "Pool", value: v.poolId },
          { title: "MSP", value: v.mspName },
          { title: "Allocation", value: `${count(v.before)} → ${count(v.after)}` },
          { title: "Left unallocated", value: count(v.unallocated) },
        ],
        rules: [
          "The MSP assigns from its allocation to its customers; you pay for the whole pool (T2).",
          ...(more ? [] : ["Only seats the MSP has not assigned can be taken back (T2)."]),
        ],
      };
    }
  }
}

function administrators(s: Session): number {
  return partnerPeople(s.q, { limit: 0 }).administrators;
}
