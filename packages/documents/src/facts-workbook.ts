/**
 * Reading an uploaded month of facts (`product.md`, "The monthly cycle", step 1): the workbook
 * checked as bytes (size, zip, unpacked size), then its "数据填报" sheet read through the table
 * reader of @scorecard/rules — the same column spec, header, duplicate, number and data checks
 * as the facts CSV — with places named the spreadsheet way (`第 3 行 D 列(审判结案数):`).
 *
 * The reader accepts headers by label or by key, in any order; rows may be a subset of the
 * tribunals (only those rows are imported), but every field column is required.
 */
import ExcelJS from "exceljs";
import { InputError, makePeriod, MAX_FACTS_FILE_ROWS, MAX_KEPT_PROBLEMS, MAX_UPLOAD_BYTES, periodLabel, readFactsTable, type ColumnSpec, type Dialect, type Problem, type Rulebook } from "@scorecard/rules";
import { columnLetter, FACTS_SHEET, KEY_HEADER, NAME_HEADER, NOTES_SHEET, type WorkbookRow, type WorkbookUnit } from "./facts-sheet";
import { tableRow, textOf } from "./sheet-cells";
import { checkZip, countSheetRows, isOle2, isZip, relativeTargets } from "./xlsx-file";

export { MAX_UPLOAD_BYTES };

/**
 * The most an upload may unpack to, counted while inflating (whatever its zip directory declares).
 * A genuine facts workbook unpacks to well under a megabyte; exceljs needs about 17 times the
 * unpacked size in memory, so this also bounds what reading a valid but huge sheet costs.
 */
export const MAX_UNPACKED_BYTES = 8 * 1024 * 1024;

/**
 * At most this many problems are kept, then one saying how many more there are: a real
 * template has 8 rows × 22 fields, and a garbage sheet must not build a list of millions. (The
 * API lists the first MAX_LISTED_PROBLEMS of these and offers the whole list as a workbook.)
 */
export const MAX_READ_PROBLEMS = MAX_KEPT_PROBLEMS;

const PERIOD_LABELS = ["期间", "period"];

const KEY_COLUMN: ColumnSpec = {
  key: "unit",
  aliases: [KEY_HEADER, "key", "代码"],
  zh: `“${KEY_HEADER}”`,
  label: KEY_HEADER,
  required: true,
  missingHint: { zh: "导入按法庭代码识别法庭,请恢复这一列(可从系统重新下载模板)。", en: "the import finds each tribunal by its key; restore the column" },
};
const NAME_COLUMN: ColumnSpec = { key: "name", aliases: [NAME_HEADER, "法庭名称", "名称"], zh: `“${NAME_HEADER}”`, label: NAME_HEADER, required: false };

/** Messages start with their place in the sheet: `第 3 行 D 列(审判结案数):`. */
function sheetDialect(rulebook: Rulebook): Dialect {
  const f = rulebook.fields[0];
  return {
    what: { zh: "填报表", en: "facts sheet" },
    unknownHint: {
      zh: `表头只能有“${KEY_HEADER}”“${NAME_HEADER}”和考核办法中各字段的名称或键(如“${f?.label ?? ""}”或 ${f?.key ?? ""})。请改正列名,或删除这一列。`,
      en: `the header may hold ${KEY_HEADER}, ${NAME_HEADER} and the rulebook's field labels or keys`,
    },
    headerCell: (c) => ({ zh: `第 1 行 ${columnLetter(c)} 列:表头`, en: `row 1, column ${columnLetter(c)}: ` }),
    column: (c) => ({ zh: `${columnLetter(c)} 列`, en: `column ${columnLetter(c)}` }),
    headerRow: { zh: "第 1 行:", en: "row 1: " },
    cell: (line, c, spec) => ({ zh: `第 ${line} 行 ${columnLetter(c)} 列(${spec.label}):`, en: `row ${line}, column ${columnLetter(c)} (${spec.key}): ` }),
    subject: () => "",
  };
}

interface ReadOpts {
  rulebook: Rulebook;
  period: string;
  units: WorkbookUnit[];
  /** the file name as the user gave it; set on every problem */
  file?: string;
  /**
   * Receives what is worth telling but does not stop the import, each with its row and column:
   * the data-check warnings (rulebook.md §7c) and a 法庭 name that contradicts its 法庭代码 (the
   * code wins).
   */
  warnings?: Problem[];
}

/**
 * Reads an uploaded facts workbook and checks it whole. Returns the rows (in sheet order) only
 * when there is no problem at all; otherwise throws InputError listing every problem, each with
 * `file`, the Excel row as `line`, the 1-based column as `column` (its letter in the Chinese
 * message) and the field key as `field` where they apply.
 *
 * Refused outright (one problem): more than MAX_UPLOAD_BYTES (checked before parsing), not an
 * xlsx by content (zip magic `PK\x03\x04`, a readable workbook), more than MAX_UNPACKED_BYTES
 * unpacked. Then: the "数据填报" sheet missing; header (row 1) columns unknown, duplicated,
 * missing, or unnamed above data; per row, an empty / unknown / repeated 法庭代码, and every field
 * cell that is empty, text that is not a plain number, negative, not finite, a date, a boolean,
 * an error value or a formula without a cached result; a period in the "说明" sheet other than
 * `period`; every data-check error of the version. Blank rows are skipped, and so is a row whose field cells are all empty (that tribunal
 * is not imported). Text cells holding a plain number ("12") are read as numbers, by the rules of
 * the facts CSV.
 */
