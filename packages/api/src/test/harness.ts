/**
 * Test support for the procedures' tests: a fresh real database (a temporary SQLite file, or a new
 * PostgreSQL schema when `TEST_DATABASE_URL` is set), migrated, with a court loaded through
 * `loadCourt` (the demo court of a variant by default), one `ScoreService`, and callers built with
 * `createCallerFactory(appRouter)` for any user of the court — the procedures as the server runs
 * them, without HTTP.
 *
 *   describe.each(testDatabaseKinds())("%s", (kind) => {
 *     let h: Harness;
 *     beforeAll(async () => { h = await createHarness(kind, { clock }); });
 *     afterAll(() => h?.destroy());
 *     it("…", async () => {
 *       const stats = await h.as("stats");
 *       const r = await stats.mutate("notices.publish", { period: "2023-03", commentary: "…" });
 *       expect(r.ok, describeResult(r)).toBe(true);
 *       const typed = await (await h.caller("stats")).notices.list(); // the typed caller, which throws
 *     });
 *   });
 */
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { createTestDatabase, dumpTables, testDatabaseKinds, type TableDump, type TestDatabase } from "@scorecard/db/testing";
import type { DialectName } from "@scorecard/db";
import { demoCourt, DEMO_HEADS, DEMO_LEADERS, type DemoVariant } from "@scorecard/demo";
import type { SessionUser } from "../auth";
import { systemClock, type Clock } from "../cycle";
import { describeError } from "../error-format";
import { loadCourt, type CourtAccount, type CourtToLoad } from "../load-court";
import { appRouter } from "../root";
import { ScoreService } from "../scores-service";
import { createCallerFactory, type Context } from "../trpc";

export { testDatabaseKinds, type TableDump };

/** The password of every account the harness loads. */
export const TEST_PASSWORD = "kailu-demo";

/** The demo court's people: admin, hr, stats, its leaders and its heads. */
export const TEST_ACCOUNTS: CourtAccount[] = [
  { username: "admin", name: "系统管理员", role: "admin" },
  { username: "hr", name: "政治处", role: "hr" },
  { username: "stats", name: "审管办统计员", role: "stats" },
  ...DEMO_LEADERS.map((l) => ({ username: l.username, name: l.name, role: "leader" as const, units: l.units })),
  ...DEMO_HEADS.map((h) => ({ username: h.username, name: h.name, role: "head" as const, unit: h.unit })),
];

const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

/** An answer as a client reads it: `data` on success, the tRPC `code` and the Chinese `message` the API would send on failure. */
export interface ApiResult<T = unknown> {
  ok: boolean;
  /** the HTTP status the server would answer with */
  status: number;
  /** the tRPC error code ("FORBIDDEN", …) when not ok */
  code: string | undefined;
  message: string | undefined;
  /** every problem of a bad input, as the API sends them */
  problems: unknown[] | undefined;
  data: T;
  /** the body the server would send: `{ error: { message, data: { code, httpStatus, path, problems } } }` on failure */
  body: unknown;
  error: TRPCError | undefined;
}

/** Calls a procedure by its name ("notices.publish") as one user, reading the answer as a client would. */
export class TestClient {
  constructor(
    readonly caller: Caller,
    readonly user: SessionUser | null,
  ) {}

  /** a query procedure */
  query<T = unknown>(name: string, input?: unknown): Promise<ApiResult<T>> {
    return this.call<T>("query", name, input);
  }

  /** a mutation procedure */
  mutate<T = unknown>(name: string, input?: unknown): Promise<ApiResult<T>> {
    return this.call<T>("mutation", name, input);
  }

  private async call<T>(type: "query" | "mutation", name: string, input: unknown): Promise<ApiResult<T>> {
    const procedure = (appRouter._def.procedures as unknown as Record<string, { _def: { type: string } } | undefined>)[name];
    if (!procedure) throw new Error(`no procedure ${name}`);
    if (procedure._def.type !== type) throw new Error(`${name} is a ${procedure._def.type}, not a ${type}`);
    let fn: unknown = this.caller;
    for (const key of name.split(".")) fn = (fn as Record<string, unknown>)[key];
    try {
      const data = (await (fn as (input: unknown) => Promise<unknown>)(input)) as T;
      return { ok: true, status: 200, code: undefined, message: undefined, problems: undefined, data, body: { result: { data } }, error: undefined };
    } catch (e) {
      if (!(e instanceof TRPCError)) throw e;
      // what the router's errorFormatter sends over HTTP
      const { message, problems } = describeError(e, name, input);
      const status = getHTTPStatusCodeFromError(e);
      const body = { error: { message, data: { code: e.code, httpStatus: status, path: name, ...(problems ? { problems } : {}) } } };
      return { ok: false, status, code: e.code, message, problems, data: undefined as T, body, error: e };
    }
  }
}

