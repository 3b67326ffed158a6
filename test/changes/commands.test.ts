/**
 * The change commands in process (runCommand), on a fresh copy of the demo world per test: what
 * is checked before anything is asked for (numbers, dates, names, who is asking), every verb from
 * its command to its confirmed change, and the outsized-quantity callouts.
 */
import { describe, expect, it } from "vitest";
import { act, activeAssignments, button, buttons, card, cardText, click, domainRows, hasButton, heading, pendingChanges, say, text, world } from "./support";

describe("numbers and dates are checked before anything is asked for", () => {
  const bad: [string, string, string][] = [
    ["a negative quantity", "assign -5 opus to fabrikam", "The quantity can't be negative (you gave “-5”)."],
    ["zero", "assign 0 opus to fabrikam", "The quantity must be at least 1."],
    ["a fraction", "assign 2.5 opus to fabrikam", "The quantity must be a whole number (you gave “2.5”)."],
    ["a huge number", "assign 50000000 opus to fabrikam", "The quantity is more than 1,000,000: is that a typo? (you gave “50000000”)."],
    ["a word", "assign ten opus to fabrikam", "The quantity is not a number (you gave “ten”)."],
    ["an exponent", "seats fabrikam opus 1e3", "The quantity is not a number (you gave “1e3”)."],
    ["a negative seat count", "seats fabrikam opus -1", "The quantity can't be negative (you gave “-1”)."],
    ["not a date", "assign 5 opus to fabrikam until next-friday", "The expiration date is not a date: write it as YYYY-MM-DD, for example 2026-12-31 (you gave “next-friday”)."],
    ["a day that does not exist", "extend fabrikam opus to 2026-02-30", "The new expiration date is not a date: write it as YYYY-MM-DD, for example 2026-12-31 (you gave “2026-02-30”)."],
    ["a date in the past", "extend fabrikam opus to 2026-03-01", "The new expiration date is in the past (2026-03-01); today is 2026-03-02."],
    ["a past date for a whole pool", "extend all contoso-m365-payg to 2025-12-31", "The new expiration date is in the past (2025-12-31); today is 2026-03-02."],
    ["zero seats to allocate", "allocate 0 trey-m365-direct to relecloud", "The quantity can't be zero."],
  ];

  it.each(bad)("%s: a clear answer, no confirmation, nothing written", async (_label, command, answer) => {
    const w = world();
    const who = command.startsWith("allocate") ? w.megan : w.alex;
    const before = domainRows(w.db);
    const reply = await say(who, command);
    expect(heading(reply)).toBe(answer);
    expect(text(reply)).toContain("Nothing was changed.");
    expect(hasButton(card(reply), "Confirm")).toBe(false);
    expect(domainRows(w.db)).toEqual(before);
  });

  it("a command missing a part says how to type it, with its form", async () => {
    const w = world();
    for (const [command, usage] of [
      ["assign 5 opus", "To use assign, type: assign ‹qty› ‹service› to ‹customer›"],
      ["seats", "To use seats, type: seats ‹customer› ‹service› ‹qty›"],
      ["extend fabrikam opus", "To use extend, type: extend ‹customer› ‹service› to ‹YYYY-MM-DD›"],
      ["extend all", "To use extend all, type: extend all ‹pool› to ‹YYYY-MM-DD› or to end"],
      ["disconnect", "To use disconnect, type: disconnect ‹customer›"],
      ["admin add", "To use admin add, type: admin add ‹user›"],
    ] as const) {
      const reply = await say(w.alex, command);
      expect(heading(reply)).toContain(usage);
      expect(buttons(card(reply)).map((b) => b.title)).toContain("Use the form");
    }
  });
});

