/**
 * The forms of the changes (the button path to every change command): each form's fields, the zod
 * schema its answer is parsed with (problems go back next to their fields, nothing is written),
 * and the change request it becomes. Pickers of customers, services and pools are Teams typeahead
 * (Data.Query, answered by bot/commands/search.ts) with the likeliest choices listed up front.
 */
import { z } from "zod";
import { CHANGE_FORMS, formCard, formField, type ChangeForm, type FormFieldData } from "../../cards";
import { serviceById } from "../../domain/catalog";
import { customerUsersOf, larMsps, ownCustomer, tier2Enabled } from "../../domain/lookups";
import type { Refusal } from "../../domain/outcome";
import { partnerPeople } from "../../domain/people";
import { customerDetail, listCustomers } from "../../domain/queries";
import { SERVICE_ADMINISTRATOR } from "../../domain/verbs/changeTenantOwner";
import { administratorsOnly, ask, refused, request, confirmation, type ChangeRequest } from "./changes";
import { count, quantity as quantityText } from "./format";
import { notice, unknownCustomerId } from "./notices";
import { poolOptions, type PoolOption } from "./pools";
import { DATASETS } from "./search";
import type { Session } from "./session";
import type { Reply } from "./types";
import { day, fieldErrors, picked, quantity, raw } from "./values";

export { CHANGE_FORMS };

/** What a button knows when it opens a form. */
export interface Prefill {
  customerId?: string;
  poolId?: string;
  serviceId?: string;
  /** `onboard Initech`: the name typed. */
  name?: string;
}

type Values = Record<string, string>;
type Parsed = { ok: true; request: ChangeRequest } | { ok: false; errors: Record<string, string> };

interface FormSpec {
  /** The form needs a customer given by its button (the customer card's). */
  forCustomer: boolean;
  title(s: Session, customerName: string): string;
  intro: string;
  submitTitle: string;
  /** The fields, showing `values` (what was entered, or the prefill). */
  fields(s: Session, values: Values, customerId: string): FormFieldData[];
  /** The first values, from what the button knows. */
  prefill(s: Session, pre: Prefill): Values;
  parse(s: Session, data: Record<string, unknown>, customerId: string): Parsed;
  /** The field a refusal of the domain is about, when it is one field's. */
  fieldOf?(refusal: Refusal): string | undefined;
}

const ONBOARD_ROWS = 3;
/** Choices listed up front (typeahead finds the rest): enough to pick from, few enough for Teams' card budget. */
const CUSTOMER_CHOICES = 15;
const POOL_CHOICES = 10;
/** The onboarding form has three pool pickers. */
const ONBOARD_POOL_CHOICES = 6;

function field(id: string, label: string, kind: FormFieldData["kind"], values: Values, extra: Partial<FormFieldData> = {}): FormFieldData {
  const value = values[id] ?? "";
  const numeric = /^-?\d+$/.test(value);
  return formField({ id, label, kind, value, hasValue: kind === "number" ? numeric : value !== "", numberValue: numeric ? Number(value) : 0, ...extra });
}

function customerField(s: Session, values: Values): FormFieldData {
  const rows = listCustomers(s.q, { limit: CUSTOMER_CHOICES }).rows.filter((c) => c.status === "connected");
  const choices = rows.map((c) => ({ title: c.name, value: c.id }));
  const chosen = values.customer ? ownCustomer(s.q, values.customer) : undefined;
  if (chosen && !choices.some((c) => c.value === chosen.id)) choices.unshift({ title: chosen.name, value: chosen.id });
  return field("customer", "Customer", "query", chosen ? values : { ...values, customer: "" }, {
    required: true,
    dataset: DATASETS.customers,
    choices,
    placeholder: "Type a customer's name",
  });
}

function poolChoices(options: PoolOption[], withService: boolean, limit: number): { title: string; value: string }[] {
  return options.filter((o) => o.inTerm).slice(0, limit).map((o) => ({ title: `${withService ? `${o.serviceName} · ` : ""}${o.label} · ${o.detail}`, value: o.poolId }));
}