/** A readable one-liner of a result, for assertion messages. */
export function describeResult(r: ApiResult): string {
  if (r.ok) return `ok ${r.status}`;
  // a 500 says no more over HTTP; the test says what went wrong
  const cause = r.code === "INTERNAL_SERVER_ERROR" && r.error?.cause ? ` (${String(r.error.cause.stack ?? r.error.cause)})` : "";
  return `${r.code ?? "?"} ${r.status} ${r.message ?? ""}${cause}`;
}

/** Everything except the tables that a read legitimately touches (sign-ins, sessions). */
export function withoutSessionTables(d: TableDump): Partial<TableDump> {
  const { login_attempts: _a, sessions: _s, ...rest } = d;
  return rest;
}

export interface Harness {
  kind: DialectName;
  db: TestDatabase;
  scores: ScoreService;
  /** the clock every context reads */
  clock: Clock;
  /** demo mode as the server would set it (auth.demoAccounts) */
  demo: Context["demo"];
  /** the user of an account, as a session resolves it */
  user(username: string): Promise<SessionUser>;
  /** the context of a request by `username` (null: no session) */
  context(username: string | null, ip?: string): Promise<Context>;
  /** the typed caller of a user (throws TRPCError on failure) */
  caller(username: string | null): Promise<Caller>;
  /** a client of a user, answers read as `{ ok, code, message, data }` */
  as(username: string): Promise<TestClient>;
  /** a client without a session */
  anonymous(): TestClient;
  /** every row of every table */
  dump(): Promise<TableDump>;
  /** closes and deletes the database */
  destroy(): Promise<void>;
}

export interface HarnessOptions {
  /** the court to load: a demo variant (default "kailu"), a court of one's own, or false for an empty database */
  court?: DemoVariant | CourtToLoad | false;
  accounts?: CourtAccount[];
  clock?: Clock;
  /** demo mode: the login page lists the accounts */
  demo?: boolean;
}

/** A fresh database of the given kind, migrated, with the court loaded; callers for any of its users. */
export async function createHarness(kind: DialectName, opts: HarnessOptions = {}): Promise<Harness> {
  const db = await createTestDatabase(kind);
  const clock = opts.clock ?? systemClock;
  const accounts = opts.accounts ?? TEST_ACCOUNTS;
  try {
    const court = opts.court ?? "kailu";
    if (court !== false) await loadCourt(db.kysely, typeof court === "string" ? demoCourt(court) : court, { accounts, password: TEST_PASSWORD, clock, note: { test: true } });
  } catch (e) {
    await db.destroy();
    throw e;
  }
  const scores = new ScoreService();
  const demo: Context["demo"] = opts.demo ? { accounts: accounts.map(({ username, name, role }) => ({ username, name, role })) } : null;
  const user = async (username: string): Promise<SessionUser> => {
    const row = await db.kysely.selectFrom("users").select(["id", "username", "name", "role", "unit_key", "active"]).where("username", "=", username).executeTakeFirst();
    if (!row) throw new Error(`no account ${username}`);
    if (!row.active) throw new Error(`account ${username} is disabled: it has no session`);
    return { id: row.id, username: row.username, name: row.name, role: row.role as SessionUser["role"], unit: row.unit_key };
  };
  const context = async (username: string | null, ip = "127.0.0.1"): Promise<Context> => {
    let token: string | undefined;
    return {
      db: db.kysely,
      scores,
      user: username === null ? null : await user(username),
      ip,
      demo,
      now: () => clock(),
      cookie: {
        get token() {
          return token;
        },
        set: (value) => void (token = value),
        clear: () => void (token = undefined),
      },
    };
  };
  const caller = async (username: string | null) => createCaller(await context(username));
  return {
    kind,
    db,
    scores,
    clock,
    demo,
    user,
    context,
    caller,
    as: async (username) => new TestClient(await caller(username), await user(username)),
    anonymous: () => new TestClient(createCaller({ db: db.kysely, scores, user: null, ip: "127.0.0.1", demo, now: () => clock(), cookie: { token: undefined, set: () => {}, clear: () => {} } }), null),
    dump: () => dumpTables(db),
    destroy: () => db.destroy(),
  };
}