describe("names are resolved forgivingly; unknown and ambiguous ones get buttons, not a confirmation", () => {
  it("an ambiguous customer: the candidates, and picking one asks for the change", async () => {
    const w = world();
    const reply = await say(w.alex, "assign 5 opus to w");
    expect(heading(reply)).toBe("4 customers match “w”.");
    expect(pendingChanges(w.db)).toHaveLength(0);
    const pick = button(card(reply), "Wide World Importers");
    expect(pick.data).toEqual({ verb: "command.run", text: "assign 5 opus-storage-optimization to wide-world-importers" });
    const confirmation = await click(w.alex, pick);
    expect(heading(confirmation)).toBe("Assign 5 GB of Opus > Storage Optimization to Wide World Importers?");
  });

  it("a misspelled customer or service: the nearest names", async () => {
    const w = world();
    const customer = await say(w.alex, "assign 5 opus to nortwind");
    expect(heading(customer)).toBe("I don't know a customer called “nortwind”.");
    expect(buttons(card(customer))[0]).toMatchObject({ title: "Northwind Traders", data: { text: "assign 5 opus-storage-optimization to northwind" } });
    const service = await say(w.alex, "assign 5 polcies to fabrikam");
    expect(heading(service)).toBe("I don't know a service called “polcies”.");
  });

  it("a service the partner sells wins over others of the same name (“opus”), a customer's own over the catalog", async () => {
    const w = world();
    expect(heading(await say(w.alex, "assign 5 opus to coho"))).toBe("Assign 5 GB of Opus > Storage Optimization to Coho Winery?");
    expect(heading(await say(w.alex, "seats fabrikam policies 250"))).toBe("Raise Policies for Microsoft 365 for Fabrikam, Inc. from 240 to 250 seats?");
  });

  it("a customer with one service needs none named; with several, they are offered", async () => {
    const w = world();
    expect(heading(await say(w.alex, "extend alpine ski house to 2026-04-30"))).toContain("Alpine Ski House to 2026-04-30?");
    const which = await say(w.alex, "seats fabrikam 300");
    expect(heading(which)).toBe("Which of Fabrikam, Inc.'s services?");
    expect(buttons(card(which)).map((b) => b.title)).toEqual(["Cloud Backup for Microsoft 365", "Opus > Storage Optimization", "Policies for Microsoft 365", "Use the form", "Home"]);
  });

  it("pools by channel word: one pool is picked; several are offered; none is said", async () => {
    const w = world();
    expect(text(await say(w.alex, "assign 5 m365 backup to woodgrove from direct"))).toContain("From pool: contoso-m365-direct");
    // P9: the two marketplace pools of Cloud Backup are one (merged) pool.
    expect(text(await say(w.alex, "assign 5 m365 backup to woodgrove from marketplace"))).toContain("From pool: contoso-m365-mkt-apu · Cloud Marketplace, 2 pools merged");
    // Fly marketplace pools are never merged: the admin picks.
    const fly = await say(w.alex, "assign 5 aviator to fabrikam from marketplace");
    expect(heading(fly)).toBe("“marketplace” fits 2 pools of Fly > Aviator.");
    expect(buttons(card(fly)).slice(0, 2).map((b) => b.data.text)).toEqual([
      "assign 5 fly-aviator to fabrikam from contoso-fly-aviator-mkt",
      "assign 5 fly-aviator to fabrikam from contoso-fly-aviator-mkt-monthly",
    ]);
    // No pool named and several in term: which one.
    expect(heading(await say(w.alex, "assign 5 m365 backup to woodgrove"))).toBe("You have 3 pools of Cloud Backup for Microsoft 365.");
    expect(heading(await say(w.alex, "assign 5 opus to fabrikam from xyz"))).toBe("Opus > Storage Optimization has no pool “xyz”.");
    expect(heading(await say(w.alex, "assign 5 baseline to woodgrove"))).toBe("You have no pool of Baseline Management in term today.");
    expect(heading(await say(w.alex, "switch tailspin m365 to marketplace"))).toBe("Tailspin Toys already draws Cloud Backup for Microsoft 365 from pool contoso-m365-mkt-apu.");
    expect(pendingChanges(w.db)).toHaveLength(2);
  });

  it("U2: another partner's customer, pool or MSP is unknown by name and by id", async () => {
    const w = world();
    const byName = await say(w.alex, "assign 5 opus to bellows college");
    expect(heading(byName)).toBe("I don't know a customer called “bellows college”.");
    expect(JSON.stringify(byName)).not.toContain("bellows-college");
    expect(heading(await say(w.alex, "assign 5 opus to bellows-college"))).toBe("I don't know a customer called “bellows-college”.");
    expect(heading(await say(w.alex, "assign 5 m365 backup to woodgrove from trey-m365-direct"))).toBe("Cloud Backup for Microsoft 365 has no pool “trey-m365-direct”.");
    expect(heading(await say(w.alex, "allocate 5 contoso-m365-direct to relecloud"))).toBe("Allocating is for Tier 2 LARs");
    expect(pendingChanges(w.db)).toHaveLength(0);
  });
});

