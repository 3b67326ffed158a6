/** Export CSV: checks what the button asks for, for the speaker's partner, and answers with a signed link. */
import { exportReportCard } from "../../../cards";
import { serviceById } from "../../../domain/catalog";
import { ownCustomer } from "../../../domain/lookups";
import { visibleSource } from "../../../domain/queries/subscriptions";
import { instant } from "../format";
import { notice, unknownCustomerId } from "../notices";
import type { Session } from "../session";
import type { Reply } from "../types";
import { unknownPool } from "./pools";
import type { ExportRequest } from "./tables";

const TITLES: Record<ExportRequest["report"], string> = {
  pools: "Subscription usage",
  pool: "A pool's customers",
  usage: "Customer usage",
  operations: "Customer operations",
  "operations-service": "A service's operations by customer",
  storage: "Storage consumption",
  "storage-customer": "A customer's storage by service",
  bill: "PAYG bill",
};

/** The reply to Export CSV: a link card, or why there is nothing to export. Nothing is computed until the link is opened. */
export function exportLinkReply(s: Session, r: ExportRequest): Reply {
  const links = s.ctx.exports;
  if (!links) return notice("CSV export is not available here", "This bot runs without its web address, so it cannot hand out download links.", "Warning");
  const problem = checkRequest(s, r);
  if (problem) return problem;
  const { url, expiresAt } = links.link({ partnerId: s.ctx.speaker.partnerId, aadObjectId: s.ctx.speaker.aadObjectId }, r);
  return {
    attachments: [
      exportReportCard({
        what: `${TITLES[r.report]} (CSV)`,
        url,
        validity: `Valid for ${links.ttlMinutes} minutes, until ${instant(expiresAt.toISOString(), s.q.timeZone).slice(11)} (${s.q.timeZone}).`,
      }),
    ],
  };
}

/** The ids a request names, checked for the speaker's partner now (and again when the link is opened). */
function checkRequest(s: Session, r: ExportRequest): Reply | undefined {
  const missing = (what: string) => notice("That button sent something I can't use", `The export needs a ${what}. Try again from a fresh report card.`, "Warning");
  switch (r.report) {
    case "pool":
      if (!r.key) return missing("pool");
      return visibleSource(s.q, r.key) ? undefined : unknownPool();
    case "operations-service":
      if (!r.serviceId) return missing("service");
      return serviceById(r.serviceId) ? undefined : notice("I don't know that service", "Type report operations to see every service's jobs.", "Warning");
    case "storage-customer":
      if (!r.customerId) return missing("customer");
      return ownCustomer(s.q, r.customerId) ? undefined : unknownCustomerId();
    case "usage":
      if (r.period && r.period !== "today" && `${r.period}-01` > s.q.today) return notice("That billing cycle has not started", "There is nothing to export for it yet.", "Warning");
      return r.customerId && !ownCustomer(s.q, r.customerId) ? unknownCustomerId() : undefined;
    case "bill":
      return r.month && r.month > s.q.today.slice(0, 7) ? notice("That month has not begun", "There is no bill to export for it yet.", "Warning") : undefined;
    case "pools":
      return r.serviceId && !serviceById(r.serviceId) ? notice("I don't know that service", "Type pools to see all your pools.", "Warning") : undefined;
    default:
      return undefined;
  }
}
