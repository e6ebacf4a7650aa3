/**
 * `scorecard gap` (interfaces.md): what it would take one tribunal to move up in one month — the
 * smallest single change of each of its figures that reaches the next rank up, and first place.
 */
import { InputError, PeriodSchema, groupList, indicatorsOf, num, periodLabel, rankText, versionAt, windowName, type Problem } from "@scorecard/rules";
import { gapTargetTitle, gapToRank, gapUnreachableText, type GapResult } from "@scorecard/scoring";
import { loadInputs, type Inputs } from "./inputs";
import type { Flags } from "./scoring-commands";
import { renderTable } from "./table";

export interface GapFlags extends Flags {
  unit?: string[];
}

/** The flags of `gap`, checked before any file is read: every refusal at once, each naming its flag. */
function options(flags: GapFlags): { fmt: "json" | "table"; period: string; unit: string } {
  const problems: Problem[] = [];
  const bad = (flag: string, zh: string, en: string) => problems.push({ field: flag, zh, en });
  const fmt = flags.format ?? "table";
  if (fmt !== "json" && fmt !== "table") bad("--format", `--format 只能是 json 或 table,收到 "${fmt}"`, "--format must be json or table");
  if (flags.period === undefined) bad("--period", "缺少参数 --period(要测算的月份,YYYY-MM)", "missing --period");
  else if (!PeriodSchema.safeParse(flags.period).success) bad("--period", `--period 必须是 YYYY-MM 格式的月份,收到 "${flags.period}"`, "--period must be YYYY-MM");
  const units = flags.unit ?? [];
  if (units.length === 0) bad("--unit", "缺少参数 --unit(要测算的法庭的键,如 maixin)", "missing --unit");
  if (units.length > 1) bad("--unit", `--unit 只能给出一个法庭,收到 ${units.length} 个`, "give one --unit");
  if (flags.window !== undefined) bad("--window", "gap 不接受 --window:差距按考核办法规定的计分期间测算", "gap takes no --window; it uses the rulebook's window");
  if (!flags.demo) {
    if (!flags.rulebook[0]) bad("--rulebook", "缺少参数 --rulebook", "missing --rulebook");
    if (!flags.facts) bad("--facts", "缺少参数 --facts", "missing --facts");
  }
  if (problems.length) throw new InputError(problems);
  return { fmt: fmt as "json" | "table", period: flags.period!, unit: units[0]! };
}

/** Refuses a tribunal the files do not know, or a month without its figures, naming both in words. */
function checkUnit(input: Inputs, period: string, unit: string): void {
  const known = input.names.has(unit) || input.facts.some((r) => r.unit === unit);
  const name = input.names.get(unit) ?? unit;
  if (!known)
    throw new InputError([
      { field: "--unit", zh: `没有法庭“${unit}”:数据文件和法庭名单中都没有这个键。请检查 --unit(如 maixin)。`, en: `unknown unit ${unit}: no facts or units row has this key` },
    ]);
  if (!input.facts.some((r) => r.period === period))
    throw new InputError([{ field: "--period", zh: `${periodLabel(period)}没有任何法庭的数据,无法测算差距。请选择有数据的月份。`, en: `no facts in ${period}` }]);
  if (!input.facts.some((r) => r.period === period && r.unit === unit))
    throw new InputError([{ field: "--unit", zh: `${periodLabel(period)}没有${name}的数据,无法测算差距。请选择该法庭有数据的月份。`, en: `no facts of ${unit} in ${period}` }]);
}

/** `gap --period YYYY-MM --unit KEY`: the files (or `--demo`), then the engine's `gapToRank`. */
export async function gapCommand(flags: GapFlags): Promise<string> {
  const o = options(flags);
  const input = await loadInputs(flags);
  checkUnit(input, o.period, o.unit);
  const result = gapToRank({ rulebooks: input.rulebooks, data: input, period: o.period, unit: o.unit });
  if (o.fmt === "json") {
    const { period, unit, ...rest } = result;
    return JSON.stringify({ period, unit, ...(input.names.has(unit) ? { name: input.names.get(unit) } : {}), ...rest }, null, 2);
  }
  return gapTable(result, input);
}

/**
 * The readable answer: the tribunal's rank, then per target the options as a table (the figure by
 * its label, the change, from and to in its unit, the indicators it moves) and the indicators no
 * single change reaches.
 */
export function gapTable(result: GapResult, input: Pick<Inputs, "rulebooks" | "names">): string {
  // gapToRank refused a period without a version in force
  const rb = versionAt(input.rulebooks, result.period)!;
  const name = input.names.get(result.unit) ?? result.unit;
  const grouped = rb.groups.length > 0;
  const groupName = groupList(rb).find((g) => g.key === result.group)?.name ?? result.group;
  const lines = [
    `${name} ${periodLabel(result.period)} 差距测算(${windowName(rb.window)}${grouped ? `;名次为${groupName}组内排名` : ""})`,
    `现名次:${rankText(result.rank)}`,
  ];
  if (rb.ranking === "internal") lines.push("注意:本考核办法不通报排名,名次仅供政治处、审管办和系统管理员内部掌握。");
  if (!result.targets.length) {
    lines.push("", "已是第一名,没有需要追赶的名次。");
    return lines.join("\n");
  }
  const field = new Map(rb.fields.map((f) => [f.key, f]));
  const indicatorName = new Map(indicatorsOf(rb).map((i) => [i.key, i.name]));
  const withUnit = (key: string, x: number) => `${num(x)}${field.get(key)?.unit ? ` ${field.get(key)!.unit}` : ""}`;
  for (const t of result.targets) {
    lines.push("", `${gapTargetTitle(t)},单项需要:`);
    if (t.options.length)
      lines.push(
        renderTable(
          ["数据项", "改动", "现值", "改为", "影响指标"],
          t.options.map((o) => [
            field.get(o.field)?.label ?? o.field,
            `${o.delta > 0 ? "+" : ""}${withUnit(o.field, o.delta)}`,
            withUnit(o.field, o.from),
            withUnit(o.field, o.to),
            o.indicators.map((k) => `${k} ${indicatorName.get(k) ?? ""}`.trim()).join("、"),
          ]),
          new Set([1, 2, 3]),
        ),
      );
    else lines.push("没有任何一项数据单独改动能够达到。");
    const unreachable = gapUnreachableText(rb, t);
    if (unreachable) lines.push(unreachable);
  }
  lines.push(
    "",
    "说明:每项为只改动该法庭当月这一项数据、其余数据不变时,由同一考核引擎重新计分得到的最小改动(件数、人数按整数,其他按 0.01);改动后的数据仍须通过数据核查,且不超过全院当月该项最大值的 10 倍。",
  );
  return lines.join("\n");
}
