/**
 * One writer of the race test (../race.test.ts), run as its own OS process with `node --import tsx`.
 * It opens the shared SQLite file with the app's own `openDatabase`, warms up and says "ready"
 * over IPC. Then, for every round the parent starts (both writers at once), it calls the real
 * verbs (an `assign` of one seat to a new customer and a one-seat raise of a held customer, in an
 * order that alternates by round) and reports the outcomes; "stop" closes the connection.
 */
import { openDatabase } from "../../../db/client";
import { assign, changeSeats, type Ctx } from "../../../domain";

export interface WriterConfig {
  file: string;
  /** The instant the writer's clock is fixed at. */
  at: string;
  partnerId: string;
  aadObjectId: string;
  poolId: string;
  serviceId: string;
  /** Customers with no subscription yet: round i assigns one seat to fresh[i]. */
  fresh: string[];
  /** Customers holding one seat of the pool: round i raises held[i mod n] by one seat. */
  held: string[];
}

export interface WriterOutcome {
  verb: "assign" | "seats";
  customerId: string;
  ok: boolean;
  code: string | null;
  rule: string | null;
}

/** Parent to writer. */
export type WriterCommand = { type: "round"; round: number } | { type: "stop" };
/** Writer to parent. */
export type WriterMessage = { type: "ready" } | { type: "round"; round: number; outcomes: WriterOutcome[] } | { type: "error"; message: string };

const send = (m: WriterMessage) => new Promise<void>((resolve) => process.send!(m, () => resolve()));

const config = JSON.parse(process.argv[2]!) as WriterConfig;
const db = openDatabase(config.file, { busyTimeoutMs: 20_000 });
const ctx: Ctx = {
  db,
  clock: () => new Date(config.at),
  actor: { kind: "user", partnerId: config.partnerId, aadObjectId: config.aadObjectId, name: config.aadObjectId, role: "administrator" },
};
const quantities = new Map(config.held.map((c) => [c, 1]));

function outcome(verb: WriterOutcome["verb"], customerId: string, o: ReturnType<typeof assign> | ReturnType<typeof changeSeats>): WriterOutcome {
  return { verb, customerId, ok: o.ok, code: o.ok ? null : o.refusal.code, rule: o.ok ? null : o.refusal.rule };
}

function assignFresh(i: number): WriterOutcome {
  const customerId = config.fresh[i]!;
  return outcome("assign", customerId, assign(ctx, { customerId, poolId: config.poolId, quantity: 1 }));
}

function raiseHeld(i: number): WriterOutcome {
  const held = config.held[i % config.held.length]!;
  const raised = changeSeats(ctx, { customerId: held, serviceId: config.serviceId, quantity: quantities.get(held)! + 1 });
  if (raised.ok) quantities.set(held, quantities.get(held)! + 1);
  return outcome("seats", held, raised);
}

/** Both writers open a round with the same verb, so their transactions collide on the same check. */
function round(i: number): WriterOutcome[] {
  if (i % 2 === 0) {
    const first = assignFresh(i);
    return [first, raiseHeld(i)];
  }
  const first = raiseHeld(i);
  return [first, assignFresh(i)];
}

async function fail(e: unknown): Promise<never> {
  await send({ type: "error", message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  process.exit(1);
}

process.on("message", (m: WriterCommand) => {
  if (m.type === "stop") {
    db.$client.close();
    process.disconnect();
    return;
  }
  try {
    void send({ type: "round", round: m.round, outcomes: round(m.round) });
  } catch (e) {
    void fail(e);
  }
});

// Warm up (modules, zod, prepared statements) with a refusal that writes nothing, so neither
// writer starts the race with a handicap.
try {
  const warm = assign(ctx, { customerId: "no-such-customer", poolId: config.poolId, quantity: 1 });
  if (warm.ok || warm.refusal.code !== "NOT_FOUND") throw new Error(`warm-up: ${JSON.stringify(warm)}`);
  void send({ type: "ready" });
} catch (e) {
  void fail(e);
}