describe("U1: viewers", () => {
  it("get a polite answer to every change command, form and button; nothing is asked for", async () => {
    const w = world();
    const before = domainRows(w.db);
    const commands = [
      "assign 5 opus to fabrikam",
      "seats fabrikam opus 9000",
      "extend fabrikam opus to 2026-05-01",
      "extend all contoso-m365-payg to end",
      "switch tailspin m365 to direct",
      "onboard",
      "disconnect fabrikam",
      "owner fabrikam someone@fabrikam.com",
      "admin add Diego",
      "admin remove Alex",
      "allocate 5 trey-m365-direct to relecloud",
    ];
    for (const command of commands) expect(heading(await say(w.diego, command)), command).toBe("Only administrators can make changes");
    for (const form of ["assign", "seats", "onboard", "disconnect", "adminAdd"]) {
      expect(heading(await act(w.diego, "change.form", { form, customerId: "fabrikam" }))).toBe("Only administrators can make changes");
      expect(heading(await act(w.diego, "change.submit", { form, customerId: "fabrikam", quantity: "5" }))).toBe("Only administrators can make changes");
    }
    expect(domainRows(w.db)).toEqual(before);
  });

  it("a viewer's home and customer cards carry no change buttons", async () => {
    const w = world();
    const home = buttons(card(await say(w.diego, "help"))).map((b) => b.verb);
    expect(home).not.toContain("change.form");
    const admin = buttons(card(await say(w.alex, "help"))).filter((b) => b.verb === "change.form").map((b) => b.title);
    expect(admin).toEqual(["Assign licenses", "Onboard a customer", "Extend a renewed pool"]);
    const lar = buttons(card(await say(w.megan, "help"))).filter((b) => b.verb === "change.form").map((b) => b.title);
    expect(lar).toContain("Allocate to an MSP");
  });
});

