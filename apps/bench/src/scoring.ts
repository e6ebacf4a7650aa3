/**
 * One size of the scoring benchmark, run in its own process so that its peak memory is its own:
 * a whole year under the default rulebook (12 monthly ytd rankings plus the annual evaluation),
 * beside a plain loop that only sums the same fields over the same windows.
 *   tsx src/scoring.ts UNITS          → the year as the annual evaluation computes it; one JSON line
 *   tsx src/scoring.ts UNITS pages    → the same year with each month's ranking also built in full
 */
import { periodsOfYear, windowMonths, type FactRow } from "@scorecard/rules";
import { syntheticFacts } from "./synthetic";
import { evaluateYear, indexData, scorePeriod, standingsOf, type Standings } from "@scorecard/scoring";
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
const pages = process.argv[3] === "pages";
const rulebook = demoCourt().rulebook;
const facts = syntheticFacts(n);
const fields = rulebook.fields.map((f) => f.key);

/**
 * The year as the annual evaluation computes it from the facts (rows, as the server loads them
 * from the database): the twelve monthly ytd rankings — every indicator of every unit scored and
 * ranked, each ranking kept as the standings the evaluation reads (each unit's group, rank,
 * total and sections) — then the year window scored once more, grades, rewards and talks.
 */
function year(): number {
  const index = indexData({ facts });
  return evaluateYear({ rulebooks: rulebook, data: index, year: 2022 }).units.length;
}

/**
 * The same year with each month's ranking also built in full, as a ranking page shows it (every
 * indicator's value, score, rank and warning, without the explanations); once shown, only its
 * standings are kept, and the annual evaluation reads them instead of scoring the months again.
 */
function yearWithPages(): number {
  const index = indexData({ facts });
  const monthly: Standings[] = [];
  let units = 0;
  for (const period of periodsOfYear(2022)) {
    const ranking = scorePeriod({ rulebooks: rulebook, data: index, period, explain: false });
    units += ranking.units.length;
    monthly.push(standingsOf(ranking));
  }
  return units + evaluateYear({ rulebooks: rulebook, data: index, year: 2022, monthly }).units.length;
}

/** The twelve monthly rankings with every explanation built; each month's ranking is dropped once counted. */
function explainedYear(): number {
  const index = indexData({ facts });
  let units = 0;
  for (const period of periodsOfYear(2022)) units += scorePeriod({ rulebooks: rulebook, data: index, period }).units.length;
  return units;
}

const run = pages ? yearWithPages : year;
const runs = n >= 10000 ? 2 : 5;
const cold = time(() => run());
const warm = median(Array.from({ length: runs }, () => time(() => run()).ms));
// the whole process at its peak over the engine's runs: node and tsx, the facts, the engine (not the baseline loop nor the explained run)
const peakMb = process.resourceUsage().maxRSS / 1024;
const base = median(Array.from({ length: runs }, () => time(() => baseline(facts, fields)).ms));
const explained = pages ? null : time(() => explainedYear()).ms;
console.log(JSON.stringify({ units: n, pages, coldMs: cold.ms, engineMs: warm, baselineMs: base, explainedMs: explained, peakMb, scored: cold.value }));
