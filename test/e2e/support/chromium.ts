import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/**
 * Debian's Chromium, driven by playwright-core: `npx playwright install` cannot download its own
 * browser builds here (nor on CI), so the system package is the browser. `CHROMIUM_PATH` overrides.
 */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox", // root in CI containers
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function chromiumPath(env: Record<string, string | undefined> = process.env): string {
  return env.CHROMIUM_PATH || "/usr/bin/chromium";
}

/** A fresh browser (playwright gives each launch its own temporary profile). */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true });
}
