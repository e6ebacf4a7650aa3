/**
 * The server under load, in its own process: a fresh SQLite file with the demo court, on a free
 * loopback port. Prints its URL on stdout, stops on SIGTERM.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "@scorecard/server";

const dir = mkdtempSync(join(tmpdir(), "scorecard-bench-"));
const portalDir = fileURLToPath(new URL("../../../apps/portal/dist", import.meta.url));
const server = await startServer({ databaseUrl: join(dir, "bench.db"), demo: true, host: "127.0.0.1", port: 0, portalDir });
console.log(server.url);
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
