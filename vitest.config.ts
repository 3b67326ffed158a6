import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    // Test files share each worker's module cache: teams-ai and botbuilder take seconds to import,
    // and every test builds its own database, clock and app, so nothing else is shared.
    isolate: false,
    testTimeout: 20_000,
  },
});
