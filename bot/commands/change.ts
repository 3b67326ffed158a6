/**
 * The change commands as typed (spec table): numbers and dates are checked first, then names are
 * resolved forgivingly (customers, services, pools, users, MSPs); a bad number, an unknown or an
 * ambiguous name gets a clear answer (with the candidates or nearest names as buttons that run the
 * command again with the one picked) and no confirmation. Only then is the change asked for.
 */
import { pickCard, type ChangeForm, type PickOptionData } from "../../cards";
import type { CatalogService } from "../../db/catalog";
import { matchService, namedServiceById, serviceById } from "../../domain/catalog";
import { customerUsersOf, heldServiceIds, larMsps, tier2Enabled } from "../../domain/lookups";
import { matchName, type Named } from "../../domain/names";
import { partnerPeople } from "../../domain/people";
import { customerDetail } from "../../domain/queries";
import { administratorsOnly, ask } from "./changes";
import { quote } from "./format";
import { openForm } from "./forms";
import { notice } from "./notices";
import type { ChangeCommand } from "./parse";
import { matchPool, poolOptions, type PoolOption } from "./pools";
import { namedCustomers, resolveCustomerIn, type NamedCustomer } from "./resolve";
import type { Session } from "./session";
import type { Reply } from "./types";
import { day, quantity } from "./values";

/** How each command is typed, for an answer to one typed with a part missing. */
export const CHANGE_USAGE: Record<ChangeForm, string> = {
  assign: "assign ‹qty› ‹service› to ‹customer› [from ‹pool›] [until ‹YYYY-MM-DD›], e.g. assign 10 m365 backup to fabrikam from direct",
  seats: "seats ‹customer› ‹service› ‹qty›, e.g. seats fabrikam m365 backup 250",
  extend: "extend ‹customer› ‹service› to ‹YYYY-MM-DD›, e.g. extend fabrikam m365 backup to 2026-12-31",
  extendAll: "extend all ‹pool› to ‹YYYY-MM-DD› or to end, e.g. extend all contoso-m365-payg to end",
  switch: "switch ‹customer› ‹service› to ‹pool›, e.g. switch northwind m365 backup to marketplace",
  onboard: "onboard [‹customer name›]: the onboarding form",
  disconnect: "disconnect ‹customer›",
  owner: "owner ‹customer› ‹user›, e.g. owner fabrikam ava.adams@fabrikam.com",
  adminAdd: "admin add ‹user›",
  adminRemove: "admin remove ‹user›",
  allocate: "allocate ‹qty› ‹pool› to ‹msp›, e.g. allocate 50 trey-m365-direct to relecloud",
};

export function changeUsage(s: Session, form: ChangeForm, name: string): Reply {
  return pick({ message: `To use ${name}, type: ${CHANGE_USAGE[form]}.`, prompt: s.isAdmin ? "Or use the form." : "", options: [], form: s.isAdmin ? form : "", customerId: "" });
}

/** A typed change command: checked, resolved, then asked for (its confirmation card, or the refusal). */
export function runChange(s: Session, c: ChangeCommand): Reply {
  if (!s.isAdmin) return administratorsOnly();
  switch (c.form) {
    case "assign":
      return assign(s, c);
    case "seats":
      return seats(s, c);
    case "extend":
      return extend(s, c);
    case "extendAll":
      return extendAll(s, c);
    case "switch":
      return switchPool(s, c);
    case "onboard":
      return openForm(s, "onboard", { name: c.name.slice(0, 200) });
    case "disconnect":
      return disconnect(s, c);
    case "owner":
      return owner(s, c);
    case "adminAdd":
    case "adminRemove":
      return administrator(s, c);
    case "allocate":
      return allocate(s, c);
  }
}

/** Options shown at most (a customer's 34 services, a LAR's many MSPs): the form picks among the rest. */
const PICK_MAX = 12;

