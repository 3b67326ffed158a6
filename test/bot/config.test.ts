import { describe, expect, it } from "vitest";
import { botFrameworkAuthOptions, loadConfig, resolveHost } from "../../bot/config";
import { configProblems } from "./support/config";

const APP_ID = "11111111-2222-4333-8444-555555555555";
const TENANT = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";


describe("loadConfig", () => {
  it("defaults: port 3978, ./data/licensing.db, auth off, info logs", () => {
    expect(loadConfig({})).toEqual({
      PORT: 3978,
      DATABASE_PATH: "./data/licensing.db",
      BOT_TYPE: "MultiTenant",
      LOG_LEVEL: "info",
      NOTIFY: "on",
      NOTIFY_CRON: "0 8 * * *",
      NOTIFY_DRAIN_SECONDS: 2,
    });
  });

  it("treats empty values as unset and ignores variables it does not know", () => {
    expect(loadConfig({ PORT: "", BOT_ID: "  ", PATH: "/usr/bin" })).toEqual(loadConfig({}));
  });

  it("reads every variable", () => {
    const env = {
      PORT: "8080", HOST: "0.0.0.0", DATABASE_PATH: "/var/lib/bot.db", BOT_ID: APP_ID, BOT_PASSWORD: "pw", BOT_TYPE: "SingleTenant",
      BOT_TENANT_ID: TENANT, LOG_LEVEL: "warn", NOTIFY: "off", NOTIFY_CRON: "*/5 * * * * *", NOTIFY_DRAIN_SECONDS: "10",
    };
    expect(loadConfig(env)).toEqual({ ...env, PORT: 8080, NOTIFY_DRAIN_SECONDS: 10 });
  });

  it("refuses a notification schedule that is not a cron expression, and a drain interval out of range", () => {
    expect(configProblems({ NOTIFY_CRON: "every morning", NOTIFY_DRAIN_SECONDS: "0", NOTIFY: "maybe" })).toEqual([
      'NOTIFY must be on or off (got "maybe")',
      'NOTIFY_CRON must be a cron expression (5 fields, or 6 with seconds), such as 0 8 * * * (got "every morning")',
      'NOTIFY_DRAIN_SECONDS must be from 1 to 59 (got "0")',
    ]);
  });

  it("names every bad variable in one message, with what was given", () => {
    let message = "";
    try {
      loadConfig({ PORT: "eighty", BOT_TYPE: "Tenantless", LOG_LEVEL: "loud", BOT_ID: "not-a-guid", BOT_PASSWORD: "pw" });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^Invalid configuration:/);
    expect(message).toContain('PORT must be a port number (got "eighty")');
    expect(message).toContain('BOT_TYPE must be MultiTenant, SingleTenant or UserAssignedMSI (got "Tenantless")');
    expect(message).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")');
    expect(message).toMatch(/BOT_ID must be the bot's Microsoft Entra app id .*\(got "not-a-guid"\)/);
  });

  it("refuses a port out of range", () => {
    expect(configProblems({ PORT: "70000" })).toEqual(['PORT must be from 0 to 65535 (got "70000")']);
  });

  it("refuses a password or tenant without an app id, which would leave auth silently off", () => {
    const found = configProblems({ BOT_PASSWORD: "hunter2", BOT_TENANT_ID: TENANT });
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^BOT_PASSWORD is set but BOT_ID is not/);
    expect(found[1]).toMatch(/^BOT_TENANT_ID is set but BOT_ID is not/);
    expect(found.join("\n")).not.toContain("hunter2");
  });

  it("requires a password for MultiTenant and SingleTenant, and a tenant for SingleTenant and UserAssignedMSI", () => {
    expect(configProblems({ BOT_ID: APP_ID })).toEqual([expect.stringMatching(/^BOT_PASSWORD is required when BOT_ID is set and BOT_TYPE is MultiTenant/)]);
    expect(configProblems({ BOT_ID: APP_ID, BOT_TYPE: "SingleTenant" }).map((p) => p.split(" ")[0])).toEqual(["BOT_PASSWORD", "BOT_TENANT_ID"]);
    expect(configProblems({ BOT_ID: APP_ID, BOT_TYPE: "UserAssignedMSI" })).toEqual([expect.stringMatching(/^BOT_TENANT_ID is required/)]);
    expect(loadConfig({ BOT_ID: APP_ID, BOT_TYPE: "UserAssignedMSI", BOT_TENANT_ID: TENANT }).BOT_PASSWORD).toBeUndefined();
  });
});

describe("where to listen and how to authenticate", () => {
  it("auth off: loopback unless HOST says otherwise; auth on: all interfaces", () => {
    expect(resolveHost(loadConfig({}))).toBe("127.0.0.1");
    expect(resolveHost(loadConfig({ HOST: "0.0.0.0" }))).toBe("0.0.0.0");
    expect(resolveHost(loadConfig({ BOT_ID: APP_ID, BOT_PASSWORD: "pw" }))).toBe("0.0.0.0");
  });

  it("maps to botbuilder's ConfigurationBotFrameworkAuthentication settings", () => {
    expect(botFrameworkAuthOptions(loadConfig({}))).toEqual({});
    expect(botFrameworkAuthOptions(loadConfig({ BOT_ID: APP_ID, BOT_PASSWORD: "pw", BOT_TYPE: "SingleTenant", BOT_TENANT_ID: TENANT }))).toEqual({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: "pw",
      MicrosoftAppType: "SingleTenant",
      MicrosoftAppTenantId: TENANT,
    });
  });
});
