/**
 * The FAQ knowledge base: every topic of the vendor's partner-portal FAQ
 * (`shared/seed/000_285cadcd0a45bb46.txt`), in the project's own words. Answers carry only the
 * source's facts; `command` points at the bot command (spec's table) that does the thing, and
 * `rules` at the rule IDs in `shared/spec/licensing-rules.md`.
 *
 * The entries are not written to the labelled set in `test/faq/eval-set.json`: add phrasings
 * from how partners ask, never by copying that set's questions.
 */
import { z } from "zod";
import { CATALOG } from "../../db/catalog";

/** Command heads of the spec's command table; an entry's `command` must start with one. */
export const BOT_COMMANDS = [
  "help", "pools", "customers", "customer", "assign", "seats", "extend", "switch", "onboard",
  "disconnect", "usage", "report operations", "report storage", "report subscriptions", "expiring",
  "bill", "notify", "admins", "admin add", "admin remove", "allocate", "history", "owner", "feedback",
] as const;

const RULE_ID = /^(?:[TUPACBR]\d{1,2})$/;

export const FaqTopic = z.enum([
  "about",
  "partner-management",
  "customer-management",
  "reports",
  "resources-feedback",
  "licensing",
  "pooled-subscriptions",
  "services",
  "fly",
  "31-day-rules",
  "tier-2",
]);
export type FaqTopic = z.infer<typeof FaqTopic>;

export const FaqEntry = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  topic: FaqTopic,
  /** The question as the card shows it (and the button label of an "unsure" reply). */
  question: z.string().min(8),
  /** Other ways of asking; searched with the question. */
  phrasings: z.array(z.string().min(3)).min(2),
  /** Extra search words (acronyms, product names) that need not read as a sentence. */
  keywords: z.array(z.string()).default([]),
  answer: z.string().min(10),
  /** A bot command from the spec's table, with its placeholders: `disconnect <customer>`. */
  command: z
    .string()
    .refine((c) => BOT_COMMANDS.some((h) => c === h || c.startsWith(`${h} `)), "not a command of the spec's table")
    .optional(),
  rules: z.array(z.string().regex(RULE_ID)).default([]),
});
export type FaqEntry = z.infer<typeof FaqEntry>;

// Service names come from the catalog (one list for the whole project); the IaaS + PaaS
// details are the source's words for what those services cover.
const IAAS_SOURCES = CATALOG.find((s) => s.unit === "capacity_gb" && s.detail)?.detail ?? "";
const pooledServiceNames = CATALOG.map((s) => (s.detail && s.detail !== IAAS_SOURCES ? `${s.name} (${s.detail})` : s.name));
const distributionNames = CATALOG.filter((s) => s.distribution).map((s) => s.name);