function pick(data: Parameters<typeof pickCard>[0]): Reply {
  const more = data.options.length - PICK_MAX;
  const prompt = more > 0 ? `${data.prompt} (the first ${PICK_MAX}; the form finds the other ${more})` : data.prompt;
  return { attachments: [pickCard({ ...data, prompt, options: data.options.slice(0, PICK_MAX) })] };
}

/** A number or date that can't be used: said plainly, nothing asked for. */
function badValue(form: ChangeForm, what: string, problem: string, customerId = ""): Reply {
  return pick({ message: `The ${what} ${problem}.`, prompt: `Nothing was changed. Type it again, for example: ${CHANGE_USAGE[form].split(", e.g. ")[1] ?? CHANGE_USAGE[form]}.`, options: [], form, customerId });
}

function checkQuantity(form: ChangeForm, text: string, signed = false): number | Reply {
  const r = quantity({ signed }).safeParse(text);
  return r.success ? r.data! : badValue(form, "quantity", r.error.issues[0]!.message);
}

function checkDay(s: Session, form: ChangeForm, text: string, what = "date"): string | Reply {
  const r = day(s.q.today, { required: true }).safeParse(text);
  return r.success ? r.data! : badValue(form, what, r.error.issues[0]!.message);
}

const isReply = (v: unknown): v is Reply => typeof v === "object" && v !== null && ("attachments" in v || "text" in v);

/**
 * A service typed in a command (not tied to a customer): first among the services the partner has
 * pools of ("opus" is the Opus service it sells), then the whole catalog; the one, or a card with
 * the candidates.
 */
function resolveService(s: Session, form: ChangeForm, typed: string, rebuild: (serviceId: string) => string): CatalogService | Reply {
  const held = heldServiceIds(s.q).flatMap((id) => namedServiceById(id) ?? []);
  const own = matchName(typed, held);
  if (own.kind === "match") return serviceById(own.item.id)!;
  const m = matchService(typed);
  if (m.kind === "match") return m.item;
  const list = own.kind === "ambiguous" ? own.candidates : m.kind === "ambiguous" ? m.candidates : m.suggestions;
  const options = list.map((c) => ({ title: c.name, detail: "", text: rebuild(c.id) }));
  const several = own.kind === "ambiguous" || m.kind === "ambiguous";
  return pick({
    message: several ? `Several services match ${quote(typed)}.` : `I don't know a service called ${quote(typed)}.`,
    prompt: options.length ? (several ? "Which one do you mean?" : "Did you mean one of these?") : "Type help to see the commands, or use the form to pick from your pools.",
    options,
    form,
    customerId: "",
  });
}

function resolveCustomer(form: ChangeForm, all: readonly NamedCustomer[], typed: string, rebuild: (customerId: string) => string): NamedCustomer | Reply {
  const m = resolveCustomerIn(all, typed);
  if (m.kind === "match") return m.customer;
  const list = m.kind === "ambiguous" ? m.candidates : m.suggestions;
  return pick({
    message: m.kind === "ambiguous" ? `${list.length} customers match ${quote(typed)}.` : `I don't know a customer called ${quote(typed)}.`,
    prompt: list.length ? (m.kind === "ambiguous" ? "Which one do you mean?" : "Did you mean one of these?") : "No customer has a name like that. Type customers to see them all.",
    options: list.map((c) => ({ title: c.name, detail: "", text: rebuild(c.id) })),
    form,
    customerId: "",
  });
}

function poolPick(form: ChangeForm, message: string, prompt: string, options: PoolOption[], rebuild: (poolId: string) => string, customerId = ""): Reply {
  return pick({
    message,
    prompt: options.length ? prompt : "You have no pool of it in term today: licenses are only given from a pool within its term (P7).",
    options: options.slice(0, 10).map((o): PickOptionData => ({ title: o.label, detail: `${o.serviceName} · ${o.detail}`, text: rebuild(o.poolId) })),
    form,
    customerId,
  });
}

