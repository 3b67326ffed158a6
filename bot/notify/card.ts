import type { Activity } from "botbuilder";
import { z } from "zod";
import { daysBetween, formatDay, type Day } from "../../domain/dates";
import type { NoticeItem } from "../../domain/notices";

/**
 * The digest card: a plain Adaptive Card 1.5 object for now (to move to cards/ templates). Wire
 * shape as cards/actions.ts: Action.Submit posts `{ verb, ...payload }`; Action.Execute carries
 * `verb` and `data: { verb, ...payload }`.
 */

export const PAGE_SIZE = 10;
/** Teams refuses a message larger than about 28 KB; a page stays well under it. */
export const CARD_BYTES_MAX = 28_000;
const CUSTOMERS_SHOWN = 5;

const id = z.string().trim().min(1).max(500);
const page = z.union([z.number(), z.string().regex(/^\d{1,6}$/).transform(Number)]).pipe(z.number().int().min(0).max(100_000));

/**
 * The verbs on a digest card and their data. `notify.snooze` and `notify.more` are answered by
 * `handleNotifyAction`; the others open the matching command's confirmation flow
 * (`extend`, `seats`, `extend all`), and `customer.open` is the customer card's existing verb.
 */
export const NOTIFY_ACTIONS = {
  /** Submit: start `extend <customer> <service> to <date>` for one assignment (A4). */
  "notify.extend": z.object({ customerId: id, serviceId: id, assignmentId: id }),
  /** Submit: start `seats <customer> <service> <qty>` for one assignment (A5). */
  "notify.seats": z.object({ customerId: id, serviceId: id, assignmentId: id }),
  /** Submit: start `extend all <pool> to end` (A11). */
  "notify.extendAll": z.object({ poolId: id }),
  /** Submit: the customer card (cards/actions.ts `customer.open`). */
  "customer.open": z.object({ customerId: id }),
  /** Execute: silence this item here for 7 days; the card comes back with it marked. */
  "notify.snooze": z.object({
    digestId: page,
    page: page.default(0),
    itemKind: z.enum(["assignment_expiring", "pool_expiring", "pool_full", "renewal_due", "order_canceled", "auto_adjust_overage", "merged_pool_overage"]),
    itemId: id,
  }),
  /** Execute: another page of the same digest, in place. */
  "notify.more": z.object({ digestId: page, page }),
} as const;

export type NotifyVerb = keyof typeof NOTIFY_ACTIONS;
export type NotifyPayload<V extends NotifyVerb> = z.output<(typeof NOTIFY_ACTIONS)[V]>;

export function isNotifyVerb(verb: string): verb is NotifyVerb {
  return Object.prototype.hasOwnProperty.call(NOTIFY_ACTIONS, verb);
}

export type ParsedNotifyAction = { [V in NotifyVerb]: { ok: true; verb: V; payload: NotifyPayload<V> } }[NotifyVerb];

/** Card data is untrusted: parse it under its verb before anything else. */
export function parseNotifyAction(verb: string, data: unknown): ParsedNotifyAction | { ok: false; messages: string[] } {
  if (!isNotifyVerb(verb)) return { ok: false, messages: ["unknown action"] };
  const parsed = NOTIFY_ACTIONS[verb].safeParse(data ?? {});
  if (!parsed.success) return { ok: false, messages: [...new Set(parsed.error.issues.map((i) => i.message))] };
  return { ok: true, verb, payload: parsed.data } as ParsedNotifyAction;
}

function submit<V extends NotifyVerb>(title: string, verb: V, data: z.input<(typeof NOTIFY_ACTIONS)[V]>) {
  return { type: "Action.Submit", title, data: { verb, ...data } };
}

function execute<V extends NotifyVerb>(title: string, verb: V, data: z.input<(typeof NOTIFY_ACTIONS)[V]>) {
  return { type: "Action.Execute", title, verb, data: { verb, ...data } };
}