function poolField(s: Session, id: string, label: string, values: Values, options: { serviceId?: string; required?: boolean; help?: string; limit?: number } = {}): FormFieldData {
  const pools = poolOptions(s, options.serviceId ? { serviceId: options.serviceId } : {});
  const choices = poolChoices(pools, !options.serviceId, options.limit ?? POOL_CHOICES);
  const chosen = pools.find((p) => p.ids.includes(values[id] ?? ""));
  if (chosen && !choices.some((c) => c.value === chosen.poolId)) choices.unshift({ title: `${chosen.serviceName} · ${chosen.label} · ${chosen.detail}`, value: chosen.poolId });
  const shown = chosen ? { ...values, [id]: chosen.poolId } : { ...values, [id]: "" };
  return field(id, label, "query", shown, {
    required: options.required ?? true,
    dataset: DATASETS.pools,
    choices,
    placeholder: "Type a service, a pool id or a channel",
    help: options.help ?? "",
  });
}

/** The customer's active services, as the service picker's first choices. */
function serviceField(s: Session, customerId: string, values: Values): FormFieldData {
  const detail = customerDetail(s.q, customerId);
  const choices = (detail?.services ?? []).map((x) => ({ title: `${x.serviceName} · ${quantityText(x.quantity, x.unit)} · pool ${x.poolId} · until ${x.expiresOn}`, value: x.serviceId }));
  const id = values.serviceId ?? "";
  const known = serviceById(id);
  if (known && !choices.some((c) => c.value === id)) choices.unshift({ title: known.name, value: known.id });
  return field("serviceId", "Service", "query", known ? values : { ...values, serviceId: "" }, {
    required: true,
    dataset: DATASETS.services,
    choices,
    placeholder: "Pick one of the customer's services",
    help: choices.length ? "" : "This customer has no active services.",
  });
}

const dateHelp = (what: string) => `YYYY-MM-DD. ${what}`;

