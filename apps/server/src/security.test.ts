/**
 * The security findings of the outside review, over real HTTP: headers on every response,
 * writes from another site refused (the session survives them), and the session cookie `Secure`
 * behind a TLS proxy only when TRUST_PROXY trusts it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "./demo-seed";
import { parseTrustProxy } from "./security";
import { startServer, type RunningServer } from "./start";
import { sessionCookie, startTestServer, testBackends, withoutSessionTables, type ApiClient, type TestServer } from "./test-server";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

describe("security headers on every response", () => {
  let server: RunningServer;
  let dir: string;
  beforeAll(async () => {
    // a stand-in for the built portal
    dir = mkdtempSync(join(tmpdir(), "scorecard-portal-"));
    mkdirSync(join(dir, "assets"));
    writeFileSync(join(dir, "index.html"), '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body></body></html>');
    writeFileSync(join(dir, "assets", "app.js"), "console.log('portal')");
    server = await startServer({ databaseUrl: join(dir, "t.db"), demo: true, host: "127.0.0.1", port: 0, portalDir: dir });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("sends CSP with frame-ancestors 'none', nosniff, Referrer-Policy and X-Frame-Options on the portal, /trpc, /files and errors", async () => {
    const requests: Array<[string, RequestInit?]> = [
      ["/"],
      ["/units/dayushu"], // a portal route: index.html
      ["/assets/app.js"],
      ["/trpc/auth.demoAccounts"],
      ["/trpc/auth.me"], // 401
      ["/trpc/nope"], // 404 from tRPC
      ["/files/facts-template?period=2023-03"], // 401
      ["/files/nope"], // 404 from the server
      ["/healthz"],
      ["/trpc/auth.logout", { method: "POST", headers: { origin: "https://evil.example", "content-type": "application/json" } }], // 403
    ];
    for (const [path, init] of requests) {
      const res = await fetch(`${server.url}${path}`, init);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toContain("unsafe"); // neither inline scripts, eval nor inline styles
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), path).toBe("same-origin");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
    }
    const page = await fetch(`${server.url}/units/dayushu`);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toContain("/assets/app.js");
  });
});

describe.each(testBackends())("writes from another site (%s)", (backend) => {
  let t: TestServer;
  let stats: ApiClient;
  beforeAll(async () => {
    t = await startTestServer(backend);
    stats = await t.login("stats");
  }, 60_000);
  afterAll(() => t?.stop());

  const stillSignedIn = async (c: ApiClient) => {
    const me = await c.query<{ username: string }>("auth.me");
    expect(me.ok).toBe(true);
    expect(me.data.username).toBe("stats");
  };
  const refused = async (res: Response) => {
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { message: string; data?: { code: string } } };
    expect(body.error.message).toMatch(/已拒绝来自其他网站的请求/);
    return body;
  };

  it("refuses a cross-site JSON POST to /trpc/auth.logout with the user's cookie, and the session still works", async () => {
    const res = await stats.fetch("/trpc/auth.logout", { method: "POST", headers: { origin: "https://evil.example", "content-type": "application/json" }, body: "{}" });
    const body = await refused(res);
    expect(body.error.data?.code).toBe("FORBIDDEN"); // tRPC's shape under /trpc
    await stillSignedIn(stats);
  });

  it("refuses a cross-site multipart form POST (what a hostile page can send without CORS), and the session still works", async () => {
    const form = new FormData();
    form.append("x", "1");
    await refused(await stats.fetch("/trpc/auth.logout", { method: "POST", headers: { origin: "https://evil.example" }, body: form }));
    // another port of the same host is another origin (and the same "site" for the browser's cookies)
    const port = new URL(t.url).port;
    await refused(await stats.fetch("/trpc/auth.logout", { method: "POST", headers: { origin: `http://127.0.0.1:${Number(port) + 1}` }, body: form }));
    await stillSignedIn(stats);
  });

  it("refuses without Origin when the browser says Sec-Fetch-Site: cross-site, and an opaque Origin (null)", async () => {
    await refused(await stats.fetch("/trpc/auth.logout", { method: "POST", headers: { "sec-fetch-site": "cross-site", "content-type": "application/json" }, body: "{}" }));
    await refused(await stats.fetch("/trpc/auth.logout", { method: "POST", headers: { origin: "null", "content-type": "application/json" }, body: "{}" }));
    await stillSignedIn(stats);
  });

  it("refuses a cross-site upload to /files/facts-import in the /files shape, and stores nothing", async () => {
    const template = Buffer.from(await (await stats.fetch("/files/facts-template?period=2023-03")).arrayBuffer());
    const dump = withoutSessionTables(await t.dump());
    const res = await stats.fetch("/files/facts-import?period=2023-03&name=x.xlsx", { method: "POST", headers: { origin: "https://evil.example", "content-type": XLSX }, body: template });
    const body = await refused(res);
    expect(body.error).toMatchObject({ code: "FORBIDDEN" });
    expect(withoutSessionTables(await t.dump())).toEqual(dump);
    await stillSignedIn(stats);
  });

  it("refuses a same-origin form post to /trpc too: the API takes JSON only", async () => {
    const form = new FormData();
    form.append("x", "1");
    const res = await stats.fetch("/trpc/auth.logout", { method: "POST", headers: { origin: t.url }, body: form });
    expect(res.status).toBe(415);
    await stillSignedIn(stats);
  });

  it("allows reads from anywhere, the portal's own writes (same Origin), and clients without Origin (curl, the CLI)", async () => {
    expect((await stats.query("auth.me", undefined, { origin: "https://evil.example" })).ok).toBe(true);
    const c = await t.login("stats");
    const same = await c.mutate("auth.logout", {}, { origin: t.url, "sec-fetch-site": "same-origin" });
    expect(same.ok).toBe(true);
    expect((await c.query("auth.me")).code).toBe("UNAUTHORIZED");
    const curl = await t.login("stats");
    expect((await curl.mutate("auth.logout", {})).ok).toBe(true);
    expect((await curl.query("auth.me")).code).toBe("UNAUTHORIZED");
  });
});

describe.each(testBackends())("the session cookie behind a TLS proxy (%s)", (backend) => {
  const login = (t: TestServer, headers: Record<string, string>) => t.anonymous().login("stats", DEMO_PASSWORD, headers);
  const cookieOf = async (t: TestServer, headers: Record<string, string>) => {
    const r = await login(t, headers);
    expect(r.ok).toBe(true);
    return sessionCookie(r.headers)!;
  };

  it("is Secure when TRUST_PROXY=1 and the proxy says X-Forwarded-Proto: https, and not over plain HTTP", async () => {
    const t = await startTestServer(backend, { trustProxy: parseTrustProxy("1") });
    try {
      expect((await cookieOf(t, { "x-forwarded-proto": "https" })).attributes.has("secure")).toBe(true);
      expect((await cookieOf(t, { "x-forwarded-proto": "http" })).attributes.has("secure")).toBe(false);
      expect((await cookieOf(t, {})).attributes.has("secure")).toBe(false);
      // behind the proxy the site's host is the one it forwards: the portal's own writes pass
      const c = await t.login("stats");
      const r = await c.mutate("auth.logout", {}, { origin: "https://scorecard.example", "x-forwarded-host": "scorecard.example", "x-forwarded-proto": "https" });
      expect(r.ok).toBe(true);
    } finally {
      await t.stop();
    }
  });

  it("ignores X-Forwarded-Proto and X-Forwarded-Host without TRUST_PROXY, or from a proxy not in its list", async () => {
    for (const trustProxy of [parseTrustProxy(undefined), parseTrustProxy("10.1.2.3")]) {
      const t = await startTestServer(backend, { trustProxy });
      try {
        expect((await cookieOf(t, { "x-forwarded-proto": "https" })).attributes.has("secure")).toBe(false);
        const c = await t.login("stats");
        const r = await c.mutate("auth.logout", {}, { origin: "https://scorecard.example", "x-forwarded-host": "scorecard.example" });
        expect(r.status).toBe(403);
      } finally {
        await t.stop();
      }
    }
  });

  it("trusts a listed proxy address", async () => {
    const t = await startTestServer(backend, { trustProxy: parseTrustProxy("127.0.0.1, ::1") });
    try {
      expect((await cookieOf(t, { "x-forwarded-proto": "https" })).attributes.has("secure")).toBe(true);
    } finally {
      await t.stop();
    }
  });
});

describe("TRUST_PROXY", () => {
  it("reads off, a hop count, or addresses, and refuses anything else in Chinese", () => {
    for (const off of [undefined, "", "0", "false", " FALSE "]) expect(parseTrustProxy(off)).toBe(false);
    const one = parseTrustProxy("1");
    expect(typeof one).toBe("function");
    expect(parseTrustProxy("true")).toBeTypeOf("function");
    expect((one as (a: string, i: number) => boolean)("10.0.0.1", 0)).toBe(true);
    expect((one as (a: string, i: number) => boolean)("10.0.0.1", 1)).toBe(false);
    expect(parseTrustProxy("127.0.0.1, 10.0.0.0/8,::1,loopback")).toBe("127.0.0.1,10.0.0.0/8,::1,loopback");
    for (const bad of ["yes", "10.0.0.0/33", "proxy.example", "127.0.0.1,,"]) expect(() => parseTrustProxy(bad), bad).toThrow(/TRUST_PROXY 的值.*无效/);
  });
});