describe("every change, from its command to its confirmed change", () => {
  async function confirmed(w: ReturnType<typeof world>, ctx: ReturnType<typeof world>["alex"], command: string) {
    const confirmation = await say(ctx, command);
    const confirm = button(card(confirmation), hasButton(card(confirmation), "Confirm") ? "Confirm" : buttons(card(confirmation))[0]!.title);
    expect(confirm.verb).toBe("change.confirm");
    const result = await click(ctx, confirm);
    void w;
    return { confirmation: text(confirmation), result: text(result) };
  }

  it("A5, P8: seats up, with the 31-day lock stated", async () => {
    const w = world();
    const { confirmation, result } = await confirmed(w, w.alex, "seats blue yonder m365 80");
    expect(confirmation).toContain("Quantity: 70 → 80 seats");
    expect(confirmation).toContain("You can't lower them again before 2026-03-13, 31 days after the assignment on 2026-02-10 (A5).");
    expect(result).toContain("Raised Cloud Backup for Microsoft 365 for Blue Yonder Airlines to 80 seats");
    expect(activeAssignments(w.db, "blue-yonder").find((a) => a.service_id === "cloud-backup-for-microsoft-365")?.quantity).toBe(80);
  });

  it("A5: seats down after 31 days, the seats going back to the pool; Fly seats stay consumed (A9)", async () => {
    const w = world();
    const down = await confirmed(w, w.alex, "seats northwind m365 100");
    expect(down.confirmation).toMatch(/\d+ seats go back to pool contoso-m365-direct\./);
    expect(down.result).toContain("Lowered Cloud Backup for Microsoft 365 for Northwind Traders to 100 seats");
    const fly = await say(w.alex, "seats adventure works aviator 50");
    expect(text(fly)).toContain("Fly seats stay consumed: lowering frees nothing in pool contoso-fly-aviator-mkt (A9).");
  });

  it("A4: extend, with the bounds stated", async () => {
    const w = world();
    const { confirmation, result } = await confirmed(w, w.alex, "extend wide world m365 to 2026-07-04");
    expect(confirmation).toContain("Expires: 2026-03-07 → 2026-07-04");
    expect(confirmation).toContain("never after the pool's end, 2026-07-04 (A4)");
    expect(confirmation).toContain("It now ends with the pool");
    expect(result).toContain("Extended Cloud Backup for Microsoft 365 for Wide World Importers to 2026-07-04");
    expect(activeAssignments(w.db, "wide-world-importers").find((a) => a.service_id === "cloud-backup-for-microsoft-365")?.expires_on).toBe("2026-07-04");
  });

  it("A11: extend all of a renewed pool, listing who moves and who stays", async () => {
    const w = world();
    const { confirmation, result } = await confirmed(w, w.alex, "extend all contoso-m365-payg to end");
    expect(confirmation).toContain("Proseware, Inc.: 2026-03-25 → 2026-03-31");
    expect(confirmation).toContain("Litware, Inc. stays as it is: Already expires on 2026-03-31.");
    expect(result).toContain("Extended 1 subscription of pool contoso-m365-payg to 2026-03-31");
  });

  it("A7: switch, the seats going back to the old pool and a new 31 days starting", async () => {
    const w = world();
    const { confirmation, result } = await confirmed(w, w.alex, "switch tailspin m365 to direct");
    expect(confirmation).toContain("From pool: contoso-m365-mkt-apu");
    expect(confirmation).toContain("The 93 seats go back to pool contoso-m365-mkt-apu today (A7).");
    expect(confirmation).toContain("no lowering seats, switching again or disconnecting before 2026-04-02 (A5-A7)");
    expect(result).toContain("Switched Cloud Backup for Microsoft 365 for Tailspin Toys to pool contoso-m365-direct");
    expect(activeAssignments(w.db, "tailspin").find((a) => a.service_id === "cloud-backup-for-microsoft-365")?.pool_id).toBe("contoso-m365-direct");
  });

  it("A6: disconnect, a destructive confirmation listing what ends", async () => {
    const w = world();
    const confirmation = await say(w.alex, "disconnect adventure works");
    expect(heading(confirmation)).toBe("Disconnect Adventure Works Cycles?");
    expect(text(confirmation)).toContain("60 seats of Fly > Aviator from pool contoso-fly-aviator-mkt");
    expect(text(confirmation)).toContain("Their seats go back to the pools today; Fly seats stay consumed (A9).");
    const disconnect = button(card(confirmation), "Disconnect");
    expect(JSON.stringify(card(confirmation))).toContain('"style":"destructive"');
    expect(text(await click(w.alex, disconnect))).toContain("Disconnected Adventure Works Cycles");
    expect(activeAssignments(w.db, "adventure-works")).toEqual([]);
  });

  it("C2: tenant owner, by sign-in or by name; a user who is not a Service Administrator is refused", async () => {
    const w = world();
    const users = w.db.$client.prepare("select upn, name, roles, tenant_owner owner from customer_users where customer_id = 'fabrikam'").all() as { upn: string; name: string; roles: string; owner: number }[];
    const next = users.find((u) => !u.owner && u.roles.includes("Service Administrator"))!;
    const plain = users.find((u) => !u.roles.includes("Service Administrator"))!;
    const byName = await say(w.alex, `owner fabrikam ${next.name}`);
    expect(heading(byName)).toBe(`Make ${next.name} the tenant owner of Fabrikam, Inc.?`);
    const refused = await say(w.alex, `owner fabrikam ${plain.upn}`);
    expect(heading(refused)).toBe("Not possible: change the tenant owner");
    expect(text(refused)).toContain("Rule: C2");
    expect(text(await click(w.alex, button(card(byName), "Confirm")))).toContain(`${next.name} is now the tenant owner of Fabrikam, Inc.`);
  });

  it("U1: admin add and remove; the last administrator stays", async () => {
    const w = world();
    expect((await confirmed(w, w.alex, "admin add diego")).result).toContain("Diego Siciliani is now an administrator");
    const remove = await say(w.alex, "admin remove adele");
    expect(text(remove)).toContain("Role: Administrator → Viewer");
    expect(text(await click(w.alex, button(card(remove), "Make viewer")))).toContain("Adele Vance is now a viewer");
    const last = await say(w.megan, "admin remove megan");
    expect(heading(last)).toBe("Not possible: remove the administrator");
    expect(text(last)).toContain("the only administrator; add another administrator first");
  });

  it("T2: a LAR allocates to its MSP, and takes back only seats not assigned", async () => {
    const w = world();
    const { confirmation, result } = await confirmed(w, w.megan, "allocate 30 trey-m365-direct to relecloud");
    expect(confirmation).toContain("Allocation: 300 → 330");
    expect(confirmation).toContain("Left unallocated: 20");
    expect(result).toContain("Relecloud MSP now holds 330 of pool trey-m365-direct");
    const tooMuch = await say(w.megan, "allocate -60 trey-m365-direct to relecloud");
    expect(heading(tooMuch)).toBe("Not possible: change the allocation");
    expect(text(tooMuch)).toMatch(/Relecloud MSP has assigned \d+ of its 330; you can take back at most \d+\./);
    expect(heading(await say(w.megan, "allocate 5 trey-m365-direct to contoso"))).toBe("“contoso” is not one of your MSPs.");
  });

  it("onboard opens the form with the name typed; the form's answer asks for confirmation", async () => {
    const w = world();
    const form = await say(w.alex, "onboard Initech");
    expect(heading(form)).toBe("Onboard a customer");
    expect(JSON.stringify(card(form))).toContain('"value":"Initech"');
    const review = button(card(form), "Review");
    expect(review.type).toBe("Action.Execute");
    const confirmation = await click(w.alex, review, { name: "Initech", m365TenantId: "8b0c2d6e-1f4a-4c3b-9e7d-5a6b7c8d9e0f", pool1: "contoso-opus-direct", quantity1: "500" });
    expect(heading(confirmation)).toBe("Onboard Initech?");
    expect(text(confirmation)).toContain("500 GB of Opus > Storage Optimization from pool contoso-opus-direct, until 2026-05-31");
  });
});

