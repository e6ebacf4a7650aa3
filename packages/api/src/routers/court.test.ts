/**
 * The court's profile through the procedures, on SQLite and PostgreSQL (interfaces.md `court.profile`
 * / `court.updateProfile`): everyone signed in reads it, only the administrator changes it (checked,
 * each problem naming its field, audited), and the next publication carries it — its number with
 * the new 文号代字 — while what was published before keeps its snapshot.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DISTRICT_COURT_PROFILE } from "@scorecard/demo";
import { DEFAULT_COURT_PROFILE, type CourtProfile } from "@scorecard/rules";

// the annual evaluation with a 代字 of its own, as a court may number it
const DISTRICT: CourtProfile = { ...DISTRICT_COURT_PROFILE, kinds: { ...DISTRICT_COURT_PROFILE.kinds, annual: { ...DISTRICT_COURT_PROFILE.kinds.annual, docPrefix: "某中法人" } } };
import { describeResult, createHarness, testDatabaseKinds, type Harness, type TestClient } from "../test/harness";


const now = new Date("2023-04-10T02:00:00Z");

describe.each(testDatabaseKinds())("the court's profile (%s)", (backend) => {
  let t: Harness;
  let admin: TestClient, stats: TestClient, head: TestClient, hr: TestClient;
  beforeAll(async () => {
    t = await createHarness(backend, { clock: () => now });
    [admin, stats, head, hr] = [await t.as("admin"), await t.as("stats"), await t.as("head-heilongba"), await t.as("hr")];
  }, 120_000);
  afterAll(() => t?.destroy());

  it("is the demo court's until changed, and every signed-in user reads it; nobody without a session", async () => {
    for (const who of [admin, stats, head, hr]) {
      const r = await who.query<CourtProfile>("court.profile");
      expect(r.ok, describeResult(r)).toBe(true);
      expect(r.data).toEqual(DEFAULT_COURT_PROFILE);
    }
    expect((await t.anonymous().query("court.profile")).code).toBe("UNAUTHORIZED");
  });

  it("is changed by the administrator alone, checked field by field with the field named", async () => {
    for (const who of [stats, head, hr]) expect((await who.mutate("court.updateProfile", DISTRICT)).code).toBe("FORBIDDEN");
    const bad = await admin.mutate("court.updateProfile", { ...DISTRICT, name: "", kinds: { ...DISTRICT.kinds, notice: { ...DISTRICT.kinds.notice, docPrefix: "某中法考〔2023〕" } } });
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.message).toContain("请填写本院名称");
    expect(bad.message).toContain("月度考核通报的文号代字只写代字本身");
    expect((await admin.mutate("court.updateProfile", { ...DISTRICT, unitWord: "法院法院法院法院法院法院" })).message).toContain("考核对象简称不能超过 10 字");
    // nothing stored by the refusals
    expect((await stats.query("court.profile")).data).toEqual(DEFAULT_COURT_PROFILE);
  });

  it("applies to what is published after the change: the notice's snapshot and number; the audit log says who changed what", { timeout: 120_000 }, async () => {
    const march0 = await stats.query<{ commentary: string }>("notices.draft", { period: "2023-03" });
    const before = await stats.mutate<{ number: string }>("notices.publish", { period: "2023-03", commentary: march0.data.commentary, acknowledgeWarnings: true });
    expect(before.ok, describeResult(before)).toBe(true);
    expect(before.data.number).toBe("开法考〔2023〕4号");

    const saved = await admin.mutate<CourtProfile>("court.updateProfile", DISTRICT);
    expect(saved.ok, describeResult(saved)).toBe(true);
    expect((await head.query("court.profile")).data).toEqual(DISTRICT);
    const audit = await t.db.kysely.selectFrom("audit_log").selectAll().where("action", "=", "court.updateProfile").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ username: "admin", target: "court" });
    expect(JSON.parse(audit[0]!.before_json!)).toEqual(DEFAULT_COURT_PROFILE);
    expect(JSON.parse(audit[0]!.after_json!)).toEqual(DISTRICT);

    // the summary's draft takes the new 代字 and words; the March notice published before keeps its own
    const draft = await stats.query<{ nextNumber: string; snapshot: { court: string; profile: CourtProfile } }>("summaries.draft", { quarter: "2023-Q1" });
    expect(draft.ok, describeResult(draft)).toBe(true);
    expect(draft.data.nextNumber).toBe("某中法考〔2023〕5号");
    expect(draft.data.snapshot.profile).toEqual(DISTRICT);
    const published = await stats.mutate<{ number: string }>("summaries.publish", { quarter: "2023-Q1", commentary: "一季度", expectedNumber: "某中法考〔2023〕5号" });
    expect(published.ok, describeResult(published)).toBe(true);
    expect(published.data.number).toBe("某中法考〔2023〕5号");
    const march = await head.query<{ number: string; snapshot?: { court: string; profile: CourtProfile } }>("notices.get", { period: "2023-03" });
    expect(march.data.number).toBe("开法考〔2023〕4号");
    const row = await t.db.kysely.selectFrom("notices").select(["number", "snapshot"]).where("kind", "=", "notice").where("subject", "=", "2023-03").executeTakeFirstOrThrow();
    expect(JSON.parse(row.snapshot).profile).toEqual(DEFAULT_COURT_PROFILE);
    const q1 = await t.db.kysely.selectFrom("notices").select(["snapshot"]).where("kind", "=", "summary").where("subject", "=", "2023-Q1").executeTakeFirstOrThrow();
    expect(JSON.parse(q1.snapshot)).toMatchObject({ court: "某中级人民法院", profile: DISTRICT });
  });
});
