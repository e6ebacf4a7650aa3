/**
 * Test support for the server's integration tests: a real server on a loopback port over a fresh
 * database (a temporary SQLite file, or a new PostgreSQL schema when `TEST_DATABASE_URL` is set),
 * and an HTTP client that talks to it exactly as curl would: plain JSON, the session in the
 * `scorecard_session` cookie.
 *
 *   describe.each(testBackends())("%s", (backend) => {
 *     let t: TestServer;
 *     beforeAll(async () => { t = await startTestServer(backend); });
 *     afterAll(() => t.stop());
 *   });
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDatabase, dumpTables, testDatabaseKinds, type TableDump } from "@scorecard/db/testing";
import type { DialectName } from "@scorecard/db";
import type { Clock } from "@scorecard/api";
import { DEMO_PASSWORD, type DemoVariant } from "./demo-seed";
import type { TrustProxy } from "./security";
import { startServer, type RunningServer } from "./start";
import { SESSION_COOKIE } from "./server";

export type Backend = DialectName;

/** "sqlite" always, "postgres" too when TEST_DATABASE_URL is set. */
export function testBackends(): Backend[] {
  return testDatabaseKinds();
}

export interface TestServer {
  backend: Backend;
  server: RunningServer;
  /** http://127.0.0.1:<port> */
  url: string;
  /** the DATABASE_URL the server was started with */
  databaseUrl: string;
  /** a client without a session */
  anonymous(): ApiClient;
  /** a client signed in as `username` (password `kailu-demo` unless given) */
  login(username: string, password?: string): Promise<ApiClient>;
  /** every row of every table */
  dump(): Promise<TableDump>;
  /** stops the server (if still running) and deletes the database */
  stop(): Promise<void>;
}

/** Starts a server in demo mode (unless `demo: false`; `demo: "grouped"` for that demo court) on port 0 over a fresh database. */
export async function startTestServer(backend: Backend, opts: { demo?: boolean | DemoVariant; trustProxy?: TrustProxy; clock?: Clock; portalDir?: string } = {}): Promise<TestServer> {
  // creates the file / schema; the server opens its own connection and migrates
  const holder = await createTestDatabase(backend, { migrate: false });
  let server: RunningServer;
  try {
    const demo = opts.demo ?? true;
    server = await startServer({ databaseUrl: holder.url, demo: demo !== false, ...(typeof demo === "string" ? { demoVariant: demo } : {}), host: "127.0.0.1", port: 0, logger: false, trustProxy: opts.trustProxy ?? false, ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.portalDir ? { portalDir: opts.portalDir } : {}) });
  } catch (e) {
    await holder.destroy();
    throw e;
  }
  const url = server.url;
  return {
    backend,
    server,
    url,
    databaseUrl: holder.url,
    anonymous: () => new ApiClient(url),
    async login(username, password = DEMO_PASSWORD) {
      const c = new ApiClient(url);
      const r = await c.login(username, password);
      if (!r.ok) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
      return c;
    },
    dump: () => dumpTables(holder),
    async stop() {
      await server.close();
      await holder.destroy();
    },
  };
}

/** A parsed tRPC response: `data` on success, `code` (tRPC error code) and `message` on failure. */
export interface ApiResult<T = unknown> {
  ok: boolean;
  status: number;
  /** the tRPC error code ("FORBIDDEN", …) when not ok */
  code: string | undefined;
  message: string | undefined;
  data: T;
  body: unknown;
  headers: Headers;
}

/** The HTTP client: one cookie (the session), plain JSON, like curl. */
export class ApiClient {
  /** the session token, or undefined */
  token: string | undefined;

  constructor(readonly baseUrl: string) {}

  get cookieHeader(): Record<string, string> {
    return this.token ? { cookie: `${SESSION_COOKIE}=${this.token}` } : {};
  }

  /** `GET /trpc/<name>?input=<url-encoded JSON>` (no `input` when undefined). */
  async query<T = unknown>(name: string, input?: unknown, headers: Record<string, string> = {}): Promise<ApiResult<T>> {
    const qs = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    const res = await fetch(`${this.baseUrl}/trpc/${name}${qs}`, { headers: { ...this.cookieHeader, ...headers } });
    return parse<T>(res);
  }