/** A pool typed for a service (or, with none typed, the service's only pool in term). */
function resolvePool(form: ChangeForm, options: PoolOption[], typed: string | null, serviceName: string, rebuild: (poolId: string) => string, customerId = ""): PoolOption | Reply {
  if (typed === null) {
    const inTerm = options.filter((o) => o.inTerm);
    if (inTerm.length === 1) return inTerm[0]!;
    if (inTerm.length === 0) {
      return pick({
        message: `You have no pool of ${serviceName} in term today.`,
        prompt: "Licenses are only given from a pool within its term (P7).",
        options: [],
        form,
        customerId,
      });
    }
    return poolPick(form, `You have ${inTerm.length} pools of ${serviceName}.`, "Which one should the seats come from?", inTerm, rebuild, customerId);
  }
  const m = matchPool(options, typed);
  if (m.kind === "match") return m.pool;
  if (m.kind === "ambiguous") return poolPick(form, `${quote(typed)} fits ${m.options.length} pools of ${serviceName}.`, "Which one do you mean?", m.options, rebuild, customerId);
  return poolPick(form, `${serviceName} has no pool ${quote(typed)}.`, "Name a pool by its id or by its channel (direct, marketplace, off-marketplace, payg). Your pools of it:", m.options, rebuild, customerId);
}

function assign(s: Session, c: Extract<ChangeCommand, { form: "assign" }>): Reply {
  const qty = checkQuantity("assign", c.quantity);
  if (isReply(qty)) return qty;
  const until = c.until === null ? null : checkDay(s, "assign", c.until, "expiration date");
  if (isReply(until)) return until;
  const text = (p: { service?: string; customer?: string; pool?: string | null }) =>
    `assign ${c.quantity} ${p.service ?? c.service} to ${p.customer ?? c.customer}${(p.pool ?? c.pool) ? ` from ${p.pool ?? c.pool}` : ""}${c.until ? ` until ${c.until}` : ""}`;
  const service = resolveService(s, "assign", c.service, (id) => text({ service: id }));
  if (isReply(service)) return service;
  const customer = resolveCustomer("assign", namedCustomers(s.q), c.customer, (id) => text({ service: service.id, customer: id }));
  if (isReply(customer)) return customer;
  const pool = resolvePool("assign", poolOptions(s, { serviceId: service.id }), c.pool, service.name, (id) => text({ service: service.id, customer: customer.id, pool: id }), customer.id);
  if (isReply(pool)) return pool;
  return ask(s, { verb: "assign", input: { customerId: customer.id, poolId: pool.poolId, quantity: qty, ...(until ? { expiresOn: until } : {}) } });
}

interface ServiceEntry extends Named {
  id: string;
  name: string;
  aliases: string[];
}

/** A customer's active services, as names to match (their catalog names and abbreviations). */
function activeServices(s: Session, customerId: string): ServiceEntry[] {
  return (customerDetail(s.q, customerId)?.services ?? []).map((x) => {
    return { id: x.serviceId, name: x.serviceName, aliases: namedServiceById(x.serviceId)?.aliases ?? [] };
  });
}

type Target = { customer: NamedCustomer; serviceId: string };

/**
 * Where to split typed words into `<customer> <the rest>`: the first `i` words name the customer,
 * for `i` from `longest` down to 1, every reading as typed before any with two neighbouring words
 * run together ("north wind"), so a run-together reading never wins over a plain one.
 */
function readings(longest: number): { i: number; runTogether: boolean }[] {
  return [false, true].flatMap((runTogether) => Array.from({ length: longest }, (_, k) => ({ i: longest - k, runTogether })));
}

/**
 * `<customer> <service>` with no word between them: the reading where the longest start of the
 * words is one customer and the rest one of its services (or, failing that, a catalog service, so
 * the domain can say the customer has none). A customer with one service needs no service named.
 */