export async function readFactsWorkbook(data: Uint8Array, opts: ReadOpts): Promise<WorkbookRow[]> {
  const file = opts.file;
  const place = (p: Omit<Problem, "file">): Problem => {
    const out: Problem = { zh: p.zh, en: p.en };
    if (file !== undefined) out.file = file;
    if (p.line !== undefined) out.line = p.line;
    if (p.column !== undefined) out.column = p.column;
    if (p.field !== undefined) out.field = p.field;
    return out;
  };
  function fail(zh: string, en: string): never {
    throw new InputError([place({ zh, en })]);
  }

  const wb = await openUploadedWorkbook(data, fail);
  if (wb.worksheets.length === 0)
    fail("这个 Excel 文件中没有工作表,无法读取。请上传系统下载的填报模板。", "the workbook has no worksheets");
  const ws = wb.worksheets.find((s) => s.name.trim() === FACTS_SHEET);
  if (!ws)
    fail(
      `找不到工作表“${FACTS_SHEET}”。本文件的工作表有:${wb.worksheets.map((s) => `“${s.name}”`).join("、")}。请使用系统下载的填报模板,或把数据所在的工作表改名为“${FACTS_SHEET}”。`,
      `no sheet named "${FACTS_SHEET}" (found: ${wb.worksheets.map((s) => s.name).join(", ")})`,
    );
  const periodProblems: Problem[] = [];
  checkPeriod(wb, opts.period, place, periodProblems);

  // 3. the sheet, through the table reader
  const rows: ExcelJS.Row[] = [];
  ws.eachRow((row, r) => {
    if (r >= 2) rows.push(row);
  });
  const body = rows.map(tableRow).filter((r) => r.cells.size > 0);
  const read = readFactsTable(tableRow(ws.getRow(1)), body, {
    rulebooks: opts.rulebook,
    dialect: sheetDialect(opts.rulebook),
    idColumns: [KEY_COLUMN, NAME_COLUMN],
    period: opts.period,
    units: opts.units,
    skipRowsWithoutFigures: true,
    ...(file !== undefined ? { file } : {}),
    ...(opts.warnings ? { warnings: opts.warnings } : {}),
  });

  const all = [...periodProblems, ...read.problems.sort(byPlace)];
  if (all.length > MAX_READ_PROBLEMS) {
    const rest = all.length - MAX_READ_PROBLEMS;
    const more = place({
      zh: `另有 ${rest} 个问题未列出(共 ${all.length} 个)。这个文件看起来不是填报模板,请重新下载模板填写。`,
      en: `${rest} more problems not listed (${all.length} in all)`,
    });
    all.splice(MAX_READ_PROBLEMS, rest, more);
  }
  if (all.length) throw new InputError(all);
  return read.rows.map((r) => ({ unit: r.unit, values: r.values }));
}

/** How the byte checks of an upload name what was expected. */
export interface UploadWords {
  /** 填报模板 | 评议打分模板 */
  template: string;
  /** what a genuine one is, for the size message: 考核数据填报表 */
  typical: string;
  /** the most rows (all sheets together) a genuine one could hold, and why, for the refusal */
  maxRows: number;
  rowsWhy: string;
}
const FACTS_UPLOAD: UploadWords = { template: "填报模板", typical: "考核数据填报表", maxRows: MAX_FACTS_FILE_ROWS, rowsWhy: "每个法庭一行" };

/**
 * An uploaded workbook, checked as bytes before exceljs sees it — at most MAX_UPLOAD_BYTES, an
 * xlsx by content (not an .xls or an encrypted file), at most MAX_UNPACKED_BYTES unpacked,
 * holding a workbook — then loaded. Any failure goes to `fail` with one Chinese and English
 * message saying what to upload instead.
 */
