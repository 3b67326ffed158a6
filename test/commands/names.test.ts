import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CommandContext } from "../../bot/commands";
import { openDatabase } from "../../db/client";
import { clockAt, makeCustomer, mspWorld } from "../support/factories";
import { heading, say } from "./support";

/** Names are kept in memory between messages (bot/commands/resolve.ts); a change must show at once. */
describe("customer names between messages", () => {
  it("a customer added or renamed after a lookup is found by the next message", async () => {
    const w = mspWorld("2026-03-01", { name: "Acme MSP" });
    makeCustomer(w.db, w.partner.id, { id: "c-1", name: "Northwind Traders" });
    const admin: CommandContext = { db: w.db, clock: clockAt("2026-03-10"), speaker: { ...w.admin, partnerId: w.partner.id } };
    expect(heading(await say(admin, "customer northwind"))).toBe("Northwind Traders");
    expect(heading(await say(admin, "customer tailspin"))).not.toBe("Tailspin Toys");

    makeCustomer(w.db, w.partner.id, { id: "c-2", name: "Tailspin Toys" });
    expect(heading(await say(admin, "customer tailspin"))).toBe("Tailspin Toys");

    w.db.$client.prepare("update customers set name = 'Northwind Holdings' where id = 'c-1'").run();
    expect(heading(await say(admin, "customer northwind"))).toBe("Northwind Holdings");
  });

  it("a rename committed by another connection (an import process) is seen too", async () => {
    const w = mspWorld("2026-03-01", { name: "Acme MSP" });
    const dir = mkdtempSync(join(tmpdir(), "names-"));
    const file = `${dir}/shared.db`;
    const a = openDatabase(file);
    const b = openDatabase(file);
    try {
      a.$client.prepare("insert into partners (id, name, kind, teams_tenant_id, time_zone) values ('p', 'P', 'msp', 't', 'UTC')").run();
      a.$client.prepare("insert into partner_users (partner_id, aad_object_id, name, role) values ('p', 'u', 'U', 'administrator')").run();
      a.$client.prepare("insert into customers (id, partner_id, name, m365_tenant_id, onboarded_on) values ('c', 'p', 'Fabrikam', 'm', '2026-01-01')").run();
      const ctx: CommandContext = { db: a, clock: clockAt("2026-03-10"), speaker: { partnerId: "p", aadObjectId: "u", name: "U", role: "administrator" } };
      expect(heading(await say(ctx, "customer fabrikam"))).toBe("Fabrikam");
      b.$client.prepare("update customers set name = 'Contoso Pharma' where id = 'c'").run();
      expect(heading(await say(ctx, "customer contoso pharma"))).toBe("Contoso Pharma");
    } finally {
      a.$client.close();
      b.$client.close();
      w.db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