describe("outsized quantities are called out on the confirmation (A5 locks a typo in)", () => {
  it("far above the customer's measured use and most of what the pool has left, within the first 31 days", async () => {
    const w = world();
    const reply = await say(w.alex, "seats coho cloud backup 230");
    const said = text(reply);
    expect(said).toMatch(/230 seats is far above what Coho Winery uses now: \d+ seats measured on 2026-03-02\./);
    expect(said).toContain("This takes 185 of the 233 seats left in pool contoso-m365-direct.");
    expect(said).toContain("Check the number: for 31 days it can only go up, not down (A5).");
  });

  it("a modest change is not called out", async () => {
    const w = world();
    const said = text(await say(w.alex, "seats coho cloud backup 50"));
    expect(said).not.toContain("far above");
    expect(said).not.toContain("This takes");
  });
});

describe("forms", () => {
  it("every change button of the customer card opens its form, prefilled with the customer", async () => {
    const w = world();
    const customerCard = card(await say(w.alex, "customer fabrikam"));
    for (const [title, expected] of [
      ["Assign", "Assign licenses to Fabrikam, Inc."],
      ["Change seats", "Change seats for Fabrikam, Inc."],
      ["Extend", "Change an expiration for Fabrikam, Inc."],
      ["Switch pool", "Switch a pool for Fabrikam, Inc."],
      ["Change tenant owner", "Change the tenant owner of Fabrikam, Inc."],
      ["Disconnect", "Disconnect Fabrikam, Inc.?"],
    ] as const) {
      expect(heading(await click(w.alex, button(customerCard, title))), title).toBe(expected);
    }
  });

  it("the seats form: the customer's services to pick, and problems next to the fields", async () => {
    const w = world();
    const form = await act(w.alex, "change.form", { form: "seats", customerId: "blue-yonder" });
    const review = button(card(form), "Review");
    const before = domainRows(w.db);
    const bad = await click(w.alex, review, { serviceId: "", quantity: "0" });
    expect(text(bad).split("\n")).toEqual(expect.arrayContaining(["Nothing was changed: 2 fields need a fix, marked below.", "Service pick a service.", "New quantity must be at least 1."]));
    // A refusal of the rules comes back on the form, with the day it lifts.
    const early = await click(w.alex, review, { serviceId: "cloud-backup-for-microsoft-365", quantity: "10" });
    expect(heading(early)).toContain("Not possible (A5): Seats cannot be reduced within 31 days");
    expect(heading(early)).toContain("Possible from 2026-03-13.");
    expect(text(early)).toContain("Change seats for Blue Yonder Airlines");
    expect(domainRows(w.db)).toEqual(before);
    expect(heading(await click(w.alex, review, { serviceId: "cloud-backup-for-microsoft-365", quantity: "75" }))).toBe(
      "Raise Cloud Backup for Microsoft 365 for Blue Yonder Airlines from 70 to 75 seats?",
    );
  });

  it("the assign form: pickers are typeahead (Data.Query) with the first choices listed", async () => {
    const w = world();
    const form = card(await act(w.alex, "change.form", { form: "assign" }));
    const json = JSON.stringify(form);
    expect(json).toContain('"choices.data":{"type":"Data.Query","dataset":"customers"}');
    expect(json).toContain('"choices.data":{"type":"Data.Query","dataset":"pools"}');
    const bad = await click(w.alex, button(form, "Review"), { customer: "fabrikam", pool: "contoso-opus-direct", quantity: "2.5", expiresOn: "2026-01-01" });
    expect(text(bad)).toContain("Quantity must be a whole number (you gave “2.5”).");
    expect(text(bad)).toContain("Expires on is in the past (2026-01-01); today is 2026-03-02.");
    expect(pendingChanges(w.db)).toHaveLength(0);
  });

  it("tampered form data: another partner's customer in the button, or a form a viewer cannot see", async () => {
    const w = world();
    const before = domainRows(w.db);
    expect(heading(await act(w.alex, "change.form", { form: "seats", customerId: "bellows-college" }))).toBe("I can't find that customer");
    expect(heading(await act(w.alex, "change.submit", { form: "disconnect", customerId: "bellows-college" }))).toBe("I can't find that customer");
    expect(heading(await act(w.alex, "change.submit", { form: "seats", customerId: "bellows-college", serviceId: "cloud-backup-for-microsoft-365", quantity: "5" }))).toBe("I can't find that customer");
    expect(heading(await act(w.alex, "change.submit", { form: "allocate", pool: "contoso-m365-direct", msp: "relecloud", quantity: "5" }))).toBe("Allocating is for Tier 2 LARs");
    expect(heading(await act(w.alex, "change.submit", { form: "nope" }))).toBe("That button sent something I can't use");
    expect(heading(await act(w.alex, "change.confirm", { changeId: { $ne: "" } }))).toBe("That button sent something I can't use");
    expect(heading(await act(w.alex, "change.confirm", { changeId: "made-up" }))).toBe("I can't find that change");
    expect(domainRows(w.db)).toEqual(before);
  });

  it("the expiry notice's buttons open the matching form", async () => {
    const w = world();
    expect(heading(await act(w.alex, "notify.seats", { customerId: "fabrikam", serviceId: "cloud-backup-for-microsoft-365", assignmentId: "asg-fabrikam-m365" }))).toBe("Change seats for Fabrikam, Inc.");
    expect(heading(await act(w.alex, "notify.extendAll", { poolId: "contoso-m365-payg" }))).toBe("Extend a renewed pool's subscriptions");
    expect(heading(await act(w.alex, "notify.extend", { customerId: 7 }))).toBe("That button sent something I can't use");
  });
});
