import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { demoCourt } from "@scorecard/demo";
import { periodWarnings, scorePeriod } from "@scorecard/scoring";
import { canonicalJson, snapshotHash } from "../official/canonical";
import { noticeChanges } from "./changes";
import { noticeDocx } from "./docx";
import { noticeHtml } from "./html";
import type { NoticeSnapshot } from "./snapshot";
import { demoSnapshot, unzipText } from "./test-support";
import { noticeXlsx } from "./xlsx";

const snapshot = demoSnapshot();
const roundTrip = (s: NoticeSnapshot) => JSON.parse(JSON.stringify(s)) as NoticeSnapshot;

describe("the notice snapshot", () => {
  it("holds the engine's ranking, warnings and the window's facts, as plain JSON", () => {
    const d = demoCourt();
    const engine = scorePeriod({ rulebooks: d.rulebook, data: d, period: "2023-03" });
    expect(snapshot.result).toEqual(JSON.parse(JSON.stringify(engine)));
    expect(snapshot.warnings).toEqual(periodWarnings(engine, d.rulebook));
    expect(snapshot.rulebook).toEqual(d.rulebook);
    expect(new Set(snapshot.facts.map((f) => f.period))).toEqual(new Set(["2023-01", "2023-02", "2023-03"]));
    expect(snapshot.facts).toHaveLength(24);
    expect(snapshot.adjustments.every((a) => a.period >= "2023-01" && a.period <= "2023-03")).toBe(true);
    expect(snapshot.format).toBe("scorecard-notice/1");
    expect(roundTrip(snapshot)).toEqual(snapshot);
  });

  it("compares ranks with last month in the same window, and has none in January under 年初至当月累计", () => {
    expect(snapshot.change).toEqual(Object.fromEntries(snapshot.result.units.map((u) => [u.unit, 0])));
    expect(demoSnapshot("2023-01").change).toBeNull();
    const june = demoSnapshot("2022-06");
    const d = demoCourt();
    const may = scorePeriod({ rulebooks: d.rulebook, data: d, period: "2022-05" });
    for (const u of june.result.units) expect(june.change![u.unit]).toBe(may.units.find((x) => x.unit === u.unit)!.rank - u.rank);
    expect(june.highlights.biggestClimb).toEqual({ units: ["jianhua"], places: 1 });
    expect(june.highlights.first).toEqual(["dayushu"]);
  });

  it("is built the same every time: equal snapshots, equal hashes", () => {
    const again = demoSnapshot();
    expect(again).toEqual(snapshot);
    expect(snapshotHash(again)).toBe(snapshotHash(snapshot));
    expect(snapshotHash(snapshot)).toMatch(/^[0-9a-f]{64}$/);
    expect(snapshotHash(snapshot)).toBe(createHash("sha256").update(canonicalJson(snapshot)).digest("hex"));
  });

  it("hashes to something else when anything in it changes", () => {
    const base = snapshotHash(snapshot);
    const changed = [
      { ...snapshot, commentary: snapshot.commentary + "。" },
      { ...snapshot, revision: 2 },
      { ...snapshot, number: "开法考〔2023〕4号" },
      { ...snapshot, issuedAt: "2023-04-05T02:00:01.000Z" },
      { ...snapshot, facts: snapshot.facts.map((f, i) => (i === 0 ? { ...f, values: { ...f.values, trial_closed: f.values.trial_closed! + 1 } } : f)) },
    ];
    const hashes = new Set(changed.map(snapshotHash));
    expect(hashes.size).toBe(changed.length);
    expect(hashes.has(base)).toBe(false);
  });

  it("survives a JSON round trip: the same hash and byte-for-byte the same documents", async () => {
    const back = roundTrip(snapshot);
    expect(snapshotHash(back)).toBe(snapshotHash(snapshot));
    expect(Buffer.from(await noticeDocx(back)).equals(Buffer.from(await noticeDocx(snapshot)))).toBe(true);
    expect(Buffer.from(await noticeXlsx(back)).equals(Buffer.from(await noticeXlsx(snapshot)))).toBe(true);
    expect(noticeHtml(back)).toBe(noticeHtml(snapshot));
  });

  it("renders the same bytes twice, whatever the time zone, and no entry carries today's date", async () => {
    const docx = Buffer.from(await noticeDocx(snapshot));
    const xlsx = Buffer.from(await noticeXlsx(snapshot));
    const tz = process.env.TZ;
    process.env.TZ = "America/Los_Angeles";
    try {
      expect(Buffer.from(await noticeDocx(snapshot)).equals(docx)).toBe(true);
      expect(Buffer.from(await noticeXlsx(snapshot)).equals(xlsx)).toBe(true);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
    const year = String(new Date().getUTCFullYear());
    for (const bytes of [docx, xlsx]) {
      const core = (await unzipText(bytes)).get("docProps/core.xml")!;
      expect(core).toContain("2023-04-05T02:00:00Z");
      if (year !== "2023") expect(core).not.toContain(`${year}-`);
    }
  });
});

describe("canonical JSON (RFC 8785)", () => {
  it("sorts keys by UTF-16 code units and writes numbers as ECMAScript does", () => {
    expect(canonicalJson({ b: 1, a: [true, null, "x"], "€": 1, "\u0080": 2, "😀": 3, "\ufb33": 4 })).toBe('{"a":[true,null,"x"],"b":1,"\u0080":2,"€":1,"😀":3,"\ufb33":4}');
    expect(canonicalJson([1e21, 1e-7, 0.1, -0, 100, 1 / 3 * 1e9, 4.5e-7])).toBe("[1e+21,1e-7,0.1,0,100,333333333.3333333,4.5e-7]");
    expect(canonicalJson({ s: 'é"\\\n\u001f' })).toBe('{"s":"é\\"\\\\\\n\\u001f"}');
  });

  it("leaves out undefined members as JSON does, and refuses what JSON cannot hold", () => {
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/\$\.x/);
    expect(() => canonicalJson({ m: new Map() })).toThrow(/plain object/);
  });
});