export interface DigestView {
  id: number;
  day: Day;
  items: NoticeItem[];
}

export interface CardOptions {
  page?: number;
  pageSize?: number;
  /** Items snoozed in this conversation (`kind:itemId` → first day back), shown as such. */
  snoozed?: Map<string, Day>;
}

export const OFF_LINE =
  "You get these because notifications are on in this conversation. An administrator can type **notify off** to stop them, or **notify at 30,7,1** to choose the days.";

/** One page of a digest as an Adaptive Card 1.5. */
export function digestCard(digest: DigestView, options: CardOptions = {}): Record<string, unknown> {
  const size = options.pageSize ?? PAGE_SIZE;
  const pages = Math.max(1, Math.ceil(digest.items.length / size));
  const p = Math.min(Math.max(0, options.page ?? 0), pages - 1);
  const shown = digest.items.slice(p * size, (p + 1) * size);
  const body: Record<string, unknown>[] = [
    { type: "TextBlock", text: `Licensing notices, ${formatDay(digest.day)}`, weight: "Bolder", size: "Medium", wrap: true },
    { type: "TextBlock", text: summarize(digest.items), wrap: true, spacing: "Small" },
  ];
  for (const item of shown) body.push(itemBlock(digest, item, p, options.snoozed));
  const actions: Record<string, unknown>[] = [];
  if (pages > 1) {
    body.push({ type: "TextBlock", text: `Page ${p + 1} of ${pages}`, isSubtle: true, size: "Small", spacing: "Medium" });
    if (p > 0) actions.push(execute("Previous", "notify.more", { digestId: digest.id, page: p - 1 }));
    if (p < pages - 1) actions.push(execute(`More (${digest.items.length - (p + 1) * size} left)`, "notify.more", { digestId: digest.id, page: p + 1 }));
  }
  body.push({ type: "TextBlock", text: OFF_LINE, wrap: true, isSubtle: true, size: "Small", separator: true, spacing: "Medium" });
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.5",
    body,
    ...(actions.length ? { actions } : {}),
  };
}

/** The message carrying page 1; `summary` is what Teams shows in the notification. */
export function digestActivity(digest: DigestView): Partial<Activity> {
  return {
    type: "message",
    summary: summarize(digest.items),
    attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: digestCard(digest) }],
  };
}

function itemBlock(digest: DigestView, item: NoticeItem, page: number, snoozed: Map<string, Day> | undefined): Record<string, unknown> {
  const { title, detail, actions } = describeItem(digest.day, item);
  const until = snoozed?.get(`${item.kind}:${item.itemId}`);
  const buttons = until ? actions : [...actions, execute("Snooze 7 days", "notify.snooze", { digestId: digest.id, page, itemKind: item.kind, itemId: item.itemId })];
  const items: Record<string, unknown>[] = [
    { type: "TextBlock", text: title, weight: "Bolder", wrap: true },
    { type: "TextBlock", text: detail, wrap: true, spacing: "None" },
  ];
  if (until) items.push({ type: "TextBlock", text: `Snoozed here until ${formatDay(until)}.`, isSubtle: true, wrap: true, spacing: "None" });
  if (buttons.length) items.push({ type: "ActionSet", actions: buttons });
  return { type: "Container", separator: true, spacing: "Medium", items };
}

function inDays(today: Day, day: Day): string {
  const n = daysBetween(today, day);
  if (n < 0) return `ended ${formatDay(day)}`;
  if (n === 0) return `${formatDay(day)} (today is the last day)`;
  return `${formatDay(day)} (in ${n} day${n === 1 ? "" : "s"})`;
}