function resolveTarget(s: Session, form: ChangeForm, typed: string, rebuild: (customer: string, service: string) => string): Target | Reply {
  const words = typed.split(" ").filter(Boolean);
  const all = namedCustomers(s.q);
  let found: { customer: NamedCustomer; serviceText: string; services: ServiceEntry[] } | undefined;
  for (const { i, runTogether } of readings(words.length)) {
    // A customer found by a plain reading is not traded for one with words run together.
    if (runTogether && i === words.length && found) break;
    const m = resolveCustomerIn(all, words.slice(0, i).join(" "), { runTogether });
    if (m.kind !== "match") continue;
    const serviceText = words.slice(i).join(" ");
    const services = activeServices(s, m.customer.id);
    if (serviceText === "") {
      if (services.length === 1) return { customer: m.customer, serviceId: services[0]!.id };
      found ??= { customer: m.customer, serviceText, services };
      continue;
    }
    const own = matchName(serviceText, services);
    if (own.kind === "match") return { customer: m.customer, serviceId: own.item.id };
    const any = matchService(serviceText);
    if (any.kind === "match") return { customer: m.customer, serviceId: any.item.id };
    found ??= { customer: m.customer, serviceText, services };
  }
  if (found) {
    const { customer, serviceText, services } = found;
    const own = serviceText ? matchName(serviceText, services) : undefined;
    const options = own?.kind === "ambiguous" ? own.candidates : services;
    return pick({
      message: serviceText
        ? own?.kind === "ambiguous"
          ? `${customer.name} has several services matching ${quote(serviceText)}.`
          : `${customer.name} has no service like ${quote(serviceText)}.`
        : `Which of ${customer.name}'s services?`,
      prompt: options.length ? "Pick one:" : `${customer.name} has no active services.`,
      options: options.map((x) => ({ title: x.name, detail: "", text: rebuild(customer.id, x.id) })),
      form,
      customerId: customer.id,
    });
  }
  // No reading names a customer: say so for the words before the service, when a service is recognisable.
  let split = words.length > 1 ? words.length - 1 : words.length;
  for (let i = 1; i < words.length; i++) {
    if (matchService(words.slice(i).join(" ")).kind === "match") {
      split = i;
      break;
    }
  }
  const serviceText = words.slice(split).join(" ");
  const customer = resolveCustomer(form, all, words.slice(0, split).join(" "), (id) => rebuild(id, serviceText));
  if (isReply(customer)) return customer;
  return pick({ message: `${customer.name} has no service like ${quote(serviceText)}.`, prompt: "", options: [], form, customerId: customer.id });
}

function seats(s: Session, c: Extract<ChangeCommand, { form: "seats" }>): Reply {
  const qty = checkQuantity("seats", c.quantity);
  if (isReply(qty)) return qty;
  const t = resolveTarget(s, "seats", c.target, (customer, service) => `seats ${customer} ${service} ${c.quantity}`);
  if (isReply(t)) return t;
  return ask(s, { verb: "changeSeats", input: { customerId: t.customer.id, serviceId: t.serviceId, quantity: qty } });
}

function extend(s: Session, c: Extract<ChangeCommand, { form: "extend" }>): Reply {
  const date = checkDay(s, "extend", c.date, "new expiration date");
  if (isReply(date)) return date;
  const t = resolveTarget(s, "extend", c.target, (customer, service) => `extend ${customer} ${service} to ${c.date}`);
  if (isReply(t)) return t;
  return ask(s, { verb: "extend", input: { customerId: t.customer.id, serviceId: t.serviceId, expiresOn: date } });
}

function extendAll(s: Session, c: Extract<ChangeCommand, { form: "extendAll" }>): Reply {
  const to = c.to.toLowerCase() === "end" ? "end" : checkDay(s, "extendAll", c.to, "new expiration date");
  if (isReply(to)) return to;
  const options = poolOptions(s);
  const m = matchPool(options, c.pool);
  const rebuild = (id: string) => `extend all ${id} to ${c.to}`;
  if (m.kind !== "match") {
    return m.kind === "ambiguous"
      ? poolPick("extendAll", `${quote(c.pool)} fits ${m.options.length} pools.`, "Which one do you mean?", m.options, rebuild)
      : poolPick("extendAll", `You have no pool ${quote(c.pool)}.`, "Name a pool by its id. Your pools in term:", m.options, rebuild);
  }
  return ask(s, { verb: "extendAll", input: { poolId: m.pool.poolId, to } });
}

