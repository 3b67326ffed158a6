import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { UNKNOWN_USER_TEXT } from "../../bot/app";
import { partners, partnerUsers } from "../../db/schema";
import { resolvePartnerUser } from "../../domain/identity";
import { actionExecute, actionSubmit, channelMessage, conversationUpdate, DEMO, personalMessage, search, type Person } from "./support/activities";
import { startTestBot, type TestBot } from "./support/bot";
import { echoCommands, type RecordingCommands } from "./support/commands";

/** U2: every turn resolves tenant + AAD object id to a partner user; nobody else gets anything. */
let bot: TestBot;
let commands: RecordingCommands;
let serviceUrl: string;

beforeAll(async () => {
  bot = await startTestBot();
  serviceUrl = bot.connector.url;
});
afterAll(() => bot.close());
beforeEach(() => {
  bot.connector.clear();
  bot.useCommands((commands = echoCommands()));
});

describe("resolvePartnerUser (domain/identity)", () => {
  it("U2: finds the partner user by the partner's Teams tenant and the user's object id", () => {
    expect(resolvePartnerUser(bot.db, DEMO.admin)).toEqual({
      ok: true,
      user: { partnerId: "contoso", aadObjectId: DEMO.admin.aadObjectId, name: "Alex Wilber", role: "administrator" },
    });
    expect(resolvePartnerUser(bot.db, DEMO.viewer)).toMatchObject({ ok: true, user: { partnerId: "contoso", role: "viewer" } });
    expect(resolvePartnerUser(bot.db, DEMO.otherPartner)).toMatchObject({ ok: true, user: { partnerId: "trey-research" } });
  });

  it("U2: a tenant no partner has, a user the tenant's partner does not have, or missing ids: unknown", () => {
    expect(resolvePartnerUser(bot.db, DEMO.foreignTenant)).toEqual({ ok: false, reason: "unknown-tenant" });
    expect(resolvePartnerUser(bot.db, DEMO.stranger)).toEqual({ ok: false, reason: "unknown-user" });
    // A real user of another partner, writing from Contoso's tenant, is not Contoso's.
    expect(resolvePartnerUser(bot.db, { tenantId: DEMO.admin.tenantId, aadObjectId: DEMO.otherPartner.aadObjectId })).toEqual({ ok: false, reason: "unknown-user" });
    expect(resolvePartnerUser(bot.db, { tenantId: DEMO.admin.tenantId, aadObjectId: undefined })).toEqual({ ok: false, reason: "no-ids" });
    expect(resolvePartnerUser(bot.db, { tenantId: "", aadObjectId: DEMO.admin.aadObjectId })).toEqual({ ok: false, reason: "no-ids" });
  });
});

describe("who is speaking, over HTTP", () => {
  it("a viewer is resolved as a viewer of their partner", async () => {
    await bot.post(personalMessage("customers", { serviceUrl, from: DEMO.viewer }));
    expect(bot.connector.texts()).toEqual(['Diego Siciliani (viewer of contoso) typed "customers"']);
    expect(commands.calls[0]!.ctx.speaker).toEqual({ partnerId: "contoso", aadObjectId: DEMO.viewer.aadObjectId, name: "Diego Siciliani", role: "viewer" });
  });

  it("another partner's administrator is resolved to that partner, never Contoso", async () => {
    await bot.post(channelMessage("customers", { serviceUrl, from: DEMO.otherPartner }));
    expect(bot.connector.texts()).toEqual(['Megan Bowen (administrator of trey-research) typed "customers"']);
  });

  it("the tenant is read from conversation.tenantId when channelData has none", async () => {
    const message = personalMessage("help", { serviceUrl, from: DEMO.viewer });
    (message.channelData as { tenant?: unknown }).tenant = undefined;
    await bot.post(message);
    expect(bot.connector.texts()).toEqual(['Diego Siciliani (viewer of contoso) typed "help"']);
  });

  const unknown: [string, Person][] = [
    ["someone in a partner's tenant who is no partner user", DEMO.stranger],
    ["a known user's object id from a foreign tenant", DEMO.foreignTenant],
    ["another partner's user posting with Contoso's tenant id", { ...DEMO.otherPartner, tenantId: DEMO.admin.tenantId }],
  ];

  describe.each(unknown)("%s", (_name, who) => {
    it("gets a polite message that names no partner and no data, and no command runs", async () => {
      const res = await bot.post(personalMessage("customers", { serviceUrl, from: who }));
      expect(res.status).toBe(200);
      expect(bot.connector.texts()).toEqual([UNKNOWN_USER_TEXT]);
      expect(bot.connector.cards()).toEqual([]);
      expect(commands.calls).toEqual([]);
      const names = [
        ...bot.db.select({ name: partners.name }).from(partners).all(),
        ...bot.db.select({ name: partnerUsers.name }).from(partnerUsers).all(),
      ].map((r) => r.name);
      for (const name of names) expect(UNKNOWN_USER_TEXT).not.toContain(name.split(" ")[0]!);
    });

    it("gets the same answer to a card action, and Action.Execute answers it in the invoke response", async () => {
      await bot.post(actionSubmit({ verb: "customers.list" }, { serviceUrl, from: who }));
      const res = await bot.post(actionExecute("customer.open", { customerId: "fabrikam" }, { serviceUrl, from: who }));
      expect(bot.connector.texts()).toEqual([UNKNOWN_USER_TEXT]);
      expect(res.json).toEqual({ statusCode: 200, type: "application/vnd.microsoft.activity.message", value: UNKNOWN_USER_TEXT });
      expect(commands.calls).toEqual([]);
    });

    it("is not welcomed with the help card when they install the bot", async () => {
      await bot.post(conversationUpdate({ serviceUrl, from: who }));
      expect(bot.connector.texts()).toEqual([UNKNOWN_USER_TEXT]);
      expect(commands.calls).toEqual([]);
    });

    it("gets no typeahead results", async () => {
      const res = await bot.post(search("customers", "fab", { serviceUrl, from: who }));
      expect(res.json.value.results).toEqual([]);
    });
  });

  it("a message without the sender's object id is treated as unknown", async () => {
    const message = personalMessage("customers", { serviceUrl });
    (message.from as { aadObjectId?: string }).aadObjectId = undefined;
    await bot.post(message);
    expect(bot.connector.texts()).toEqual([UNKNOWN_USER_TEXT]);
    expect(commands.calls).toEqual([]);
  });

  it("the log says why a user was not recognised (the user is not told)", async () => {
    const res = await bot.post(personalMessage("customers", { serviceUrl, from: DEMO.foreignTenant }));
    const line = bot.logs().find((l) => l.correlationId === res.headers.get("x-correlation-id") && l.msg === "unknown user");
    expect(line).toMatchObject({ reason: "unknown-tenant", tenantId: DEMO.foreignTenant.tenantId });
  });
});
