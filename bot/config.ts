import { z } from "zod";
import { NotifyConfigSchema } from "./notify/config";

/**
 * The bot's whole configuration: one zod schema over the environment, parsed once at start-up
 * (bot/index.ts). Nothing else reads `process.env`.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const guid = (what: string) => z.string().regex(GUID, `must be ${what} (a GUID such as 00000000-0000-0000-0000-000000000000)`);

/** Variables whose values never appear in an error message or a log. */
const SECRETS = new Set(["BOT_PASSWORD", "EXPORT_SECRET", "OPENAI_API_KEY", "AZURE_OPENAI_API_KEY"]);

const schema = z
  .object({
    PORT: z.coerce
      .number({ invalid_type_error: "must be a port number" })
      .int("must be a whole number")
      .min(0, "must be from 0 to 65535")
      .max(65535, "must be from 0 to 65535")
      .default(3978),
    /** Where to listen. Defaults to loopback when auth is off (see `resolveHost`). */
    HOST: z.string().min(1).optional(),
    DATABASE_PATH: z.string().min(1).default("./data/licensing.db"),
    /** The bot's Microsoft Entra app id (Azure Bot registration). Unset: auth off, local use only. */
    BOT_ID: guid("the bot's Microsoft Entra app id").optional(),
    BOT_PASSWORD: z.string().min(1).optional(),
    BOT_TYPE: z
      .enum(["MultiTenant", "SingleTenant", "UserAssignedMSI"], {
        errorMap: () => ({ message: "must be MultiTenant, SingleTenant or UserAssignedMSI" }),
      })
      .default("MultiTenant"),
    BOT_TENANT_ID: guid("the Microsoft Entra tenant id of the bot's app registration").optional(),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
        errorMap: () => ({ message: "must be one of fatal, error, warn, info, debug, trace, silent" }),
      })
      .default("info"),
    /**
     * Signs CSV export links (HMAC-SHA256, bot/export.ts). Unset: startBot draws a random secret per
     * process, so links die with it; set one shared value where several processes serve the same links.
     */
    EXPORT_SECRET: z.string().min(32, "must be at least 32 characters (a long random value, e.g. openssl rand -base64 48)").optional(),
    /** The bot's address as a partner's browser reaches it, for export links. Unset: where it listens. */
    PUBLIC_URL: z
      .string()
      .url("must be an http(s) URL such as https://licensing.example.com")
      .refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL such as https://licensing.example.com")
      .transform((u) => u.replace(/\/+$/, ""))
      .optional(),
    /** Proactive expiry notifications: off stops the sweep and the outbox drain in this process. */
    NOTIFY: z.enum(["on", "off"], { errorMap: () => ({ message: "must be on or off" }) }).default("on"),
    /** When the daily sweep runs, in each partner's time zone; any cron expression, seconds included. */
    NOTIFY_CRON: z
      .string()
      .min(1)
      .default("0 8 * * *")
      .refine((cron) => NotifyConfigSchema.safeParse({ cron }).success, "must be a cron expression (5 fields, or 6 with seconds), such as 0 8 * * *"),
    /** How often notices raised outside the bot (imports: P6, P9, P10) are picked up, in seconds. */
    NOTIFY_DRAIN_SECONDS: z.coerce.number({ invalid_type_error: "must be a number of seconds" }).int("must be a whole number").min(1, "must be from 1 to 59").max(59, "must be from 1 to 59").default(2),
    /**
     * Optional language model that words FAQ answers from the knowledge base (bot/faq/phrase.ts).
     * Unset: the FAQ answers with the knowledge base's own text. Azure OpenAI wins when both are set.
     */
    OPENAI_API_KEY: z.string().min(1).optional(),
    OPENAI_MODEL: z.string().min(1).optional(),
    AZURE_OPENAI_API_KEY: z.string().min(1).optional(),
    AZURE_OPENAI_ENDPOINT: z
      .string()
      .url("must be an https URL such as https://my-resource.openai.azure.com")
      .refine((u) => /^https:\/\//i.test(u), "must be an https URL such as https://my-resource.openai.azure.com")
      .optional(),
    AZURE_OPENAI_DEPLOYMENT: z.string().min(1).optional(),
    AZURE_OPENAI_API_VERSION: z.string().min(1).optional(),
  })
  .superRefine((c, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    // Azure OpenAI needs all three; a partial set would silently fall back to no model.
    const azure = ["AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_DEPLOYMENT"] as const;
    if (azure.some((name) => c[name])) {
      for (const name of azure) if (!c[name]) problem(name, `is required with ${azure.filter((n) => c[n]).join(" and ")} (Azure OpenAI for the FAQ)`);
    }
    if (!c.BOT_ID) {
      // A password or tenant without an app id would silently leave auth off: refuse it.
      for (const name of ["BOT_PASSWORD", "BOT_TENANT_ID"] as const) {
        if (c[name]) problem(name, "is set but BOT_ID is not; set BOT_ID too (or unset this to run without authentication)");
      }
      return;
    }
    if (c.BOT_TYPE !== "UserAssignedMSI" && !c.BOT_PASSWORD) {
      problem("BOT_PASSWORD", `is required when BOT_ID is set and BOT_TYPE is ${c.BOT_TYPE} (the app registration's client secret)`);
    }
    if (c.BOT_TYPE !== "MultiTenant" && !c.BOT_TENANT_ID) {
      problem("BOT_TENANT_ID", `is required when BOT_TYPE is ${c.BOT_TYPE}`);
    }
  });

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * Parses the environment. Empty strings count as unset (as a blank line in a .env file means).
 * Throws a ConfigError naming every bad variable, with the value given unless it is a secret.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.innerType().shape)) {
    const value = env[key]?.trim();
    if (value) input[key] = value;
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const byVariable = new Map<string, string[]>();
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0] ?? "environment");
    byVariable.set(name, [...(byVariable.get(name) ?? []), issue.message]);
  }
  throw new ConfigError(
    [...byVariable].map(([name, messages]) => {
      const given = input[name] === undefined || SECRETS.has(name) ? "" : ` (got "${input[name]}")`;
      return `${name} ${messages.join("; ")}${given}`;
    }),
  );
}

/** Without authentication the endpoint trusts whatever ids are posted to it: keep it on loopback. */
export function resolveHost(config: Config): string {
  return config.HOST ?? (config.BOT_ID ? "0.0.0.0" : "127.0.0.1");
}

/** The settings botbuilder's ConfigurationBotFrameworkAuthentication reads; empty when auth is off. */
export function botFrameworkAuthOptions(config: Config): Record<string, string> {
  if (!config.BOT_ID) return {};
  const options: Record<string, string> = { MicrosoftAppId: config.BOT_ID, MicrosoftAppType: config.BOT_TYPE };
  if (config.BOT_PASSWORD) options.MicrosoftAppPassword = config.BOT_PASSWORD;
  if (config.BOT_TENANT_ID) options.MicrosoftAppTenantId = config.BOT_TENANT_ID;
  return options;
}
