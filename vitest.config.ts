import { defineConfig } from "vitest/config";

// Unit tests sit beside pure modules; anything that starts Deno, Chromium or a CLI process lives in tests/.
// Process-starting suites get generous timeouts because CI has 2 cores; assertions never depend on time.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: [
            "shared/**/*.test.ts",
            "collector/**/*.test.ts",
            "sdk/**/*.test.ts",
            "cli/**/*.test.ts",
            "bench/**/*.test.ts",
          ],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file starts its own collector on port 0; two at once fits 2 cores.
          maxWorkers: 2,
        },
      },
    ],
  },
});
