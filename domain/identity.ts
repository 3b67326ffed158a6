import { and, eq, sql } from "drizzle-orm";
import { cached, type Db } from "../db/client";
import { partners, partnerUsers } from "../db/schema";

/** A partner user, found from the Teams tenant and the user's AAD object id (U1, U2). */
export interface PartnerUserIdentity {
  partnerId: string;
  aadObjectId: string;
  name: string;
  role: "administrator" | "viewer";
}

/** Why nobody was found; for logs only: the user is told the same thing whatever the reason (U2). */
export type UnknownReason = "no-ids" | "unknown-tenant" | "unknown-user";

export type IdentityResult = { ok: true; user: PartnerUserIdentity } | { ok: false; reason: UnknownReason };

const ph = sql.placeholder;

/**
 * U2: who is asking. The tenant picks the partner (one partner per Teams tenant) and the user must
 * belong to that partner: a user known to another partner, writing from this tenant, is unknown
 * here. Read-only; run on every turn, so its statements are prepared once per connection.
 */
export function resolvePartnerUser(db: Db, ids: { tenantId?: string | null; aadObjectId?: string | null }): IdentityResult {
  const tenantId = ids.tenantId?.trim();
  const aadObjectId = ids.aadObjectId?.trim();
  if (!tenantId || !aadObjectId) return { ok: false, reason: "no-ids" };
  const partner = cached(db, "identity.partnerByTenant", (d) =>
    d.select({ id: partners.id }).from(partners).where(eq(partners.teamsTenantId, ph("tenantId"))).prepare(),
  ).get({ tenantId });
  if (!partner) return { ok: false, reason: "unknown-tenant" };
  const user = cached(db, "identity.partnerUser", (d) =>
    d
      .select({ partnerId: partnerUsers.partnerId, aadObjectId: partnerUsers.aadObjectId, name: partnerUsers.name, role: partnerUsers.role })
      .from(partnerUsers)
      .where(and(eq(partnerUsers.partnerId, ph("partnerId")), eq(partnerUsers.aadObjectId, ph("aadObjectId"))))
      .prepare(),
  ).get({ partnerId: partner.id, aadObjectId });
  if (!user) return { ok: false, reason: "unknown-user" };
  return { ok: true, user };
}
