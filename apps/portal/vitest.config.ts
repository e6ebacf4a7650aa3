import { defineConfig } from "vitest/config";

// The end-to-end tests drive Debian's Chromium against the built portal on the real server.
export default defineConfig({
  test: {
    include: ["e2e/**/*.test.ts", "src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // two files at once (each its own server and browser): most of an end-to-end test waits on the
    // server, the browser or the database; a page is given up to 10 s to show what is polled for
    fileParallelism: true,
    maxWorkers: 2,
    expect: { poll: { timeout: 10_000 } },
  },
});
