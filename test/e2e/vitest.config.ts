import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** `npm run test:e2e`: the Playground in headless Chromium. Kept out of `npm test`, which stays fast. */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: ["test/e2e/**/*.e2e.ts"],
    environment: "node",
    pool: "forks",
    fileParallelism: false,
    testTimeout: 60_000,
    // Starting the bot (migrations, demo data, teams-ai's import) and the Playground.
    hookTimeout: 150_000,
  },
});
