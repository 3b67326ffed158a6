/** Realistic data for every template, and the largest page each card may carry. */
import type {
  AdminsCardData,
  ChooseCardData,
  ConfirmCardData,
  FormCardData,
  OutcomeCardData,
  PickCardData,
  CustomerCardData,
  CustomersCardData,
  ExpiringCardData,
  FeedbackCardData,
  HistoryCardData,
  HomeCardData,
  NoticeCardData,
  SuggestCardData,
  TEMPLATES,
} from "../../cards";
import { formField } from "../../cards";
import { CATALOG } from "../../db/catalog";
import { REPORT_LARGEST, REPORT_REALISTIC, REPORT_VARIANTS } from "../reports/fixtures";
import { faq, faqLargest, faqVariants } from "../faq-bot/card-fixtures";

const long = (prefix: string, n: number) => (prefix + " " + "Longname ".repeat(60)).slice(0, n).trim();

export const home: HomeCardData = {
  notice: "",
  userName: "Alex Wilber",
  partnerName: "Contoso MSP",
  isAdmin: true,
  isLar: false,
  commands: [
    { usage: "help", does: "this card" },
    { usage: "customers ‹text›", does: "your customers with status, seats and nearest expiry" },
    { usage: "customer ‹name›", does: "one customer" },
  ],
  notifications: "Expiry notifications are on here, 30, 7 and 1 days before anything expires. An administrator can type notify off to stop them, or notify at 30,7,1 to choose the days.",
};

export const customers: CustomersCardData = {
  heading: "Customers",
  summary: "1–3 of 12 · as of 2026-04-15",
  rows: [
    { id: "fabrikam", name: "Fabrikam, Inc.", status: "Connected", connected: true, services: "3 services", seats: "7,990", nearestExpiry: "2026-06-18 (in 64 days)" },
    { id: "alpine-ski-house", name: "Alpine Ski House", status: "Connected", connected: true, services: "1 service", seats: "60", nearestExpiry: "2026-04-16 (tomorrow)" },
    { id: "fourth-coffee", name: "Fourth Coffee", status: "Disconnected", connected: false, services: "0 services", seats: "0", nearestExpiry: "none" },
  ],
  filter: "",
  hasMore: true,
  nextOffset: 3,
};

export const customer: CustomerCardData = {
  id: "wide-world-importers",
  name: "Wide World Importers",
  statusLine: "Connected · prepaid customer · as of 2026-04-15",
  connected: true,
  facts: [
    { title: "Customer id", value: "wide-world-importers" },
    { title: "Microsoft 365 tenant", value: "747821de-c1f2-495e-9930-70502d555836" },
    { title: "Tenant owner", value: "Hana Larsen (hana.larsen@wideworldimporters.com)" },
    { title: "Can be disconnected", value: "from 2026-04-21 (A6: 31 days after each assignment)" },
  ],
  services: [
    {
      name: "Cloud Backup for Microsoft 365",
      quantity: "135 seats",
      poolId: "contoso-m365-mkt-apu",
      source: "Cloud Marketplace (merged pools) · prepaid, APU (annual commitment, paid upfront)",
      expires: "2026-04-20 (in 5 days)",
      assignedOn: "2026-01-10",
      lock: "",
    },
    {
      name: "Fly > Global Objects",
      quantity: "1,200 objects",
      poolId: "contoso-fly-objects-direct",
      source: "direct · prepaid, annual upfront",
      expires: "2026-12-31 (in 260 days), with its pool",
      assignedOn: "2026-03-21",
      lock: "In its first 31 days: seats can grow but not shrink, and no switch or disconnect, before 2026-04-21.",
    },
  ],
  servicesRange: "",
  hasMoreServices: false,
  nextServicesOffset: 2,
  noServices: "",
  licenses: [{ name: "Cloud Governance", type: "Enterprise", term: "2025-09-27 to 2026-09-27" }],
  ended: [{ name: "Baseline Management", poolId: "contoso-baseline-offmkt", lastDay: "2026-03-11", reason: "Expired" }],
  endedMore: "",
  isAdmin: true,
};