function describeItem(today: Day, item: NoticeItem): { title: string; detail: string; actions: Record<string, unknown>[] } {
  switch (item.kind) {
    case "assignment_expiring":
      return {
        title: `${item.customerName}: ${item.serviceName} expires ${inDays(today, item.expiresOn)}`,
        detail: `${item.quantity} from pool ${item.poolId}. Extend it, or let it expire and its seats return to the pool.`,
        actions: [
          submit("Extend", "notify.extend", { customerId: item.customerId, serviceId: item.serviceId, assignmentId: item.assignmentId }),
          submit("Change seats", "notify.seats", { customerId: item.customerId, serviceId: item.serviceId, assignmentId: item.assignmentId }),
          submit("Open customer", "customer.open", { customerId: item.customerId }),
        ],
      };
    case "pool_expiring":
      return {
        title: `Pool ${item.poolId} (${item.serviceName}) ends ${inDays(today, item.expiresOn)}`,
        detail:
          item.quantity === null
            ? `Pay as you go; ${item.assigned ?? 0} assigned.`
            : `${item.assigned ?? 0} of ${item.quantity} assigned; those assignments end with it unless it is renewed.`,
        actions: [],
      };
    case "pool_full":
      return {
        title: `Pool ${item.poolId} (${item.serviceName}) is ${Math.floor(item.utilization * 100)}% used`,
        detail: `${item.inUse} of ${item.quantity} in use; new assignments may not fit.`,
        actions: [],
      };
    case "renewal_due":
      return {
        title: `Pool ${item.poolId} (${item.serviceName}) runs to ${formatDay(item.poolEnd)}`,
        detail: `${item.assignments} assignment${item.assignments === 1 ? "" : "s"} from it expire${item.assignments === 1 ? "s" : ""} sooner, the first ${inDays(today, item.expiresOn)}. Extend them all at once.`,
        actions: [submit("Extend all", "notify.extendAll", { poolId: item.poolId })],
      };
    case "order_canceled": {
      const names = item.customers.slice(0, CUSTOMERS_SHOWN).map((c) => c.customerName);
      const more = item.customers.length - names.length;
      return {
        title: `Distributor order canceled: pool ${item.poolId} (${item.serviceName}) ends ${formatDay(item.canceledOn)}`,
        detail: item.customers.length
          ? `Assignments now end with it for ${names.join(", ")}${more > 0 ? ` and ${more} more` : ""}.`
          : "No customer had seats from it.",
        actions: item.customers.slice(0, 3).map((c) => submit(`Open ${truncate(c.customerName, 24)}`, "customer.open", { customerId: c.customerId })),
      };
    }
    case "auto_adjust_overage":
      return {
        title: `${item.customerName}: ${item.serviceName} uses more than the pool has left`,
        detail: `Measured ${item.measured} ${item.unit}, assigned ${item.granted}: ${item.overage} over. Add to pool ${item.poolId} or move the customer.`,
        actions: [submit("Open customer", "customer.open", { customerId: item.customerId })],
      };
    case "merged_pool_overage":
      return {
        title: `${item.serviceName}: more assigned than the merged pool holds from ${formatDay(item.on)}`,
        detail: `${item.assigned} assigned, capacity ${item.capacity}. Nothing was cut; add seats or reduce assignments.`,
        actions: [],
      };
  }
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

/** "3 assignments expire soon, 1 pool is nearly full." */
export function summarize(items: NoticeItem[]): string {
  const count = (k: NoticeItem["kind"]) => items.filter((i) => i.kind === k).length;
  const parts: string[] = [];
  const add = (n: number, one: string, many: string) => n && parts.push(n === 1 ? one : many.replace("#", String(n)));
  add(count("order_canceled"), "1 distributor order was canceled", "# distributor orders were canceled");
  add(count("auto_adjust_overage") + count("merged_pool_overage"), "1 overage", "# overages");
  add(count("assignment_expiring"), "1 assignment expires soon", "# assignments expire soon");
  add(count("pool_expiring"), "1 pool ends soon", "# pools end soon");
  add(count("renewal_due"), "1 pool has assignments to extend", "# pools have assignments to extend");
  add(count("pool_full"), "1 pool is nearly full", "# pools are nearly full");
  return parts.length ? `${parts.join(", ")}.` : "Nothing needs attention.";
}