function switchPool(s: Session, c: Extract<ChangeCommand, { form: "switch" }>): Reply {
  const t = resolveTarget(s, "switch", c.target, (customer, service) => `switch ${customer} ${service} to ${c.pool}`);
  if (isReply(t)) return t;
  const current = customerDetail(s.q, t.customer.id)?.services.find((x) => x.serviceId === t.serviceId);
  // A channel word means another pool than the one the customer draws from now.
  const all = poolOptions(s, { serviceId: t.serviceId });
  const options = all.filter((o) => !current || !o.ids.includes(current.poolId));
  const serviceName = serviceById(t.serviceId)?.name ?? t.serviceId;
  const same = matchPool(all, c.pool);
  if (current && same.kind === "match" && same.pool.ids.includes(current.poolId) && matchPool(options, c.pool).kind !== "match") {
    return poolPick("switch", `${t.customer.name} already draws ${serviceName} from pool ${same.pool.poolId}.`, "Switch it to one of these instead:", options.filter((o) => o.inTerm), (id) => `switch ${t.customer.id} ${t.serviceId} to ${id}`, t.customer.id);
  }
  const pool = resolvePool("switch", options, c.pool, serviceName, (id) => `switch ${t.customer.id} ${t.serviceId} to ${id}`, t.customer.id);
  if (isReply(pool)) return pool;
  return ask(s, { verb: "switchPool", input: { customerId: t.customer.id, serviceId: t.serviceId, toPoolId: pool.poolId } });
}

function disconnect(s: Session, c: Extract<ChangeCommand, { form: "disconnect" }>): Reply {
  const customer = resolveCustomer("disconnect", namedCustomers(s.q), c.customer, (id) => `disconnect ${id}`);
  if (isReply(customer)) return customer;
  return ask(s, { verb: "disconnect", input: { customerId: customer.id } });
}

/** `owner <customer> <user>`: the user by sign-in name (the last word) or by name among the customer's users. */
function owner(s: Session, c: Extract<ChangeCommand, { form: "owner" }>): Reply {
  const words = c.target.split(" ").filter(Boolean);
  const all = namedCustomers(s.q);
  const last = words[words.length - 1]!;
  if (last.includes("@") && words.length > 1) {
    const customer = resolveCustomer("owner", all, words.slice(0, -1).join(" "), (id) => `owner ${id} ${last}`);
    if (isReply(customer)) return customer;
    return ask(s, { verb: "changeTenantOwner", input: { customerId: customer.id, upn: last } });
  }
  for (const { runTogether, i } of readings(words.length - 1)) {
    const m = resolveCustomerIn(all, words.slice(0, i).join(" "), { runTogether });
    if (m.kind !== "match") continue;
    const userText = words.slice(i).join(" ");
    const users = customerUsersOf(s.q, m.customer.id).map((u) => ({ ...u, aliases: [u.upn] }));
    const u = matchName(userText, users);
    if (u.kind === "match") return ask(s, { verb: "changeTenantOwner", input: { customerId: m.customer.id, upn: u.item.upn } });
    const admins = users.filter((x) => x.roles.some((r) => r.toLowerCase() === "service administrator"));
    const options = u.kind === "ambiguous" ? u.candidates : admins;
    return pick({
      message: u.kind === "ambiguous" ? `Several of ${m.customer.name}'s users match ${quote(userText)}.` : `${m.customer.name} has no user ${quote(userText)}.`,
      prompt: options.length ? "Its Service Administrators, who can be tenant owner (C2):" : `${m.customer.name} has no Service Administrator on record (C2).`,
      options: options.map((x) => ({ title: x.name, detail: x.upn, text: `owner ${m.customer.id} ${x.upn}` })),
      form: "owner",
      customerId: m.customer.id,
    });
  }
  const customer = resolveCustomer("owner", all, words.length > 1 ? words.slice(0, -1).join(" ") : c.target, (id) => `owner ${id}${words.length > 1 ? ` ${last}` : ""}`);
  if (isReply(customer)) return customer;
  return changeUsage(s, "owner", "owner");
}