const SPECS: Record<ChangeForm, FormSpec> = {
  assign: {
    forCustomer: false,
    title: (_s, name) => (name ? `Assign licenses to ${name}` : "Assign licenses"),
    intro: "Pick the customer and the pool to draw from; the confirmation shows what will happen before anything changes.",
    submitTitle: "Review",
    prefill: (_s, pre) => ({ customer: pre.customerId ?? "", pool: pre.poolId ?? "" }),
    fields: (s, v) => [
      customerField(s, v),
      poolField(s, "pool", "Pool", v),
      field("quantity", "Quantity", "number", v, { required: true, placeholder: "Seats, GB, objects or units" }),
      field("expiresOn", "Expires on (optional)", "date", v, {
        min: s.q.today,
        help: dateHelp("Leave it empty for the default: 31 days from today, or the contract's end for a direct prepaid pool (A3)."),
      }),
    ],
    parse: (s, data, customerId) =>
      parse(
        z.object({ customer: picked("customer"), pool: picked("pool"), quantity: quantity(), expiresOn: day(s.q.today) }),
        { ...data, customer: data.customer ?? customerId },
        (v) => ({ verb: "assign", input: { customerId: v.customer!, poolId: v.pool!, quantity: v.quantity!, ...(v.expiresOn ? { expiresOn: v.expiresOn } : {}) } }),
      ),
    fieldOf: (r) => byCode(r, { customer: "customer", pool: "pool", quantity: "quantity", expiry: "expiresOn" }),
  },
  seats: {
    forCustomer: true,
    title: (_s, name) => `Change seats for ${name}`,
    intro: "Seats can go up at any time within what the pool has left (P8), and down only 31 days after the assignment (A5).",
    submitTitle: "Review",
    prefill: (s, pre) => ({ serviceId: pre.serviceId ?? "", quantity: currentQuantity(s, pre) }),
    fields: (s, v, customerId) => [serviceField(s, customerId, v), field("quantity", "New quantity", "number", v, { required: true })],
    parse: (_s, data, customerId) =>
      parse(z.object({ serviceId: picked("service"), quantity: quantity() }), data, (v) => ({
        verb: "changeSeats",
        input: { customerId, serviceId: v.serviceId!, quantity: v.quantity! },
      })),
    fieldOf: (r) => byCode(r, { service: "serviceId", quantity: "quantity" }),
  },
  extend: {
    forCustomer: true,
    title: (_s, name) => `Change an expiration for ${name}`,
    intro: "An expiration is at least 31 days after the assignment and never after the pool's end (A4).",
    submitTitle: "Review",
    prefill: (_s, pre) => ({ serviceId: pre.serviceId ?? "" }),
    fields: (s, v, customerId) => [serviceField(s, customerId, v), field("expiresOn", "Expires on", "date", v, { required: true, min: s.q.today, help: "YYYY-MM-DD." })],
    parse: (s, data, customerId) =>
      parse(z.object({ serviceId: picked("service"), expiresOn: day(s.q.today, { required: true }) }), data, (v) => ({
        verb: "extend",
        input: { customerId, serviceId: v.serviceId!, expiresOn: v.expiresOn! },
      })),
    fieldOf: (r) => byCode(r, { service: "serviceId", expiry: "expiresOn" }),
  },
  switch: {
    forCustomer: true,
    title: (_s, name) => `Switch a pool for ${name}`,
    intro: "After the first 31 days a service can move to another pool of the same service; its seats go back to the old pool (A7).",
    submitTitle: "Review",
    prefill: (_s, pre) => ({ serviceId: pre.serviceId ?? "", pool: pre.poolId ?? "" }),
    fields: (s, v, customerId) => [serviceField(s, customerId, v), poolField(s, "pool", "To pool", v)],
    parse: (_s, data, customerId) =>
      parse(z.object({ serviceId: picked("service"), pool: picked("pool") }), data, (v) => ({
        verb: "switchPool",
        input: { customerId, serviceId: v.serviceId!, toPoolId: v.pool! },
      })),
    fieldOf: (r) => byCode(r, { service: "serviceId", pool: "pool", switch: "pool" }),
  },
  extendAll: {
    forCustomer: false,
    title: () => "Extend a renewed pool's subscriptions",
    intro: "After a renewal, move every active subscription of a pool to one expiration; each stays within A4 (A11).",
    submitTitle: "Review",
    prefill: (_s, pre) => ({ pool: pre.poolId ?? "" }),
    fields: (s, v) => [
      poolField(s, "pool", "Pool", v),
      field("to", "New expiration (optional)", "date", v, { min: s.q.today, help: dateHelp("Leave it empty for the pool's end.") }),
    ],
    parse: (s, data) =>
      parse(z.object({ pool: picked("pool"), to: day(s.q.today) }), data, (v) => ({ verb: "extendAll", input: { poolId: v.pool!, to: v.to ?? "end" } })),
    fieldOf: (r) => byCode(r, { pool: "pool", expiry: "to" }),
  },
  onboard: {
    forCustomer: false,
    title: () => "Onboard a customer",
    intro: "A customer's Microsoft 365 tenant is connected to one partner at a time (A6). Add up to three services now, or assign them later.",
    submitTitle: "Review",
    prefill: (s, pre) => {
      const again = pre.customerId ? ownCustomer(s.q, pre.customerId) : undefined;
      return { name: again?.name ?? pre.name ?? "", m365TenantId: again?.m365TenantId ?? "", pool1: pre.poolId ?? "" };
    },
    fields: (s, v) => [
      field("name", "Customer name", "text", v, { required: true, maxLength: 200, placeholder: "e.g. Fabrikam, Inc." }),
      field("m365TenantId", "Microsoft 365 tenant id", "text", v, { required: true, maxLength: 36, placeholder: "00000000-0000-0000-0000-000000000000" }),
      field("ownerUpn", "Tenant owner's sign-in (optional)", "text", v, { maxLength: 200, placeholder: "name@customer.com" }),
      field("ownerName", "Tenant owner's name (optional)", "text", v, { maxLength: 200 }),
      ...Array.from({ length: ONBOARD_ROWS }, (_, k) => {
        const n = k + 1;
        return [
          poolField(s, `pool${n}`, `Service ${n}: pool (optional)`, v, { required: false, limit: ONBOARD_POOL_CHOICES }),
          field(`quantity${n}`, `Service ${n}: quantity`, "number", v),
          field(`expiresOn${n}`, `Service ${n}: expires on (optional)`, "date", v, { min: s.q.today }),
        ];
      }).flat(),
    ],
    parse: (s, data) => parseOnboard(s, data),
    fieldOf: (r) => (r.code === "TENANT_ALREADY_CONNECTED" ? "m365TenantId" : undefined),
  },
  disconnect: {
    forCustomer: true,
    title: (_s, name) => `Disconnect ${name}`,
    intro: "",
    submitTitle: "Review",
    prefill: () => ({}),
    fields: () => [],
    parse: (_s, _data, customerId) => ({ ok: true, request: { verb: "disconnect", input: { customerId } } }),
  },
  owner: {
    forCustomer: true,
    title: (_s, name) => `Change the tenant owner of ${name}`,
    intro: "The tenant owner must be one of the customer's users with the Service Administrator role (C2).",
    submitTitle: "Review",
    prefill: () => ({}),
    fields: (s, v, customerId) => {
      const admins = customerUsersOf(s.q, customerId).filter((u) => u.roles.some((r) => r.toLowerCase() === SERVICE_ADMINISTRATOR.toLowerCase()));
      if (admins.length === 0) return [field("upn", "New tenant owner's sign-in", "text", v, { required: true, help: "This customer has no user with the Service Administrator role on record." })];
      return [
        field("upn", "New tenant owner", "choice", v, {
          required: true,
          choices: admins.map((u) => ({ title: `${u.name} (${u.upn})${u.tenantOwner ? " · owner now" : ""}`, value: u.upn })),
        }),
      ];
    },
    parse: (_s, data, customerId) =>
      parse(z.object({ upn: picked("user") }), data, (v) => ({ verb: "changeTenantOwner", input: { customerId, upn: v.upn! } })),
    fieldOf: (r) => (["OWNER_NOT_SERVICE_ADMIN", "NOT_FOUND", "NOTHING_TO_CHANGE"].includes(r.code) ? "upn" : undefined),
  },
  adminAdd: {
    forCustomer: false,
    title: () => "Add an administrator",
    intro: "An administrator changes licenses, customers and settings. Pick one of your partner's users (U1).",
    submitTitle: "Review",
    prefill: () => ({}),
    fields: (s, v) => [userField(s, v, "viewer")],
    parse: (_s, data) => parse(z.object({ user: picked("user") }), data, (v) => ({ verb: "addAdministrator", input: { aadObjectId: v.user! } })),
    fieldOf: () => "user",
  },
  adminRemove: {
    forCustomer: false,
    title: () => "Remove an administrator",
    intro: "The administrator becomes a viewer, who reads but changes nothing. The last administrator stays (U1).",
    submitTitle: "Review",
    prefill: () => ({}),
    fields: (s, v) => [userField(s, v, "administrator")],
    parse: (_s, data) => parse(z.object({ user: picked("user") }), data, (v) => ({ verb: "removeAdministrator", input: { aadObjectId: v.user! } })),
    fieldOf: () => "user",
  },
  allocate: {
    forCustomer: false,
    title: () => "Allocate seats to an MSP",
    intro: "Add seats of your pool to one of your MSPs' allocation, or take back seats it has not assigned with a negative number (T2).",
    submitTitle: "Review",
    prefill: (_s, pre) => ({ pool: pre.poolId ?? "" }),
    fields: (s, v) => {
      const pools = poolOptions(s).filter((o) => o.paymentModel === "prepaid" && o.inTerm && !o.label.includes("from your LAR"));
      const msps = larMsps(s.q);
      return [
        field("pool", "Pool", "choice", v, { required: true, choices: pools.map((o) => ({ title: `${o.serviceName} · ${o.label} · ${o.detail}`, value: o.poolId })) }),
        field("msp", "MSP", "choice", v, { required: true, choices: msps.map((m) => ({ title: m.name, value: m.id })) }),
        field("quantity", "Seats to add (negative to take back)", "number", v, { required: true }),
      ];
    },
    parse: (_s, data) =>
      parse(z.object({ pool: picked("pool"), msp: picked("MSP"), quantity: quantity({ signed: true }) }), data, (v) => ({
        verb: "allocate",
        input: { poolId: v.pool!, mspId: v.msp!, quantity: v.quantity! },
      })),
    fieldOf: (r) => byCode(r, { pool: "pool", quantity: "quantity", msp: "msp" }),
  },
};

