import { request } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { apologyText } from "../../bot/app";
import {
  actionExecute,
  actionSubmit,
  channelMessage,
  conversationUpdate,
  DEMO,
  groupChatMessage,
  installationUpdate,
  personalMessage,
  search,
} from "./support/activities";
import { startTestBot, type TestBot } from "./support/bot";
import { cardCommands, echoCommands, failingCommands } from "./support/commands";

/** The real server over HTTP, with the fake connector as the activities' serviceUrl. */
let bot: TestBot;
let serviceUrl: string;

beforeAll(async () => {
  bot = await startTestBot();
  serviceUrl = bot.connector.url;
});
afterAll(() => bot.close());
beforeEach(() => {
  bot.connector.clear();
  bot.useCommands(echoCommands());
});

describe("health and routes", () => {
  it("GET /healthz answers ok while the database answers", async () => {
    const res = await bot.get("/healthz");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: "ok" });
  });

  it("answers 404 for an unknown path and 405 for GET /api/messages", async () => {
    expect((await bot.get("/nope")).status).toBe(404);
    const res = await bot.get("/api/messages");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });
});

describe("a personal message", () => {
  it("'help' runs the real help command and its reply reaches the connector as a reply to the message", async () => {
    bot.useCommands(undefined);
    const message = personalMessage("help", { serviceUrl });
    const res = await bot.post(message);

    expect(res.status).toBe(200);
    const [call, ...others] = bot.connector.calls;
    expect(others).toEqual([]);
    expect(call).toMatchObject({ kind: "reply", conversationId: message.conversation.id, activityId: message.id });
    const reply = call!.body;
    expect(reply.type).toBe("message");
    expect(reply.recipient.aadObjectId).toBe(DEMO.admin.aadObjectId);
    // The home card, addressed to the speaker's partner (not the unknown-user text nor an apology).
    expect(bot.connector.cards()).toHaveLength(1);
    expect(JSON.stringify(bot.connector.cards()[0])).toContain("Contoso MSP");
    expect(reply.text ?? "").not.toMatch(/Sorry/);
  });

  it("hands the typed text to the commands with the resolved speaker", async () => {
    await bot.post(personalMessage("  customers   fabrikam ", { serviceUrl }));
    expect(bot.connector.texts()).toEqual(['Alex Wilber (administrator of contoso) typed "customers fabrikam"']);
  });

  it("accepts a 100 KB message (Teams' size) and passes it on whole", async () => {
    const long = `feedback ${"x".repeat(100 * 1024)}`;
    const res = await bot.post(personalMessage(long, { serviceUrl }));
    expect(res.status).toBe(200);
    expect(bot.connector.texts()).toEqual([`Alex Wilber (administrator of contoso) typed "${long}"`]);
  });
});

describe("@mentions in channels and group chats", () => {
  it("strips the bot's mention from a channel message and replies in the channel thread", async () => {
    const message = channelMessage("customers contoso", { serviceUrl });
    await bot.post(message);
    expect(bot.connector.texts()).toEqual(['Alex Wilber (administrator of contoso) typed "customers contoso"']);
    expect(bot.connector.calls[0]).toMatchObject({ kind: "reply", conversationId: message.conversation.id });
  });

  it("strips the bot's mention in a group chat, wherever it stands, and keeps other people's names as text", async () => {
    const message = groupChatMessage("admin add", { serviceUrl });
    message.text = `admin add <at>Adele Vance</at> please <at>Licensing</at>`;
    message.entities.push({ type: "mention", text: "<at>Adele Vance</at>", mentioned: { id: "29:adele", name: "Adele Vance" } } as never);
    await bot.post(message);
    expect(bot.connector.texts()).toEqual(['Alex Wilber (administrator of contoso) typed "admin add Adele Vance please"']);
  });

  it("a message that is only the mention reaches the commands as empty text", async () => {
    const message = channelMessage("", { serviceUrl });
    await bot.post(message);
    expect(bot.connector.texts()).toEqual(['Alex Wilber (administrator of contoso) typed ""']);
  });
});

describe("card actions", () => {
  it("Action.Submit arrives as an action with its verb and data, answered by a new message", async () => {
    const res = await bot.post(actionSubmit({ verb: "customers.list", offset: 20 }, { serviceUrl }));
    expect(res.status).toBe(200);
    expect(bot.connector.texts()).toEqual(['Alex Wilber (administrator of contoso) submitted customers.list {"verb":"customers.list","offset":20}']);
  });

  it("Action.Execute is answered in the HTTP response with the card that replaces the one clicked", async () => {
    bot.useCommands(cardCommands());
    const res = await bot.post(actionExecute("customer.open", { customerId: "fabrikam" }, { serviceUrl }));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
    expect(res.json.value.body[0].text).toBe('Alex Wilber (administrator of contoso) executed customer.open {"customerId":"fabrikam"}');
    // Replaced in place: nothing was posted to the conversation.
    expect(bot.connector.calls).toEqual([]);
  });

  it("Action.Execute whose command answers with text only gets a message invoke response", async () => {
    const res = await bot.post(actionExecute("ping", {}, { serviceUrl }));
    expect(res.json).toEqual({ statusCode: 200, type: "application/vnd.microsoft.activity.message", value: "Alex Wilber (administrator of contoso) executed ping {}" });
  });

  it("a typeahead search is answered in the response with the speaker's partner's results", async () => {
    const res = await bot.post(search("customers", "fab", { serviceUrl }));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ type: "application/vnd.microsoft.search.searchResponse", value: { results: [{ title: "Fabrikam, Inc.", value: "fabrikam" }] } });
  });
});

