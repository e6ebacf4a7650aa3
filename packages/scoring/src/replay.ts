import { makePeriod, type Period, type Rulebook } from "@scorecard/rules";
import { evaluateYear, monthlyRankings } from "./annual";
import { indexData, type DataIndex, type DataSet } from "./dataset";
import { orderVersions } from "./versions";

/** One tribunal's standing under a set of rules: its annual rank (within its group), total and grade. */
export interface ReplayStanding {
  rank: number | null;
  total: number | null;
  grade: string | null;
  group: string | null;
}

export interface ReplayUnit {
  unit: string;
  current: ReplayStanding;
  draft: ReplayStanding;
  /** each counted month's rank (within the group) under each, null where the unit is not ranked */
  months: Array<{ period: Period; current: number | null; draft: number | null }>;
}

export interface ReplayResult {
  year: number;
  /** the versions in force (each month's own) and the draft */
  current: Array<{ id: string; version: string }>;
  draft: { id: string; version: string };
  /** ordered as the current evaluation lists them (group, rank, unit key), then units only the draft ranks */
  units: ReplayUnit[];
}

/**
 * A draft put in force from a year's first month on, whatever its `effectiveFrom` (an earlier
 * one changes nothing within the year): what replay and sensitivity score a year under.
 */
export function draftForYear(draft: Rulebook, year: number): Rulebook {
  const first = makePeriod(year, 1);
  return draft.effectiveFrom <= first ? draft : { ...draft, effectiveFrom: first };
}

/**
 * What a draft rulebook would have made of a year (interfaces.md `replay`): every month of the
 * year and the annual evaluation scored under the versions in force (each month its own) and
 * under the draft, which replaces them in every month of the year whatever its `effectiveFrom`.
 * Each side is exactly what `scorePeriod` and `evaluateYear` give for it.
 */
export function replayYear(opts: { rulebooks: Rulebook | readonly Rulebook[]; draft: Rulebook; data: DataSet | DataIndex; year: number }): ReplayResult {
  const versions = orderVersions(opts.rulebooks);
  const index = indexData(opts.data);
  const draft = draftForYear(opts.draft, opts.year);
  const sides = [versions, [draft]].map((rbs) => {
    const monthly = monthlyRankings(rbs, index, opts.year);
    const annual = evaluateYear({ rulebooks: rbs, data: index, year: opts.year, monthly });
    return { monthly, annual };
  });
  // each side's annual units and monthly ranks by unit, looked up once per unit
  const indexed = sides.map((s) => ({
    annual: new Map(s.annual.units.map((u) => [u.unit, u])),
    ranks: new Map(s.monthly.map((m) => [m.period, new Map(m.units.map((u) => [u.unit, u.rank]))])),
  }));
  const [cur, dft] = indexed as [(typeof indexed)[number], (typeof indexed)[number]];
  const keys = [...new Set([...cur.annual.keys(), ...dft.annual.keys()])];
  const standing = (s: typeof cur, unit: string): ReplayStanding => {
    const u = s.annual.get(unit);
    return { rank: u?.rank ?? null, total: u?.total ?? null, grade: u?.grade ?? null, group: u?.group ?? null };
  };
  const periods = [...new Set([...cur.ranks.keys(), ...dft.ranks.keys()])].sort();
  const rankIn = (s: typeof cur, period: Period, unit: string) => s.ranks.get(period)?.get(unit) ?? null;
  const used = new Map<string, { id: string; version: string }>();
  for (const m of sides[0]!.monthly) used.set(`${m.rulebook.id} ${m.rulebook.version}`, m.rulebook);
  return {
    year: opts.year,
    current: [...used.values()],
    draft: { id: opts.draft.id, version: opts.draft.version },
    units: keys.map((unit) => ({
      unit,
      current: standing(cur, unit),
      draft: standing(dft, unit),
      months: periods.map((period) => ({ period, current: rankIn(cur, period, unit), draft: rankIn(dft, period, unit) })),
    })),
  };
}
