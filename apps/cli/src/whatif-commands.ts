/**
 * What-if commands (interfaces.md): `scorecard sensitivity` — how stable each tribunal's rank
 * (with `--year`, its annual grade) is when indicator points move by ±spread.
 */
import { InputError, PeriodSchema, WindowKindSchema, groupList, periodLabel, type Problem, type Rulebook, type WindowKind } from "@scorecard/rules";
import { sensitivity, type SensitivityResult } from "@scorecard/scoring";
import { loadInputs } from "./inputs";
import type { Flags } from "./scoring-commands";
import { renderTable } from "./table";

export interface SensitivityFlags extends Flags {
  trials?: string;
  seed?: string;
  spread?: string;
}

/** The flags of `sensitivity`, checked before any file is read: every refusal at once, each naming its flag. */
function options(flags: SensitivityFlags) {
  const problems: Problem[] = [];
  const bad = (flag: string, zh: string, en: string) => problems.push({ field: flag, zh, en });
  const fmt = flags.format ?? "table";
  if (fmt !== "json" && fmt !== "table") bad("--format", `--format 只能是 json 或 table,收到 "${fmt}"`, "--format must be json or table");
  if (flags.period === undefined && flags.year === undefined) bad("--period", "请给出 --period YYYY-MM(某月的名次)或 --year YYYY(年度等次)之一", "give one of --period and --year");
  if (flags.period !== undefined && flags.year !== undefined) bad("--year", "--period 与 --year 只能给出一个:前者看某月的名次,后者看年度等次", "give only one of --period and --year");
  if (flags.period !== undefined && !PeriodSchema.safeParse(flags.period).success) bad("--period", `--period 必须是 YYYY-MM 格式的月份,收到 "${flags.period}"`, "--period must be YYYY-MM");
  if (flags.year !== undefined && !/^\d{4}$/.test(flags.year)) bad("--year", `--year 必须是四位年份,收到 "${flags.year}"`, "--year must be YYYY");
  let window: WindowKind | undefined;
  if (flags.window !== undefined) {
    const w = WindowKindSchema.safeParse(flags.window);
    if (flags.year !== undefined) bad("--window", "--window 只能与 --period 一起使用(年度考核按考核办法规定的方式计算)", "--window goes with --period only");
    else if (!w.success) bad("--window", `--window 只能是 month、ytd、quarter 或 year,收到 "${flags.window}"`, "--window must be month|ytd|quarter|year");
    else window = w.data;
  }
  const trials = flags.trials ?? "1000";
  if (!/^\d+$/.test(trials) || Number(trials) < 1 || Number(trials) > 1_000_000)
    bad("--trials", `--trials 必须是 1 至 1000000 之间的整数(随机抽样次数),收到 "${trials}"`, "--trials must be a whole number from 1 to 1000000");
  const seed = flags.seed ?? "1";
  if (!/^-?\d{1,15}$/.test(seed)) bad("--seed", `--seed 必须是整数(同一种子得到相同结果),收到 "${seed}"`, "--seed must be a whole number");
  const spreadText = flags.spread ?? "0.1";
  const spread = /^\s*$/.test(spreadText) ? NaN : Number(spreadText);
  if (!(Number.isFinite(spread) && spread > 0 && spread < 1))
    bad("--spread", `--spread 必须是大于 0 且小于 1 的小数(如 0.1 表示各指标分值上下浮动 10%),收到 "${spreadText}"`, "--spread must be greater than 0 and less than 1");
  if (!flags.demo) {
    if (!flags.rulebook[0]) bad("--rulebook", "缺少参数 --rulebook", "missing --rulebook");
    if (!flags.facts) bad("--facts", "缺少参数 --facts", "missing --facts");
  }
  if (problems.length) throw new InputError(problems);
  return { fmt, window, trials: Number(trials), seed: Number(seed), spread };
}

/** `sensitivity --period YYYY-MM | --year YYYY`: the files (or `--demo`), then the engine's `sensitivity`. */
export async function sensitivityCommand(flags: SensitivityFlags): Promise<string> {
  const o = options(flags);
  const input = await loadInputs(flags);
  const result = sensitivity({
    rulebooks: input.rulebooks,
    data: input,
    ...(flags.period !== undefined ? { period: flags.period } : { year: Number(flags.year) }),
    ...(o.window ? { window: o.window } : {}),
    trials: o.trials,
    seed: o.seed,
    spread: o.spread,
  });
  if (o.fmt === "json")
    return JSON.stringify(
      { ...result, units: result.units.map(({ unit, ...rest }) => ({ unit, ...(input.names.has(unit) ? { name: input.names.get(unit) } : {}), ...rest })) },
      null,
      2,
    );
  return sensitivityTable(result, input.rulebooks, input.names);
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * The readable table: per tribunal its rank (and annual grade), the share of the joint draws that
 * keep it, and the indicators whose change alone moves it, by key and name.
 */
export function sensitivityTable(result: SensitivityResult, rulebooks: readonly Rulebook[], names: Map<string, string>): string {
  // names from every version given, the later ones winning
  const indicatorName = new Map<string, string>();
  const gradeName = new Map<string, string>();
  const groupName = new Map<string, string>();
  for (const rb of rulebooks) {
    for (const s of rb.sections) for (const i of s.indicators) indicatorName.set(i.key, i.name);
    for (const g of rb.annual.grades) gradeName.set(g.key, g.name);
    for (const g of groupList(rb)) groupName.set(g.key, g.name);
  }
  const grouped = rulebooks.some((rb) => rb.groups.length > 0);
  const year = result.year !== undefined;
  const pct = Math.round(result.spread * 1000) / 10;
  const what = year ? `${result.year}年 年度等次稳定性` : `${periodLabel(result.period!)} 名次稳定性`;
  const title = `${what}(各指标分值上下浮动 ${pct}%,${result.trials} 次随机抽样,随机种子 ${result.seed})${grouped ? ",名次为组内排名" : ""}`;
  const header = ["名次", "法庭", ...(grouped ? ["分组"] : []), ...(year ? ["等次", "等次不变", "名次不变"] : ["名次不变"]), "敏感指标"];
  const rows = result.units.map((u) => [
    u.rank === null ? "—" : String(u.rank),
    names.get(u.unit) ?? u.unit,
    ...(grouped ? [groupName.get(u.group) ?? u.group] : []),
    ...(year ? [u.grade ? gradeName.get(u.grade) ?? u.grade : "—", percent(u.unchanged), percent(u.rankUnchanged ?? 1)] : [percent(u.unchanged)]),
    u.sensitiveTo.length ? u.sensitiveTo.map((k) => `${k} ${indicatorName.get(k) ?? ""}`.trim()).join("、") : "无",
  ]);
  const off = grouped ? 1 : 0;
  const numeric = new Set([0, ...(year ? [3, 4].map((i) => i + off) : [2 + off])]);
  const moved = year ? "等次" : "名次";
  const legend = [
    `${moved}不变:各指标分值同时在 ±${pct}% 内随机变动的 ${result.trials} 次抽样中,${moved}与现在相同的比例${year ? ";名次不变同理" : ""}。`,
    `敏感指标:单独把该指标的分值调高或调低 ${pct}% 就会改变${moved}的指标。评议打分指标、合理区间的扣分、加减分及其上限不随分值变动。`,
  ];
  if (result.units.length === 0) return [title, year ? "该年度没有任何法庭的数据。" : "该期间没有任何法庭的数据。"].join("\n");
  return [title, "", renderTable(header, rows, numeric), "", ...legend].join("\n");
}
