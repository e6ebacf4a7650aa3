/**
 * `scorecard notice`: the month's notice (月通报) as a Word, Excel or print-HTML file — the very
 * document the portal downloads, built by @scorecard/documents. From files (--rulebook/--facts,
 * or --demo) it is a draft (草稿, no number), dated the 5th of the following month, 10:00
 * Asia/Shanghai, so the same files always give the same bytes. Without file options it is read
 * from the database (DATABASE_URL): the published revision as frozen, else the draft.
 */
import { rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { dateLabel, InputError, PeriodSchema, periodLabel, problemPlace } from "@scorecard/rules";
import { existsSync } from "node:fs";
import { defaultDatabaseUrl, parseDatabaseUrl } from "@scorecard/db";
import { buildNoticeSnapshot, defaultIssuedAt, renderNotice, type NoticeFormat, type NoticeSnapshot } from "@scorecard/documents";
import { asInputError, systemCaller, withDb } from "./admin-commands";
import { loadInputs } from "./inputs";
import type { Flags } from "./scoring-commands";

/** The document formats in words. */
export const FORMATS: Record<NoticeFormat, string> = { docx: "Word 文档", xlsx: "Excel 工作簿", html: "打印网页" };
type Format = NoticeFormat;

export function bad(field: string, zh: string, en: string): InputError {
  return new InputError([{ field, zh, en }]);
}

/**
 * A document from the database (DATABASE_URL) exactly as the portal downloads it, through the
 * same procedure (notices.file, summaries.file, annual.file): the latest published revision's file
 * as frozen, else the draft as it stands (草稿, or 预估). Never creates a database.
 */
export async function documentFromDatabase(fetch: (caller: Awaited<ReturnType<typeof systemCaller>>) => Promise<{ fileName: string; content: Uint8Array }>): Promise<{ bytes: Uint8Array; fileName: string }> {
  const target = parseDatabaseUrl(defaultDatabaseUrl());
  if (target.dialect === "sqlite" && target.file !== ":memory:" && !existsSync(target.file))
    throw bad(
      "--rulebook",
      `请用 --rulebook 和 --facts 给出数据文件,或用 --demo 使用内置演示法院;若要读取系统中已发布的文件,请把 DATABASE_URL 设为系统的数据库(找不到 ${target.file})`,
      "give --rulebook and --facts, --demo, or a DATABASE_URL that exists",
    );
  return withDb(async (db) => {
    const f = await fetch(await systemCaller(db)).catch(asInputError);
    return { bytes: f.content, fileName: f.fileName };
  });
}

/** Writes a document read from the database and says which one it is. */
export async function writeFromDatabase(out: string, format: NoticeFormat, fetch: Parameters<typeof documentFromDatabase>[0]): Promise<string> {
  const { bytes, fileName } = await documentFromDatabase(fetch);
  await writeWhole(out, bytes);
  return `已从数据库写出《${fileName.replace(/\.[a-z]+$/, "")}》(${FORMATS[format]},${bytes.length} 字节)到 ${out}。`;
}

/** Writes the whole file or nothing: a temporary file beside it, renamed into place. */
export async function writeWhole(file: string, bytes: Uint8Array): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, bytes, { flag: "wx" });
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "所在目录不存在" : code === "EISDIR" ? "是一个目录" : code === "EACCES" || code === "EPERM" ? "没有写入权限" : `无法写入(${code ?? String(e)})`;
    throw bad("--out", `输出文件 ${file} ${why},请换一个路径`, `cannot write ${file} (${code ?? String(e)})`);
  }
}

/** The files (or the demo court) a document is drafted from, and the court's tribunals: the units file's, then any other with facts. */
export async function documentInputs(flags: Flags): Promise<{ input: Awaited<ReturnType<typeof loadInputs>>; units: Array<{ key: string; name: string }> }> {
  if (!flags.demo) {
    if (!flags.rulebook[0]) throw bad("--rulebook", "缺少参数 --rulebook(或用 --demo 使用内置演示法院)", "missing --rulebook");
    if (!flags.facts) throw bad("--facts", "缺少参数 --facts", "missing --facts");
  }
  const input = await loadInputs(flags);
  const keys = [...input.names.keys()];
  for (const f of input.facts) if (!input.names.has(f.unit) && !keys.includes(f.unit)) keys.push(f.unit);
  return { input, units: keys.map((key) => ({ key, name: input.names.get(key) ?? key })) };
}

/** The data-file warnings, with their place, as the commands list them. */
export function warningLines(input: Awaited<ReturnType<typeof loadInputs>>): string[] {
  return input.warnings.map((w) => `${problemPlace(w) ? `${problemPlace(w)}:` : ""}${w.zh}`);
}

/** The notice's snapshot from files (or the demo court): a draft. */
async function draftFromFiles(flags: Flags, period: string): Promise<{ snapshot: NoticeSnapshot; warnings: string[] }> {
  const { input, units } = await documentInputs(flags);
  if (!input.facts.some((f) => f.period === period))
    throw bad("--period", `${periodLabel(period)}没有考核数据,无法生成通报。请检查 --period 或数据文件`, `no facts for ${period}`);
  const snapshot = buildNoticeSnapshot({
    rulebooks: input.rulebooks,
    data: { facts: input.facts, adjustments: input.adjustments, manual: input.manual },
    period,
    units,
    // as the portal's draft of a month not yet published: the revision its publication would be
    revision: 1,
    number: null,
    issuedBy: null,
    issuedAt: defaultIssuedAt(period),
  });
  return { snapshot, warnings: warningLines(input) };
}

/** `notice --period P --format docx|xlsx|html --out FILE` from files (--rulebook/--facts[/--adjustments/--manual/--units]), --demo, or the database. */
export async function notice(flags: Flags): Promise<string> {
  const period = flags.period;
  if (period === undefined) throw bad("--period", "缺少参数 --period", "missing --period");
  if (!PeriodSchema.safeParse(period).success) throw bad("--period", `--period 必须是 YYYY-MM 格式的月份,收到 "${period}"`, "--period must be YYYY-MM");
  const format = flags.format;
  if (format === undefined) throw bad("--format", "缺少参数 --format(docx、xlsx 或 html)", "missing --format");
  if (!(format in FORMATS)) throw bad("--format", `--format 只能是 docx、xlsx 或 html,收到 "${format}"`, "--format must be docx|xlsx|html");
  const out = flags.out;
  if (out === undefined) throw bad("--out", "缺少参数 --out(要写出的文件)", "missing --out");
  if (!flags.demo && !flags.rulebook.length && !flags.facts) return writeFromDatabase(out, format as Format, (c) => c.notices.file({ period, format: format as Format }));
  const { snapshot, warnings } = await draftFromFiles(flags, period);
  const bytes = await renderNotice(snapshot, format as Format);
  await writeWhole(out, bytes);
  const lines = [`已写出${periodLabel(period)}考核通报草稿(${FORMATS[format as Format]},${bytes.length} 字节)到 ${out}。草稿无文号,成文日期按 ${dateLabel(defaultIssuedAt(period))} 计。`];
  if (warnings.length) {
    lines.push(`数据提示 ${warnings.length} 条(发布前须逐条核实确认):`);
    for (const w of warnings) lines.push(`  ${w}`);
  }
  return lines.join("\n");
}
