/**
 * One size of the scoring benchmark, run in its own process so that its peak memory is its own:
 * a whole year under the default rulebook (12 monthly ytd rankings plus the annual evaluation),
 * beside a plain loop that only sums the same fields over the same windows.
 *   tsx src/scoring.ts UNITS  → prints one JSON line
 */
import { periodsOfYear, windowMonths, type FactRow } from "@scorecard/rules";
import { syntheticFacts } from "./synthetic";
import { evaluateYear, indexData, scorePeriod } from "@scorecard/scoring";
import { demoCourt } from "@scorecard/demo";

/** The plain-loop baseline: the same windows, each field summed, nothing else. */
function baseline(facts: FactRow[], fields: string[]): number {
  const index = indexData({ facts });
  let checksum = 0;
  for (const period of periodsOfYear(2022)) {
    const sums = new Map<string, Float64Array>();
    for (const m of windowMonths(period, "ytd")) {
      for (const [unit, values] of index.facts.get(m) ?? []) {
        let s = sums.get(unit);
        if (!s) sums.set(unit, (s = new Float64Array(fields.length)));
        for (let i = 0; i < fields.length; i++) s[i]! += values[fields[i]!] ?? 0;
      }
    }
    for (const s of sums.values()) checksum += s[0]!;
  }
  return checksum;
}

function time<T>(f: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = f();
  return { ms: performance.now() - t, value };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const n = Number(process.argv[2] ?? 8);
const rulebook = demoCourt().rulebook;
const facts = syntheticFacts(n);
const fields = rulebook.fields.map((f) => f.key);

/**
 * The year as the server computes it: twelve monthly ytd rankings, then the annual evaluation,
 * which reuses those rankings for its talk rule and scores the year window once more.
 */
function year(): number {
  const index = indexData({ facts });
  const monthly = periodsOfYear(2022).map((period) => scorePeriod({ rulebooks: rulebook, data: index, period, explain: false }));
  return monthly.reduce((a, r) => a + r.units.length, 0) + evaluateYear({ rulebooks: rulebook, data: index, year: 2022, monthly }).units.length;
}

/** The same year with every explanation built; each month's ranking is dropped once counted. */
function explainedYear(): number {
  const index = indexData({ facts });
  let units = 0;
  for (const period of periodsOfYear(2022)) units += scorePeriod({ rulebooks: rulebook, data: index, period }).units.length;
  return units;
}

const runs = n >= 10000 ? 2 : 5;
const cold = time(() => year());
const warm = median(Array.from({ length: runs }, () => time(() => year()).ms));
const base = median(Array.from({ length: runs }, () => time(() => baseline(facts, fields)).ms));
const peakMb = process.resourceUsage().maxRSS / 1024; // the engine's peak, before the explained run
const explained = time(() => explainedYear()).ms;
console.log(JSON.stringify({ units: n, coldMs: cold.ms, engineMs: warm, baselineMs: base, explainedMs: explained, peakMb, scored: cold.value }));