const RAW: ReadonlyArray<z.input<typeof FaqEntry>> = [
  // ---- about ----
  {
    id: "faq-topics",
    topic: "about",
    question: "What can I ask you about?",
    phrasings: ["Which topics can I ask about?", "Which subjects does this FAQ answer?", "help with licensing questions"],
    keywords: ["faq", "questions", "topics covered", "categories", "subjects", "help"],
    answer:
      "I answer questions on partner management, customer management, reports, resources and feedback, licensing, and pooled subscriptions: where to buy them, how to pay, which services are offered, Fly, the 31-day rules, which license takes precedence, and Tier 2.",
    command: "help",
  },

  // ---- partner management ----
  {
    id: "add-administrator",
    topic: "partner-management",
    question: "How do I add an administrator to our partner account?",
    phrasings: [
      "Promote a user to the Administrators group",
      "Grant admin permissions to a teammate",
      "Who can be made an administrator?",
    ],
    keywords: ["Administrators group", "account management", "permissions"],
    answer:
      "In Elements open Settings > Account management > Users > Administrators and choose Add existing user. Only users who already exist in your partner account can be added; they join the built-in Administrators group.",
    command: "admin add <user>",
    rules: ["U1"],
  },

  // ---- customer management ----
  {
    id: "onboard-customer",
    topic: "customer-management",
    question: "How do I onboard a new customer?",
    phrasings: [
      "Register a customer in Elements",
      "Create a customer and give it services",
      "Bring a new tenant under our management",
    ],
    keywords: ["onboarding", "Customers page"],
    answer:
      "On the Customers page choose Onboard new customer and follow the steps: you enter the customer's details and assign its subscriptions as part of the same flow.",
    command: "onboard",
    rules: ["C1"],
  },
  {
    id: "change-tenant-owner",
    topic: "customer-management",
    question: "How do I change a customer's Tenant Owner?",
    phrasings: [
      "Make a different person the owner of the customer tenant",
      "Replace the tenant owner",
      "What role does a Tenant Owner need?",
    ],
    keywords: ["Service Administrator", "Set as tenant owner", "User management"],
    answer:
      "The person who is to become Tenant Owner must first hold the Service Administrator role in the customer's AvePoint Online Services environment. Then sign in to that environment with the Administrator role, open User management, select the person and choose Set as tenant owner; they become the customer's Tenant Owner.",
    command: "owner <customer> <user>",
    rules: ["C2"],
  },
  {
    id: "move-customer-partner",
    topic: "customer-management",
    question: "How can a customer be managed by a different partner?",
    phrasings: [
      "Hand a customer over to another partner",
      "A customer is leaving us for another provider",
      "Release a customer so someone else can invite it",
    ],
    keywords: ["Disconnect customer from Elements", "invite"],
    answer:
      "The current partner disconnects the customer first: in Customers, find the customer and choose Disconnect customer from Elements. After that the new partner can invite the customer from its own Elements tenant and manage it. A customer cannot be disconnected during the first 31 days of a license assignment.",
    command: "disconnect <customer>",
    rules: ["A6", "C3"],
  },

  // ---- reports ----
  {
    id: "operations-report",
    topic: "reports",
    question: "Where is the Customer operations report?",
    phrasings: [
      "Report of jobs by service for every customer",
      "See job results per online service",
      "Filter operations by status and period",
    ],
    keywords: ["job status", "time range", "Report center", "operations"],
    answer:
      "Go to Reports > Report center and open the Customer operations report. It summarizes all your customers grouped by online service; click a service's card for the detail, and filter by time range and by job status.",
    command: "report operations 30d",
    rules: ["R3"],
  },
  {
    id: "storage-report",
    topic: "reports",
    question: "Where is the Storage consumption report?",
    phrasings: [
      "See the storage each customer takes up",
      "Total storage used across customers",
      "View details of one customer's storage",
    ],
    keywords: ["Report center", "View details", "GB"],
    answer:
      "Go to Reports > Report center and open the Storage consumption report. It starts with the storage used by all your customers together; under that each customer has a card, and View details on a card shows that customer's storage.",
    command: "report storage",
    rules: ["R4"],
  },
  {
    id: "usage-report-steps",
    topic: "reports",
    question: "How do I view a customer's current usage?",
    phrasings: [
      "Open the Customer current usage report",
      "Usage of a billing period",
      "See what a customer is consuming right now",
    ],
    keywords: ["Customer current usage", "Subscription usage", "Today", "1st of the month", "billing cycle"],
    answer:
      "1. Sign in to Elements. 2. Open Report center > Subscription usage > Customer current usage. 3. For a billing cycle, pick the 1st of that month. 4. For what is being consumed right now, pick Today.",
    command: "usage",
    rules: ["R2", "B2"],
  },
  {
    id: "usage-report-discrepancies",
    topic: "reports",
    question: "What if the usage report looks wrong or I have no access to it?",
    phrasings: [
      "Usage report shows unexpected numbers",
      "Report totals differ from what we expected",
      "Request access to usage reports",
    ],
    keywords: ["discrepancy", "partner manager", "incorrect", "mismatch"],
    answer:
      "Usage reports reflect what is invoiced each month. Make sure the right partner or customer account is selected; if the figures still don't look right, or you need access, contact your partner manager.",
    rules: ["B2"],
  },
  {
    id: "subscription-source",
    topic: "reports",
    question: "Where can I see the source of my subscriptions?",
    phrasings: [
      "Origin of a pooled subscription",
      "Subscription Usage Report",
      "Tell apart direct and distribution subscriptions",
    ],
    keywords: ["source", "origin", "Subscription Usage Report"],
    answer:
      "The Subscription Usage Report shows the source of each of your subscriptions. When you add a service to a customer, you pick the source it draws from.",
    command: "report subscriptions",
    rules: ["R1"],
  },

  // ---- resources and feedback ----
  {
    id: "user-guides",
    topic: "resources-feedback",
    question: "Where can I find the user guides?",
    phrasings: ["Product help articles", "Learning resources for Elements", "Read the docs"],
    keywords: ["learn.avepoint.com", "guides", "help center"],
    answer: "The user guides are on AvePoint's learning site: https://learn.avepoint.com/",
  },
  {
    id: "submit-feedback",
    topic: "resources-feedback",
    question: "How do I submit feedback?",
    phrasings: ["Give feedback about Elements", "Where is the feedback form?", "Share ideas with the product team"],
    keywords: ["Submit feedback", "idea", "feature request"],
    answer: "In Elements, open Help in the navigation pane and choose Submit feedback; that opens the Submit feedback page.",
    command: "feedback <text>",
  },

  // ---- licensing ----
  {
    id: "user-counting",
    topic: "licensing",
    question: "How does AvePoint count users for licensing?",
    phrasings: [
      "Which users consume a user seat?",
      "Are all M365 accounts billed?",
      "Relationship between Microsoft 365 licenses and AvePoint seats",
    ],
    keywords: ["Subscription and Licensing Information", "user seat", "AvePoint Online Services", "count"],
    answer:
      "AvePoint Online Services counts the Microsoft 365 users who have licenses assigned in Microsoft 365, and each of those users needs one AvePoint user seat. The Microsoft 365 subscriptions that are counted are listed in Subscription and Licensing Information.",
    rules: ["P6"],
  },

  // ---- pooled subscriptions ----
  {
    id: "pooled-subscription",
    topic: "pooled-subscriptions",
    question: "What is a pooled subscription?",
    phrasings: ["Meaning of pooled licensing", "How do pools work?", "Define a subscription pool"],
    keywords: ["pool", "user seats", "objects", "capacity"],
    answer:
      "A pooled subscription is a number of licenses (user seats, objects or capacity) bought for one service; you assign them from that pool to your customers as they need them.",
    command: "pools",
  },
  {
    id: "purchase-channels",
    topic: "pooled-subscriptions",
    question: "Where do I buy pooled subscriptions?",
    phrasings: [
      "Ways to order a pool",
      "Purchasing options: direct or distribution",
      "Order seats from AvePoint Sales",
    ],
    keywords: ["AvePoint Sales", "Cloud Marketplace", "off-marketplace", "channel", "order"],
    answer:
      "Either directly from AvePoint (through AvePoint Sales) or through distribution: in a marketplace (Cloud Marketplace) or off-marketplace.",
    command: "report subscriptions",
    rules: ["P1", "P2"],
  },
  {
    id: "payment-models",
    topic: "pooled-subscriptions",
    question: "What payment models exist for pooled subscriptions?",
    phrasings: ["Payment options overview", "Ways to pay for a pool", "Prepaid or PAYG: which channels and terms?"],
    keywords: ["payment model", "purchase options", "compare"],
    answer:
      "Two. Prepaid: a fixed pool size agreed when the contract is signed; bought direct (annual upfront), off-marketplace (annual upfront) or on Cloud Marketplace (monthly, APM or APU). Pay-as-you-go (PAYG): bought direct only and billed monthly for the subscriptions assigned or consumed.",
    rules: ["P1"],
  },
  {
    id: "prepaid-model",
    topic: "pooled-subscriptions",
    question: "What is the Prepaid model?",
    phrasings: ["Prepaid pool explained", "Terms of a prepaid contract", "Prepaid channels and payment options"],
    keywords: ["prepaid model", "fixed pool size", "contract signing"],
    answer:
      "In the Prepaid model the pool size is fixed when the contract is signed and is paid upfront for the whole contract; it cannot be reduced during the term, unless it is a monthly Cloud Marketplace pool. It is sold direct and through distribution. Options: Cloud Marketplace monthly, APM or APU; off-marketplace annual upfront only; direct annual upfront only.",
    rules: ["P1", "P5"],
  },
  {
    id: "prepaid-pool-reduction",
    topic: "pooled-subscriptions",
    question: "Can a prepaid pool be made smaller during its term?",
    phrasings: ["Reduce the quantity of a prepaid pool", "Shrink our purchased pool", "Too many seats purchased"],
    keywords: ["pool size", "contract term"],
    answer:
      "No. A prepaid pool keeps the size agreed at signing for the whole contract term. The one exception is a monthly Cloud Marketplace pool.",
    rules: ["P5"],
  },
  {
    id: "marketplace-payment-options",
    topic: "pooled-subscriptions",
    question: "How can I pay for a pool bought on Cloud Marketplace?",
    phrasings: ["Marketplace payment terms", "Cloud Marketplace billing options", "Is PAYG sold on marketplaces?"],
    keywords: ["monthly", "APM", "APU"],
    answer:
      "Marketplaces sell prepaid pools only, with three options: monthly, APM (annual commitment, paid monthly) or APU (annual commitment, paid upfront). Pay-as-you-go is not available through a marketplace.",
    rules: ["P1"],
  },
  {
    id: "off-marketplace-payment",
    topic: "pooled-subscriptions",
    question: "How do I pay for an off-marketplace pool?",
    phrasings: ["Off-marketplace terms", "Distribution outside the marketplace: payment"],
    keywords: ["offmarketplace", "annual upfront"],
    answer: "A pool bought through distribution off-marketplace is prepaid and paid annual upfront only.",
    rules: ["P1"],
  },
  {
    id: "direct-payment-options",
    topic: "pooled-subscriptions",
    question: "How can I pay for a pool bought directly from AvePoint?",
    phrasings: ["Direct channel payment", "Paying AvePoint directly for a pool"],
    keywords: ["direct", "annual upfront", "PAYG"],
    answer:
      "Bought direct, a pool is either prepaid, paid annual upfront, or pay-as-you-go (PAYG), billed monthly.",
    rules: ["P1", "P4"],
  },
  {
    id: "apm-apu",
    topic: "pooled-subscriptions",
    question: "What are APM and APU?",
    phrasings: ["Annual Prepaid Monthly meaning", "Annual Prepaid Upfront meaning"],
    keywords: ["APM", "APU", "acronym"],
    answer:
      "Two Cloud Marketplace payment options for prepaid pools. APM, Annual Prepaid Monthly: a one-year commitment paid month by month. APU, Annual Prepaid Upfront: a one-year commitment paid all at the start. The marketplace also offers a plain monthly option.",
    rules: ["P1"],
  },
  {
    id: "payg-model",
    topic: "pooled-subscriptions",
    question: "How does pay-as-you-go (PAYG) work?",
    phrasings: ["PAYG billing explained", "PAYG commitment per customer", "Where can PAYG be bought?"],
    keywords: ["PAYG", "billed monthly", "31-day commitment"],
    answer:
      "With PAYG a pool is provisioned to your Elements tenant and you are billed each month for the subscriptions assigned or consumed. Each customer subscription commits to at least 31 days. PAYG is sold direct only (not through marketplaces) and paid monthly.",
    command: "bill",
    rules: ["P1", "B1"],
  },
  {
    id: "direct-prepaid-term",
    topic: "pooled-subscriptions",
    question: "How long does a direct prepaid term last?",
    phrasings: ["Length of a direct contract", "Duration of a prepaid agreement with AvePoint"],
    keywords: ["calendar year", "effective date"],
    answer: "At least one calendar year, counted from the contract's effective date.",
    rules: ["P4"],
  },
  {
    id: "direct-prepaid-end-date",
    topic: "pooled-subscriptions",
    question: "When does a customer's license end on a direct prepaid pool?",
    phrasings: [
      "Customers assigned late in the term: end date",
      "Start and end dates of customers in a direct prepaid contract",
      "Example of license duration by assignment date",
    ],
    keywords: ["end date", "last day", "contract term", "start date"],
    answer:
      "Every customer ends on the last day of the direct prepaid contract term; only the start differs, since it is the day the customer was assigned. Customers can join the pool at any time in the term. Example with a 1 January to 31 December term: a customer assigned on 2 January and one assigned on 30 September both expire on 31 December.",
    command: "expiring 30",
    rules: ["A3"],
  },

  // ---- services ----
  {
    id: "pooled-services",
    topic: "services",
    question: "Which services are offered as pooled subscriptions?",
    phrasings: ["Services catalogue", "Is a given product in the pool catalog?", "What can be bought pooled?"],
    keywords: ["list of all services", "catalog"],
    answer: `These ${pooledServiceNames.length} services can be bought as pooled subscriptions: ${pooledServiceNames.join("; ")}. The Cloud Backup for IaaS + PaaS Capacity and Units services cover ${IAAS_SOURCES}.`,
    rules: [],
  },
  {
    id: "distribution-services",
    topic: "services",
    question: "Which services can be bought through distribution?",
    phrasings: [
      "Services sold by distributors",
      "Services on Cloud Marketplace and off-marketplace",
      "Is a given service available from a distributor?",
    ],
    keywords: ["distribution", "Cloud Marketplace"],
    answer: `Through distribution (Cloud Marketplace or off-marketplace) you can buy: ${distributionNames.join("; ")}. Other services are not sold through distribution.`,
    rules: ["P2"],
  },

  // ---- Fly ----
  {
    id: "fly-payment",
    topic: "fly",
    question: "How can Fly be paid for?",
    phrasings: ["Fly payment mode", "Paying for Fly > Aviator and Fly > Global Objects"],
    keywords: ["Fly", "Aviator", "Global Objects", "prepaid"],
    answer: "Fly (Fly > Global Objects and Fly > Aviator) supports the prepaid payment mode only; there is no pay-as-you-go for Fly.",
    rules: ["P3"],
  },
  {
    id: "fly-consumed",
    topic: "fly",
    question: "What happens to consumed Fly licenses when a customer's subscription ends?",
    phrasings: ["Fly licenses after a subscription lapses", "Used Fly seats and the pool"],
    keywords: ["Fly", "consumed", "return"],
    answer:
      "Once Fly licenses are assigned and consumed they stay used: they do not return to the pool when the customer's subscription expires.",
    rules: ["A9"],
  },
  {
    id: "fly-merge",
    topic: "fly",
    question: "Are several marketplace pools of Fly merged?",
    phrasings: ["Multiple Fly subscriptions on the marketplace", "Fly pools bought more than once"],
    keywords: ["Fly", "merge", "separate"],
    answer: "No. When you hold several Cloud Marketplace pool subscriptions of Fly, they are not merged; each stays a separate pool.",
    command: "pools Fly",
    rules: ["P9"],
  },
  {
    id: "fly-overview",
    topic: "fly",
    question: "What is different about Fly subscriptions?",
    phrasings: ["Fly notes", "Rules that apply only to Fly"],
    keywords: ["Fly", "Aviator", "Global Objects"],
    answer:
      "Fly (Fly > Global Objects and Fly > Aviator) has its own rules: prepaid only; consumed Fly licenses don't go back to the pool when a customer's subscription expires; several marketplace pools of Fly are not merged; and Automatically Adjusted mode is not supported, so a Fly pool is managed by Manual Input.",
    rules: ["P3", "A9", "P9", "P6"],
  },

  // ---- assigning ----
  {
    id: "management-modes",
    topic: "pooled-subscriptions",
    question: "What are Manual Input and Automatically Adjusted modes?",
    phrasings: ["Pool management modes", "Let seats follow Microsoft 365 usage", "Enter purchased capacity by hand"],
    keywords: ["Manual Input", "Automatically Adjusted", "default mode"],
    answer:
      "A pool is managed in one of two modes. Automatically Adjusted is the default: seats or capacity follow the customer's Microsoft 365 license usage; it is not supported for Fly. Manual Input: you enter the purchased seats or capacity yourself.",
    rules: ["P6"],
  },
  {
    id: "assign-source",
    topic: "pooled-subscriptions",
    question: "How do I assign a service to a customer, and from which pool?",
    phrasings: [
      "Choose the pool a customer's service comes from",
      "Select the source when adding a service",
      "More than one source pool for one service",
    ],
    keywords: ["source", "one per service"],
    answer:
      "When you add a service to a customer, select the appropriate source pooled subscription. A customer can have only one source pooled subscription per service.",
    command: "assign <qty> <service> to <customer> from <pool>",
    rules: ["A1"],
  },
  {
    id: "distribution-period",
    topic: "pooled-subscriptions",
    question: "Can licenses be handed out outside the subscription period?",
    phrasings: ["Distribute licenses once the pool term is over", "Using a pool beyond its original period"],
    keywords: ["original subscription period", "term", "expired pool"],
    answer: "No. Licenses can be distributed only within the pool subscription's original period.",
    command: "pools",
    rules: ["P7"],
  },

  // ---- precedence and payment model ----
  {
    id: "license-precedence",
    topic: "licensing",
    question: "Which license applies when a customer has a CMP or Enterprise license as well as a pooled one?",
    phrasings: ["License precedence", "Pooled license superseded", "Most recent license type"],
    keywords: ["CMP", "Enterprise", "precedence", "override", "supersede", "prevails"],
    answer:
      "The license type applied most recently prevails. A CMP license overrides a Direct or Distributor pooled license, and an Enterprise license overrides a pooled license. Depending on the scenario, the pooled licenses may go back to the MSP's pool.",
    rules: ["A8"],
  },
  {
    id: "one-payment-model",
    topic: "licensing",
    question: "Can one customer use both Prepaid and PAYG?",
    phrasings: ["Combining payment models on one customer", "Customer payment model limit"],
    keywords: ["single payment model per customer"],
    answer: "No. Only one payment model can be assigned per customer: Prepaid or PAYG.",
    rules: ["A2"],
  },

  // ---- 31-day rules ----
  {
    id: "default-expiration",
    topic: "31-day-rules",
    question: "What expiration does a new assignment get?",
    phrasings: ["Expiration when assigning", "Initial end date of an assignment"],
    keywords: ["default", "31 days", "expire"],
    answer:
      "On the first assignment the expiration defaults to 31 days, and it must not go past the pooled license's own expiration. (On a direct prepaid pool, customers end on the last day of the contract term.)",
    command: "extend <customer> <service> to <date>",
    rules: ["A3"],
  },
  {
    id: "expiration-minimum",
    topic: "31-day-rules",
    question: "How short can an assignment's expiration be?",
    phrasings: ["Editing an expiration to an earlier date", "Pool that ends before 31 days"],
    keywords: ["at least 31 days", "expire sooner", "edit expiration"],
    answer:
      "An expiration must be at least 31 days after the initial assignment, unless the pooled license expires sooner. In that case you can still assign, but the customer's expiration cannot go past the pool's expiration.",
    command: "extend <customer> <service> to <date>",
    rules: ["A4"],
  },
  {
    id: "reduce-seats",
    topic: "31-day-rules",
    question: "When can I reduce a customer's seats?",
    phrasings: ["Reducing a customer's quantity is refused", "Fewer seats for a customer"],
    keywords: ["reduce", "31 days", "quantity"],
    answer: "Not within 31 days of the assignment. Reducing a customer's seats becomes possible once those 31 days have passed.",
    command: "seats <customer> <service> <qty>",
    rules: ["A5"],
  },
  {
    id: "disconnect-31-days",
    topic: "31-day-rules",
    question: "When can a customer be disconnected?",
    phrasings: ["Disconnect is refused for a customer", "Disconnecting soon after assigning licenses"],
    keywords: ["disconnect", "initial 31 days"],
    answer:
      "Not within the initial 31 days of a license assignment. After that, disconnect it from Customers: select the customer and choose Disconnect customer from Elements.",
    command: "disconnect <customer>",
    rules: ["A6"],
  },
  {
    id: "change-pooled-license",
    topic: "31-day-rules",
    question: "Can I change a customer's pooled license to another pool?",
    phrasings: ["Move a customer's service to a different pool", "Swap the pooled license of a customer"],
    keywords: ["change pooled license", "original pool"],
    answer:
      "Yes, once 31 days have passed since the assignment; the seats go back to the original pool. It is not possible within the first 31 days.",
    command: "switch <customer> <service> to <pool>",
    rules: ["A7"],
  },
  {
    id: "thirty-one-day-rules",
    topic: "31-day-rules",
    question: "What are the 31-day rules?",
    phrasings: ["Summary of the 31 day restrictions", "Rules tied to the first 31 days"],
    keywords: ["31", "days", "rules"],
    answer:
      "Assigning: the expiration defaults to 31 days and cannot pass the pool's expiration. Editing: an expiration is at least 31 days from the initial assignment unless the pool expires sooner. Reducing seats: not within 31 days of the assignment. Disconnecting a customer: not within the initial 31 days of a license assignment. Changing a pooled license: only after 31 days. PAYG: each customer subscription commits to at least 31 days. The same 31-day rules apply to all pooled subscriptions.",
    rules: ["A3", "A4", "A5", "A6", "A7", "B1"],
  },
  {
    id: "distributor-cancellation",
    topic: "31-day-rules",
    question: "What happens to expirations when a distributor order is canceled?",
    phrasings: ["Canceled distribution order", "Distributor withdraws an order"],
    keywords: ["distributor", "cancel", "order"],
    answer: "If a distributor order is canceled, the expiration adjusts automatically.",
    command: "expiring 30",
    rules: ["P10"],
  },

  // ---- Tier 2 ----
  {
    id: "tier2-lar",
    topic: "tier-2",
    question: "How does the Tier 2 (LAR) licensing model work?",
    phrasings: ["LAR receives the pool", "Two-tier licensing with MSPs", "Passing subscriptions down to MSPs"],
    keywords: ["Tier 2", "LAR", "MSP"],
    answer:
      "In Tier 2 a LAR receives the pool in its own Elements tenant and assigns subscriptions from it to its MSPs, who then assign them to their own customers. The Tier 2 LAR pays for the whole pool.",
    command: "allocate <qty> <pool> to <msp>",
    rules: ["T2"],
  },
  {
    id: "tier2-enable",
    topic: "tier-2",
    question: "How do I get Tier 2 enabled?",
    phrasings: ["Activate Tier 2 in Elements", "Tier 2 functionality is not available"],
    keywords: ["Tier 2", "enable", "contact AvePoint"],
    answer: "Tier 2 functionality is enabled by AvePoint: contact AvePoint to have it switched on in Elements.",
    rules: ["T1"],
  },
];

/** The knowledge base, validated once at load: a malformed entry fails fast in tests and start-up. */
export const KNOWLEDGE: readonly FaqEntry[] = Object.freeze(
  z
    .array(FaqEntry)
    .superRefine((entries, ctx) => {
      const seen = new Set<string>();
      entries.forEach((e, i) => {
        if (seen.has(e.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, "id"], message: `duplicate id ${e.id}` });
        seen.add(e.id);
      });
    })
    .parse(RAW),
);

const BY_ID = new Map(KNOWLEDGE.map((e) => [e.id, e]));

export function faqEntry(id: string): FaqEntry | undefined {
  return BY_ID.get(id);
}
