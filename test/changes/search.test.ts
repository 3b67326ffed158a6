/**
 * Typeahead (Data.Query on the forms' pickers): each dataset answers from the sender's partner
 * only (U2), filtered by what was typed, paged by Teams' skip and top.
 */
import { describe, expect, it } from "vitest";
import { runSearch } from "../../bot/commands/search";
import { world } from "./support";

describe("typeahead, scoped to the sender's partner", () => {
  const w = world();

  it("customers: the partner's own, by any word's start, connected first", () => {
    expect(runSearch(w.alex, { dataset: "customers", queryText: "b", skip: 0, top: 10 })).toEqual([
      { title: "Blue Yonder Airlines", value: "blue-yonder" },
      { title: "Woodgrove Bank", value: "woodgrove" },
    ]);
    // Relecloud's Bellows College is not Contoso's, and the reverse.
    expect(runSearch(w.lee, { dataset: "customers", queryText: "b", skip: 0, top: 10 })).toEqual([{ title: "Bellows College", value: "bellows-college" }]);
    expect(runSearch(w.alex, { dataset: "customers", queryText: "bellows", skip: 0, top: 10 })).toEqual([]);
    // The LAR holds the pool, not its MSPs' customers.
    expect(runSearch(w.megan, { dataset: "customers", queryText: "", skip: 0, top: 10 })).toEqual([]);
    const all = runSearch(w.alex, { dataset: "customers", queryText: "", skip: 0, top: 50 });
    expect(all).toHaveLength(12);
    expect(all[all.length - 1]).toEqual({ title: "Fourth Coffee (disconnected)", value: "fourth-coffee" });
  });

  it("pages with skip and top, and bounds them", () => {
    const first = runSearch(w.alex, { dataset: "customers", queryText: "", skip: 0, top: 5 });
    const second = runSearch(w.alex, { dataset: "customers", queryText: "", skip: 5, top: 5 });
    expect(first).toHaveLength(5);
    expect(second[0]).not.toEqual(first[0]);
    expect(runSearch(w.alex, { dataset: "customers", queryText: "", skip: -3, top: 100_000 })).toHaveLength(12);
  });

  it("pools: what the partner sees; an MSP sees its LAR's pool through its allocation (T2)", () => {
    const contoso = runSearch(w.alex, { dataset: "pools", queryText: "m365 backup", skip: 0, top: 15 }).map((r) => r.value);
    expect(contoso).toEqual(["contoso-m365-direct", "contoso-m365-mkt-apu", "contoso-m365-payg"]);
    expect(runSearch(w.alex, { dataset: "pools", queryText: "trey", skip: 0, top: 15 })).toEqual([]);
    const relecloud = runSearch(w.lee, { dataset: "pools", queryText: "", skip: 0, top: 15 });
    expect(relecloud).toEqual([{ title: expect.stringContaining("trey-m365-direct · direct, prepaid, from your LAR"), value: "trey-m365-direct" }]);
    expect(runSearch(w.alex, { dataset: "pools", queryText: "direct opus", skip: 0, top: 15 })).toEqual([
      { title: expect.stringContaining("Opus > Storage Optimization · contoso-opus-direct"), value: "contoso-opus-direct" },
    ]);
  });

  it("services: those the partner has pools of", () => {
    const services = runSearch(w.alex, { dataset: "services", queryText: "", skip: 0, top: 50 }).map((r) => r.value);
    expect(services).toContain("fly-aviator");
    expect(services).not.toContain("cloud-governance");
    expect(runSearch(w.lee, { dataset: "services", queryText: "", skip: 0, top: 50 })).toEqual([{ title: "Cloud Backup for Microsoft 365", value: "cloud-backup-for-microsoft-365" }]);
  });

  it("an unknown dataset or odd input answers with nothing, not an error", () => {
    expect(runSearch(w.alex, { dataset: "partners", queryText: "", skip: 0, top: 10 })).toEqual([]);
    expect(runSearch(w.alex, { dataset: "customers", queryText: 42 as unknown as string, skip: "x" as unknown as number, top: undefined })).toHaveLength(12);
  });
});
