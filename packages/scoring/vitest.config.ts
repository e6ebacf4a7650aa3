import { defineConfig } from "vitest/config";

// the property tests (oracle, explanations) take a few seconds alone, many more on a busy 2-core machine
export default defineConfig({ test: { testTimeout: 60_000 } });