function userField(s: Session, v: Values, role: "administrator" | "viewer"): FormFieldData {
  const me = s.ctx.speaker.aadObjectId;
  const people = partnerPeople(s.q, { limit: 200 }).rows.filter((u) => u.role === role);
  return field("user", role === "viewer" ? "Viewer to make an administrator" : "Administrator to make a viewer", "choice", v, {
    required: true,
    choices: people.map((u) => ({ title: u.aadObjectId === me ? `${u.name} (you)` : u.name, value: u.aadObjectId })),
  });
}

function currentQuantity(s: Session, pre: Prefill): string {
  if (!pre.customerId || !pre.serviceId) return "";
  const x = customerDetail(s.q, pre.customerId)?.services.find((y) => y.serviceId === pre.serviceId);
  return x ? String(x.quantity) : "";
}

function parse<S extends z.ZodTypeAny>(schema: S, data: Record<string, unknown>, build: (v: z.output<S>) => ChangeRequest): Parsed {
  const r = schema.safeParse(data);
  if (!r.success) return { ok: false, errors: fieldErrors(r.error) };
  return { ok: true, request: build(r.data) };
}

const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseOnboard(s: Session, data: Record<string, unknown>): Parsed {
  const rows = Array.from({ length: ONBOARD_ROWS }, (_, k) => k + 1);
  const shape: Record<string, z.ZodTypeAny> = {
    name: raw.pipe(z.string().min(1, "is required").max(200, "has at most 200 characters")),
    m365TenantId: raw.pipe(z.string().min(1, "is required").regex(TENANT_ID, "is not a tenant id: it looks like 00000000-0000-0000-0000-000000000000")),
    ownerUpn: raw.pipe(z.union([z.literal(""), z.string().email("is not a sign-in name (name@domain)")])),
    ownerName: raw.pipe(z.string().max(200, "has at most 200 characters")),
  };
  for (const n of rows) {
    shape[`pool${n}`] = picked("pool", { required: false });
    shape[`quantity${n}`] = quantity({ required: false });
    shape[`expiresOn${n}`] = day(s.q.today);
  }
  const schema = z.object(shape).superRefine((v, ctx) => {
    if (v.ownerUpn && !v.ownerName) ctx.addIssue({ code: "custom", path: ["ownerName"], message: "is required with the tenant owner's sign-in" });
    if (v.ownerName && !v.ownerUpn) ctx.addIssue({ code: "custom", path: ["ownerUpn"], message: "is required with the tenant owner's name" });
    const seen = new Map<string, number>();
    for (const n of rows) {
      const pool = v[`pool${n}`] as string | undefined;
      const qty = v[`quantity${n}`] as number | undefined;
      const raw = data[`quantity${n}`];
      const typed = raw !== undefined && raw !== null && String(raw).trim() !== "";
      if (pool && !typed) ctx.addIssue({ code: "custom", path: [`quantity${n}`], message: "is required for this service" });
      if (!pool && (typed || v[`expiresOn${n}`])) ctx.addIssue({ code: "custom", path: [`pool${n}`], message: "pick the pool this service comes from" });
      if (pool && qty !== undefined) {
        if (seen.has(pool)) ctx.addIssue({ code: "custom", path: [`pool${n}`], message: `is the same pool as service ${seen.get(pool)}` });
        seen.set(pool, n);
      }
    }
  });
  const r = schema.safeParse(data);
  if (!r.success) return { ok: false, errors: fieldErrors(r.error) };
  const v = r.data as Record<string, unknown>;
  const services = rows
    .filter((n) => v[`pool${n}`])
    .map((n) => ({ poolId: v[`pool${n}`] as string, quantity: v[`quantity${n}`] as number, ...(v[`expiresOn${n}`] ? { expiresOn: v[`expiresOn${n}`] as string } : {}) }));
  return {
    ok: true,
    request: {
      verb: "onboard",
      input: {
        name: v.name as string,
        m365TenantId: (v.m365TenantId as string).toLowerCase(),
        services,
        ...(v.ownerUpn ? { tenantOwner: { upn: v.ownerUpn as string, name: v.ownerName as string } } : {}),
      },
    },
  };
}

