/**
 * End to end in the Microsoft 365 Agents Playground: the bot on a fresh demo database, the
 * Playground pointed at it, and its page in headless Chromium. Each step checks what a person sees
 * in the chat and keeps a screenshot in test/e2e/output/.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { launchChromium } from "./support/chromium";
import { PlaygroundChat, TURN_MS } from "./support/playground";
import { ROOT, startBot, startPlayground, type Running } from "./support/processes";

const OUTPUT = join(ROOT, "test/e2e/output");
const shot = (name: string) => join(OUTPUT, `${name}.png`);

let work: string;
let bot: Running | undefined;
let playground: Running | undefined;
let browser: Browser | undefined;
let page: Page;
let chat: PlaygroundChat;

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  for (const f of readdirSync(OUTPUT)) if (/\.(png|log)$/.test(f)) rmSync(join(OUTPUT, f));
  work = mkdtempSync(join(tmpdir(), "e2e-playground-"));

  const started = await startBot({ databasePath: join(work, "licensing.db"), logFile: join(OUTPUT, "bot.log") });
  bot = started.bot;
  const pg = await startPlayground({ botUrl: started.url, cwd: work, logFile: join(OUTPUT, "playground.log") });
  playground = pg.playground;

  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  chat = new PlaygroundChat(page);
  // Loading the page installs the bot (installationUpdate, conversationUpdate): it greets with the home card.
  await page.goto(pg.url);
  await chat.cardsWith(/Hi Alex Wilber/).first().waitFor({ timeout: 60_000 });
});

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
  await bot?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

beforeEach((ctx) => {
  ctx.onTestFailed(async () => {
    if (page && !page.isClosed()) await page.screenshot({ path: shot(`failed-${ctx.task.name.replace(/\W+/g, "-").slice(0, 60)}`) });
  });
});

describe("the Playground, as a person sees it", () => {
  it("a proactive digest arrives in the personal chat, and pages in place", async () => {
    // Nobody asked: the per-second sweep found the demo's assignments expiring within 30/7/1 days and
    // sent to the conversation the install recorded (an administrator's personal chat).
    const digest = chat.cardsWith(/Licensing notices/).first();
    await digest.waitFor({ timeout: 30_000 });
    const text = await digest.innerText();
    expect(text).toMatch(/expires \d{1,2} \w+ \d{4}/);
    expect(await digest.getByRole("button", { name: "Snooze 7 days" }).count()).toBeGreaterThan(0);
    await chat.screenshot(digest, shot("01-digest"));

    const more = digest.getByRole("button", { name: /^More \(\d+ left\)$/ });
    if ((await more.count()) > 0) {
      const at = await chat.indexOf(digest);
      await more.click();
      await chat.cards.nth(at).filter({ hasText: /Page 2 of \d+/ }).waitFor({ timeout: TURN_MS });
      await chat.screenshot(chat.cards.nth(at), shot("02-digest-page-2"));
    }
  });

  it("help shows the home card", async () => {
    const home = await chat.ask("help", /Hi Alex Wilber/);
    const text = await home.innerText();
    expect(text).toContain("Pooled licensing");
    expect(text).toContain("Contoso MSP");
    for (const button of ["Customers", "Assign licenses", "Usage"]) {
      expect(await home.getByRole("button", { name: button, exact: true }).count(), button).toBe(1);
    }
    await chat.screenshot(home, shot("03-help"));
  });

  it("assigning seats: the confirmation's button turns the card into the result, in place", async () => {
    // Woodgrove Bank has no Cloud Backup for Microsoft 365 in the demo; naming the pool skips the pick.
    const confirm = await chat.ask("assign 1 m365 backup to woodgrove from contoso-m365-direct", /Assign 1 seat of Cloud Backup for Microsoft 365 to Woodgrove Bank\?/);
    expect(await confirm.innerText()).toMatch(/From pool\s+contoso-m365-direct/);
    await chat.screenshot(confirm, shot("04-assign-confirm"));

    const at = await chat.indexOf(confirm);
    const answers = await chat.cards.filter({ hasNotText: /Licensing notices/ }).count();
    await confirm.getByRole("button", { name: "Confirm", exact: true }).click();

    const result = chat.cards.nth(at);
    await result.filter({ hasText: /Assigned 1 seat of Cloud Backup for Microsoft 365 to Woodgrove Bank/ }).waitFor({ timeout: TURN_MS });
    expect(await chat.cardsWith(/Assign 1 seat of .*\?/).count()).toBe(0);
    // In place: the answer replaced the card rather than arriving as a new message.
    expect(await chat.cards.filter({ hasNotText: /Licensing notices/ }).count()).toBe(answers);
    expect(await result.getByRole("button", { name: "Confirm", exact: true }).count()).toBe(0);
    await chat.screenshot(result, shot("05-assign-done"));
  });

  it("a refused seat reduction says why and from when it is possible (A5)", async () => {
    // Woodgrove's Policies assignment is 14 days old in the demo: its 120 seats cannot shrink yet.
    const refused = await chat.ask("seats woodgrove policies 100", /Not possible/);
    const text = await refused.innerText();
    expect(text).toMatch(/31 days/);
    expect(text).toMatch(/\bA5\b/);
    const today = new Date().toISOString().slice(0, 10);
    const dates = [...text.matchAll(/\b(\d{4}-\d{2}-\d{2})\b/g)].map((m) => m[1]!);
    expect(dates.some((d) => d > today), `a date after ${today} in: ${text}`).toBe(true);
    await chat.screenshot(refused, shot("06-seats-refused"));
  });

  it("usage shows the report card, and one customer's with its chart (or the fallback)", async () => {
    const report = await chat.ask("usage", /Customer usage/);
    const text = await report.innerText();
    expect(text).toMatch(/Assigned/);
    expect(text).toMatch(/Consumed/);
    expect(text).toContain("Fabrikam, Inc.");
    await chat.screenshot(report, shot("07-usage"));

    // The customer's row opens its own usage in place, with the six-cycle trend.
    const at = await chat.indexOf(report);
    await report.getByText("Fabrikam, Inc.", { exact: true }).first().click();
    const one = chat.cards.nth(at);
    await one.filter({ hasText: /Usage: Fabrikam, Inc\./ }).waitFor({ timeout: TURN_MS });
    // Teams (and the Playground) draw Chart.Line; a client without charts shows the FactSet fallback.
    const chart = await one.locator('[aria-label*="chart" i] svg').count();
    const fallback = await one.locator(".ac-factset").filter({ hasText: /\d{4}-\d{2}/ }).count();
    expect(chart + fallback, "a chart or its fallback").toBeGreaterThan(0);
    await chat.screenshot(one, shot("08-usage-customer"));
  });

  it("both processes stop cleanly", async () => {
    await browser?.close();
    browser = undefined;
    expect(await playground!.stop()).toMatch(/SIGTERM|exit 0/);
    playground = undefined;
    // The bot drains, stops the notifier and closes the database, then exits on its own.
    expect(await bot!.stop()).toBe("exit 0");
    bot = undefined;
  });
});
