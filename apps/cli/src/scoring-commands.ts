import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  InputError,
  PeriodSchema,
  WindowKindSchema,
  appliesTo,
  fullScore,
  groupList,
  indicatorsOf,
  monthOf,
  num,
  periodLabel,
  problemPlace,
  windowName,
  writeAdjustmentsCsv,
  writeFactsCsv,
  writeManualCsv,
  writeUnitsCsv,
  type Indicator,
  type Rulebook,
  versionAt,
} from "@scorecard/rules";
import {
  adjustmentCapText,
  adjustmentItemName,
  evaluateYear,
  gradeReasonText,
  ignoredAdjustmentTexts,
  monthsText,
  provisionalText,
  quotaText,
  replayYear,
  scorePeriod,
  type AnnualResult,
  type AnnualUnit,
  type PeriodResult,
  type ReplayResult,
  type UnitResult,
} from "@scorecard/scoring";
import { demoCourt } from "@scorecard/demo";
import { demoVariant, loadInputs, readRulebookFile, type Inputs } from "./inputs";
import { renderTable } from "./table";

export interface Flags {
  rulebook: string[];
  facts?: string;
  adjustments?: string;
  /** manual scores (评议打分), rulebook.md §9 */
  manual?: string;
  units?: string;
  period?: string;
  window?: string;
  year?: string;
  format?: string;
  out?: string;
  demo?: boolean;
  /** the demo court's variant: kailu (default), grouped, internal */
  variant?: string;
}

function bad(zh: string, en: string, field?: string): InputError {
  return new InputError([field ? { field, zh, en } : { zh, en }]);
}

function need<T>(v: T | undefined, flag: string): T {
  if (v === undefined) throw bad(`缺少参数 --${flag}`, `missing --${flag}`, `--${flag}`);
  return v;
}

function format(flags: Flags): "json" | "table" {
  const f = flags.format ?? "table";
  if (f !== "json" && f !== "table") throw bad(`--format 只能是 json 或 table,收到 "${f}"`, `--format must be json or table`, "--format");
  return f;
}

function sourceOf(flags: Flags): Promise<Inputs> {
  if (!flags.demo) {
    need(flags.rulebook[0], "rulebook");
    need(flags.facts, "facts");
  }
  return loadInputs(flags);
}

/** `score`: one period's ranking. */
export async function score(flags: Flags): Promise<string> {
  const fmt = format(flags);
  const period = need(flags.period, "period");
  if (!PeriodSchema.safeParse(period).success) throw bad(`--period 必须是 YYYY-MM 格式的月份,收到 "${period}"`, "--period must be YYYY-MM", "--period");
  let window;
  if (flags.window !== undefined) {
    const w = WindowKindSchema.safeParse(flags.window);
    if (!w.success) throw bad(`--window 只能是 month、ytd、quarter 或 year,收到 "${flags.window}"`, "--window must be month|ytd|quarter|year", "--window");
    window = w.data;
  }
  const input = await sourceOf(flags);
  const result = scorePeriod({ rulebooks: input.rulebooks, data: input, period, ...(window ? { window } : {}) });
  // scorePeriod refused a period without a version in force
  const rb = versionAt(input.rulebooks, period)!;
  if (fmt === "json")
    return JSON.stringify({ ...result, units: withNames(result.units, input.names), ignoredAdjustments: ignoredInWords(result, input.rulebooks, input.names) }, null, 2);
  return scoreTable(result, rb, input.names, input.rulebooks);
}

/**
 * The adjustments the version in force did not count (rulebook.md §7b), each with the tribunal's
 * and the item's names where known and the sentence every view of the score shows.
 */
function ignoredInWords(result: PeriodResult, rulebooks: readonly Rulebook[], names: Map<string, string>) {
  const texts = ignoredAdjustmentTexts(result, rulebooks, names);
  return result.ignoredAdjustments.map(({ period, unit, item, ...rest }, i) => {
    const itemName = adjustmentItemName(rulebooks, item);
    return { period, unit, ...(names.has(unit) ? { name: names.get(unit) } : {}), item, ...(itemName ? { itemName } : {}), ...rest, text: texts[i]! };
  });
}

/** Adds each unit's name, where known, right after its key. */
function withNames<T extends { unit: string; rank: number | null }>(units: readonly T[], names: Map<string, string>) {
  return units.map(({ unit, rank, ...rest }) => ({ unit, ...(names.has(unit) ? { name: names.get(unit) } : {}), rank, ...rest }));
}

const fixed2 = (x: number) => x.toFixed(2);

/** A cents comparison: whether a cap cut `counted` below `uncapped`. */
const cut = (counted: number, uncapped: number) => Math.round(counted * 100) < Math.round(uncapped * 100);

