import { readFile } from "node:fs/promises";
import {
  InputError,
  readAdjustmentsCsv,
  readFactsCsv,
  readManualCsv,
  readRulebookJson,
  readUnitsCsv,
  reviewFacts,
  type AdjustmentRow,
  type FactRow,
  type ManualRow,
  type Problem,
  type Rulebook,
} from "@scorecard/rules";
import { orderVersions } from "@scorecard/scoring";
import { DEMO_VARIANTS, demoCourt, type DemoVariant } from "@scorecard/demo";

/** Everything a scoring command reads: the rulebook versions, facts, adjustments, manual scores and unit names. */
export interface Inputs {
  rulebooks: Rulebook[];
  facts: FactRow[];
  adjustments: AdjustmentRow[];
  /** the committee's scores of manual indicators (评议打分, `--manual`, rulebook.md §9) */
  manual: ManualRow[];
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

/** One rulebook file (a draft, `--draft`), validated, its problems naming the file and JSON path. */
export async function readRulebookFile(file: string): Promise<Rulebook> {
  return readRulebookJson(await text(file), file);
}

/** `--variant`: which demo court (kailu, the default; grouped; internal), refused in words when unknown. */
export function demoVariant(variant: string | undefined): DemoVariant {
  if (variant === undefined) return "kailu";
  if ((DEMO_VARIANTS as readonly string[]).includes(variant)) return variant as DemoVariant;
  throw new InputError([
    {
      field: "--variant",
      zh: `--variant 只能是 ${DEMO_VARIANTS.join("、")}(kailu 为本院考核办法,grouped 为分类考核示例,internal 为不通报排名的分类考核示例),收到 "${variant}"`,
      en: `--variant must be ${DEMO_VARIANTS.join("|")}`,
    },
  ]);
}

/**
 * Reads every file named and validates all of them before anything is used, so that one run
 * reports the problems of every file.
 */
export async function loadInputs(opts: { rulebook: string[]; facts?: string; adjustments?: string; manual?: string; units?: string; demo?: boolean; variant?: string }): Promise<Inputs> {
  if (opts.demo) {
    const d = demoCourt(demoVariant(opts.variant));
    return { rulebooks: [d.rulebook], facts: d.facts, adjustments: d.adjustments, manual: d.manual, names: new Map(d.units.map((u) => [u.key, u.name])), warnings: [] };
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
  const manualText = opts.manual ? await collectAsync(() => text(opts.manual!), problems) : undefined;
  const unitsText = opts.units ? await collectAsync(() => text(opts.units!), problems) : undefined;
  // the units first, so that the data checks name each tribunal
  const units = unitsText !== undefined ? collect(() => readUnitsCsv(unitsText, opts.units)) ?? [] : [];
  const names = new Map(units.map((u) => [u.key, u.name]));
  const warnings: Problem[] = [];
  const facts = ok && factsText !== undefined ? collect(() => readFactsCsv(factsText, rulebooks, opts.facts, { names, warnings })) ?? [] : [];
  const adjustments = ok && adjText !== undefined ? collect(() => readAdjustmentsCsv(adjText, rulebooks, opts.adjustments)) ?? [] : [];
  const manual = ok && manualText !== undefined ? collect(() => readManualCsv(manualText, rulebooks, opts.manual, { names })) ?? [] : [];
  if (problems.length) throw new InputError(problems);
  for (const w of reviewFacts({ rulebooks, rows: facts, names }).warnings)
    if (w.check === "outlier") warnings.push(opts.facts ? { ...w, file: opts.facts } : w);
  return { rulebooks, facts, adjustments, manual, names, warnings };
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
