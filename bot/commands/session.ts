import { queryFor, type Query } from "../../domain/queries";
import type { CommandContext } from "./types";

/** What every command handler works with: the speaker's context and the partner's read context. */
export interface Session {
  ctx: CommandContext;
  /** Read models see only the speaker's partner (U2): the partner id comes from identity, never from card data. */
  q: Query;
  isAdmin: boolean;
}

export function openSession(ctx: CommandContext): Session {
  return { ctx, q: queryFor(ctx.db, ctx.speaker.partnerId, ctx.clock), isAdmin: ctx.speaker.role === "administrator" };
}

/** Rows per page: well under Teams' card budget even with the longest names (tests render the largest page). */
export const PAGE = {
  customers: 10,
  /** A customer's services on its card (34 catalog services at most, A1). */
  services: 10,
  expiring: 15,
  admins: 25,
  history: 10,
} as const;