describe("what a correction changed", () => {
  it("numbers the tables of a corrected notice once each: the correction's 表1, then the ranking's 表2 and on", () => {
    const d = demoCourt();
    const row = d.facts.find((f) => f.period === "2023-03" && f.unit === "maixin")!;
    const corrected = d.facts.map((f) => (f === row ? { ...f, values: { ...f.values, enf_closed: row.values.enf_closed! + 25 } } : f));
    const after = demoSnapshot("2023-03", { data: { facts: corrected, adjustments: d.adjustments }, revision: 2, correction: { reason: "漏报", of: snapshot } });
    const captions = [...noticeHtml(after).matchAll(/<figcaption>表(\d+) ([^<]*)<\/figcaption>/g)];
    expect(captions.map((m) => Number(m[1]))).toEqual(captions.map((_m, i) => i + 1));
    expect(captions[0]![2]).toContain("更正内容");
    expect(captions[1]![2]).toContain("考核排名");
  });

  it("lists the corrected figure, the scores, totals and ranks that moved, and nothing else", () => {
    const d = demoCourt();
    const row = d.facts.find((f) => f.period === "2023-03" && f.unit === "maixin")!;
    const before = row.values.enf_closed!;
    const corrected = d.facts.map((f) => (f === row ? { ...f, values: { ...f.values, enf_closed: before + 25 } } : f));
    const after = demoSnapshot("2023-03", { data: { facts: corrected, adjustments: d.adjustments }, revision: 2, correction: { reason: "麦新人民法庭执行结案数漏报", of: snapshot } });
    const changes = after.correction!.changes;
    expect(after.correction).toMatchObject({ reason: "麦新人民法庭执行结案数漏报", of: 1, ofNumber: "开法考〔2023〕3号" });
    expect(changes).toEqual(noticeChanges(snapshot, after));
    expect(changes[0]).toEqual({ unit: "maixin", what: "figure", key: "enf_closed", period: "2023-03", label: "2023年3月执行结案数", before, after: before + 25 });
    expect(changes.filter((c) => c.what === "figure")).toHaveLength(1);

    // every score, total and rank that differs, found independently from the two rankings
    const expected: Array<[string, string, string | null]> = [];
    const old = new Map(snapshot.result.units.map((u) => [u.unit, u]));
    for (const u of after.result.units) {
      const o = old.get(u.unit)!;
      for (const [k, r] of Object.entries(u.indicators)) if (r.score !== o.indicators[k]!.score) expected.push([u.unit, "score", k]);
      if (u.total !== o.total) expected.push([u.unit, "total", null]);
      if (u.rank !== o.rank) expected.push([u.unit, "rank", null]);
    }
    const got = changes.filter((c) => c.what !== "figure").map((c) => [c.unit, c.what, c.key]);
    expect(new Set(got.map((x) => JSON.stringify(x)))).toEqual(new Set(expected.map((x) => JSON.stringify(x))));
    // E1 执结率 and E7 人均执结数 of 麦新 moved, and so did its total
    expect(got).toContainEqual(["maixin", "score", "E1"]);
    expect(got).toContainEqual(["maixin", "total", null]);
    expect(changes.filter((c) => c.what === "rank").length).toBeGreaterThan(0);
    const maixinRank = changes.find((c) => c.unit === "maixin" && c.what === "rank")!;
    expect(maixinRank.before).toBe(old.get("maixin")!.rank);
  });

  it("finds nothing to list between a revision and itself", () => {
    expect(noticeChanges(snapshot, demoSnapshot())).toEqual([]);
  });
});