  /** `POST /trpc/<name>` with the JSON input as the body (no body when undefined). */
  async mutate<T = unknown>(name: string, input?: unknown, headers: Record<string, string> = {}): Promise<ApiResult<T>> {
    const res = await fetch(`${this.baseUrl}/trpc/${name}`, {
      method: "POST",
      headers: { ...this.cookieHeader, ...(input === undefined ? {} : { "content-type": "application/json" }), ...headers },
      ...(input === undefined ? {} : { body: JSON.stringify(input) }),
    });
    return parse<T>(res);
  }

  /** Calls `auth.login`; on success keeps the session cookie from Set-Cookie. */
  async login(username: string, password: string, headers: Record<string, string> = {}): Promise<ApiResult<{ user: { username: string; name: string; role: string } }>> {
    const r = await this.mutate<{ user: { username: string; name: string; role: string } }>("auth.login", { username, password }, headers);
    if (r.ok) {
      const cookie = sessionCookie(r.headers);
      if (!cookie) throw new Error("auth.login succeeded without a session cookie");
      this.token = cookie.value;
    }
    return r;
  }

  /** A raw request to the server (for /files and /healthz), with the session cookie. */
  fetch(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, { ...init, headers: { ...this.cookieHeader, ...(init.headers as Record<string, string> | undefined) } });
  }

  /** A request to /files, read as an ApiResult: `data` the JSON answer (or the bytes of a download), `code` and `message` from `{ error }`. */
  async files<T = unknown>(path: string, init: RequestInit = {}): Promise<ApiResult<T>> {
    const res = await this.fetch(path, init);
    const json = (res.headers.get("content-type") ?? "").startsWith("application/json");
    const body: unknown = json ? await res.json() : Buffer.from(await res.arrayBuffer());
    const error = json ? (body as { error?: { code?: string; message?: string } }).error : undefined;
    if (res.ok) return { ok: true, status: res.status, code: undefined, message: undefined, data: body as T, body, headers: res.headers };
    return { ok: false, status: res.status, code: error?.code, message: error?.message, data: undefined as T, body, headers: res.headers };
  }
}

async function parse<T>(res: Response): Promise<ApiResult<T>> {
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  const b = body as { result?: { data?: unknown }; error?: { message?: string; data?: { code?: string } } };
  if (res.ok && b && typeof b === "object" && "result" in b) {
    return { ok: true, status: res.status, code: undefined, message: undefined, data: b.result?.data as T, body, headers: res.headers };
  }
  return {
    ok: false,
    status: res.status,
    code: b?.error?.data?.code,
    message: b?.error?.message,
    data: undefined as T,
    body,
    headers: res.headers,
  };
}

export interface SetCookie {
  value: string;
  attributes: Map<string, string>;
  raw: string;
}

/** The `scorecard_session` cookie of a response's Set-Cookie headers, its attributes lower-cased. */
export function sessionCookie(headers: Headers): SetCookie | undefined {
  for (const raw of headers.getSetCookie()) {
    const [pair = "", ...attrs] = raw.split(";").map((s) => s.trim());
    const eq = pair.indexOf("=");
    if (pair.slice(0, eq) !== SESSION_COOKIE) continue;
    const attributes = new Map<string, string>();
    for (const a of attrs) {
      const i = a.indexOf("=");
      attributes.set((i < 0 ? a : a.slice(0, i)).toLowerCase(), i < 0 ? "" : a.slice(i + 1));
    }
    return { value: decodeURIComponent(pair.slice(eq + 1)), attributes, raw };
  }
  return undefined;
}

/** A readable one-liner of a result, for assertion messages. */
export function describeResult(r: ApiResult): string {
  return r.ok ? `ok ${r.status}` : `${r.code ?? "?"} ${r.status} ${r.message ?? JSON.stringify(r.body)}`;
}

/** Everything except the tables that a read legitimately touches (sign-ins, sessions). */
export function withoutSessionTables(d: TableDump): Partial<TableDump> {
  const { login_attempts: _a, sessions: _s, ...rest } = d;
  return rest;
}

export type { TableDump };

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const CLI_MAIN = join(ROOT, "apps/cli/src/main.ts");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `scorecard <args>` as a user runs it on a database (DATABASE_URL), with `stdin` piped in. */
export function scorecard(databaseUrl: string, args: string[], stdin = ""): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI_MAIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, SCORECARD_DEMO: "0" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
