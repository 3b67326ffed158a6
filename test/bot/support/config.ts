import { expect } from "vitest";
import { ConfigError, loadConfig } from "../../../bot/config";

/** The problems `loadConfig` names for `env`; fails the test when it accepts it. */
export function configProblems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}