export const expiring: ExpiringCardData = {
  days: 30,
  heading: "Expiring within 30 days",
  summary: "2 customer subscriptions and 1 pool end in the next 30 days · 1–3 of 3 · as of 2026-04-15",
  rows: [
    { isAssignment: true, customerId: "alpine-ski-house", date: "2026-04-16", left: "tomorrow", what: "Alpine Ski House", detail: "Cloud Backup for Microsoft 365 · 60 seats · pool contoso-m365-mkt-apu", color: "Attention" },
    { isAssignment: false, customerId: "", date: "2026-04-30", left: "in 15 days", what: "Pool contoso-m365-payg", detail: "Cloud Backup for Microsoft 365 · 89 seats assigned (PAYG)", color: "Default" },
    { isAssignment: true, customerId: "coho-winery", date: "2026-05-03", left: "in 18 days", what: "Coho Winery", detail: "Cense · 25 seats · pool contoso-cense-mkt-apm", color: "Default" },
  ],
  hasMore: false,
  nextOffset: 3,
};

export const admins: AdminsCardData = {
  partnerName: "Contoso MSP",
  summary: "2 administrators, 1 viewer",
  users: [
    { name: "Adele Vance", role: "Administrator" },
    { name: "Alex Wilber (you)", role: "Administrator" },
    { name: "Diego Siciliani", role: "Viewer" },
  ],
  hasMore: false,
  nextOffset: 3,
  isAdmin: true,
};

export const history: HistoryCardData = {
  customerId: "fabrikam",
  customerName: "Fabrikam, Inc.",
  summary: "Newest first · 1–2 · times in Europe/London",
  entries: [
    { what: "Changed Cloud Backup for Microsoft 365 from 248 seats to 260 seats", who: "Adele Vance", when: "2026-04-15 11:02" },
    { what: "Auto-adjusted Cloud Backup for Microsoft 365 from 240 seats to 248 seats (measured usage)", who: "System", when: "2026-04-01 02:00" },
  ],
  hasMore: true,
  nextOffset: 2,
};

export const choose: ChooseCardData = {
  question: "2 customers match “w”. Which one did you mean?",
  verb: "customer.open",
  candidates: [
    { id: "wide-world-importers", name: "Wide World Importers", detail: "Connected · 3 services · 1,365 in use" },
    { id: "woodgrove", name: "Woodgrove Bank", detail: "Connected · 4 services · 13,986 in use" },
  ],
  filter: "w",
};

export const suggest: SuggestCardData = {
  message: "I don't know a customer called “fabrkam”.",
  prompt: "Did you mean one of these?",
  verb: "customer.open",
  suggestions: [{ id: "fabrikam", name: "Fabrikam, Inc." }],
};

export const feedback: FeedbackCardData = { userName: "Diego Siciliani" };

export const notice: NoticeCardData = {
  title: "I can't find that customer",
  message: "It is not a customer of your partner account.",
  color: "Warning",
  offerCustomers: true,
};

export const confirm: ConfirmCardData = {
  title: "Assign 10 seats of Cloud Backup for Microsoft 365 to Fabrikam, Inc.?",
  notice: "",
  facts: [
    { title: "Customer", value: "Fabrikam, Inc." },
    { title: "Service", value: "Cloud Backup for Microsoft 365" },
    { title: "Quantity", value: "10 seats" },
    { title: "From pool", value: "contoso-m365-direct · direct, prepaid" },
    { title: "Starts", value: "2026-03-02" },
    { title: "Expires", value: "2026-09-30" },
  ],
  itemsHeading: "",
  items: [],
  rules: [
    { text: "You can add seats at any time, but you can't lower these before 2026-04-02 (A5)." },
    { text: "Fabrikam, Inc. can't be switched to another pool for this service, or disconnected, before 2026-04-02 (A6, A7)." },
  ],
  warnings: [{ text: "10,000 seats is far above what Fabrikam, Inc. uses now: 240 seats measured on 2026-03-01." }],
  footer: "Asked by Alex Wilber · waits for confirmation until 2026-03-03 09:00 (Europe/London); nothing changes until then.",
  changeId: "0b8e7a52-5d0c-4d57-9a3c-2f0e5f8f9a11",
  confirmTitle: "Confirm",
  destructive: false,
};

export const outcome: OutcomeCardData = {
  status: "refused",
  title: "Not possible: change the seats",
  message: "Seats cannot be reduced within 31 days of the assignment on 2026-02-20. You can reduce them from 2026-03-23; until then you can only add. Nothing was changed.",
  facts: [
    { title: "Rule", value: "A5" },
    { title: "Possible from", value: "2026-03-23" },
  ],
  itemsHeading: "",
  items: [],
  lines: [],
  customerId: "blue-yonder",
  retryText: "",
  retryTitle: "",
};