describe("installation", () => {
  it("welcomes with the help answer when the bot is added to a conversation", async () => {
    await bot.post(conversationUpdate({ serviceUrl }));
    expect(bot.connector.texts()).toEqual(['Alex Wilber (administrator of contoso) typed "help"']);
  });

  it("says nothing when someone else joins, nor on installationUpdate (the welcome comes with conversationUpdate)", async () => {
    await bot.post(conversationUpdate({ serviceUrl, scope: "team", membersAdded: [{ id: "29:someone", aadObjectId: "x" }] }));
    await bot.post(installationUpdate("add", { serviceUrl }));
    await bot.post(installationUpdate("add", { serviceUrl, scope: "team" }));
    expect(bot.connector.calls).toEqual([]);
  });
});

describe("malformed requests", () => {
  const cases: [string, string | Record<string, unknown>, RegExp][] = [
    ["not JSON", "{ this is not json", /not valid JSON/],
    ["JSON that is not an object", "[1, 2, 3]", /not a Bot Framework activity/],
    ["an object that is not an activity", { hello: "world" }, /not a Bot Framework activity/],
    ["an activity without serviceUrl", { type: "message", text: "help", conversation: { id: "a:1" } }, /no valid serviceUrl/],
    ["an activity whose serviceUrl is not http(s)", { type: "message", conversation: { id: "a:1" }, serviceUrl: "file:///etc/passwd" }, /no valid serviceUrl/],
  ];
  it.each(cases)("%s gets 400 with a short message and no stack", async (_name, body, message) => {
    const res = await bot.post(body);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatch(message);
    expect(res.text).not.toMatch(/\n\s+at |\.ts:\d|node_modules/);
    expect(bot.connector.calls).toEqual([]);
  });

  it("a body over 1 MB gets 413", async () => {
    const res = await bot.post(personalMessage("x".repeat(1024 * 1024 + 1), { serviceUrl }));
    expect(res.status).toBe(413);
    expect(bot.connector.calls).toEqual([]);
  });
});

describe("errors and logs", () => {
  it("an unexpected error: the user gets a short apology with the correlation id, the log has the stack under that id", async () => {
    bot.useCommands(failingCommands());
    const res = await bot.post(personalMessage("customers", { serviceUrl }));
    const correlationId = res.headers.get("x-correlation-id")!;

    expect(res.status).toBe(200);
    expect(bot.connector.texts()).toEqual([apologyText(correlationId)]);
    expect(bot.connector.texts()[0]).not.toMatch(/boom|database/);
    const failure = bot.logs().find((l) => l.msg === "turn failed" && l.correlationId === correlationId);
    expect(failure?.level).toBe("error");
    expect(failure?.err.message).toBe("boom: the database went away");
    expect(failure?.err.stack).toMatch(/\n\s+at /);
  });

  it("an unexpected error in Action.Execute is answered in the invoke response, not with HTTP 501", async () => {
    bot.useCommands(failingCommands());
    const res = await bot.post(actionExecute("customer.open", {}, { serviceUrl }));
    const correlationId = res.headers.get("x-correlation-id")!;
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ statusCode: 200, type: "application/vnd.microsoft.activity.message", value: apologyText(correlationId) });
  });

  it("every log line of one activity carries its correlation id, and the request line its outcome", async () => {
    const res = await bot.post(personalMessage("help", { serviceUrl }));
    const correlationId = res.headers.get("x-correlation-id");
    expect(correlationId).toMatch(/^[0-9a-f]{12}$/);
    const lines = bot.logs().filter((l) => l.correlationId === correlationId);
    expect(lines.map((l) => l.msg)).toEqual(["command", "POST /api/messages"]);
    expect(lines[0]).toMatchObject({ partnerId: expect.any(String), role: "administrator", input: "text", command: "help" });
    expect(lines.at(-1)).toMatchObject({ level: "info", status: 200, activityType: "message", conversationType: "personal" });
  });

  it("never logs the Authorization header, even when auth is off and it is ignored", async () => {
    const token = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXRva2VuLXZhbHVl.c2lnbmF0dXJl";
    const res = await bot.post(personalMessage("help", { serviceUrl }), { Authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    expect(bot.rawLogs()).not.toContain(token);
  });
});

describe("a body streamed without Content-Length", () => {
  it("is refused with 413 once it passes 1 MB", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${bot.url}/api/messages`, { method: "POST", headers: { "Content-Type": "application/json" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      // Chunked: the server only learns the size by reading.
      for (let i = 0; i < 20; i++) req.write("x".repeat(64 * 1024));
      req.end();
    });
    expect(status).toBe(413);
  });
});
