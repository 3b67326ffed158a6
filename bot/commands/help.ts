import { homeCard, NOT_BUILT, type NotBuilt } from "../../cards";
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
];

/** What each command that is not built yet will do, to say so plainly. */
export const NOT_BUILT_WHAT: Record<NotBuilt, string> = {
  pools: "The pools report (pools)",
  assign: "Assigning licenses (assign)",
  seats: "Changing seats (seats)",
  extend: "Extending expirations (extend)",
  switch: "Switching a customer's pool (switch)",
  onboard: "Onboarding customers (onboard)",
  disconnect: "Disconnecting customers (disconnect)",
  usage: "The usage report (usage)",
  report: "Reports (report)",
  bill: "The PAYG bill (bill)",
  notify: "Expiry notifications (notify)",
  "admin add": "Adding administrators (admin add)",
  "admin remove": "Removing administrators (admin remove)",
  allocate: "Allocating seats to MSPs (allocate)",
  owner: "Changing the tenant owner (owner)",
};

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
        coming: NOT_BUILT.join(", "),
      }),
    ],
  };
}

export function notBuilt(s: Session, command: NotBuilt): Reply {
  return help(s, `${NOT_BUILT_WHAT[command]} is not built yet; it comes in a later version. Here is what I can do now.`);
}
