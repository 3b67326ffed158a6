import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { personalMessage } from "./support/activities";
import { startTestBot, type TestBot } from "./support/bot";
import { echoCommands, type RecordingCommands } from "./support/commands";

/**
 * With BOT_ID set, only requests carrying a valid Bot Framework token get through. A valid token
 * needs Microsoft's signing keys (no network here), so these tests cover the refusals.
 */
const BOT_PASSWORD = "s3cr3t~Pa55word.that-must-never-be-logged";
let bot: TestBot;
let commands: RecordingCommands;

beforeAll(async () => {
  bot = await startTestBot({
    env: { BOT_ID: "11111111-2222-4333-8444-555555555555", BOT_PASSWORD, BOT_TYPE: "MultiTenant", HOST: "127.0.0.1" },
  });
});
afterAll(() => bot.close());
beforeEach(() => {
  bot.connector.clear();
  bot.useCommands((commands = echoCommands()));
});

describe("authentication on (BOT_ID set)", () => {
  it("a request without a token gets 401 and runs nothing", async () => {
    const res = await bot.post(personalMessage("help", { serviceUrl: bot.connector.url }));
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: "Unauthorized." });
    expect(commands.calls).toEqual([]);
    expect(bot.connector.calls).toEqual([]);
  });

  it("a request with a token that is not a Bot Framework JWT gets 401", async () => {
    const token = "not-a-jwt-token-value-0123456789";
    const res = await bot.post(personalMessage("help", { serviceUrl: bot.connector.url }), { Authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    expect(commands.calls).toEqual([]);
    expect(bot.rawLogs()).not.toContain(token);
  });

  it("the refusal is logged as a warning, with neither the token nor the password in any log line", async () => {
    const token = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2V2aWwuZXhhbXBsZSJ9.c2lnbmF0dXJl";
    const res = await bot.post(personalMessage("help", { serviceUrl: bot.connector.url }), { Authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    const line = bot.logs().find((l) => l.correlationId === res.headers.get("x-correlation-id") && l.msg === "request refused by authentication");
    expect(line?.level).toBe("warn");
    const logs = bot.rawLogs();
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(BOT_PASSWORD);
    expect(logs).toContain('"auth":"bot-framework"');
  });

  it("malformed bodies are still refused with 400 before any token check", async () => {
    const res = await bot.post("not json");
    expect(res.status).toBe(400);
  });
});
