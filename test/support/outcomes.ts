import type { Outcome, Refusal } from "../../domain/outcome";

/** The refusal of an outcome, failing the test when it succeeded. */
export function refusal<T>(r: Outcome<T>): Refusal {
  if (r.ok) throw new Error(`expected a refusal, got ${JSON.stringify(r.value)}`);
  return r.refusal;
}

/** The value of an outcome, failing the test with the refusal when it was refused. */
export function value<T>(r: Outcome<T>): T {
  if (!r.ok) throw new Error(`expected success, got ${JSON.stringify(r.refusal)}`);
  return r.value;
}