/** The groups of a ranking, each with its units: one "group" holding every unit when the rulebook has none. */
function byGroup<T extends { group: string }>(groups: ReadonlyArray<{ key: string; name: string }>, units: readonly T[]) {
  return groups.map((g) => ({ ...g, units: units.filter((u) => u.group === g.key) })).filter((g) => g.units.length > 0);
}

/** The line under a table saying that ranks are not published (不通报排名, rulebook.md §9). */
const INTERNAL_NOTE = "注意:本考核办法不通报排名,名次仅供管理员、政治处和统计人员内部掌握,不得向院领导、庭长通报或在文件中公布。";

/**
 * The readable Chinese ranking: 名次, 法庭, each section, 加分, 扣分, 总分, then every indicator's
 * score; below it a 注意 line for each adjustment the version in force did not count. With groups
 * (分类考核, rulebook.md §9) one table per group under its name, each ranked within the group and
 * listing the indicators that apply to it. A bonus or penalty cut by a cap is marked `*` and said
 * below the table (`adjustmentCapText`).
 */
export function scoreTable(result: PeriodResult, rb: Rulebook, names: Map<string, string>, rulebooks: readonly Rulebook[] = [rb]): string {
  const all = indicatorsOf(rb);
  const nameOf = (unit: string) => names.get(unit) ?? unit;
  const table = (units: readonly UnitResult[], inds: readonly Indicator[]) => {
    const header = ["名次", "法庭", ...rb.sections.map((s) => s.name.replace(/工作$/, "")), "加分", "扣分", "总分", "否决", ...inds.map((i) => i.key)];
    const rows = units.map((u) => [
      String(u.rank),
      nameOf(u.unit),
      ...rb.sections.map((s) => fixed2(u.sections[s.key] ?? 0)),
      fixed2(u.bonus) + (cut(u.bonus, u.bonusUncapped) ? "*" : ""),
      fixed2(u.penalty) + (cut(u.penalty, u.penaltyUncapped) ? "*" : ""),
      fixed2(u.total),
      u.veto ? "是" : "",
      ...inds.map((i) => fixed2(u.indicators[i.key]?.score ?? 0)),
    ]);
    const numeric = new Set(header.map((_, i) => i).filter((i) => i !== 1 && i !== rb.sections.length + 5));
    return renderTable(header, rows, numeric);
  };
  const grouped = rb.groups.length > 0;
  const what = grouped ? "分组排名" : "排名";
  const title = `${rb.title}(${rb.version})\n${periodLabel(result.period)} ${what} · ${windowName(result.window.kind)}(${periodLabel(result.window.from)}至${periodLabel(result.window.to)})· 满分 ${num(fullScore(rb))} 分`;
  const body = grouped
    ? byGroup(result.groups, result.units)
        .map((g) => `${g.name}(${g.units.length} 个法庭,名次为组内排名)\n${table(g.units, all.filter((i) => appliesTo(i, g.key)))}`)
        .join("\n\n")
    : table(result.units, all);
  const groupName = new Map(groupList(rb).map((g) => [g.key, g.name]));
  const legend = all.map((i) => `${i.key} ${i.name}(${i.points} 分${i.groups ? `,只考核${i.groups.map((g) => groupName.get(g) ?? g).join("、")}` : ""})`).join(";");
  const caps = result.units.flatMap((u) => {
    const text = adjustmentCapText(u, rb);
    return text ? [`* ${nameOf(u.unit)}:${text}。`] : [];
  });
  const notes = ignoredAdjustmentTexts(result, rulebooks, names).map((t) => `注意:${t}`);
  const internal = result.ranking === "internal" && result.units.length ? [INTERNAL_NOTE] : [];
  const empty = result.units.length === 0 ? ["该期间没有任何法庭的数据。"] : [];
  return [`${title}\n\n${body}\n\n指标:${legend}`, ...caps, ...notes, ...internal, ...empty].join("\n");
}

/** `evaluate`: the annual evaluation. */
export async function evaluate(flags: Flags): Promise<string> {
  const fmt = format(flags);
  const yearText = need(flags.year, "year");
  if (!/^\d{4}$/.test(yearText)) throw bad(`--year 必须是四位年份,收到 "${yearText}"`, "--year must be YYYY", "--year");
  const input = await sourceOf(flags);
  const year = Number(yearText);
  const result = evaluateYear({ rulebooks: input.rulebooks, data: input, year });
  if (fmt === "json") return JSON.stringify({ ...result, units: withNames(result.units, input.names) }, null, 2);
  const rb = versionAt(input.rulebooks, result.asOf)!;
  return evaluateTable(result, rb, input.names);
}

