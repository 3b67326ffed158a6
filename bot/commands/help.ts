import { homeCard } from "../../cards";
import { describeSettings, settingsFor } from "../notify";
import { partnerName } from "../../domain/people";
import type { Session } from "./session";
import type { Reply } from "./types";

/** The commands that work, in the words of the spec's table. */
const COMMANDS = [
  { usage: "help", does: "this card" },
  { usage: "customers ‹text›", does: "your customers with status, seats and nearest expiry; text filters by name" },
  { usage: "customer ‹name›", does: "one customer: services, source pools, quantities, expirations" },
  { usage: "expiring ‹days›", does: "subscriptions and pools expiring within that many days (30 unless you say, up to 365)" },
  { usage: "admins", does: "who administers your partner account, and who views" },
  { usage: "history ‹customer›", does: "who changed what for a customer, and when" },
  { usage: "feedback ‹text›", does: "tells the vendor what you think" },
  { usage: "faq ‹question›", does: "answers a question about the partner portal and pooled licensing from the FAQ; or just ask it" },
  { usage: "assign ‹qty› ‹service› to ‹customer› [from ‹pool›] [until ‹date›]", does: "gives a customer licenses from a pool (administrators; every change asks you to confirm)" },
  { usage: "seats ‹customer› ‹service› ‹qty›", does: "changes a subscription's quantity" },
  { usage: "extend ‹customer› ‹service› to ‹date›", does: "changes a subscription's expiration" },
  { usage: "extend all ‹pool› to ‹date | end›", does: "extends every subscription of a renewed pool" },
  { usage: "switch ‹customer› ‹service› to ‹pool›", does: "moves a subscription to another pool" },
  { usage: "onboard ‹customer›", does: "the onboarding form" },
  { usage: "disconnect ‹customer›", does: "disconnects a customer" },
  { usage: "owner ‹customer› ‹user›", does: "changes a customer's tenant owner" },
  { usage: "admin add ‹user›, admin remove ‹user›", does: "changes who administers your partner account" },
  { usage: "allocate ‹qty› ‹pool› to ‹msp›", does: "Tier 2 LARs: adds seats of a pool to an MSP's allocation" },
  { usage: "pools [service]", does: "subscription usage: every pool's quantity, assigned, available and utilization (also report subscriptions)" },
  { usage: "usage [customer] [today | YYYY-MM]", does: "assigned and consumed per customer and service, today or for a billing cycle" },
  { usage: "report operations [7d | 30d | 90d] [status ‹s›]", does: "customers' jobs by service and status" },
  { usage: "report storage", does: "storage used by all your customers, then each one" },
  { usage: "bill [YYYY-MM]", does: "the PAYG bill for a month (last month unless you say)" },
  { usage: "notify on | off | at 30,7,1", does: "expiry notifications for this conversation: a daily digest of what expires within those days (administrators)" },
];

/** The home card; `notice` says why it came back when it was not asked for. */
export function help(s: Session, notice = ""): Reply {
  return {
    attachments: [
      homeCard({
        notice,
        userName: s.ctx.speaker.name,
        partnerName: partnerName(s.q),
        isAdmin: s.isAdmin,
        isLar: s.q.kind === "lar",
        commands: COMMANDS,
        notifications: notificationsLine(s),
      }),
    ],
  };
}


/** The home card's line on this conversation's notification settings. */
function notificationsLine(s: Session): string {
  const settings = s.ctx.conversationId ? settingsFor(s.ctx.db, s.ctx.speaker.partnerId, s.ctx.conversationId) : undefined;
  if (settings) return describeSettings(settings);
  return "A daily digest of subscriptions and pools about to expire, pools nearly full and canceled orders. An administrator can type notify on in any chat or channel with me.";
}
