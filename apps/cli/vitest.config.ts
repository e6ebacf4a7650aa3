import { defineConfig } from "vitest/config";

// a few tests start the real command (tsx + node): several seconds each on a busy 2-core machine
export default defineConfig({ test: { testTimeout: 30_000 } });
