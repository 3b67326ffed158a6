import { eq, sql } from "drizzle-orm";
import { cached, type Db } from "../../db/client";
import { partners } from "../../db/schema";
import { dayInZone, type Day } from "../dates";

/** What every read model is given: whose data, and which day it is for that partner. */
export interface Query {
  db: Db;
  partnerId: string;
  /** The partner's LAR, when it is an MSP of a Tier 2 LAR (T2: it sees its allocation of the LAR's pools). */
  larId: string | null;
  kind: "msp" | "lar";
  timeZone: string;
  today: Day;
}

/** Builds a read context for a partner at the clock's instant, in the partner's time zone. */
export function queryFor(db: Db, partnerId: string, clock: () => Date): Query {
  // Every command opens one: the statement is prepared once per connection.
  const p = cached(db, "queryFor.partner", (d) => d.select().from(partners).where(eq(partners.id, sql.placeholder("partnerId"))).prepare()).get({ partnerId });
  if (!p) throw new Error(`queryFor: no partner ${partnerId}`);
  return { db, partnerId: p.id, larId: p.larId, kind: p.kind, timeZone: p.timeZone, today: dayInZone(clock(), p.timeZone) };
}
