import { defineConfig } from "vitest/config";

// real servers, real databases (SQLite files, PostgreSQL), argon2 logins: generous limits for a busy CI machine
export default defineConfig({ test: { testTimeout: 30_000, hookTimeout: 60_000 } });
