import { defineConfig } from "vitest/config";

// The end-to-end tests drive Debian's Chromium against the built portal on the real server.
export default defineConfig({
  test: {
    include: ["e2e/**/*.test.ts", "src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
