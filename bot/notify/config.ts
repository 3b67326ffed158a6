import { Cron } from "croner";
import { z } from "zod";

/**
 * The notifier's settings: one zod schema, parsed once at start-up (`notifyConfigFromEnv`), with
 * defaults that keep Teams' limits and the lease's guarantees.
 */
export const NotifyConfigSchema = z
  .object({
    /**
     * NOTIFY_CRON: when the daily sweep runs, read in each partner's own time zone (default 08:00).
     * Any croner pattern: 5 fields, or 6 with seconds (end-to-end runs use a per-second one).
     */
    cron: z
      .string()
      .trim()
      .min(1)
      .default("0 8 * * *")
      .refine(validCron, "must be a cron expression (5 fields, or 6 with seconds)"),
    /** How often the outbox (P6, P9, P10 events) is drained and unsent claims retried, in seconds. */
    drainSeconds: z.number().int().min(1).max(59).default(2),
    /** The sending lease's time to live; it is renewed while sending. */
    leaseMs: z.number().int().min(1_000).default(60_000),
    /** One request to Teams gives up after this long. */
    sendTimeoutMs: z.number().int().min(100).default(15_000),
    /** Sends in flight at once, over all conversations. */
    concurrency: z.number().int().min(1).max(1_000).default(32),
    /** Attempts per digest (429 and 5xx included) before it is given up as failed. */
    maxAttempts: z.number().int().min(1).max(100).default(12),
    backoffBaseMs: z.number().int().min(1).default(1_000),
    backoffMaxMs: z.number().int().min(1).default(300_000),
    /** A sweep missed while no process ran (or held the lease) is made up if no older than this. */
    catchUpHours: z.number().min(0).max(24).default(12),
  })
  .refine((c) => c.leaseMs >= 2 * c.sendTimeoutMs + 1_000, {
    message: "leaseMs must be at least twice sendTimeoutMs plus a second, so a send never outlives the lease",
    path: ["leaseMs"],
  });

export type NotifyConfig = z.output<typeof NotifyConfigSchema>;
export type NotifyConfigInput = z.input<typeof NotifyConfigSchema>;

export function notifyConfig(input: NotifyConfigInput = {}): NotifyConfig {
  return NotifyConfigSchema.parse(input);
}

/**
 * Reads NOTIFY_CRON and NOTIFY_DRAIN_SECONDS (empty counts as unset). Throws a zod error naming the
 * variable; the lead folds this into bot/config.ts's schema.
 */
export function notifyConfigFromEnv(env: Record<string, string | undefined>): NotifyConfig {
  const input: NotifyConfigInput = {};
  if (env.NOTIFY_CRON?.trim()) input.cron = env.NOTIFY_CRON.trim();
  if (env.NOTIFY_DRAIN_SECONDS?.trim()) input.drainSeconds = Number(env.NOTIFY_DRAIN_SECONDS.trim());
  return notifyConfig(input);
}

function validCron(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}