export function evaluateTable(result: AnnualResult, rb: Rulebook, names: Map<string, string>): string {
  const gradeName = new Map(rb.annual.grades.map((g) => [g.key, g.name]));
  const rewardName = new Map(rb.annual.rewards.map((r) => [r.key, r.name]));
  const nameOf = (unit: string) => names.get(unit) ?? unit;
  const grouped = rb.groups.length > 0;
  const within = grouped ? "组内" : "";
  const header = ["名次", "法庭", "总分", "等次", "奖励", "约谈", "否决", "说明"];
  const table = (units: readonly AnnualUnit[]) =>
    renderTable(
      header,
      units.map((u) => [
        u.rank === null ? "—" : String(u.rank),
        nameOf(u.unit),
        fixed2(u.total),
        u.grade === null ? "—" : gradeName.get(u.grade) ?? u.grade,
        u.rewards.map((r) => rewardName.get(r) ?? r).join("、"),
        u.talk ? "是" : "",
        u.veto ? "是" : "",
        [
          u.complete ? "" : `仅 ${u.scoredMonths} 个月有排名,不参加评定`,
          u.talkReasons.includes("lastInYear") ? `年度${within}排名末位` : "",
          u.talkReasons.includes("lastInMonths") ? `${u.monthsLast} 个月${within}排名末位` : "",
        ].filter(Boolean).join(";"),
      ]),
      new Set([0, 2]),
    );
  const basis = result.basis === "ytd" ? "全年累计" : "各月总分平均";
  const warning = provisionalText(result);
  const counted = result.months.length ? `,计入 ${result.months.length} 个月(${monthsText(result.months)})` : "";
  const title = `${rb.title}(${rb.version})\n${result.year} 年度考核${warning ? "(预估)" : ""}${grouped ? " · 分类考核" : ""} · 计分基础:${basis}${counted}`;
  if (result.units.length === 0) return [warning, title, "该年度没有任何法庭的数据。"].filter(Boolean).join("\n");
  const body = grouped
    ? byGroup(result.groups, result.units)
        .map((g) => `${g.name}(${g.units.length} 个法庭,名次、名额、奖励和末位均在组内计算)\n${table(g.units)}`)
        .join("\n\n")
    : table(result.units);
  const ranked = result.quotas[0]?.n ?? 0;
  const quotas = [grouped ? "等次名额(各组分别计算):" : `等次名额(参加评定 ${ranked} 个法庭):`, ...result.quotas.map((q) => `  ${quotaText(q, rb)}`)];
  const reasons = result.units.map((u) => `  ${nameOf(u.unit)}:${gradeReasonText(u, result, rb)}`);
  const vetoes = result.units.flatMap((u) =>
    u.vetoes.map((v) => `  ${nameOf(u.unit)}:${periodLabel(v.period)}“${v.name}”(${v.item})${v.count > 1 ? ` ${v.count} 次` : ""}${v.note ? `,${v.note}` : ""}`),
  );
  return [
    ...(warning ? [warning] : []),
    `${title}\n\n${body}`,
    "",
    ...quotas,
    "等次评定:",
    ...reasons,
    ...(vetoes.length ? ["一票否决:", ...vetoes] : []),
    ...(rb.ranking === "internal" ? [INTERNAL_NOTE] : []),
  ].join("\n");
}

/** `validate`: checks the rulebook files and any data files against them. */
export async function validate(flags: Flags): Promise<string> {
  need(flags.rulebook[0], "rulebook");
  const input = await loadInputs(flags);
  const lines = input.rulebooks.map((rb) => {
    const groups = rb.groups.length ? `,分 ${rb.groups.length} 组考核(${rb.groups.map((g) => g.name).join("、")})` : "";
    const internal = rb.ranking === "internal" ? ",不通报排名" : "";
    return `考核办法 ${rb.id} ${rb.version}(自 ${rb.effectiveFrom} 起):${indicatorsOf(rb).length} 项指标,满分 ${num(fullScore(rb))} 分${groups}${internal}。`;
  });
  if (flags.facts) lines.push(`数据 ${flags.facts}:${input.facts.length} 行。`);
  if (flags.adjustments) lines.push(`加减分 ${flags.adjustments}:${input.adjustments.length} 行。`);
  if (flags.manual) lines.push(`评议打分 ${flags.manual}:${input.manual.length} 行。`);
  if (input.warnings.length) {
    lines.push(`数据提示 ${input.warnings.length} 条(数据已接受,请逐条核实):`);
    for (const w of input.warnings) lines.push(`  ${problemPlace(w) ? `${problemPlace(w)}:` : ""}${w.zh}`);
  }
  lines.push("校验通过 (valid)");
  return lines.join("\n");
}

