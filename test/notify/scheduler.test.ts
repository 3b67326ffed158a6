import { afterEach, describe, expect, it } from "vitest";
import { notifyConfig, notifyConfigFromEnv } from "../../bot/notify/config";
import { startNotifier, type RunningNotifier } from "../../bot/notify/notifier";
import { connectorSender } from "../../bot/notify/sender";
import { lastSweep } from "../../bot/notify/store";
import type { Db } from "../../db/client";
import { domainEvents } from "../../db/schema";
import { makeAssignment, makeCustomer, makePool, testDb } from "../support/factories";
import { FakeConnector } from "./support/fakeConnector";
import { partnerWithChat } from "./support/world";

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function connector(): Promise<FakeConnector> {
  const fake = await new FakeConnector(Date.now).start();
  cleanup.push(() => fake.close());
  return fake;
}

function start(deps: Parameters<typeof startNotifier>[0]): RunningNotifier {
  const n = startNotifier(deps);
  cleanup.push(() => n.stop());
  return n;
}

function expiringFor(db: Db, partnerId: string, expiresOn: string) {
  const pool = makePool(db, partnerId);
  const c = makeCustomer(db, partnerId);
  makeAssignment(db, { customerId: c.id, poolId: pool.id, assignedOn: "2026-02-01", expiresOn });
}

describe("configuration", () => {
  it("NOTIFY_CRON defaults to 08:00 daily; any croner pattern, seconds included, is accepted; nonsense is refused", () => {
    expect(notifyConfigFromEnv({}).cron).toBe("0 8 * * *");
    expect(notifyConfigFromEnv({ NOTIFY_CRON: "*/5 * * * * *" }).cron).toBe("*/5 * * * * *");
    expect(() => notifyConfigFromEnv({ NOTIFY_CRON: "every morning" })).toThrow(/cron expression/);
    expect(() => notifyConfig({ leaseMs: 10_000, sendTimeoutMs: 15_000 })).toThrow(/twice sendTimeoutMs/);
  });
});

describe("the schedule (croner, each partner's own time zone)", () => {
  it("one sweep job per partner time zone; a new partner's zone gets its job on the next tick", async () => {
    const fake = await connector();
    const db = testDb();
    const clock = () => new Date("2026-03-01T05:00:00Z");
    partnerWithChat(db, clock, fake.url, { timeZone: "Europe/Paris" });
    const n = start({ db, clock, sender: connectorSender(), config: { drainSeconds: 59 } });
    expect(n.zones()).toEqual(["Europe/Paris"]);
    partnerWithChat(db, clock, fake.url, { timeZone: "America/New_York" });
    await n.tick();
    expect(n.zones().sort()).toEqual(["America/New_York", "Europe/Paris"]);
  });

  it("a sweep missed while no process ran is made up within the catch-up window, once; one older than that waits for the next 08:00", async () => {
    const fake = await connector();
    const db = testDb();
    // 09:30 in Paris: today's 08:00 was missed 1.5 hours ago. 02:00 in New York: its last 08:00 was 18 hours ago.
    const clock = () => new Date("2026-03-01T08:30:00Z");
    const paris = partnerWithChat(db, clock, fake.url, { timeZone: "Europe/Paris" });
    const ny = partnerWithChat(db, clock, fake.url, { timeZone: "America/New_York" });
    expiringFor(db, paris.partner.id, "2026-03-08");
    expiringFor(db, ny.partner.id, "2026-03-08");
    const n = start({ db, clock, sender: connectorSender(), config: { drainSeconds: 59 } });
    await n.idle();
    expect(fake.deliveries.map((d) => d.conversationId)).toEqual([paris.conversationId]);
    expect(lastSweep(db, "Europe/Paris")).toBe("2026-03-01T08:30:00.000Z");
    expect(lastSweep(db, "America/New_York")).toBeNull();
    await n.tick();
    await n.idle();
    expect(fake.deliveries).toHaveLength(1);
  });

  it("a sweep due less than a minute ago is left to its own job, not made up as missed", async () => {
    const fake = await connector();
    const db = testDb();
    let now = new Date("2026-03-01T07:00:20Z"); // 08:00:20 in Paris: the 08:00 job is running it
    const clock = () => now;
    const paris = partnerWithChat(db, clock, fake.url, { timeZone: "Europe/Paris" });
    expiringFor(db, paris.partner.id, "2026-03-08");
    const n = start({ db, clock, sender: connectorSender(), config: { drainSeconds: 59 } });
    await n.idle();
    expect(lastSweep(db, "Europe/Paris")).toBeNull();
    expect(fake.deliveries).toHaveLength(0);
    // Two minutes on and still not recorded: the job did not run (no process at 08:00), so it is made up.
    now = new Date("2026-03-01T07:02:00Z");
    await n.tick();
    await n.idle();
    expect(lastSweep(db, "Europe/Paris")).toBe("2026-03-01T07:02:00.000Z");
    expect(fake.deliveries.map((d) => d.conversationId)).toEqual([paris.conversationId]);
  });

  it("end to end with a per-second NOTIFY_CRON: the digest arrives, the outbox drains within seconds, stop() ends it", async () => {
    const fake = await connector();
    const db = testDb();
    const clock = () => new Date();
    const w = partnerWithChat(db, clock, fake.url);
    const today = clock().toISOString().slice(0, 10);
    expiringFor(db, w.partner.id, today);
    const n = start({ db, clock, sender: connectorSender({ timeoutMs: 2_000 }), config: { cron: "* * * * * *", drainSeconds: 1, catchUpHours: 0 } });
    const waitFor = async (count: number, ms: number) => {
      const until = Date.now() + ms;
      while (fake.deliveries.length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      return fake.deliveries.length;
    };
    expect(await waitFor(1, 4_000)).toBe(1);
    const raised = Date.now();
    db.insert(domainEvents).values({ partnerId: w.partner.id, kind: "merged_pool_overage", payload: { sourceKey: "k", serviceId: "cloud-backup-for-microsoft-365", on: today, capacity: 5, assigned: 8 }, at: new Date().toISOString() }).run();
    expect(await waitFor(2, 4_000)).toBe(2);
    expect(Date.now() - raised).toBeLessThan(3_000);
    await n.stop();
    await new Promise((r) => setTimeout(r, 1_100));
    expect(fake.deliveries).toHaveLength(2);
  });
});
