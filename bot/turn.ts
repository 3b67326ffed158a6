import type { TurnContext } from "botbuilder";
import { newCorrelationId, type Logger } from "./logging";

/** The per-activity log: a child logger carrying the correlation id, kept in the turn's state. */
export interface TurnLog {
  correlationId: string;
  log: Logger;
}

const TURN_LOG = Symbol("turnLog");

/** Called by whoever starts a turn (the HTTP endpoint, a test adapter) before the app runs. */
export function setTurnLog(context: TurnContext, turnLog: TurnLog): void {
  context.turnState.set(TURN_LOG, turnLog);
}

/** The turn's log; a turn started without one (a test adapter) gets a fresh id here. */
export function turnLog(context: TurnContext, fallback: Logger): TurnLog {
  let current = context.turnState.get(TURN_LOG) as TurnLog | undefined;
  if (!current) {
    const correlationId = newCorrelationId();
    current = { correlationId, log: fallback.child({ correlationId }) };
    setTurnLog(context, current);
  }
  return current;
}