/** The field a domain refusal concerns, from its code (and for "not found", the thing it names). */
function byCode(r: Refusal, f: { customer?: string; service?: string; pool?: string; quantity?: string; expiry?: string; switch?: string; msp?: string }): string | undefined {
  switch (r.code) {
    case "INSUFFICIENT_CAPACITY":
    case "SEAT_REDUCTION_TOO_EARLY":
    case "ALLOCATION_EXCEEDS_POOL":
    case "ALLOCATION_IN_USE":
      return f.quantity;
    case "NOTHING_TO_CHANGE":
      return f.quantity ?? f.expiry;
    case "EXPIRATION_TOO_EARLY":
    case "EXPIRATION_AFTER_POOL_END":
    case "EXPIRATION_IN_PAST":
      return f.expiry;
    case "POOL_NOT_IN_TERM":
    case "POOL_CANCELED":
    case "PAYMENT_MODEL_MIXED":
    case "TIER2_NOT_ENABLED":
      return f.pool;
    case "SWITCH_INVALID":
      return f.switch ?? f.pool;
    case "ASSIGNMENT_NOT_ACTIVE":
    case "LICENSE_PRECEDENCE":
      return f.service ?? f.customer;
    case "ALREADY_ASSIGNED":
    case "CUSTOMER_DISCONNECTED":
      return f.customer;
    case "NOT_A_LAR_MSP":
      return f.msp ?? f.pool;
    case "NOT_FOUND":
      if (/customer/i.test(r.message)) return f.customer;
      if (/pool/i.test(r.message)) return f.pool;
      if (/service/i.test(r.message)) return f.service;
      return undefined;
    default:
      return undefined;
  }
}

