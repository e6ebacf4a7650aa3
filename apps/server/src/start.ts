import type { FastifyInstance } from "fastify";
import type { Clock } from "@scorecard/api";
import { migrateToLatest, openDatabase, type Db } from "@scorecard/db";
import { storeMissingFiles } from "@scorecard/api";
import { isEmpty, seedDemo, type DemoVariant } from "./demo-seed";
import type { TrustProxy } from "./security";
import { buildServer } from "./server";

export interface StartOptions {
  databaseUrl?: string;
  demo: boolean;
  /** which demo court an empty database gets in demo mode (default kailu) */
  demoVariant?: DemoVariant;
  host: string;
  port: number;
  portalDir?: string;
  logger?: boolean;
  /** the proxies trusted for X-Forwarded-* (parseTrustProxy reads the TRUST_PROXY setting) */
  trustProxy?: TrustProxy;
  /** the clock of the monthly cycle (tests set it) */
  clock?: Clock;
}

export interface RunningServer {
  app: FastifyInstance;
  db: Db;
  url: string;
  /** the demo court was loaded now (demo mode, empty database) */
  seeded: boolean;
  /** stops taking requests, finishes those under way, then closes the database */
  close(): Promise<void>;
}

/** Opens and migrates the database, loads the demo court into an empty one in demo mode, listens. */
export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const db = await openDatabase(opts.databaseUrl);
  try {
    await migrateToLatest(db);
    const seeded = opts.demo && (await isEmpty(db.kysely));
    if (seeded) await seedDemo(db.kysely, opts.clock, opts.demoVariant);
    // revisions published before publication stored their files get them now, once
    await storeMissingFiles(db.kysely);
    const app = await buildServer({
      db,
      demo: opts.demo,
      ...(opts.portalDir ? { portalDir: opts.portalDir } : {}),
      logger: opts.logger ?? false,
      trustProxy: opts.trustProxy ?? false,
      ...(opts.clock ? { clock: opts.clock } : {}),
    });
    await app.listen({ host: opts.host, port: opts.port });
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : opts.port;
    let closing: Promise<void> | undefined;
    return {
      app,
      db,
      url: `http://${opts.host.includes(":") ? `[${opts.host}]` : opts.host}:${port}`,
      seeded,
      close: () =>
        (closing ??= (async () => {
          // A keep-alive connection busy when close() is called stays open after its response
          // until the client's keep-alive runs out (72 s); close each as soon as it is idle.
          const reap = setInterval(() => app.server.closeIdleConnections(), 50);
          try {
            await app.close();
          } finally {
            clearInterval(reap);
          }
          await db.close();
        })()),
    };
  } catch (e) {
    await db.close();
    throw e;
  }
}
