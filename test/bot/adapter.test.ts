import { ConnectorClient, ConnectorFactory, MicrosoftAppCredentials } from "botframework-connector";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TurnContext } from "botbuilder";
import { BotAdapter, ConnectorCache } from "../../bot/adapter";
import { loadConfig } from "../../bot/config";
import { personalMessage } from "./support/activities";
import { startTestBot, type TestBot } from "./support/bot";
import { echoCommands } from "./support/commands";
import { startFakeConnector, type FakeConnector } from "./support/connector";

/** A factory that makes real clients and counts them; `fail` makes the next one fail. */
function countingFactory(): ConnectorFactory & { made: string[]; fail: boolean } {
  const credentials = new MicrosoftAppCredentials("", "");
  return new (class extends ConnectorFactory {
    made: string[] = [];
    fail = false;
    async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
      if (this.fail) {
        this.fail = false;
        throw new Error("no credentials");
      }
      this.made.push(`${serviceUrl} ${audience ?? ""}`);
      return new ConnectorClient(credentials, { baseUri: serviceUrl });
    }
  })();
}

describe("ConnectorCache: one client per app id, audience and service URL", () => {
  it("hands the same client to later turns for the same place, and a new one for another place", async () => {
    const cache = new ConnectorCache();
    const inner = countingFactory();
    const first = await cache.factory("bot", inner).create("https://smba.example/amer/", "aud");
    const again = await cache.factory("bot", inner).create("https://smba.example/amer/", "aud");
    expect(again).toBe(first);
    const emea = await cache.factory("bot", inner).create("https://smba.example/emea/", "aud");
    const otherAudience = await cache.factory("bot", inner).create("https://smba.example/amer/", "other");
    const otherBot = await cache.factory("other-bot", inner).create("https://smba.example/amer/", "aud");
    expect(new Set([first, emea, otherAudience, otherBot]).size).toBe(4);
    expect(inner.made).toEqual(["https://smba.example/amer/ aud", "https://smba.example/emea/ aud", "https://smba.example/amer/ other", "https://smba.example/amer/ aud"]);
  });

  it("keeps at most its limit, dropping the least recently used", async () => {
    const cache = new ConnectorCache(2);
    const inner = countingFactory();
    const f = cache.factory("bot", inner);
    const a = await f.create("https://a.example/");
    await f.create("https://b.example/");
    expect(await f.create("https://a.example/")).toBe(a); // a is now the most recent
    await f.create("https://c.example/"); // drops b
    expect(cache.size).toBe(2);
    expect(await f.create("https://a.example/")).toBe(a);
    await f.create("https://b.example/");
    expect(inner.made).toEqual(["https://a.example/ ", "https://b.example/ ", "https://c.example/ ", "https://b.example/ "]);
  });

  it("does not keep a client that could not be made: the next turn tries again", async () => {
    const cache = new ConnectorCache();
    const inner = countingFactory();
    inner.fail = true;
    await expect(cache.factory("bot", inner).create("https://a.example/")).rejects.toThrow("no credentials");
    expect(cache.size).toBe(0);
    await expect(cache.factory("bot", inner).create("https://a.example/")).resolves.toBeInstanceOf(ConnectorClient);
    expect(inner.made).toEqual(["https://a.example/ "]);
  });
});

describe("BotAdapter: turns share the clients botbuilder would build for each", () => {
  it("gives a later turn to the same service URL the same connector and user token clients", async () => {
    const adapter = new BotAdapter(loadConfig({ PORT: "0", DATABASE_PATH: ":memory:" }));
    const clientsOf = async (serviceUrl: string) => {
      let clients: { connector: unknown; userToken: unknown } | undefined;
      await adapter.handle("", personalMessage("hi", { serviceUrl }) as never, async (context: TurnContext) => {
        clients = { connector: context.turnState.get(adapter.ConnectorClientKey), userToken: context.turnState.get(adapter.UserTokenClientKey) };
      });
      return clients!;
    };
    const first = await clientsOf("https://smba.example/amer/");
    const again = await clientsOf("https://smba.example/amer/");
    const elsewhere = await clientsOf("https://smba.example/emea/");
    expect(first.connector).toBeInstanceOf(ConnectorClient);
    expect(again.connector).toBe(first.connector);
    expect(elsewhere.connector).not.toBe(first.connector);
    expect(again.userToken).toBe(first.userToken);
    expect(elsewhere.userToken).toBe(first.userToken);
  });
});

describe("replies over kept connector clients", () => {
  let bot: TestBot;
  let other: FakeConnector;
  beforeAll(async () => {
    bot = await startTestBot({ commands: echoCommands() });
    other = await startFakeConnector();
  });
  afterAll(async () => {
    await other.close();
    await bot.close();
  });

  it("each reply goes to the service URL of the activity it answers, however turns interleave", async () => {
    const here = bot.connector.url;
    const there = other.url;
    const turns = [here, there, here, here, there];
    await Promise.all(turns.map((serviceUrl, i) => bot.post(personalMessage(`turn ${i}`, { serviceUrl }))));
    const said = (texts: string[]) => texts.map((t) => /typed "(.*)"/.exec(t)?.[1]).sort();
    expect(said(bot.connector.texts())).toEqual(["turn 0", "turn 2", "turn 3"]);
    expect(said(other.texts())).toEqual(["turn 1", "turn 4"]);
  });
});