export async function openUploadedWorkbook(data: Uint8Array, fail: (zh: string, en: string) => never, words: UploadWords = FACTS_UPLOAD): Promise<ExcelJS.Workbook> {
  // 1. the file as bytes
  if (data.byteLength > MAX_UPLOAD_BYTES) {
    const mb = (data.byteLength / 1024 / 1024).toFixed(1);
    fail(
      `文件太大(${mb} MB),超过了 5 MB 的上限。${words.typical}通常只有几十 KB,请确认上传的是系统下载的${words.template}。`,
      `file too large (${mb} MB); the limit is 5 MB`,
    );
  }
  if (!isZip(data)) {
    if (isOle2(data))
      fail(
        "这是旧版 Excel(.xls)文件或设有打开密码的文件,无法读取。请在 Excel 中“另存为” Excel 工作簿(.xlsx),不要设置密码,再上传。",
        "an Excel 97-2003 (.xls) or password-protected file; save it as an unprotected .xlsx workbook",
      );
    fail(
      `这不是 Excel 工作簿(.xlsx)文件,无法读取。请上传系统下载的${words.template}(.xlsx),不要只修改文件扩展名。`,
      "not an Excel workbook (.xlsx) by content; upload the .xlsx template",
    );
  }
  const zip = await checkZip(data, MAX_UNPACKED_BYTES); // inflates every entry, counting what it really produces
  if (zip.kind === "too-large")
    fail(
      `文件解压后超过 ${MAX_UNPACKED_BYTES / 1024 / 1024} MB,可能已损坏或被篡改,未导入任何数据。请上传系统下载的${words.template}。`,
      `the workbook unpacks to more than ${MAX_UNPACKED_BYTES} bytes`,
    );
  // the rows counted in the sheets' XML before exceljs builds them (building 70,000 rows costs seconds and a gigabyte)
  if (zip.kind === "ok") {
    const rows = countSheetRows(data);
    if (rows > words.maxRows)
      fail(
        `文件有 ${rows} 行,远超${words.typical}可能有的行数(至多 ${words.maxRows} 行,${words.rowsWhy}),未导入任何数据。请上传系统下载的${words.template},只填写本月的数据。`,
        `the workbook has ${rows} rows; a ${words.template} has at most ${words.maxRows}`,
      );
  }
  if (zip.kind !== "ok" || !zip.names.has("xl/workbook.xml"))
    fail(
      `这不是可以读取的 Excel 工作簿(.xlsx)文件:它是压缩包,但不含工作簿,或文件已损坏。请上传系统下载的${words.template}。`,
      "not a readable .xlsx workbook (a zip archive without a workbook, or a damaged file)",
    );

  // 2. the workbook
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer-like "Buffer"; at run time it hands it to JSZip, which takes a Node Buffer
    // a workbook another program wrote may name its parts by absolute paths (openpyxl): made relative for exceljs
    const bytes = relativeTargets(data);
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    fail(
      `无法读取这个 Excel 工作簿,文件可能已损坏。请用 Excel 打开并另存为 .xlsx 后再上传,或重新下载${words.template}。`,
      `unreadable workbook: ${msg}`,
    );
  }
  return wb;
}

/** Problems of the 数据填报 sheet in reading order: the header's first, then by row and column. */
function byPlace(a: Problem, b: Problem): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

/** `2023-03`, `2023-3`, `2023/03`, `2023年3月`, or a date cell → `YYYY-MM`; undefined when unrecognisable. */
function periodOf(cell: ExcelJS.Cell): string | undefined {
  const v = cell.value;
  if (v instanceof Date) return makePeriod(v.getUTCFullYear(), v.getUTCMonth() + 1);
  const m = /^(\d{4})\s*[-/.\u5E74]\s*(\d{1,2})\s*\u6708?$/.exec(textOf(cell));
  if (!m?.[1] || !m[2]) return undefined;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? makePeriod(Number(m[1]), month) : undefined;
}

/** A period recorded in the 说明 sheet must be the one being imported (no 说明 sheet: nothing to check). */
export function checkPeriod(wb: ExcelJS.Workbook, period: string, place: (p: Omit<Problem, "file">) => Problem, problems: Problem[], template = "填报模板"): void {
  const notes = wb.worksheets.find((s) => s.name.trim() === NOTES_SHEET);
  if (!notes) return;
  for (let r = 1; r <= Math.min(notes.rowCount, 50); r++) {
    const row = notes.getRow(r);
    if (!PERIOD_LABELS.includes(textOf(row.getCell(1)).replace(/\s+/g, ""))) continue;
    const cell = row.getCell(2);
    const shown = textOf(cell);
    const found = periodOf(cell);
    if (found === period) return;
    problems.push(
      place({
        line: r,
        column: 2,
        field: "period",
        zh: found
          ? `“${NOTES_SHEET}”工作表第 ${r} 行 B 列(期间):这份表是${periodLabel(found)}的,而这次导入的是${periodLabel(period)}。请下载${periodLabel(period)}的${template}重新填写,或改为导入${periodLabel(found)}。`
          : `“${NOTES_SHEET}”工作表第 ${r} 行 B 列(期间):“${shown}”不是可识别的月份,无法确认这份表属于${periodLabel(period)}。请恢复为 ${period},或重新下载${template}。`,
        en: found
          ? `sheet ${NOTES_SHEET}, row ${r}, column B: the workbook is for ${found}, not ${period}`
          : `sheet ${NOTES_SHEET}, row ${r}, column B: unrecognisable period "${shown}" (expected ${period})`,
      }),
    );
    return;
  }
}
