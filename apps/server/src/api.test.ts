/**
 * The API over real HTTP, as curl or a script would call it (interfaces.md "The API"): sessions
 * in an HttpOnly cookie, login throttling, what a head sees of a month in review, and two people
 * saving the same month.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeResult, sessionCookie, startTestServer, testBackends, withoutSessionTables, type ApiClient, type TestServer } from "./test-server";
import { SESSION_COOKIE } from "./server";

interface RankingRow {
  unit: string;
  name: string;
  hidden: boolean;
  rank?: number;
  total?: number;
  indicators?: Record<string, { value: number | null; score: number }>;
}
interface Ranking {
  period: string;
  status: string;
  window: { kind: string; from: string; to: string };
  units: RankingRow[];
}
interface Facts {
  period: string;
  status: string;
  rows: Array<{ unit: string; values: Record<string, number>; version: number }>;
}

const UNITS = ["dayushu", "dongfeng", "heilongba", "maixin", "yihetala", "jianhua", "xiaojieji", "jirigalangtu"];

describe.each(testBackends())("the API over HTTP (%s)", (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(backend);
  }, 60_000);
  afterAll(() => t?.stop());

  it("answers /healthz with 200 {ok:true}", async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  describe("a head's session", () => {
    it("signs in with an HttpOnly, SameSite=Lax cookie, sees the ranking as a head may, and signs out", async () => {
      const head = t.anonymous();
      const login = await head.login("head-dayushu", "kailu-demo");
      expect(login.ok, describeResult(login)).toBe(true);
      expect(login.data.user).toEqual({ username: "head-dayushu", name: expect.any(String), role: "head" });
      const cookie = sessionCookie(login.headers)!;
      expect(cookie.value.length).toBeGreaterThanOrEqual(32);
      expect(cookie.attributes.has("httponly")).toBe(true);
      expect(cookie.attributes.get("samesite")?.toLowerCase()).toBe("lax");
      expect(cookie.attributes.get("path")).toBe("/");
      // the password and the token never come back in a body
      expect(JSON.stringify(login.body)).not.toContain("kailu-demo");
      expect(JSON.stringify(login.body)).not.toContain(cookie.value);

      const me = await head.query<{ username: string; role: string; units: string[] }>("auth.me");
      expect(me.data).toEqual({ username: "head-dayushu", name: expect.any(String), role: "head", units: ["dayushu"] });

      const ranking = await head.query<Ranking>("scores.ranking", { period: "2023-03" });
      expect(ranking.ok, describeResult(ranking)).toBe(true);
      expect(ranking.data.status).toBe("review");
      expect(ranking.data.units.map((u) => u.unit).sort()).toEqual([...UNITS].sort());
      for (const u of ranking.data.units) expect(u.name).toMatch(/人民法庭$/);
      const own = ranking.data.units.find((u) => u.unit === "dayushu")!;
      expect(own.hidden).toBe(false);
      expect(own.total).toEqual(expect.any(Number));
      expect(own.rank).toEqual(expect.any(Number));
      expect(Object.keys(own.indicators ?? {}).length).toBeGreaterThan(0);
      // the rows the head may not see come after the own one, in the court's order (their place tells nothing)
      expect(ranking.data.units.map((u) => u.unit)).toEqual(UNITS);
      for (const u of ranking.data.units.filter((x) => x.unit !== "dayushu")) {
        expect(u.hidden).toBe(true);
        // its name and group (rulebook data), never a draft figure
        expect(Object.keys(u).sort()).toEqual(["group", "hidden", "name", "unit"]);
      }

      const audit = await head.query("audit.list", {});
      expect(audit.code).toBe("FORBIDDEN");
      expect(audit.status).toBe(403);
      expect(audit.message).toMatch(/[\u4e00-\u9fff]/);
      const anonymous = await t.anonymous().query("audit.list", {});
      expect(anonymous.code).toBe("UNAUTHORIZED");
      expect(anonymous.status).toBe(401);

      const token = head.token;
      const logout = await head.mutate("auth.logout", undefined, { "content-type": "application/json" });
      expect(logout.ok, describeResult(logout)).toBe(true);
      expect(logout.data).toEqual({ ok: true });
      const cleared = sessionCookie(logout.headers)!;
      expect(cleared.value).toBe("");
      // the old cookie, replayed as an attacker would, no longer works
      expect(head.token).toBe(token);
      const after = await head.query("auth.me");
      expect(after.code).toBe("UNAUTHORIZED");
      expect(after.status).toBe(401);
    });

    it("refuses a forged or unknown session cookie", async () => {
      const res = await fetch(`${t.url}/trpc/auth.me`, { headers: { cookie: `${SESSION_COOKIE}=forged-token-value` } });
      expect(res.status).toBe(401);
    });

    it("ends the sessions of an account the administrator deactivates, and refuses its login like a wrong password", async () => {
      const hr = await t.login("hr");
      expect((await hr.query("auth.me")).ok).toBe(true);
      const admin = await t.login("admin");
      const off = await admin.mutate("users.update", { username: "hr", active: false });
      expect(off.ok, describeResult(off)).toBe(true);
      expect((await hr.query("auth.me")).code).toBe("UNAUTHORIZED");
      const again = await t.anonymous().login("hr", "kailu-demo");
      expect(again.code).toBe("UNAUTHORIZED");
      expect(again.message).toBe((await t.anonymous().login("hr", "wrong-password")).message);
      expect((await admin.mutate("users.update", { username: "hr", active: true })).ok).toBe(true);
      expect((await t.anonymous().login("hr", "kailu-demo")).ok).toBe(true);
    });

    it("does not run a mutation sent as a GET (a link cannot change data)", async () => {
      const stats = await t.login("stats");
      const before = withoutSessionTables(await t.dump());
      const r = await stats.query("adjustments.add", { period: "2023-03", unit: "dayushu", item: "B1", count: 1 });
      expect(r.ok).toBe(false);
      expect(r.status).toBe(405);
      expect(withoutSessionTables(await t.dump())).toEqual(before);
    });

    it("sends a published month's ranking with every tribunal's scores to a head", async () => {
      const head = await t.login("head-dongfeng");
      const r = await head.query<Ranking>("scores.ranking", { period: "2023-02" });
      expect(r.data.status).toBe("published");
      expect(r.data.units.every((u) => !u.hidden && typeof u.total === "number")).toBe(true);
    });
  });

  describe("login throttling", () => {
    it("after 5 wrong passwords refuses even the right one, the same way for an unknown account, and not for another account", async () => {
      const c = t.anonymous();
      for (let i = 0; i < 5; i++) {
        const r = await c.login("leader5", `wrong-${i}`);
        expect(r.code, describeResult(r)).toBe("UNAUTHORIZED");
      }
      const right = await c.login("leader5", "kailu-demo");
      expect(right.code, describeResult(right)).toBe("TOO_MANY_REQUESTS");
      expect(right.status).toBe(429);
      expect(right.headers.getSetCookie()).toEqual([]);

      for (let i = 0; i < 5; i++) {
        const r = await c.login("no-such-user", `wrong-${i}`);
        expect(r.code).toBe("UNAUTHORIZED");
      }
      const ghost = await c.login("no-such-user", "kailu-demo");
      expect(ghost.code).toBe("TOO_MANY_REQUESTS");
      expect(ghost.message).toBe(right.message);
      expect(ghost.message).toMatch(/[\u4e00-\u9fff]/);

      // a claimed forwarding address changes nothing: the address is the socket's
      const forwarded = await c.login("leader5", "kailu-demo", { "x-forwarded-for": "203.0.113.9" });
      expect(forwarded.code).toBe("TOO_MANY_REQUESTS");

      // another account from the same address is not affected
      const other = await c.login("leader4", "kailu-demo");
      expect(other.ok, describeResult(other)).toBe(true);
    });

    it("counts guesses sent in parallel: only 5 are checked, the rest are throttled", async () => {
      const c = t.anonymous();
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => c.login("leader2", `parallel-guess-${i}`)));
      const codes = results.map((r) => r.code);
      expect(codes.filter((x) => x === "UNAUTHORIZED")).toHaveLength(5);
      expect(codes.filter((x) => x === "TOO_MANY_REQUESTS")).toHaveLength(7);
      expect((await c.login("leader2", "kailu-demo")).code).toBe("TOO_MANY_REQUESTS");
    });

    it("tells an unknown account and a wrong password the same thing", async () => {
      const c = t.anonymous();
      const wrong = await c.login("leader3", "not-the-password");
      const unknown = await c.login("nobody-here", "not-the-password");
      expect(wrong.code).toBe("UNAUTHORIZED");
      expect(unknown.code).toBe("UNAUTHORIZED");
      expect(unknown.message).toBe(wrong.message);
    });
  });

  describe("two people saving the same month", () => {
    let stats: ApiClient;
    beforeAll(async () => {
      stats = await t.login("stats");
    });

    const facts = async (period: string) => {
      const r = await stats.query<Facts>("facts.get", { period });
      expect(r.ok, describeResult(r)).toBe(true);
      return r.data;
    };
    const dayushu = async (period: string) => (await facts(period)).rows.find((r) => r.unit === "dayushu")!;
    const rankingRow = async (period: string) => (await stats.query<Ranking>("scores.ranking", { period })).data.units.find((u) => u.unit === "dayushu")!;

    it("saves the first, refuses the second with CONFLICT, keeps the first's values, and the ranking follows", async () => {
      const month = await facts("2023-03");
      expect(month.status).toBe("review");
      expect(month.rows).toHaveLength(8);
      const row = month.rows.find((r) => r.unit === "dayushu")!;
      const before = await rankingRow("2023-03");

      const first = { ...row.values, trial_closed: row.values.trial_closed! + 30 }; // a whole stays at least its parts (data checks)
      const second = { ...row.values, trial_closed: 99 };
      const a = await stats.mutate<{ version: number }>("facts.save", { period: "2023-03", unit: "dayushu", values: first, version: row.version });
      expect(a.ok, describeResult(a)).toBe(true);
      expect(a.data).toMatchObject({ version: row.version + 1 });
      const b = await stats.mutate("facts.save", { period: "2023-03", unit: "dayushu", values: second, version: row.version });
      expect(b.code, describeResult(b)).toBe("CONFLICT");
      expect(b.status).toBe(409);
      expect(b.message).toMatch(/[\u4e00-\u9fff]/);

      const stored = await dayushu("2023-03");
      expect(stored.values).toEqual(first);
      expect(stored.version).toBe(row.version + 1);

      const after = await rankingRow("2023-03");
      expect(after.indicators!.T1!.value).not.toBe(before.indicators!.T1!.value);
      expect(after.total).not.toBe(before.total);

      // the audit log records the save, with both versions of the figures
      const admin = await t.login("admin");
      const audit = await admin.query<Array<{ action: string; target: string; user: string; before: unknown; after: unknown }>>("audit.list", { limit: 5 });
      const entry = audit.data.find((e) => e.action === "facts.save" && e.target === "2023-03/dayushu")!;
      expect(entry.user).toBe("stats");
      expect(entry.before).toEqual(row.values);
      expect(entry.after).toEqual(first);
    });

    it("lets exactly one of two simultaneous saves with the same version through", async () => {
      const row = await dayushu("2023-03");
      const values = [7, 8].map((n) => ({ ...row.values, trial_mediated: n }));
      const results = await Promise.all(values.map((v) => stats.mutate("facts.save", { period: "2023-03", unit: "dayushu", values: v, version: row.version })));
      const codes = results.map((r) => (r.ok ? "ok" : r.code)).sort();
      expect(codes).toEqual(["CONFLICT", "ok"]);
      const winner = values[results.findIndex((r) => r.ok)];
      const stored = await dayushu("2023-03");
      expect(stored.values).toEqual(winner);
      expect(stored.version).toBe(row.version + 1);
    });

    it("refuses a save to a published month with BAD_REQUEST and changes nothing", async () => {
      const before = withoutSessionTables(await t.dump());
      const row = await dayushu("2023-02");
      const r = await stats.mutate("facts.save", { period: "2023-02", unit: "dayushu", values: { ...row.values, trial_closed: 1 }, version: row.version });
      expect(r.code, describeResult(r)).toBe("BAD_REQUEST");
      expect(r.status).toBe(400);
      expect(r.message).toContain("已发布");
      expect(withoutSessionTables(await t.dump())).toEqual(before);
      expect(await dayushu("2023-02")).toEqual(row);
    });

    it("refuses invalid figures with BAD_REQUEST naming the field, and changes nothing", async () => {
      const row = await dayushu("2023-03");
      const r = await stats.mutate("facts.save", { period: "2023-03", unit: "dayushu", values: { ...row.values, trial_closed: -1 }, version: row.version });
      expect(r.code).toBe("BAD_REQUEST");
      const missing: Record<string, number> = { ...row.values };
      delete missing.trial_closed;
      const r2 = await stats.mutate("facts.save", { period: "2023-03", unit: "dayushu", values: missing, version: row.version });
      expect(r2.code).toBe("BAD_REQUEST");
      expect(r2.message).toContain("审判结案数");
      expect(await dayushu("2023-03")).toEqual(row);
    });
  });
});
