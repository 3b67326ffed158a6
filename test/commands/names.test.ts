import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CommandContext } from "../../bot/commands";
import { namedCustomers, resolveCustomerIn, type NamedCustomer } from "../../bot/commands/resolve";
import { openDatabase } from "../../db/client";
import { matchName, nameTokens } from "../../domain/names";
import { queryFor } from "../../domain/queries";
import { clockAt, makeAssignment, makeCustomer, makePool, mspWorld } from "../support/factories";
import { heading, say } from "./support";

/** A partner with an administrator, who speaks on 2026-03-10. */
function acmeMsp() {
  const w = mspWorld("2026-03-01", { name: "Acme MSP" });
  const admin: CommandContext = { db: w.db, clock: clockAt("2026-03-10"), speaker: { ...w.admin, partnerId: w.partner.id } };
  return { w, admin };
}

/** Names are kept in memory between messages (bot/commands/resolve.ts); a change must show at once. */
describe("customer names between messages", () => {
  it("a customer added or renamed after a lookup is found by the next message", async () => {
    const { w, admin } = acmeMsp();
    makeCustomer(w.db, w.partner.id, { id: "c-1", name: "Northwind Traders" });
    expect(heading(await say(admin, "customer northwind"))).toBe("Northwind Traders");
    expect(heading(await say(admin, "customer tailspin"))).not.toBe("Tailspin Toys");

    makeCustomer(w.db, w.partner.id, { id: "c-2", name: "Tailspin Toys" });
    expect(heading(await say(admin, "customer tailspin"))).toBe("Tailspin Toys");

    w.db.$client.prepare("update customers set name = 'Northwind Holdings' where id = 'c-1'").run();
    expect(heading(await say(admin, "customer northwind"))).toBe("Northwind Holdings");
  });

  it("a name typed with its words apart or run together finds the customer", async () => {
    const { w, admin } = acmeMsp();
    makeCustomer(w.db, w.partner.id, { id: "c-1", name: "Northwind Traders" });
    makeCustomer(w.db, w.partner.id, { id: "c-2", name: "Fourth Coffee Ltd" });
    expect(heading(await say(admin, "customer north wind"))).toBe("Northwind Traders");
    expect(heading(await say(admin, "customer fourthcoffee"))).toBe("Fourth Coffee Ltd");
  });

  it("a plain reading of the words wins over one with words run together, and a name over another's alias", async () => {
    const { w, admin } = acmeMsp();
    const pool = makePool(w.db, w.partner.id);
    const acme = makeCustomer(w.db, w.partner.id, { id: "c-1", name: "Acme" });
    const cloud = makeCustomer(w.db, w.partner.id, { id: "c-2", name: "AcmeCloud Services" });
    for (const c of [acme, cloud]) makeAssignment(w.db, { customerId: c.id, poolId: pool.id, assignedOn: "2026-01-05" });
    // "acme" + "cloud backup": the words as typed, before "acmecloud" + "backup".
    expect(heading(await say(admin, "seats acme cloud backup 12"))).toContain("for Acme from 10 to 12");

    makeCustomer(w.db, w.partner.id, { id: "c-3", name: "AcmeCloud" });
    makeCustomer(w.db, w.partner.id, { id: "c-4", name: "Acme Cloud" });
    expect(heading(await say(admin, "customer acmecloud"))).toBe("AcmeCloud");
    expect(heading(await say(admin, "customer acme cloud"))).toBe("Acme Cloud");
  });

  it("a name's words run together are not read as an abbreviation", async () => {
    const { w, admin } = acmeMsp();
    makeCustomer(w.db, w.partner.id, { id: "c-1", name: "G W" });
    expect(heading(await say(admin, "customer google workspace"))).not.toBe("G W");
    expect(heading(await say(admin, "customer g w"))).toBe("G W");
  });

  it("a customer removed is no longer found, and one added in a transaction rolled back never is", async () => {
    const { w, admin } = acmeMsp();
    makeCustomer(w.db, w.partner.id, { id: "c-1", name: "Northwind Traders" });
    makeCustomer(w.db, w.partner.id, { id: "c-2", name: "Tailspin Toys" });
    expect(heading(await say(admin, "customer tailspin"))).toBe("Tailspin Toys");

    w.db.$client.prepare("delete from customers where id = 'c-2'").run();
    expect(heading(await say(admin, "customer tailspin"))).not.toBe("Tailspin Toys");

    // What a previewed onboarding does: the names read inside the transaction must not outlive it.
    const q = queryFor(w.db, w.partner.id, admin.clock);
    expect(() => w.db.$client.transaction(() => {
      makeCustomer(w.db, w.partner.id, { id: "c-3", name: "Fabrikam" });
      expect(namedCustomers(q).map((c) => c.name)).toContain("Fabrikam");
      throw new Error("roll back");
    })()).toThrow("roll back");
    makeCustomer(w.db, w.partner.id, { id: "c-4", name: "Contoso" });
    expect(namedCustomers(q).map((c) => c.name)).toEqual(["Contoso", "Northwind Traders"]);
  });

  it("writes that do not touch a customer's name keep the names read, without reading them again", () => {
    const { w } = acmeMsp();
    makeCustomer(w.db, w.partner.id, { id: "c-1", name: "Northwind Traders" });
    const q = queryFor(w.db, w.partner.id, clockAt("2026-03-10"));
    const before = namedCustomers(q);
    w.db.$client.prepare("update customers set status = 'disconnected', disconnected_on = '2026-03-09' where id = 'c-1'").run();
    w.db.$client.prepare("insert into audit_log (at, actor_id, actor_name, action, entity_type, entity_id) values ('2026-03-10T00:00:00Z', 'system', 'test', 'test', 'customer', 'c-1')").run();
    expect(namedCustomers(q)).toBe(before);
    w.db.$client.prepare("update customers set name = 'Northwind Holdings' where id = 'c-1'").run();
    expect(namedCustomers(q).map((c) => c.name)).toEqual(["Northwind Holdings"]);
  });

  it("a rename committed by another connection (an import process) is seen too", async () => {
    const { w } = acmeMsp();
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

/**
 * resolveCustomerIn narrows the names with a word index before matching (bot/commands/resolve.ts);
 * whatever it narrows to, the answer must be the one matchName gives over every name, or, when
 * that finds nothing, the one it gives for the typed words with two neighbours run together.
 */
function reference(all: NamedCustomer[], text: string) {
  const direct = matchName(text, all, 5);
  if (direct.kind !== "none") return direct;
  const words = nameTokens(text);
  for (let i = 0; i + 1 < words.length; i++) {
    const m = matchName([...words.slice(0, i), words[i]! + words[i + 1]!, ...words.slice(i + 2)].join(" "), all, 5);
    if (m.kind !== "none") return m;
  }
  return direct;
}

describe("the name index finds what a scan of every name finds", () => {
  const words = ["north", "northwind", "wind", "contoso", "con", "toso", "fabrikam", "fab", "tail", "tailspin", "spin", "toys", "ltd", "and", "m365", "m", "365", "cb", "é", "alpine", "ski", "house", "a1", "1"];
  const name = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 4 }).map((w) => w.join(" "));
  const typed = fc.oneof(
    name,
    fc.array(fc.constantFrom(...words.map((w) => w.slice(0, 3)), ...words), { minLength: 1, maxLength: 3 }).map((w) => w.join(" ")),
    fc.string({ maxLength: 12 }),
  );

  it("gives the same match, candidates or none for any names and any typed text", () => {
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 0, maxLength: 30 }), typed, (names, text) => {
        const all: NamedCustomer[] = names.map((n, i) => ({ id: `cust-${i}`, name: n, aliases: [`cust-${i}`] }));
        const got = resolveCustomerIn(all, text);
        const want = reference(all, text);
        expect(got.kind).toBe(want.kind);
        if (got.kind === "match" && want.kind === "match") expect(got.customer.id).toBe(want.item.id);
        if (got.kind === "ambiguous" && want.kind === "ambiguous") expect(got.candidates.map((c) => c.id)).toEqual(want.candidates.map((c) => c.id));
      }),
      { numRuns: 500 },
    );
  });

  it("finds a name whose words were typed apart or run together", () => {
    const all: NamedCustomer[] = [
      { id: "c1", name: "Northwind Traders", aliases: ["c1", "northwindtraders"] },
      { id: "c2", name: "Tail Spin Toys", aliases: ["c2", "tailspintoys"] },
      { id: "c3", name: "Contoso", aliases: ["c3"] },
    ];
    const name = (typed: string) => {
      const m = resolveCustomerIn(all, typed);
      return m.kind === "match" ? m.customer.name : m.kind;
    };
    expect(name("north wind")).toBe("Northwind Traders");
    expect(name("north wind traders")).toBe("Northwind Traders");
    expect(name("tailspin")).toBe("Tail Spin Toys");
    expect(name("con toso")).toBe("Contoso");
    expect(name("north pole")).toBe("none");
  });

  it("finds one customer among thousands by a rare word, and every customer by a common one", () => {
    const all: NamedCustomer[] = Array.from({ length: 5000 }, (_, i) => ({ id: `c${i}`, name: `Customer ${String(i).padStart(5, "0")} Ltd`, aliases: [`c${i}`] }));
    const one = resolveCustomerIn(all, "customer 04242");
    expect(one.kind === "match" && one.customer.name).toBe("Customer 04242 Ltd");
    const prefix = resolveCustomerIn(all, "0424 cust");
    expect(prefix.kind === "ambiguous" && prefix.candidates.map((c) => c.name)).toEqual(["Customer 04240 Ltd", "Customer 04241 Ltd", "Customer 04242 Ltd", "Customer 04243 Ltd", "Customer 04244 Ltd"]);
    expect(resolveCustomerIn(all, "customer 99999").kind).toBe("none");
  });
});

describe("names in any script", () => {
  it("finds customers whose names are not in Latin letters, by the whole name or its start", async () => {
    const { w, admin } = acmeMsp();
    makeCustomer(w.db, w.partner.id, { id: "c-1", name: "Ромашка ООО" });
    makeCustomer(w.db, w.partner.id, { id: "c-2", name: "東京ガス株式会社" });
    makeCustomer(w.db, w.partner.id, { id: "c-3", name: "Müller & Söhne GmbH" });
    expect(heading(await say(admin, "customer ромашка"))).toBe("Ромашка ООО");
    expect(heading(await say(admin, "customer РОМАШКА ооо"))).toBe("Ромашка ООО");
    expect(heading(await say(admin, "customer 東京ガス"))).toBe("東京ガス株式会社");
    expect(heading(await say(admin, "customer muller sohne"))).toBe("Müller & Söhne GmbH");
  });
});