export const form: FormCardData = {
  form: "assign",
  title: "Assign licenses",
  intro: "Pick the customer and the pool to draw from; the confirmation shows what will happen before anything changes.",
  notice: "",
  customerId: "",
  submitTitle: "Review",
  fields: [
    formField({ id: "customer", label: "Customer", kind: "query", required: true, dataset: "customers", choices: [{ title: "Fabrikam, Inc.", value: "fabrikam" }], value: "fabrikam", hasValue: true }),
    formField({ id: "pool", label: "Pool", kind: "query", required: true, dataset: "pools", choices: [{ title: "Cloud Backup for Microsoft 365 · contoso-m365-direct · direct, prepaid · 560 of 1,000 seats free · ends 2026-09-30", value: "contoso-m365-direct" }] }),
    formField({ id: "quantity", label: "Quantity", kind: "number", required: true }),
    formField({ id: "expiresOn", label: "Expires on (optional)", kind: "date", min: "2026-03-02", help: "YYYY-MM-DD." }),
  ],
};

export const pick: PickCardData = {
  message: "2 customers match “w”.",
  prompt: "Which one do you mean?",
  options: [
    { title: "Wide World Importers", detail: "", text: "assign 10 m365 backup to wide-world-importers" },
    { title: "Woodgrove Bank", detail: "", text: "assign 10 m365 backup to woodgrove" },
  ],
  form: "assign",
  customerId: "",
};

type Fixtures = { [K in keyof typeof TEMPLATES]: unknown };

/** The realistic data of each template (the test renders each with its template by name). */
export const REALISTIC = { home, customers, customer, expiring, admins, history, choose, suggest, feedback, notice, confirm, outcome, form, pick, faq, ...REPORT_REALISTIC } satisfies Fixtures;

/** Variants that switch parts of a card on or off. */
export const VARIANTS: { [K in keyof typeof TEMPLATES]?: Record<string, unknown> } = {
  ...REPORT_VARIANTS,
  home: {
    "viewer with a notice": { ...home, isAdmin: false, notice: "Assigning licenses (assign) is not built yet." },
    "LAR administrator": { ...home, isLar: true, partnerName: "Trey Research LAR" },
  },
  customers: {
    empty: { ...customers, rows: [], summary: "No customers in your partner account yet.", hasMore: false, nextOffset: 0 },
    filtered: { ...customers, heading: "Customers matching “world”", filter: "world", hasMore: false },
  },
  customer: {
    viewer: { ...customer, isAdmin: false },
    disconnected: { ...customer, connected: false, statusLine: "Disconnected on 2026-02-24", services: [], noServices: "No active services: the customer is disconnected.", licenses: [], ended: [] },
  },
  expiring: { empty: { ...expiring, rows: [], summary: "Nothing expires in the next 7 days.", days: 7 }, paged: { ...expiring, hasMore: true, days: 60 } },
  admins: { viewer: { ...admins, isAdmin: false }, paged: { ...admins, hasMore: true } },
  history: { empty: { ...history, entries: [], summary: "No changes recorded yet.", hasMore: false } },
  choose: { history: { ...choose, verb: "history.open" }, "exact duplicates": { ...choose, filter: "" } },
  suggest: {
    history: { ...suggest, verb: "history.open" },
    "no suggestions": { ...suggest, suggestions: [], prompt: "No customer has a name like that." },
  },
  notice: { plain: { ...notice, color: "Default", offerCustomers: false } },
  confirm: {
    "for someone else": { ...confirm, notice: "Only Alex Wilber, who asked for this change, can confirm or cancel it. It stays here for them.", warnings: [] },
    "a disconnect, with a list": {
      ...confirm,
      title: "Disconnect Woodgrove Bank?",
      itemsHeading: "Ending today",
      items: [{ text: "120 seats of Policies for Microsoft 365 from pool contoso-policies-offmkt" }],
      confirmTitle: "Disconnect",
      destructive: true,
      warnings: [],
    },
  },
  outcome: {
    done: { ...outcome, status: "done", title: "Assigned 10 seats of Cloud Backup for Microsoft 365 to Fabrikam, Inc.", message: "", facts: confirm.facts, lines: confirm.rules },
    "no customer": { ...outcome, status: "info", title: "Canceled", message: "Nothing was changed.", customerId: "", facts: [] },
    "with a retry": { ...outcome, retryText: "assign 10 m365 backup to fabrikam", retryTitle: "Try again" },
  },
  form: {
    "with problems": {
      ...form,
      notice: "Nothing was changed: 2 fields need a fix, marked below.",
      fields: form.fields.map((f, i) => (i >= 2 ? { ...f, error: i === 2 ? "Quantity can't be negative (you gave “-5”)." : "Expires on is in the past (2026-01-01); today is 2026-03-02.", value: i === 2 ? "-5" : "2026-01-01", hasValue: true, numberValue: -5 } : f)),
    },
    "for a customer, with a choice": {
      ...form,
      form: "seats",
      customerId: "fabrikam",
      fields: [
        formField({ id: "serviceId", label: "Service", kind: "choice", required: true, choices: [{ title: "Cloud Backup for Microsoft 365 · 240 seats", value: "cloud-backup-for-microsoft-365" }], value: "cloud-backup-for-microsoft-365" }),
        formField({ id: "quantity", label: "New quantity", kind: "number", required: true, value: "240", hasValue: true, numberValue: 240 }),
      ],
    },
    text: { ...form, form: "onboard", fields: [formField({ id: "name", label: "Customer name", kind: "text", required: true, value: "Initech" })] },
  },
  pick: { "nothing to pick": { ...pick, options: [], prompt: "No customer has a name like that.", form: "" } },
  faq: faqVariants,
};

