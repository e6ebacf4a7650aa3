import { addMonths, noVersionInForce, quarterMonths, versionAt, type Period, type Rulebook } from "@scorecard/rules";
import { courtFigures, indexData, orderVersions, periodWarnings, scorePeriod, type DataIndex, type PeriodResult } from "@scorecard/scoring";
import { plain, rankChanges, rankingAt, safeCourt } from "../notice/build";
import { issueFields } from "../official/issue";
import { resultChanges, sortChanges } from "../notice/changes";
import { draftSummaryAnalysis } from "./analysis";
import { SUMMARY_FORMAT, type SummaryInput, type SummaryMove, type SummaryMovers, type SummarySnapshot } from "./snapshot";

/**
 * A month's own ranking, as its notice ranks it (the version in force that month, in its
 * window), or null where the month has no figures of its own or no version is in force.
 */
export function monthRanking(versions: readonly Rulebook[], index: DataIndex, period: Period): PeriodResult | null {
  if (!index.facts.get(period)?.size) return null;
  const rb = versionAt(versions, period);
  if (!rb) return null;
  return rankingAt(versions, index, period, rb.window, false);
}

/** The biggest climb and fall from `first` to `last`, every tied unit named; with groups, within each group of the quarter's ranking. */
function movers(last: PeriodResult, first: PeriodResult, quarter: PeriodResult, rulebook: Rulebook): SummaryMovers {
  const change = rankChanges(last, first);
  const of = (units: PeriodResult["units"]) => {
    const values = units.map((u) => change[u.unit]).filter((v): v is number => v !== null && v !== undefined);
    const pick = (sign: 1 | -1): SummaryMove | null => {
      const places = Math.max(0, ...values.map((v) => v * sign));
      if (!places) return null;
      return { units: units.filter((u) => change[u.unit] === places * sign).map((u) => u.unit), places };
    };
    return { climb: pick(1), fall: pick(-1) };
  };
  if (!rulebook.groups.length) return of(last.units);
  return { climb: null, fall: null, groups: quarter.groups.map((g) => ({ group: g.key, ...of(last.units.filter((u) => u.group === g.key)) })) };
}

/** Builds a quarterly summary's snapshot with the engine: pure, no clock, deterministic, plain JSON. */
export function buildSummarySnapshot(input: SummaryInput): SummarySnapshot {
  const versions = orderVersions(input.rulebooks);
  const months = quarterMonths(input.quarter);
  const end = months[2]!;
  const rulebook = versionAt(versions, end);
  if (!rulebook) throw noVersionInForce(versions, end);
  const index = indexData(input.data);
  const result = scorePeriod({ rulebooks: versions, data: index, period: end, window: "quarter", explain: true });
  const ytd = scorePeriod({ rulebooks: versions, data: index, period: end, window: "ytd" });
  const monthly = months.map((m) => monthRanking(versions, index, m));
  const keys = [...input.units.map((u) => u.key)];
  for (const r of [result, ...monthly]) for (const u of r?.units ?? []) if (!keys.includes(u.unit)) keys.push(u.unit);
  const rankPaths: SummarySnapshot["rankPaths"] = {};
  const trend: SummarySnapshot["trend"] = {};
  for (const k of keys) {
    const rows = monthly.map((r) => r?.units.find((u) => u.unit === k) ?? null);
    if (rows.every((x) => x === null)) continue;
    rankPaths[k] = rows.map((x) => x?.rank ?? null);
    trend[k] = rows.map((x) => x?.total ?? null);
  }
  const first = monthly[0] ?? null;
  const last = monthly[2] ?? null;
  const base: Omit<SummarySnapshot, "commentary"> = {
    format: SUMMARY_FORMAT,
    quarter: input.quarter,
    ...issueFields(input),
    rulebook,
    result,
    ytd,
    months,
    rankPaths,
    trend,
    movers: first && last ? movers(last, first, result, rulebook) : null,
    warnings: periodWarnings(result, rulebook),
    correction: null,
  };
  const commentary =
    input.commentary ??
    draftSummaryAnalysis({
      snapshot: base,
      first,
      last,
      court: {
        now: courtFigures({ rulebooks: versions, data: index, period: end, window: "quarter" }),
        previous: safeCourt(versions, index, addMonths(end, -3), "quarter"),
        lastYear: safeCourt(versions, index, addMonths(end, -12), "quarter"),
      },
    });
  const snapshot: SummarySnapshot = plain({ ...base, commentary });
  if (input.correction) {
    const of = input.correction.of;
    snapshot.correction = { reason: input.correction.reason, of: of.revision, ofNumber: of.number, changes: sortChanges(resultChanges(of, snapshot), of, snapshot) };
  }
  return plain(snapshot);
}

/** The fixed time a summary is dated with when no publication gives one (a draft from files): the 10th of the month after the quarter, 10:00 Asia/Shanghai. */
export function defaultSummaryIssuedAt(quarter: SummaryInput["quarter"]): string {
  return `${addMonths(quarterMonths(quarter)[2]!, 1)}-10T02:00:00.000Z`;
}
