/**
 * Expected refusals are values, not exceptions: a stable code, the spec's rule ID, and a message a
 * partner admin can act on (what to do instead, and from when).
 */
export type RefusalCode =
  | "NOT_ADMINISTRATOR"
  | "NOT_FOUND"
  | "INVALID_INPUT"
  | "CHANNEL_PAYMENT_INVALID"
  | "SERVICE_NOT_DISTRIBUTED"
  | "FLY_PREPAID_ONLY"
  | "DIRECT_TERM_TOO_SHORT"
  | "POOL_CANNOT_SHRINK"
  | "POOL_TERM_CANNOT_SHORTEN"
  | "POOL_CANCELED"
  | "POOL_CHANGE_INVALID"
  | "AUTO_ADJUST_NOT_FOR_FLY"
  | "POOL_NOT_IN_TERM"
  | "INSUFFICIENT_CAPACITY"
  | "ALREADY_ASSIGNED"
  | "PAYMENT_MODEL_MIXED"
  | "EXPIRATION_TOO_EARLY"
  | "EXPIRATION_AFTER_POOL_END"
  | "EXPIRATION_IN_PAST"
  | "SEAT_REDUCTION_TOO_EARLY"
  | "DISCONNECT_TOO_EARLY"
  | "SWITCH_TOO_EARLY"
  | "SWITCH_INVALID"
  | "LICENSE_PRECEDENCE"
  | "ASSIGNMENT_NOT_ACTIVE"
  | "CUSTOMER_DISCONNECTED"
  | "TENANT_ALREADY_CONNECTED"
  | "OWNER_NOT_SERVICE_ADMIN"
  | "LAST_ADMINISTRATOR"
  | "TIER2_NOT_ENABLED"
  | "NOT_A_LAR_MSP"
  | "ALLOCATION_EXCEEDS_POOL"
  | "ALLOCATION_IN_USE"
  | "NOTHING_TO_CHANGE"
  | "NOT_REQUESTER"
  | "CHANGE_EXPIRED"
  | "CHANGE_CANCELED";

export interface Refusal {
  code: RefusalCode;
  /** The spec rule behind it (A5, P8, ...), or "input" for malformed input. */
  rule: string;
  message: string;
  /** The first day the refused action becomes possible, where a date rule holds it. */
  allowedFrom?: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

export function ok<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function refuse<T = never>(code: RefusalCode, rule: string, message: string, allowedFrom?: string): Outcome<T> {
  return { ok: false, refusal: allowedFrom ? { code, rule, message, allowedFrom } : { code, rule, message } };
}

/**
 * Thrown inside a transaction to roll it back with a refusal; `run` turns it back into a value.
 * Never escapes the domain.
 */
export class RefusalError extends Error {
  constructor(readonly refusal: Refusal) {
    super(`${refusal.code}: ${refusal.message}`);
  }
}

export function fail(code: RefusalCode, rule: string, message: string, allowedFrom?: string): never {
  throw new RefusalError(allowedFrom ? { code, rule, message, allowedFrom } : { code, rule, message });
}