/** `admin add <user>` / `admin remove <user>`: one of the partner's users, by name (U1). */
function administrator(s: Session, c: Extract<ChangeCommand, { form: "adminAdd" | "adminRemove" }>): Reply {
  const add = c.form === "adminAdd";
  const people = partnerPeople(s.q).rows.map((u) => ({ ...u, aliases: [u.aadObjectId] }));
  const m = matchName(c.user, people);
  if (m.kind === "match") {
    return ask(s, add ? { verb: "addAdministrator", input: { aadObjectId: m.item.aadObjectId } } : { verb: "removeAdministrator", input: { aadObjectId: m.item.aadObjectId } });
  }
  const list = m.kind === "ambiguous" ? m.candidates : m.suggestions;
  return pick({
    message: m.kind === "ambiguous" ? `Several users match ${quote(c.user)}.` : `Your partner account has no user called ${quote(c.user)}.`,
    prompt: list.length ? "Which one do you mean?" : "Only users of your partner account can be administrators (U1). Type admins to see them.",
    options: list.map((u) => ({ title: u.name, detail: u.role === "administrator" ? "Administrator" : "Viewer", text: `admin ${add ? "add" : "remove"} ${u.aadObjectId}` })),
    form: c.form,
    customerId: "",
  });
}

/** `allocate <qty> <pool> to <msp>` (T2): a LAR's own pool and one of its MSPs; a negative number takes seats back. */
function allocate(s: Session, c: Extract<ChangeCommand, { form: "allocate" }>): Reply {
  if (s.q.kind !== "lar" || !tier2Enabled(s.q)) {
    return notice("Allocating is for Tier 2 LARs", "Only a licensing reseller with Tier 2 enabled allocates its pools to MSPs (T1, T2). Nothing was changed.", "Default");
  }
  const qty = checkQuantity("allocate", c.quantity, true);
  if (isReply(qty)) return qty;
  const own = poolOptions(s).filter((o) => o.paymentModel === "prepaid" && !o.label.includes("from your LAR"));
  const m = matchPool(own, c.pool);
  const rebuild = (id: string) => `allocate ${c.quantity} ${id} to ${c.msp}`;
  if (m.kind !== "match") {
    return m.kind === "ambiguous"
      ? poolPick("allocate", `${quote(c.pool)} fits ${m.options.length} of your pools.`, "Which one do you mean?", m.options, rebuild)
      : poolPick("allocate", `You have no pool ${quote(c.pool)} to allocate.`, "Your prepaid pools in term:", m.options, rebuild);
  }
  const msps = larMsps(s.q);
  const msp = matchName(c.msp, msps.map((x) => ({ ...x, aliases: [x.id] })));
  if (msp.kind !== "match") {
    const list = msp.kind === "ambiguous" ? msp.candidates : msps;
    return pick({
      message: msp.kind === "ambiguous" ? `Several of your MSPs match ${quote(c.msp)}.` : `${quote(c.msp)} is not one of your MSPs.`,
      prompt: list.length ? "Your MSPs:" : "You serve no MSPs yet.",
      options: list.map((x) => ({ title: x.name, detail: "", text: `allocate ${c.quantity} ${m.pool.poolId} to ${x.id}` })),
      form: "allocate",
      customerId: "",
    });
  }
  return ask(s, { verb: "allocate", input: { poolId: m.pool.poolId, mspId: msp.item.id, quantity: qty } });
}
