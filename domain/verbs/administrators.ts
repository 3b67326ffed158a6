import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { partnerUsers } from "../../db/schema";
import { recordAudit, type Ctx } from "../context";
import { actingPartner, requireAdministrator } from "../internal";
import { fail } from "../outcome";
import { defineVerb, idInput } from "../verb";

export const AdministratorInput = z.object({ aadObjectId: idInput });

function getUser(ctx: Ctx, partnerId: string, aadObjectId: string) {
  const user = ctx.db
    .select()
    .from(partnerUsers)
    .where(and(eq(partnerUsers.partnerId, partnerId), eq(partnerUsers.aadObjectId, aadObjectId)))
    .get();
  if (!user) fail("NOT_FOUND", "U1", "No such user in your partner account; only existing users can join the Administrators group.");
  return user;
}

function setRole(ctx: Ctx, partnerId: string, aadObjectId: string, role: "administrator" | "viewer") {
  ctx.db
    .update(partnerUsers)
    .set({ role })
    .where(and(eq(partnerUsers.partnerId, partnerId), eq(partnerUsers.aadObjectId, aadObjectId)))
    .run();
}

/** U1: adds an existing partner user to the Administrators group. */
export const addAdministrator = defineVerb(AdministratorInput, (ctx, input) => {
  requireAdministrator(ctx);
  const partner = actingPartner(ctx);
  const user = getUser(ctx, partner.id, input.aadObjectId);
  if (user.role === "administrator") fail("NOTHING_TO_CHANGE", "U1", `${user.name} is already an administrator.`);
  setRole(ctx, partner.id, user.aadObjectId, "administrator");
  const after = { ...user, role: "administrator" as const };
  recordAudit(ctx, { partnerId: partner.id, action: "admin_add", entityType: "partner_user", entityId: user.aadObjectId, before: user, after });
  return after;
});

/** U1: makes an administrator a viewer; the last administrator stays. */
export const removeAdministrator = defineVerb(AdministratorInput, (ctx, input) => {
  requireAdministrator(ctx);
  const partner = actingPartner(ctx);
  const user = getUser(ctx, partner.id, input.aadObjectId);
  if (user.role !== "administrator") fail("NOTHING_TO_CHANGE", "U1", `${user.name} is not an administrator.`);
  const admins = ctx.db
    .select({ n: sql<number>`count(*)` })
    .from(partnerUsers)
    .where(and(eq(partnerUsers.partnerId, partner.id), eq(partnerUsers.role, "administrator")))
    .get()!.n;
  if (admins <= 1) {
    fail("LAST_ADMINISTRATOR", "U1", `${user.name} is the only administrator; add another administrator first.`);
  }
  setRole(ctx, partner.id, user.aadObjectId, "viewer");
  const after = { ...user, role: "viewer" as const };
  recordAudit(ctx, { partnerId: partner.id, action: "admin_remove", entityType: "partner_user", entityId: user.aadObjectId, before: user, after });
  return after;
});
