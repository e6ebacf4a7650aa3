/**
 * `scorecard summary` and `scorecard annual`: the quarterly summary (季度总结) and the annual
 * evaluation (年度考核) as Word, Excel or print-HTML files — the documents @scorecard/documents
 * renders. From files (--rulebook/--facts, or --demo) each is a draft (草稿, no number; a year
 * without December figures 预估), dated by a fixed rule so that the same files give the same bytes.
 */
import { dateLabel, isQuarter, periodLabel, quarterLabel, quarterMonths, yearOf } from "@scorecard/rules";
import {
  buildAnnualSnapshot,
  buildSummarySnapshot,
  defaultAnnualIssuedAt,
  defaultSummaryIssuedAt,
  renderAnnual,
  renderSummary,
  type OfficialFormat,
} from "@scorecard/documents";
import { bad, documentInputs, FORMATS, warningLines, writeFromDatabase, writeWhole } from "./notice-command";
import type { Flags } from "./scoring-commands";

export type DocumentFlags = Flags & { quarter?: string };

/** --format and --out, checked as `notice` checks them. */
function target(flags: DocumentFlags): { format: OfficialFormat; out: string } {
  const format = flags.format;
  if (format === undefined) throw bad("--format", "缺少参数 --format(docx、xlsx 或 html)", "missing --format");
  if (!(format in FORMATS)) throw bad("--format", `--format 只能是 docx、xlsx 或 html,收到 "${format}"`, "--format must be docx|xlsx|html");
  const out = flags.out;
  if (out === undefined) throw bad("--out", "缺少参数 --out(要写出的文件)", "missing --out");
  return { format: format as OfficialFormat, out };
}

/** No file options: the document is read from the database, as the portal downloads it. */
const fromDatabase = (flags: DocumentFlags) => !flags.demo && !flags.rulebook.length && !flags.facts;

function written(what: string, format: OfficialFormat, bytes: Uint8Array, out: string, date: string, warnings: string[]): string {
  const lines = [`已写出${what}(${FORMATS[format]},${bytes.length} 字节)到 ${out}。草稿无文号,成文日期按 ${dateLabel(date)} 计。`];
  if (warnings.length) {
    lines.push(`数据提示 ${warnings.length} 条(发布前须逐条核实确认):`);
    for (const w of warnings) lines.push(`  ${w}`);
  }
  return lines.join("\n");
}

/** `summary --quarter YYYY-Qn --format docx|xlsx|html --out FILE` from files or --demo: a draft. */
export async function summary(flags: DocumentFlags): Promise<string> {
  const quarter = flags.quarter;
  if (quarter === undefined) throw bad("--quarter", "缺少参数 --quarter(如 2023-Q1)", "missing --quarter");
  if (!isQuarter(quarter)) throw bad("--quarter", `--quarter 必须是 YYYY-Qn 格式的季度(如 2023-Q1),收到 "${quarter}"`, "--quarter must be YYYY-Qn");
  const { format, out } = target(flags);
  if (fromDatabase(flags)) return writeFromDatabase(out, format, (c) => c.summaries.file({ quarter, format }));
  const { input, units } = await documentInputs(flags);
  const months = quarterMonths(quarter);
  if (!input.facts.some((f) => months.includes(f.period)))
    throw bad("--quarter", `${quarterLabel(quarter)}没有考核数据,无法生成季度总结。请检查 --quarter 或数据文件`, `no facts for ${quarter}`);
  const issuedAt = defaultSummaryIssuedAt(quarter);
  const snapshot = buildSummarySnapshot({ rulebooks: input.rulebooks, data: input, quarter, units, revision: 1, number: null, issuedBy: null, issuedAt });
  const bytes = await renderSummary(snapshot, format);
  await writeWhole(out, bytes);
  const missing = months.filter((m) => !input.facts.some((f) => f.period === m));
  const note = missing.length ? [`注意:${missing.map(periodLabel).join("、")}尚无数据,季度总结不完整。`] : [];
  return [written(`${quarterLabel(quarter)}考核总结草稿`, format, bytes, out, issuedAt, warningLines(input)), ...note].join("\n");
}

/** `annual --year YYYY --format docx|xlsx|html --out FILE` from files or --demo: a draft, 预估 without December figures. */
export async function annual(flags: DocumentFlags): Promise<string> {
  const yearText = flags.year;
  if (yearText === undefined) throw bad("--year", "缺少参数 --year", "missing --year");
  if (!/^\d{4}$/.test(yearText)) throw bad("--year", `--year 必须是四位年份,收到 "${yearText}"`, "--year must be YYYY");
  const year = Number(yearText);
  const { format, out } = target(flags);
  if (fromDatabase(flags)) return writeFromDatabase(out, format, (c) => c.annual.file({ year, format }));
  const { input, units } = await documentInputs(flags);
  if (!input.facts.some((f) => yearOf(f.period) === year))
    throw bad("--year", `${year}年没有考核数据,无法生成年度考核。请检查 --year 或数据文件`, `no facts for ${year}`);
  const issuedAt = defaultAnnualIssuedAt(year);
  const snapshot = buildAnnualSnapshot({ rulebooks: input.rulebooks, data: input, year, units, revision: 1, number: null, issuedBy: null, issuedAt });
  const bytes = await renderAnnual(snapshot, format);
  await writeWhole(out, bytes);
  const what = `${year}年度绩效考核结果${snapshot.provisional ? "预估(12月尚无数据,不能发布)" : "草稿"}`;
  return written(what, format, bytes, out, issuedAt, warningLines(input));
}
