import { InputError, noVersionInForce, versionAt, type Period } from "@scorecard/rules";
import { evaluateYear, indexData, orderVersions } from "@scorecard/scoring";
import { plain } from "../notice/build";
import { issueFields } from "../official/issue";
import { unitNamer } from "../official/model";
import { draftAnnualAnalysis } from "./analysis";
import { ANNUAL_FORMAT, type AnnualChange, type AnnualInput, type AnnualSnapshot, type GradeOverride } from "./snapshot";

/** The months a tribunal was last in (the largest rank of its group, rulebook.md §9, in a month's ranking of more than one tribunal of that group). */
function lastMonths(result: AnnualSnapshot["result"], unit: string): Period[] {
  const out: Period[] = [];
  for (const period of result.months) {
    const mine = result.units.find((u) => u.unit === unit)?.monthlyRanks.find((m) => m.period === period);
    if (!mine || mine.rank === null) continue;
    const ranks = result.units
      .map((u) => u.monthlyRanks.find((m) => m.period === period))
      .filter((m) => m !== undefined && m.rank !== null && m.group === mine.group)
      .map((m) => m!.rank!);
    if (ranks.length > 1 && mine.rank === Math.max(...ranks)) out.push(period);
  }
  return out;
}

function refuse(field: string, zh: string, en: string): never {
  throw new InputError([{ field, zh, en }]);
}

/** HR's overrides checked (product.md: a written reason, that tribunal alone, never above vetoCap for a vetoed one). */
function checkOverrides(s: Pick<AnnualSnapshot, "result" | "rulebook" | "units">, given: NonNullable<AnnualInput["overrides"]>): GradeOverride[] {
  const grades = s.rulebook.annual.grades;
  const name = unitNamer(s);
  const capIndex = s.rulebook.annual.vetoCap === undefined ? 0 : grades.findIndex((g) => g.key === s.rulebook.annual.vetoCap);
  const seen = new Set<string>();
  return given.map((o) => {
    const u = s.result.units.find((x) => x.unit === o.unit);
    if (!u) refuse("unit", `${name(o.unit)}不在${s.result.year}年度考核之列,不能调整等次`, `unit ${o.unit} is not evaluated`);
    if (u.rank === null) refuse("unit", `${name(o.unit)}未参加年度排名(数据不全),不能调整等次`, `unit ${o.unit} is not ranked`);
    if (seen.has(o.unit)) refuse("unit", `${name(o.unit)}的等次调整重复,每个法庭只能有一项调整`, `duplicate override for ${o.unit}`);
    seen.add(o.unit);
    const to = grades.findIndex((g) => g.key === o.to);
    if (to < 0) refuse("grade", `等次“${o.to}”不在考核办法之中,请从${grades.map((g) => g.name).join("、")}中选择`, `unknown grade ${o.to}`);
    if (u.veto && to < capIndex)
      refuse("grade", `${name(o.unit)}有一票否决事项,等次不能高于${grades[capIndex]!.name}`, `a vetoed unit cannot be above ${grades[capIndex]!.key}`);
    if (!o.reason.trim()) refuse("reason", `调整${name(o.unit)}的等次须写明理由`, "an override needs a reason");
    return { unit: o.unit, from: u.grade, to: o.to, reason: o.reason.trim(), by: { username: o.by.username, name: o.by.name }, at: o.at };
  });
}

/** What a correction changed: each tribunal's rank, total and grade (after overrides). */
function annualChanges(before: AnnualSnapshot, after: AnnualSnapshot): AnnualChange[] {
  const out: AnnualChange[] = [];
  const a = new Map(before.result.units.map((u) => [u.unit, u]));
  for (const u of after.result.units) {
    const b = a.get(u.unit);
    if ((b?.rank ?? null) !== u.rank) out.push({ unit: u.unit, what: "rank", before: b?.rank ?? null, after: u.rank });
    if ((b?.total ?? null) !== u.total) out.push({ unit: u.unit, what: "total", before: b?.total ?? null, after: u.total });
    const gb = before.grades[u.unit] ?? null;
    const ga = after.grades[u.unit] ?? null;
    if (gb !== ga) out.push({ unit: u.unit, what: "grade", before: gb, after: ga });
  }
  return out;
}

/**
 * Builds an annual evaluation's snapshot with the engine (evaluateYear): pure, no clock,
 * deterministic, plain JSON. A provisional year (no December figures) is a draft only: a number
 * for it is refused, as are overrides without a reason or above the veto cap.
 */
export function buildAnnualSnapshot(input: AnnualInput): AnnualSnapshot {
  const versions = orderVersions(input.rulebooks);
  const index = indexData(input.data);
  const result = evaluateYear({ rulebooks: versions, data: index, year: input.year });
  const rulebook = versionAt(versions, result.asOf);
  if (!rulebook) throw noVersionInForce(versions, result.asOf);
  if (result.provisional && input.number !== null)
    refuse("number", `${input.year}年12月尚无考核数据,年度考核只是预估,不能发布或编号`, "a provisional evaluation is never published");
  const units = input.units.map((u) => ({ key: u.key, name: u.name }));
  const overrides = checkOverrides({ result, rulebook, units }, input.overrides ?? []);
  const grades: AnnualSnapshot["grades"] = {};
  for (const u of result.units) grades[u.unit] = u.grade;
  for (const o of overrides) grades[o.unit] = o.to;
  const cap = rulebook.annual.vetoCap;
  const base: Omit<AnnualSnapshot, "commentary"> = {
    format: ANNUAL_FORMAT,
    year: input.year,
    ...issueFields(input),
    rulebook,
    result,
    provisional: result.provisional,
    grades,
    overrides,
    rewards: rulebook.annual.rewards.map((r) => ({ key: r.key, name: r.name, topRanks: r.topRanks, units: result.units.filter((u) => u.rewards.includes(r.key)).map((u) => u.unit) })),
    talks: result.units.filter((u) => u.talk).map((u) => ({ unit: u.unit, reasons: [...u.talkReasons], monthsLast: u.talkReasons.includes("lastInMonths") ? lastMonths(result, u.unit) : [] })),
    vetoes: result.units.flatMap((u) => u.vetoes.map((v) => ({ unit: u.unit, item: v.item, name: v.name, period: v.period }))),
    cap: cap === undefined ? null : { grade: cap, name: rulebook.annual.grades.find((g) => g.key === cap)?.name ?? cap },
    correction: null,
  };
  const snapshot: AnnualSnapshot = plain({ ...base, commentary: input.commentary ?? draftAnnualAnalysis(base) });
  if (input.correction) {
    const of = input.correction.of;
    snapshot.correction = { reason: input.correction.reason, of: of.revision, ofNumber: of.number, changes: annualChanges(of, snapshot) };
  }
  return plain(snapshot);
}

/** The fixed time an evaluation is dated with when no publication gives one (a draft from files): 10 January of the next year, 10:00 Asia/Shanghai. */
export function defaultAnnualIssuedAt(year: number): string {
  return `${String(year + 1).padStart(4, "0")}-01-10T02:00:00.000Z`;
}
