import { readFile } from "node:fs/promises";
import {
  InputError,
  readAdjustmentsCsv,
  readFactsCsv,
  readRulebookJson,
  readUnitsCsv,
  reviewFacts,
  type AdjustmentRow,
  type FactRow,
  type Problem,
  type Rulebook,
} from "@scorecard/rules";
import { orderVersions } from "@scorecard/scoring";
import { demoCourt } from "@scorecard/demo";

/** Everything a scoring command reads: the rulebook versions, facts, adjustments and unit names. */
export interface Inputs {
  rulebooks: Rulebook[];
  facts: FactRow[];
  adjustments: AdjustmentRow[];
  names: Map<string, string>;
  /**
   * What the data checks and the outlier rule flag without refusing (rulebook.md §7c,
   * product.md "Collect"): the check warnings with their line and column, the outliers with
   * their tribunal and month.
   */
  warnings: Problem[];
}

async function text(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "文件不存在" : code === "EISDIR" ? "这是一个目录,不是文件" : `无法读取(${code ?? String(e)})`;
    throw new InputError([{ file, zh: `${why},请检查路径`, en: code === "ENOENT" ? "no such file" : `cannot read (${code ?? String(e)})` }]);
  }
}

/**
 * Reads every file named and validates all of them before anything is used, so that one run
 * reports the problems of every file.
 */
export async function loadInputs(opts: { rulebook: string[]; facts?: string; adjustments?: string; units?: string; demo?: boolean }): Promise<Inputs> {
  if (opts.demo) {
    const d = demoCourt();
    return { rulebooks: [d.rulebook], facts: d.facts, adjustments: d.adjustments, names: new Map(d.units.map((u) => [u.key, u.name])), warnings: [] };
  }
  const problems: Problem[] = [];
  const collect = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      if (e instanceof InputError) {
        problems.push(...e.problems);
        return undefined;
      }
      throw e;
    }
  };
  const rbTexts = await Promise.all(opts.rulebook.map(async (f) => ({ f, t: await collectAsync(() => text(f), problems) })));
  const parsed = rbTexts.map(({ f, t }) => (t === undefined ? undefined : collect(() => readRulebookJson(t, f))));
  let rulebooks: Rulebook[] = [];
  if (parsed.every((r): r is Rulebook => r !== undefined)) rulebooks = collect(() => orderVersions(parsed)) ?? [];
  const ok = rulebooks.length > 0;

  const factsText = opts.facts ? await collectAsync(() => text(opts.facts!), problems) : undefined;
  const adjText = opts.adjustments ? await collectAsync(() => text(opts.adjustments!), problems) : undefined;
  const unitsText = opts.units ? await collectAsync(() => text(opts.units!), problems) : undefined;
  // the units first, so that the data checks name each tribunal
  const units = unitsText !== undefined ? collect(() => readUnitsCsv(unitsText, opts.units)) ?? [] : [];
  const names = new Map(units.map((u) => [u.key, u.name]));
  const warnings: Problem[] = [];
  const facts = ok && factsText !== undefined ? collect(() => readFactsCsv(factsText, rulebooks, opts.facts, { names, warnings })) ?? [] : [];
  const adjustments = ok && adjText !== undefined ? collect(() => readAdjustmentsCsv(adjText, rulebooks, opts.adjustments)) ?? [] : [];
  if (problems.length) throw new InputError(problems);
  for (const w of reviewFacts({ rulebooks, rows: facts, names }).warnings)
    if (w.check === "outlier") warnings.push(opts.facts ? { ...w, file: opts.facts } : w);
  return { rulebooks, facts, adjustments, names, warnings };
}

async function collectAsync<T>(f: () => Promise<T>, problems: Problem[]): Promise<T | undefined> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof InputError) {
      problems.push(...e.problems);
      return undefined;
    }
    throw e;
  }
}
