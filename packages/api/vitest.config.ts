import { defineConfig } from "vitest/config";

// real databases (SQLite files, PostgreSQL schemas), each loaded with a court whose history is published month by month: generous limits for a busy CI machine
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 180_000 } });