/** `demo --out DIR [--variant kailu|grouped|internal]`: writes the demo court as files the other commands read (manual.csv too under a rulebook with manual indicators). */
export async function demo(flags: Flags): Promise<string> {
  const dir = need(flags.out, "out");
  const variant = demoVariant(flags.variant);
  const d = demoCourt(variant);
  await mkdir(dir, { recursive: true });
  const files: Array<[string, string]> = [
    ["rulebook.json", JSON.stringify(d.rulebook, null, 2) + "\n"],
    // the shipped draft revisions beside the active one (default-rulebook.md: rulebook-2023.1.json)
    ...d.drafts.map((r): [string, string] => [`rulebook-${r.version}.json`, JSON.stringify(r, null, 2) + "\n"]),
    ["units.csv", writeUnitsCsv(d.units.map((u) => ({ key: u.key, name: u.name, head: d.heads.find((h) => h.unit === u.key)?.name ?? "" })))],
    ["facts.csv", writeFactsCsv(d.facts, d.rulebook.fields.map((f) => f.key))],
    ["adjustments.csv", writeAdjustmentsCsv(d.adjustments)],
  ];
  if (variant !== "kailu") files.push(["manual.csv", writeManualCsv(d.manual)]);
  for (const [name, content] of files) await writeFile(join(dir, name), content, "utf8");
  const periods = [...new Set(d.facts.map((f) => f.period))].sort();
  const manual = variant !== "kailu" ? `,${d.manual.length} 条评议打分` : "";
  const which = variant === "kailu" ? "" : variant === "grouped" ? "(分类考核示例)" : "(分类考核示例,不通报排名)";
  return `已写出演示法院${which}数据到 ${dir}:${files.map((f) => f[0]).join("、")}(${d.units.length} 个法庭,${periods[0]} 至 ${periods[periods.length - 1]},${d.facts.length} 行数据,${d.adjustments.length} 条加减分${manual})。`;
}

/** `replay`: a year under the versions in force and under a draft (interfaces.md), side by side. */
export async function replay(flags: Flags & { draft?: string }): Promise<string> {
  const fmt = format(flags);
  const yearText = need(flags.year, "year");
  if (!/^\d{4}$/.test(yearText)) throw bad(`--year 必须是四位年份,收到 "${yearText}"`, "--year must be YYYY", "--year");
  const draftFile = need(flags.draft, "draft");
  const [input, draft] = await Promise.all([sourceOf(flags), readRulebookFile(draftFile)]);
  const result = replayYear({ rulebooks: input.rulebooks, draft, data: input, year: Number(yearText) });
  if (fmt === "json") return JSON.stringify({ ...result, units: result.units.map(({ unit, ...rest }) => ({ unit, ...(input.names.has(unit) ? { name: input.names.get(unit) } : {}), ...rest })) }, null, 2);
  return replayTable(result, draft, input.names);
}

export function replayTable(result: ReplayResult, draft: Rulebook, names: Map<string, string>): string {
  const grade = new Map(draft.annual.grades.map((g) => [g.key, g.name]));
  const gradeOf = (g: string | null) => (g === null ? "—" : grade.get(g) ?? g);
  const groups = new Map(groupList(draft).map((g) => [g.key, g.name]));
  const grouped = draft.groups.length > 0;
  const rank = (r: number | null) => (r === null ? "—" : String(r));
  const move = (a: number | null, b: number | null) => (a === null || b === null ? "" : a === b ? "不变" : b < a ? `↑${a - b}` : `↓${b - a}`);
  const rows = result.units.map((u) => [
    names.get(u.unit) ?? u.unit,
    ...(grouped ? [groups.get(u.draft.group ?? "") ?? "—"] : []),
    rank(u.current.rank),
    u.current.total === null ? "—" : u.current.total.toFixed(2),
    gradeOf(u.current.grade),
    rank(u.draft.rank),
    u.draft.total === null ? "—" : u.draft.total.toFixed(2),
    gradeOf(u.draft.grade),
    move(u.current.rank, u.draft.rank),
  ]);
  const head = ["法庭", ...(grouped ? ["分组"] : []), "现行名次", "现行总分", "现行等次", "草案名次", "草案总分", "草案等次", "名次变化"];
  const off = grouped ? 1 : 0;
  const moved = result.units.filter((u) => u.months.some((m) => m.current !== m.draft));
  const monthLines = moved.map(
    (u) => `  ${names.get(u.unit) ?? u.unit}:${u.months.filter((m) => m.current !== m.draft).map((m) => `${monthOf(m.period)}月 ${rank(m.current)}→${rank(m.draft)}`).join(",")}`,
  );
  return [
    `${result.year}年 按草案 ${draft.version} 重算(现行:${result.current.map((v) => v.version).join("、")};草案用于全年各月)${grouped ? ",名次为组内排名" : ""}`,
    "",
    renderTable(head, rows, new Set([1, 2, 4, 5].map((i) => i + off))),
    "",
    moved.length ? `月度名次有变化的法庭(现行→草案):\n${monthLines.join("\n")}` : "各月名次均无变化。",
  ].join("\n");
}
