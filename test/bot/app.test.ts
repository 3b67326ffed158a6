import { TestAdapter, type Activity } from "botbuilder";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, turnErrorHandler, UNKNOWN_USER_TEXT } from "../../bot/app";
import type { CommandContext, CommandInput, Reply } from "../../bot/commands";
import { loadConfig } from "../../bot/config";
import { createLogger } from "../../bot/logging";
import { prepareDatabase } from "../../bot/startup";
import type { Db } from "../../db/client";
import { actionExecute, conversationUpdate, DEMO, groupChatMessage, personalMessage } from "./support/activities";
import { FIXED_NOW } from "./support/bot";
import { cardCommands, describeInput, echoCommands, failingCommands } from "./support/commands";

/**
 * The teams-ai Application in process, through botbuilder's TestAdapter: no HTTP, no connector.
 * For what is simplest to see turn by turn; the HTTP path is in server.test.ts.
 */
const clock = () => FIXED_NOW;
const serviceUrl = "https://connector.test.invalid/";
let db: Db;
const lines: string[] = [];
const logger = createLogger("debug", { write: (l: string) => void lines.push(l) });

beforeAll(() => {
  db = prepareDatabase(":memory:", clock).db;
});
afterAll(() => db.$client.close());

function adapterWith(commands: (ctx: CommandContext, input: CommandInput) => Promise<Reply>): TestAdapter {
  const app = createApp({ db, clock, config: loadConfig({}), logger, commands });
  const adapter = new TestAdapter(async (context) => {
    await app.run(context);
  });
  adapter.onTurnError = turnErrorHandler(logger);
  return adapter;
}

const asActivity = (a: object) => a as unknown as Partial<Activity>;

describe("the app in process (TestAdapter)", () => {
  it("answers a personal message with what the commands return", async () => {
    await adapterWith(echoCommands())
      .send(asActivity(personalMessage("expiring 30", { serviceUrl })))
      .assertReply('Alex Wilber (administrator of contoso) typed "expiring 30"')
      .startTest();
  });

  it("strips the @mention in a group chat", async () => {
    await adapterWith(echoCommands())
      .send(asActivity(groupChatMessage("customer fabrikam", { serviceUrl, from: DEMO.viewer })))
      .assertReply('Diego Siciliani (viewer of contoso) typed "customer fabrikam"')
      .startTest();
  });

  it("Action.Execute: the invoke response carries the card, and no message is sent", async () => {
    const adapter = adapterWith(cardCommands());
    await adapter.processActivity(asActivity(actionExecute("expiring.show", { days: "30" }, { serviceUrl })));
    expect(adapter.activeQueue).toHaveLength(1);
    const [response] = adapter.activeQueue;
    expect(response!.type).toBe("invokeResponse");
    const body = (response!.value as { status: number; body: any }).body;
    expect(body.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(body.value.body[0].text).toBe('Alex Wilber (administrator of contoso) executed expiring.show {"days":"30"}');
  });

  it("Action.Execute with a card and text: the card replaces the clicked one, the text follows as a message", async () => {
    const adapter = adapterWith(async (ctx, input) => ({ ...(await cardCommands()(ctx, input)), text: "Saved." }));
    await adapter.processActivity(asActivity(actionExecute("x", {}, { serviceUrl })));
    expect(adapter.activeQueue.map((a) => [a.type, a.text])).toEqual([
      ["message", "Saved."],
      ["invokeResponse", undefined],
    ]);
  });

  it("welcomes an installer with the help answer", async () => {
    await adapterWith(echoCommands())
      .send(asActivity(conversationUpdate({ serviceUrl, from: DEMO.viewer })))
      .assertReply(describeInput({ db, clock, speaker: { partnerId: "contoso", aadObjectId: DEMO.viewer.aadObjectId, name: "Diego Siciliani", role: "viewer" } }, { kind: "text", text: "help" }))
      .startTest();
  });

  it("tells an unknown user so, politely", async () => {
    await adapterWith(echoCommands())
      .send(asActivity(personalMessage("customers", { serviceUrl, from: DEMO.stranger })))
      .assertReply(UNKNOWN_USER_TEXT)
      .startTest();
  });

  it("apologises with a reference when a command fails, and logs the error under it", async () => {
    let reference = "";
    await adapterWith(failingCommands())
      .send(asActivity(personalMessage("customers", { serviceUrl })))
      .assertReply((reply) => {
        const match = /reference: ([0-9a-f]{12})\.$/.exec(reply.text ?? "");
        expect(match).not.toBeNull();
        reference = match![1]!;
      })
      .startTest();
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.correlationId === reference && l.msg === "turn failed");
    expect(logged?.err.stack).toContain("boom: the database went away");
  });
});
