import { addMonths, indicatorsOf, monthOf, noVersionInForce, versionAt, windowMonths, type AdjustmentRow, type FactRow, type ManualRow, type Period, type Rulebook, type WindowKind } from "@scorecard/rules";
import { courtFigures, ignoredAdjustmentTexts, indexData, orderVersions, periodWarnings, scorePeriod, type DataIndex, type PeriodResult } from "@scorecard/scoring";
import { DEFAULT_COURT, issueFields } from "../official/issue";
import { draftAnalysis } from "./analysis";
import { canonicalJson } from "../official/canonical";
import { noticeChanges } from "./changes";
import { NOTICE_FORMAT, type Highlights, type NoticeHighlights, type NoticeInput, type NoticeSnapshot } from "./snapshot";

export { DEFAULT_COURT };

/**
 * The fixed time a notice of `period` is dated with when no publication gives one (a draft from
 * files, the demo's history): the 5th of the following month, 10:00 Asia/Shanghai (02:00 UTC).
 */
export function defaultIssuedAt(period: Period): string {
  return `${addMonths(period, 1)}-05T02:00:00.000Z`;
}

/** A cumulative window starts again with this month: no rank change to show (年初 / 季初). */
export function windowRestarts(period: Period, kind: WindowKind): boolean {
  const month = monthOf(period);
  return (kind === "ytd" && month === 1) || (kind === "quarter" && month % 3 === 1);
}

/** A ranking of another month in the same window, or null where there is none (no facts, no version in force). */
export function rankingAt(versions: readonly Rulebook[], index: DataIndex, period: Period, kind: WindowKind, explain = false): PeriodResult | null {
  if (!versionAt(versions, period)) return null;
  const r = scorePeriod({ rulebooks: versions, data: index, period, window: kind, explain });
  return r.units.length ? r : null;
}

/**
 * Each unit's rank change since `previous` (+2: climbed two places); null for a unit not ranked
 * then, or ranked then in another group (ranks of two groups are never compared, rulebook.md §9).
 */
export function rankChanges(result: PeriodResult, previous: PeriodResult | null): Record<string, number | null> {
  const before = new Map(previous?.units.map((u) => [u.unit, u]));
  const out: Record<string, number | null> = {};
  for (const u of result.units) {
    const b = before.get(u.unit);
    out[u.unit] = b === undefined || b.group !== u.group ? null : b.rank - u.rank;
  }
  return out;
}

/** First place and the biggest climb among `units`, every tied unit named. */
function highlightsOf(units: PeriodResult["units"], change: Record<string, number | null> | null): Highlights {
  const first = units.filter((u) => u.rank === 1).map((u) => u.unit);
  let places = 0;
  for (const u of units) places = Math.max(places, change?.[u.unit] ?? 0);
  const biggestClimb = places > 0 ? { units: units.filter((u) => change?.[u.unit] === places).map((u) => u.unit), places } : null;
  return { first, biggestClimb };
}

/** First place and the biggest climb, every tied unit named; with groups, within each group. */
export function noticeHighlights(result: PeriodResult, change: Record<string, number | null> | null, rulebook: Pick<Rulebook, "groups">): NoticeHighlights {
  if (!rulebook.groups.length) return highlightsOf(result.units, change);
  return {
    first: [],
    biggestClimb: null,
    groups: result.groups.map((g) => ({ group: g.key, ...highlightsOf(result.units.filter((u) => u.group === g.key), change) })),
  };
}

/**
 * Builds a notice's snapshot with the engine: pure, no clock (issuedAt is given), deterministic.
 * The result is plain JSON (keys in RFC 8785 order, no undefined), as it is stored and hashed.
 */
export function buildNoticeSnapshot(input: NoticeInput): NoticeSnapshot {
  const versions = orderVersions(input.rulebooks);
  const rulebook = versionAt(versions, input.period);
  if (!rulebook) throw noVersionInForce(versions, input.period);
  const index = indexData(input.data);
  const kind = rulebook.window;
  const months = windowMonths(input.period, kind);
  const facts: FactRow[] = [];
  const adjustments: AdjustmentRow[] = [];
  const manual: ManualRow[] = [];
  const manualKeys = indicatorsOf(rulebook)
    .filter((i) => i.formula.type === "manual")
    .map((i) => i.key);
  for (const m of months) {
    const rows = index.facts.get(m);
    if (rows) for (const unit of [...rows.keys()].sort()) facts.push({ period: m, unit, values: { ...rows.get(unit)! } });
    for (const a of index.adjustments.get(m) ?? []) adjustments.push({ ...a });
    for (const k of manualKeys) {
      const byUnit = index.manual.get(m)?.get(k);
      if (byUnit) for (const unit of [...byUnit.keys()].sort()) manual.push({ ...byUnit.get(unit)! });
    }
  }
  const result = scorePeriod({ rulebooks: versions, data: index, period: input.period, window: kind, explain: true });
  const restart = windowRestarts(input.period, kind);
  const previous = restart ? null : rankingAt(versions, index, addMonths(input.period, -1), kind, true);
  const change = restart ? null : rankChanges(result, previous);
  const base: Omit<NoticeSnapshot, "commentary"> = {
    format: NOTICE_FORMAT,
    period: input.period,
    ...issueFields(input),
    rulebook,
    facts,
    adjustments,
    ...(manualKeys.length ? { manual } : {}),
    result,
    change,
    warnings: periodWarnings(result, rulebook),
    highlights: noticeHighlights(result, change, rulebook),
    ignoredAdjustments: ignoredAdjustmentTexts(result, versions, new Map(input.units.map((u) => [u.key, u.name]))),
    dataWarnings: input.dataWarnings ? [...input.dataWarnings] : [],
    correction: null,
  };
  const commentary =
    input.commentary ??
    draftAnalysis({
      snapshot: base,
      previous,
      court: {
        now: courtFigures({ rulebooks: versions, data: index, period: input.period, window: kind }),
        previous: restart ? null : safeCourt(versions, index, addMonths(input.period, -1), kind),
        lastYear: safeCourt(versions, index, addMonths(input.period, -12), kind),
      },
    });
  const snapshot: NoticeSnapshot = plain({ ...base, commentary });
  if (input.correction) snapshot.correction = { reason: input.correction.reason, of: input.correction.of.revision, ofNumber: input.correction.of.number, changes: noticeChanges(input.correction.of, snapshot) };
  return plain(snapshot);
}

/** Court-wide figures of a period in a window, or null where no version is in force. */
export function safeCourt(versions: readonly Rulebook[], index: DataIndex, period: Period, kind: WindowKind) {
  if (!versionAt(versions, period)) return null;
  return courtFigures({ rulebooks: versions, data: index, period, window: kind });
}

/** Plain JSON: what a stored snapshot parses back to (undefined members gone, keys in canonical order). */
export function plain<T>(value: T): T {
  return JSON.parse(canonicalJson(value)) as T;
}