/** `change.form`: the form, prefilled from what the button knows. */
export function openForm(s: Session, form: ChangeForm, pre: Prefill): Reply {
  if (!s.isAdmin) return administratorsOnly();
  const spec = SPECS[form];
  const customerId = pre.customerId ?? "";
  const guard = guardForm(s, form, spec, customerId);
  if (guard) return guard;
  if (form === "disconnect") return ask(s, { verb: "disconnect", input: { customerId } });
  return renderForm(s, form, spec.prefill(s, pre), spec.forCustomer ? customerId : "", {}, "");
}

/** What a form cannot be shown without: its customer (the speaker's own), a LAR for allocate, someone to pick. */
function guardForm(s: Session, form: ChangeForm, spec: FormSpec, customerId: string): Reply | undefined {
  if (spec.forCustomer && (!customerId || !ownCustomer(s.q, customerId))) return unknownCustomerId();
  if (form === "allocate" && (s.q.kind !== "lar" || !tier2Enabled(s.q))) {
    return notice("Allocating is for Tier 2 LARs", "Only a licensing reseller with Tier 2 enabled allocates its pools to MSPs (T1, T2). Nothing was changed.", "Default");
  }
  const people = form === "adminAdd" || form === "adminRemove" ? partnerPeople(s.q, { limit: 0 }) : undefined;
  if (form === "adminRemove" && people!.administrators <= 1) {
    return notice("There is only one administrator", "The last administrator can't be removed: add another administrator first (U1).", "Default");
  }
  if (form === "adminAdd" && people!.administrators === people!.total) {
    return notice("Everyone is an administrator already", "Every user of your partner account is an administrator. New users are added to the partner account by the vendor's portal, then appear here as viewers.", "Default");
  }
  return undefined;
}

/** `errors`: each field's problem, a zod message ("is required") put after the field's label, or a sentence of the domain's. */
function renderForm(s: Session, form: ChangeForm, values: Values, customerId: string, errors: Record<string, string>, top: string, sentences = false): Reply {
  const spec = SPECS[form];
  const about = customerId || (form === "assign" ? values.customer ?? "" : "");
  const customer = about ? ownCustomer(s.q, about)?.name ?? "" : "";
  const say = (f: FormFieldData, problem: string) => (sentences ? problem : `${f.label.replace(/ \(optional\)$/, "")} ${problem}.`);
  const fields = spec.fields(s, values, customerId).map((f) => ({ ...f, error: errors[f.id] ? say(f, errors[f.id]!) : "" }));
  return {
    attachments: [
      formCard({ form, title: spec.title(s, customer), intro: spec.intro, notice: top, customerId, fields, submitTitle: spec.submitTitle }),
    ],
  };
}

/**
 * `change.submit`: the form's answer parsed with its schema. Problems: the form again, with each
 * problem under its field and nothing written. A refusal of the domain: the form again with the
 * reason (and when it lifts) on top. Otherwise the confirmation card, in place of the form.
 */
export function submitForm(s: Session, form: ChangeForm, data: Record<string, unknown>): Reply {
  if (!s.isAdmin) return administratorsOnly();
  const spec = SPECS[form];
  const customerId = spec.forCustomer ? String(data.customerId ?? "") : "";
  const guard = guardForm(s, form, spec, customerId);
  if (guard) return guard;
  const values: Values = {};
  for (const [k, v] of Object.entries(data)) if (typeof v === "string" || typeof v === "number") values[k] = String(v).slice(0, 300);
  const parsed = spec.parse(s, data, customerId);
  if (!parsed.ok) {
    const n = Object.keys(parsed.errors).length;
    return renderForm(s, form, values, customerId, parsed.errors, `Nothing was changed: ${n === 1 ? "one field needs" : `${count(n)} fields need`} a fix, marked below.`);
  }
  const r = request(s, parsed.request);
  if (r.ok) return confirmation(s, r.value);
  if (form === "disconnect") return refused(s, "disconnect", parsed.request.input, r.refusal);
  const at = spec.fieldOf?.(r.refusal);
  const when = r.refusal.allowedFrom ? ` Possible from ${r.refusal.allowedFrom}.` : "";
  const top = `Not possible (${r.refusal.rule === "input" ? "what was entered" : r.refusal.rule}): ${r.refusal.message}${when} Nothing was changed.`;
  return renderForm(s, form, values, customerId, at ? { [at]: r.refusal.message } : {}, top, true);
}