// ---- The largest page of each card: longest names (300), ids (200) and every list at its cap. ----

const ID = "x".repeat(200);
const NAME = long("Customer", 300);

export const LARGEST: { [K in keyof typeof TEMPLATES]: unknown } = {
  ...REPORT_LARGEST,
  faq: faqLargest,
  home: {
    ...home,
    notice: long("Notice", 200),
    userName: long("User", 300),
    partnerName: long("Partner", 300),
    isLar: true,
    commands: Array.from({ length: 25 }, (_, i) => ({ usage: `command${i} ‹argument›`, does: long("Does", 120) })),
    notifications: "A daily digest of subscriptions and pools about to expire, pools nearly full and canceled orders. An administrator can type notify on in any chat or channel with me.",
  } satisfies HomeCardData,
  customers: {
    ...customers,
    heading: `Customers matching “${long("Filter", 60)}”`,
    filter: long("Filter", 300),
    rows: Array.from({ length: 10 }, (_, i) => ({ id: ID, name: NAME, status: "Disconnected", connected: i % 2 === 0, services: "34 services", seats: "1,000,000,000", nearestExpiry: "2026-04-16 (in 1,000 days)" })),
  } satisfies CustomersCardData,
  customer: {
    ...customer,
    id: ID,
    name: NAME,
    facts: [...customer.facts, { title: "Service administrators", value: `${long("Admin", 300)}, ${long("Admin", 300)}, ${long("Admin", 300)} and 50 more` }],
    // A1: one active source per service, so at most 34 (the catalog), shown ten at a time.
    servicesRange: "Services 1–10 of 34",
    hasMoreServices: true,
    nextServicesOffset: 10,
    services: CATALOG.slice(0, 10).map((s) => ({
      name: s.name,
      quantity: "1,000,000 seats",
      poolId: ID,
      source: "Cloud Marketplace (merged pools) · prepaid, APU (annual commitment, paid upfront)",
      expires: "2026-12-31 (in 260 days), with its pool",
      assignedOn: "2026-03-21",
      lock: "In its first 31 days: seats can grow but not shrink, and no switch or disconnect, before 2026-04-21.",
    })),
    licenses: CATALOG.slice(0, 10).map((s) => ({ name: s.name, type: "Enterprise", term: "2025-09-27 to 2026-09-27" })),
    ended: CATALOG.slice(0, 10).map((s) => ({ name: s.name, poolId: ID, lastDay: "2026-03-11", reason: "Switched to another pool" })),
    endedMore: "… and 40 more in the last 90 days.",
  } satisfies CustomerCardData,
  expiring: {
    ...expiring,
    hasMore: true,
    days: 60,
    rows: Array.from({ length: 15 }, (_, i) => ({
      isAssignment: i % 3 !== 0,
      customerId: ID,
      date: "2026-04-16",
      left: "in 365 days",
      what: NAME,
      detail: `Workspace Management - Storage Optimization · 1,000,000 GB · pool ${ID}`,
      color: "Attention",
    })),
  } satisfies ExpiringCardData,
  admins: { ...admins, hasMore: true, users: Array.from({ length: 25 }, () => ({ name: `${long("User", 300)} (you)`, role: "Administrator" })) } satisfies AdminsCardData,
  history: {
    ...history,
    customerId: ID,
    customerName: NAME,
    entries: Array.from({ length: 10 }, () => ({ what: `Switched Workspace Management - Storage Optimization from pool ${ID} to pool ${ID}`, who: long("User", 300), when: "2026-04-15 11:02" })),
  } satisfies HistoryCardData,
  choose: { ...choose, question: `5 customers match “${long("Q", 60)}”. Which one did you mean?`, filter: long("Q", 300), candidates: Array.from({ length: 5 }, () => ({ id: ID, name: NAME, detail: "Disconnected · 34 services · 1,000,000 in use" })) } satisfies ChooseCardData,
  suggest: { ...suggest, message: `I don't know a customer called “${long("Q", 60)}”.`, suggestions: Array.from({ length: 3 }, () => ({ id: ID, name: NAME })) } satisfies SuggestCardData,
  feedback: { userName: long("User", 300) } satisfies FeedbackCardData,
  notice: { ...notice, title: long("Title", 100), message: long("Message", 600) } satisfies NoticeCardData,
  // Lists are capped at 15 lines and an "… and N more" (bot/commands/changes.ts).
  confirm: {
    ...confirm,
    title: `Extend 1,000 subscriptions of pool ${ID} to 2026-12-31?`,
    notice: long("Notice", 200),
    facts: Array.from({ length: 6 }, () => ({ title: "Customer", value: NAME })),
    itemsHeading: "Subscriptions extended",
    items: Array.from({ length: 16 }, () => ({ text: `${NAME}: 2026-03-31 → 2026-12-31` })),
    rules: Array.from({ length: 18 }, () => ({ text: `${NAME} stays as it is: ${long("Reason", 200)}` })),
    warnings: Array.from({ length: 3 }, () => ({ text: long("Warning", 300) })),
    changeId: ID,
  } satisfies ConfirmCardData,
  outcome: {
    ...outcome,
    status: "done",
    title: long("Title", 400),
    message: long("Message", 600),
    facts: Array.from({ length: 6 }, () => ({ title: "Customer", value: NAME })),
    itemsHeading: "Subscriptions extended",
    items: Array.from({ length: 16 }, () => ({ text: `${NAME}: 2026-03-31 → 2026-12-31` })),
    lines: Array.from({ length: 18 }, () => ({ text: `${NAME} stays as it is: ${long("Reason", 200)}` })),
    customerId: ID,
    retryText: long("assign", 1000),
    retryTitle: "Try again",
  } satisfies OutcomeCardData,
  // The onboarding form: 13 fields, its three pool pickers with at most 6 choices each (bot/commands/forms.ts).
  form: {
    ...form,
    form: "onboard",
    notice: long("Notice", 300),
    customerId: ID,
    fields: Array.from({ length: 13 }, (_, i) =>
      formField({
        id: `field${i}`,
        label: long("Label", 60),
        kind: [4, 7, 10].includes(i) ? "query" : "text",
        dataset: "pools",
        required: true,
        value: long("Value", 300),
        choices: [4, 7, 10].includes(i) ? Array.from({ length: 6 }, () => ({ title: `Workspace Management - Storage Optimization · ${ID} · Cloud Marketplace, prepaid · 1,000,000 of 1,000,000 GB free · ends 2026-12-31`, value: ID })) : [],
        error: long("Error", 150),
        help: long("Help", 100),
      }),
    ),
  } satisfies FormCardData,
  pick: {
    ...pick,
    message: `5 customers match “${long("Q", 60)}”.`,
    options: Array.from({ length: 10 }, () => ({ title: NAME, detail: long("Detail", 300), text: long("assign", 1000) })),
    customerId: ID,
  } satisfies PickCardData,
};
