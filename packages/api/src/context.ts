import type { Kysely } from "kysely";
import type { Database } from "@scorecard/db";
import { resolveSession, type SessionUser } from "./auth";
import { systemClock, type Clock } from "./cycle";
import type { ScoreService } from "./scores-service";
import type { Context } from "./trpc";

/** What a request brings, whoever serves it (the HTTP server, the command line, tests). */
export interface ContextInput {
  db: Kysely<Database>;
  scores: ScoreService;
  demo?: Context["demo"];
  /** the server's clock (tests set it) */
  now?: Clock;
  ip: string;
  /** the session cookie's token, resolved to its user at the clock's time */
  token?: string | undefined;
  /** a user acting without a session (the command line's system account) */
  user?: SessionUser;
  /** how the server sets and clears the cookie; none outside HTTP */
  cookie?: { set(token: string): void; clear(): void };
}

/** The one place a request's context is built: the session resolved at the request's time. */
export async function createContext(input: ContextInput): Promise<Context> {
  const now = input.now ?? systemClock;
  const user = input.user ?? (await resolveSession(input.db, input.token, now()));
  return {
    db: input.db,
    scores: input.scores,
    demo: input.demo ?? null,
    now,
    ip: input.ip,
    user,
    cookie: { token: input.token, set: input.cookie?.set ?? (() => {}), clear: input.cookie?.clear ?? (() => {}) },
  };
}
