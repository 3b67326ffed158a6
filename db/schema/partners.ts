import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** An MSP, or a Tier 2 LAR (licensing reseller) that allocates its pools to MSPs (T1, T2). */
export const partners = sqliteTable(
  "partners",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["msp", "lar"] }).notNull(),
    /** The partner's Teams (Entra ID) tenant: with the user's AAD object id it identifies who is asking (U2). */
    teamsTenantId: text("teams_tenant_id").notNull(),
    /** T1: only a LAR with Tier 2 enabled can hold pools for MSPs. */
    tier2Enabled: integer("tier2_enabled", { mode: "boolean" }).notNull().default(false),
    /** For an MSP served by a Tier 2 LAR: that LAR. */
    larId: text("lar_id").references((): any => partners.id),
    /** IANA time zone: decides what "today" is for this partner's rules, reports and digests. */
    timeZone: text("time_zone").notNull().default("UTC"),
  },
  (t) => [
    // One partner per Teams tenant: identity resolution must never be ambiguous (U2).
    uniqueIndex("partners_teams_tenant_uq").on(t.teamsTenantId),
    index("partners_lar_idx").on(t.larId),
    check("partners_kind_ck", sql`${t.kind} in ('msp', 'lar')`),
  ],
);

export const partnerUsers = sqliteTable(
  "partner_users",
  {
    partnerId: text("partner_id")
      .notNull()
      .references(() => partners.id),
    /** The user's Entra ID (AAD) object id, as Teams sends it in `from.aadObjectId`. */
    aadObjectId: text("aad_object_id").notNull(),
    name: text("name").notNull(),
    /** U1: administrators change things, viewers read. */
    role: text("role", { enum: ["administrator", "viewer"] }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.partnerId, t.aadObjectId] }),
    check("partner_users_role_ck", sql`${t.role} in ('administrator', 'viewer')`),
  ],
);
