/**
 * The Excel round trip of a month's facts (`product.md`, "The monthly cycle", step 1): the
 * template the statistician downloads, the reader that checks an uploaded workbook whole, and the
 * preview of what an import would change.
 *
 * The template has two sheets:
 * - "数据填报": row 1 is the header — 法庭代码 (unit key), 法庭 (name), then one column per
 *   rulebook field headed by its Chinese label (the key, unit and aggregation in the header
 *   cell's comment); one row per tribunal in the given order, the stored values filled in.
 * - "说明": the period, the rulebook's id, version and title, how to fill the sheet in, and
 *   every field's key, label, unit and aggregation.
 *
 * The reader accepts headers by label or by key, in any order; rows may be a subset of the
 * tribunals (only those rows are imported), but every field column is required.
 */
import ExcelJS from "exceljs";
import { checkFactValue, InputError, parseFactNumber, type Field, type NumberResult, type Problem, type Rulebook } from "@scorecard/rules";
import { checkZip, isOle2, isZip } from "./xlsx-file";

export interface WorkbookUnit {
  key: string;
  name: string;
}

/** One tribunal's figures for the month, by field key. */
export interface WorkbookRow {
  unit: string;
  values: Record<string, number>;
}

/** The largest upload the reader looks at (5 MB); checked before anything is parsed. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/**
 * The most an upload may unpack to, counted while inflating (whatever its zip directory declares).
 * A genuine facts workbook unpacks to well under a megabyte; exceljs needs about 17 times the
 * unpacked size in memory, so this also bounds what reading a valid but huge sheet costs.
 */
export const MAX_UNPACKED_BYTES = 8 * 1024 * 1024;

/**
 * At most this many problems are listed, then one saying how many more there are: a real
 * template has 8 rows × 22 fields, and a garbage sheet must not build a list of millions.
 */
export const MAX_LISTED_PROBLEMS = 1000;

/** The sheet holding the figures. */
export const FACTS_SHEET = "数据填报";
/** The sheet recording the period, the rulebook and the fields. */
export const NOTES_SHEET = "说明";

const KEY_HEADER = "法庭代码";
const NAME_HEADER = "法庭";
const KEY_ALIASES = [KEY_HEADER, "unit", "key", "代码"];
const NAME_ALIASES = [NAME_HEADER, "name", "法庭名称", "名称"];
const PERIOD_LABELS = ["期间", "period"];

const AGGREGATE_ZH: Record<Field["aggregate"], string> = {
  sum: "求和(按月累计)",
  mean: "平均(各月平均)",
  last: "取最近一月",
};

const BOLD = { bold: true } as const;
const GREY_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE7E6E6" } };
const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
const GREY_TEXT = { color: { argb: "FF595959" } } as const;
const THIN: ExcelJS.Border = { style: "thin", color: { argb: "FFBFBFBF" } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

// ---------------------------------------------------------------------------------------------
// Helpers

/** 1 → A, 26 → Z, 27 → AA. */
export function columnLetter(column: number): string {
  let s = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Display width in Excel character units: CJK and full-width characters count two. */
function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return w;
}

function normalizeHeader(text: string): string {
  return text.replace(/\s+/g, "");
}

// ---------------------------------------------------------------------------------------------
// The template

/**
 * Builds the month's template (see the module comment): the header row bold and frozen with the
 * 法庭代码 and 法庭 columns, those two columns grey, values as numbers (empty where none is
 * stored), a non-negative-number validation on every value cell, and the "说明" sheet.
 * Rows whose unit is not in `units` are left out.
 */
export async function buildFactsTemplate(opts: {
  rulebook: Rulebook;
  period: string;
  units: WorkbookUnit[];
  rows: WorkbookRow[];
}): Promise<Buffer> {
  const { rulebook, period, units } = opts;
  const fields = rulebook.fields;
  const byUnit = new Map(opts.rows.map((r) => [r.unit, r.values]));

  const wb = new ExcelJS.Workbook();
  wb.creator = "人民法庭审判执行绩效考核系统";
  wb.title = `${period} 考核数据填报`;

  const ws = wb.addWorksheet(FACTS_SHEET, {
    views: [{ state: "frozen", xSplit: 2, ySplit: 1, topLeftCell: "C2", activeCell: "C2" }],
    pageSetup: { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });

  const header = ws.getRow(1);
  header.values = [KEY_HEADER, NAME_HEADER, ...fields.map((f) => f.label)];
  header.height = 30;
  header.eachCell((cell) => {
    cell.font = BOLD;
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { vertical: "middle", horizontal: "center" };
  });
  header.getCell(1).note = "法庭代码(键),导入时按它识别法庭,请勿改动。";
  fields.forEach((f, i) => {
    header.getCell(i + 3).note = [`键:${f.key}`, `单位:${f.unit ?? "—"}`, `汇总:${AGGREGATE_ZH[f.aggregate]}`].join("\n");
  });

  const widths = [displayWidth(KEY_HEADER), displayWidth(NAME_HEADER), ...fields.map((f) => displayWidth(f.label))];
  units.forEach((u, i) => {
    const values = byUnit.get(u.key);
    const row = ws.getRow(i + 2);
    row.values = [u.key, u.name, ...fields.map((f) => values?.[f.key] ?? null)];
    widths[0] = Math.max(widths[0] ?? 0, displayWidth(u.key));
    widths[1] = Math.max(widths[1] ?? 0, displayWidth(u.name));
    for (let c = 1; c <= fields.length + 2; c++) {
      const cell = row.getCell(c);
      cell.border = BORDER;
      if (c <= 2) {
        cell.fill = GREY_FILL;
        cell.font = GREY_TEXT;
        cell.protection = { locked: true };
        continue;
      }
      const v = values?.[fields[c - 3]?.key ?? ""];
      if (v !== undefined) widths[c - 1] = Math.max(widths[c - 1] ?? 0, displayWidth(String(v)));
      cell.protection = { locked: false };
      cell.dataValidation = {
        type: "decimal",
        operator: "greaterThanOrEqual",
        formulae: [0],
        allowBlank: true,
        showErrorMessage: true,
        errorStyle: "stop",
        errorTitle: "数据不正确",
        error: "请填写 0 或正数(件数、天数、金额等原始数字),没有发生的填 0。",
      };
    }
  });
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = Math.min(40, Math.max(10, w + 4));
  });

  const notes = wb.addWorksheet(NOTES_SHEET);
  notes.getColumn(1).width = 30;
  notes.getColumn(2).width = 36;
  notes.getColumn(3).width = 10;
  notes.getColumn(4).width = 20;
  const title = notes.getCell("A1");
  title.value = "考核数据填报说明";
  title.font = { bold: true, size: 14 };
  const meta: Array<[string, string]> = [
    ["期间", period],
    ["考核办法代码", rulebook.id],
    ["考核办法版本", rulebook.version],
    ["考核办法名称", rulebook.title],
  ];
  meta.forEach(([label, value], i) => {
    const row = notes.getRow(i + 2);
    row.getCell(1).value = label;
    row.getCell(1).font = BOLD;
    row.getCell(2).value = value;
    row.getCell(2).numFmt = "@"; // stays text if retyped: 2023-03 must not become a date
  });
  const rules = [
    "填写要求:",
    `1. 只在“${FACTS_SHEET}”表的白色单元格中填写;灰色的法庭代码和法庭名称不要改动。`,
    "2. 每个单元格填写 0 或正数(件数、天数、金额等原始数字,不要填百分比),没有发生的填 0。",
    "3. 不要增加、删除或改名表头中的列。可以删去不需要导入的法庭行,只有保留的行会被导入;整行数据为空的法庭也不导入。",
    `4. 本表只用于 ${period} 的数据,导入其他月份会被拒绝。`,
  ];
  rules.forEach((text, i) => {
    const cell = notes.getCell(7 + i, 1);
    cell.value = text;
    if (i === 0) cell.font = BOLD;
  });
  const tableTop = 7 + rules.length + 1;
  const tableHeader = notes.getRow(tableTop);
  tableHeader.values = ["字段键", "字段名称", "单位", "汇总方式"];
  tableHeader.eachCell((cell) => {
    cell.font = BOLD;
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
  });
  fields.forEach((f, i) => {
    const row = notes.getRow(tableTop + 1 + i);
    row.values = [f.key, f.label, f.unit ?? "", AGGREGATE_ZH[f.aggregate]];
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = BORDER;
    });
  });

  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
// Reading cells

type Content =
  | { kind: "empty"; formula?: string }
  | { kind: "number"; value: number; formula?: string }
  | { kind: "text"; text: string; formula?: string }
  | { kind: "boolean"; value: boolean; formula?: string }
  | { kind: "date"; formula?: string }
  | { kind: "error"; error: string; formula?: string }
  | { kind: "noResult"; formula: string };

function richTextOf(v: { richText: ExcelJS.RichText[] }): string {
  return v.richText.map((r) => r.text).join("");
}

/** What a cell holds, formulas resolved to their cached result. */
function contentOf(cell: ExcelJS.Cell): Content {
  const v: ExcelJS.CellValue = cell.value;
  if (v && typeof v === "object" && !(v instanceof Date) && ("formula" in v || "sharedFormula" in v)) {
    const formula = cell.formula ?? ("formula" in v ? v.formula : v.sharedFormula);
    const r = v.result;
    if (r === undefined || r === null) return { kind: "noResult", formula };
    return { ...plainContent(r), formula };
  }
  return plainContent(v);
}

function plainContent(v: unknown): Content {
  if (v === null || v === undefined) return { kind: "empty" };
  if (typeof v === "number") return { kind: "number", value: v };
  if (typeof v === "boolean") return { kind: "boolean", value: v };
  if (typeof v === "string") return v.trim() === "" ? { kind: "empty" } : { kind: "text", text: v.trim() };
  if (v instanceof Date) return { kind: "date" };
  if (typeof v === "object") {
    if ("error" in v) return { kind: "error", error: String(v.error) };
    if ("richText" in v && Array.isArray(v.richText)) return plainContent(richTextOf(v as { richText: ExcelJS.RichText[] }));
    if ("text" in v) {
      const t = v.text;
      if (typeof t === "string") return plainContent(t);
      if (t && typeof t === "object" && "richText" in t) return plainContent(richTextOf(t as { richText: ExcelJS.RichText[] }));
    }
  }
  return { kind: "text", text: String(v) };
}

/** The text a user sees for a key, name or header cell ("" when empty). */
function textOf(cell: ExcelJS.Cell): string {
  const c = contentOf(cell);
  switch (c.kind) {
    case "text":
      return c.text;
    case "number":
      return String(c.value);
    case "boolean":
      return c.value ? "TRUE" : "FALSE";
    case "error":
      return c.error;
    case "date":
      return cell.text.trim();
    default:
      return "";
  }
}

type Check = NumberResult;
const checkNumber = (value: number, shown: string): Check => checkFactValue(value, shown);
/** A number written as text: the same rules as a cell of the facts CSV. */
const checkText = (text: string): Check => parseFactNumber(text);

function checkCell(c: Content): Check {
  const via = c.formula === undefined ? { zh: "", en: "" } : { zh: `公式“=${c.formula}”的结果`, en: `the result of formula =${c.formula}: ` };
  switch (c.kind) {
    case "empty":
      return c.formula === undefined
        ? { ok: false, zh: "没有填写。请填写数字,没有发生的填 0。", en: "empty cell; write a number (0 when none)" }
        : { ok: false, zh: `${via.zh}为空。请填写数字,没有发生的填 0。`, en: `${via.en}empty; write a number (0 when none)` };
    case "number": {
      const r = checkNumber(c.value, String(c.value));
      return r.ok ? r : { ok: false, zh: via.zh + r.zh, en: via.en + r.en };
    }
    case "text": {
      const r = checkText(c.text);
      return r.ok ? r : { ok: false, zh: via.zh + r.zh, en: via.en + r.en };
    }
    case "boolean":
      return {
        ok: false,
        zh: `${via.zh}是逻辑值 ${c.value ? "TRUE" : "FALSE"},不是数字。请填写数字。`,
        en: `${via.en}a boolean, not a number`,
      };
    case "date":
      return {
        ok: false,
        zh: `${via.zh}是日期,不是数字。请把单元格格式改为“常规”或“数值”,再填写数字。`,
        en: `${via.en}a date, not a number; format the cell as General or Number`,
      };
    case "error":
      return {
        ok: false,
        zh: `${via.zh}是错误值 ${c.error}。请改正公式,或直接填写数字。`,
        en: `${via.en}the error value ${c.error}`,
      };
    case "noResult":
      return {
        ok: false,
        zh: `是公式“=${c.formula}”,但文件中没有保存它的计算结果(常见于由程序生成、未经 Excel 打开保存的文件)。请在 Excel 中打开并保存后再上传,或直接填写数字。`,
        en: `formula =${c.formula} has no cached result; open and save the file in Excel, or write the number`,
      };
  }
}

// ---------------------------------------------------------------------------------------------
// Reading a workbook

type Column = { kind: "key" } | { kind: "name" } | { kind: "field"; field: Field };

interface ReadOpts {
  rulebook: Rulebook;
  period: string;
  units: WorkbookUnit[];
  /** the file name as the user gave it; set on every problem */
  file?: string;
  /**
   * Receives what is worth telling but does not stop the import, such as a 法庭 name that
   * contradicts its 法庭代码 (the code wins).
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
 * `period`. Blank rows are skipped, and so is a row whose field cells are all empty (that tribunal
 * is not imported). Text cells holding a plain number ("12") are read as numbers, by the rules of
 * the facts CSV.
 */
export async function readFactsWorkbook(data: Uint8Array, opts: ReadOpts): Promise<WorkbookRow[]> {
  const file = opts.file;
  const problems: Problem[] = [];
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

  // 1. the file as bytes
  if (data.byteLength > MAX_UPLOAD_BYTES) {
    const mb = (data.byteLength / 1024 / 1024).toFixed(1);
    fail(
      `文件太大(${mb} MB),超过了 5 MB 的上限。考核数据填报表通常只有几十 KB,请确认上传的是系统下载的填报模板。`,
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
      "这不是 Excel 工作簿(.xlsx)文件,无法读取。请上传系统下载的填报模板(.xlsx),不要只修改文件扩展名。",
      "not an Excel workbook (.xlsx) by content; upload the .xlsx template",
    );
  }
  const zip = await checkZip(data, MAX_UNPACKED_BYTES); // inflates every entry, counting what it really produces
  if (zip.kind === "too-large")
    fail(
      `文件解压后超过 ${MAX_UNPACKED_BYTES / 1024 / 1024} MB,可能已损坏或被篡改,未导入任何数据。请上传系统下载的填报模板。`,
      `the workbook unpacks to more than ${MAX_UNPACKED_BYTES} bytes`,
    );
  if (zip.kind !== "ok" || !zip.names.has("xl/workbook.xml"))
    fail(
      "这不是可以读取的 Excel 工作簿(.xlsx)文件:它是压缩包,但不含工作簿,或文件已损坏。请上传系统下载的填报模板。",
      "not a readable .xlsx workbook (a zip archive without a workbook, or a damaged file)",
    );

  // 2. the workbook
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer-like "Buffer"; at run time it hands it to JSZip, which takes a Node Buffer
    await wb.xlsx.load(Buffer.from(data.buffer, data.byteOffset, data.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    fail(
      "无法读取这个 Excel 工作簿,文件可能已损坏。请用 Excel 打开并另存为 .xlsx 后再上传,或重新下载填报模板。",
      `unreadable workbook: ${msg}`,
    );
  }
  if (wb.worksheets.length === 0)
    fail("这个 Excel 文件中没有工作表,无法读取。请上传系统下载的填报模板。", "the workbook has no worksheets");
  const ws = wb.worksheets.find((s) => s.name.trim() === FACTS_SHEET);
  if (!ws)
    fail(
      `找不到工作表“${FACTS_SHEET}”。本文件的工作表有:${wb.worksheets.map((s) => `“${s.name}”`).join("、")}。请使用系统下载的填报模板,或把数据所在的工作表改名为“${FACTS_SHEET}”。`,
      `no sheet named "${FACTS_SHEET}" (found: ${wb.worksheets.map((s) => s.name).join(", ")})`,
    );
  const sheet = ws;
  const periodProblems: Problem[] = [];
  checkPeriod(wb, opts.period, place, periodProblems);

  // 3. the header
  const fields = opts.rulebook.fields;
  const lastColumn = sheet.columnCount;
  const columns = new Map<number, Column>();
  const columnOfKey = new Map<string, number>();
  const unnamed: number[] = [];
  const describe = (col: Column): { id: string; zh: string } =>
    col.kind === "key" ? { id: "unit", zh: `“${KEY_HEADER}”` } : col.kind === "name" ? { id: "name", zh: `“${NAME_HEADER}”` } : { id: col.field.key, zh: `“${col.field.label}”(${col.field.key})` };
  const headerRow = sheet.getRow(1);
  for (let c = 1; c <= lastColumn; c++) {
    const text = textOf(headerRow.getCell(c));
    const letter = columnLetter(c);
    if (text === "") {
      unnamed.push(c);
      continue;
    }
    const name = normalizeHeader(text);
    let col: Column | undefined;
    if (KEY_ALIASES.includes(name)) col = { kind: "key" };
    else if (NAME_ALIASES.includes(name)) col = { kind: "name" };
    else {
      const field = fields.find((f) => f.key === name) ?? fields.find((f) => normalizeHeader(f.label) === name);
      if (field) col = { kind: "field", field };
    }
    if (!col) {
      problems.push(
        place({
          line: 1,
          column: c,
          field: text,
          zh: `第 1 行 ${letter} 列:表头“${text}”不是可识别的列。表头只能有“${KEY_HEADER}”“${NAME_HEADER}”和考核办法中各字段的名称或键(如“${fields[0]?.label ?? ""}”或 ${fields[0]?.key ?? ""})。请改正列名,或删除这一列。`,
          en: `row 1, column ${letter}: unknown column "${text}"; the header may hold ${KEY_HEADER}, ${NAME_HEADER} and the rulebook's field labels or keys`,
        }),
      );
      continue;
    }
    const { id, zh } = describe(col);
    const first = columnOfKey.get(id);
    if (first !== undefined) {
      problems.push(
        place({
          line: 1,
          column: c,
          field: id,
          zh: `第 1 行 ${letter} 列:表头“${text}”与 ${columnLetter(first)} 列重复,都是${zh}。请删除其中一列。`,
          en: `row 1, column ${letter}: duplicate column "${text}"; column ${columnLetter(first)} is already ${id}`,
        }),
      );
      continue;
    }
    columnOfKey.set(id, c);
    columns.set(c, col);
  }
  if (!columnOfKey.has("unit"))
    problems.push(
      place({
        line: 1,
        field: "unit",
        zh: `第 1 行:表头缺少“${KEY_HEADER}”列。导入按法庭代码识别法庭,请恢复这一列(可从系统重新下载模板)。`,
        en: `row 1: missing column ${KEY_HEADER} (unit key)`,
      }),
    );
  for (const f of fields) {
    if (!columnOfKey.has(f.key))
      problems.push(
        place({
          line: 1,
          field: f.key,
          zh: `第 1 行:表头缺少“${f.label}”(${f.key})列。每个字段都必须有一列,请添加这一列并为每个法庭填写。`,
          en: `row 1: missing column for field ${f.key} (${f.label})`,
        }),
      );
  }

  // 4. the rows
  const unitByKey = new Map(opts.units.map((u) => [u.key, u]));
  const unitByName = new Map(opts.units.map((u) => [normalizeHeader(u.name), u]));
  const keyColumn = columnOfKey.get("unit");
  const nameColumn = columnOfKey.get("name");
  const fieldColumns = fields.flatMap((f) => {
    const c = columnOfKey.get(f.key);
    return c === undefined ? [] : [{ field: f, column: c }];
  });
  const unnamedWithData = new Map<number, number>();
  const seen = new Map<string, number>();
  const out: WorkbookRow[] = [];
  const knownKeys = opts.units.map((u) => u.key).join("、");

  // only the rows and cells the file holds (a sheet formatted down to row 1048576 has few)
  const dataRows: ExcelJS.Row[] = [];
  sheet.eachRow((row, r) => {
    if (r >= 2) dataRows.push(row);
  });
  for (const row of dataRows) {
    const r = row.number;
    const contents = new Map<number, Content>();
    row.eachCell((cell, c) => {
      const content = contentOf(cell);
      if (content.kind === "empty" && content.formula === undefined) return;
      contents.set(c, content);
      if ((unnamed.includes(c) || c > lastColumn) && !unnamedWithData.has(c)) unnamedWithData.set(c, r);
    });
    if (contents.size === 0) continue; // a blank row
    if (fieldColumns.length > 0 && fieldColumns.every(({ column }) => !contents.has(column))) continue; // no figures: not imported

    const at = (c: number, label: string) => `第 ${r} 行 ${columnLetter(c)} 列(${label})`;
    let unit: WorkbookUnit | undefined;
    let ok = true;
    const nameText = nameColumn === undefined ? "" : textOf(row.getCell(nameColumn));
    if (keyColumn !== undefined) {
      const keyText = textOf(row.getCell(keyColumn));
      const byName = nameText === "" ? undefined : unitByName.get(normalizeHeader(nameText));
      if (keyText === "") {
        problems.push(
          place({
            line: r,
            column: keyColumn,
            field: "unit",
            zh: `${at(keyColumn, KEY_HEADER)}:法庭代码没有填写。${byName ? `按“${NAME_HEADER}”一栏,这里应填 ${byName.key}。` : `请填写法庭代码:${knownKeys}。`}`,
            en: `row ${r}, column ${columnLetter(keyColumn)}: empty unit key${byName ? `; by its name it should be ${byName.key}` : ""}`,
          }),
        );
        ok = false;
      } else if (!unitByKey.has(keyText)) {
        const named = unitByName.get(normalizeHeader(keyText));
        problems.push(
          place({
            line: r,
            column: keyColumn,
            field: "unit",
            zh: named
              ? `${at(keyColumn, KEY_HEADER)}:“${keyText}”是法庭名称,请改填它的代码 ${named.key}。`
              : `${at(keyColumn, KEY_HEADER)}:“${keyText}”不是本院的法庭代码。请填写以下代码之一:${knownKeys}。`,
            en: named
              ? `row ${r}, column ${columnLetter(keyColumn)}: "${keyText}" is a tribunal name; write its key ${named.key}`
              : `row ${r}, column ${columnLetter(keyColumn)}: unknown unit "${keyText}"; use one of: ${opts.units.map((u) => u.key).join(", ")}`,
          }),
        );
        ok = false;
      } else {
        const first = seen.get(keyText);
        if (first !== undefined) {
          problems.push(
            place({
              line: r,
              column: keyColumn,
              field: "unit",
              zh: `${at(keyColumn, KEY_HEADER)}:法庭 ${keyText} 重复,第 ${first} 行已有这个法庭。每个法庭只能有一行,请删除或合并重复的行。`,
              en: `row ${r}, column ${columnLetter(keyColumn)}: duplicate unit ${keyText}; row ${first} already has it`,
            }),
          );
          ok = false;
        } else {
          seen.set(keyText, r);
          unit = unitByKey.get(keyText);
        }
      }
      if (unit && nameColumn !== undefined && nameText !== "" && normalizeHeader(nameText) !== normalizeHeader(unit.name)) {
        opts.warnings?.push(
          place({
            line: r,
            column: nameColumn,
            field: "name",
            zh: `${at(nameColumn, NAME_HEADER)}:法庭名称“${nameText}”与法庭代码 ${unit.key}(${unit.name})不符,已按法庭代码导入。请核对这一行是否填错了法庭。`,
            en: `row ${r}, column ${columnLetter(nameColumn)}: name "${nameText}" does not match unit ${unit.key} (${unit.name}); imported by the key`,
          }),
        );
      }
    }

    const values: Record<string, number> = {};
    for (const { field, column } of fieldColumns) {
      const result = checkCell(contents.get(column) ?? { kind: "empty" });
      if (result.ok) values[field.key] = result.value;
      else {
        problems.push(
          place({
            line: r,
            column,
            field: field.key,
            zh: `${at(column, field.label)}:${result.zh}`,
            en: `row ${r}, column ${columnLetter(column)} (${field.key}): ${result.en}`,
          }),
        );
        ok = false;
      }
    }
    if (ok && unit && fieldColumns.length === fields.length) out.push({ unit: unit.key, values });
  }

  for (const [c, r] of unnamedWithData) {
    const letter = columnLetter(c);
    problems.push(
      place({
        line: 1,
        column: c,
        zh: `第 1 行 ${letter} 列:这一列没有表头,但有数据(如第 ${r} 行)。请填写列名,或删除这一列。`,
        en: `row 1, column ${letter}: the column has data (e.g. row ${r}) but no header`,
      }),
    );
  }

  problems.sort(byPlace);
  const all = [...periodProblems, ...problems];
  if (all.length > MAX_LISTED_PROBLEMS) {
    const rest = all.length - MAX_LISTED_PROBLEMS;
    const more = place({
      zh: `另有 ${rest} 个问题未列出(共 ${all.length} 个)。这个文件看起来不是填报模板,请重新下载模板填写。`,
      en: `${rest} more problems not listed (${all.length} in all)`,
    });
    all.splice(MAX_LISTED_PROBLEMS, rest, more);
  }
  if (all.length) throw new InputError(all);
  return out;
}

/** Problems of the 数据填报 sheet in reading order: the header's first, then by row and column. */
function byPlace(a: Problem, b: Problem): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

/** `2023-03`, `2023-3`, `2023/03`, `2023年3月`, or a date cell → `YYYY-MM`; undefined when unrecognisable. */
function periodOf(cell: ExcelJS.Cell): string | undefined {
  const v = cell.value;
  if (v instanceof Date) return `${v.getUTCFullYear()}-${String(v.getUTCMonth() + 1).padStart(2, "0")}`;
  const m = /^(\d{4})\s*[-/.\u5E74]\s*(\d{1,2})\s*\u6708?$/.exec(textOf(cell));
  if (!m?.[1] || !m[2]) return undefined;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? `${m[1]}-${String(month).padStart(2, "0")}` : undefined;
}

/** A period recorded in the 说明 sheet must be the one being imported (no 说明 sheet: nothing to check). */
function checkPeriod(wb: ExcelJS.Workbook, period: string, place: (p: Omit<Problem, "file">) => Problem, problems: Problem[]): void {
  const notes = wb.worksheets.find((s) => s.name.trim() === NOTES_SHEET);
  if (!notes) return;
  for (let r = 1; r <= Math.min(notes.rowCount, 50); r++) {
    const row = notes.getRow(r);
    if (!PERIOD_LABELS.includes(normalizeHeader(textOf(row.getCell(1))))) continue;
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
          ? `“${NOTES_SHEET}”工作表第 ${r} 行 B 列(期间):这份表是 ${found} 的,而这次导入的是 ${period}。请下载 ${period} 的填报模板重新填写,或改为导入 ${found}。`
          : `“${NOTES_SHEET}”工作表第 ${r} 行 B 列(期间):“${shown}”不是可识别的月份,无法确认这份表属于 ${period}。请恢复为 ${period},或重新下载填报模板。`,
        en: found
          ? `sheet ${NOTES_SHEET}, row ${r}, column B: the workbook is for ${found}, not ${period}`
          : `sheet ${NOTES_SHEET}, row ${r}, column B: unrecognisable period "${shown}" (expected ${period})`,
      }),
    );
    return;
  }
}

// ---------------------------------------------------------------------------------------------
// The preview

/** The preview of an import: per unit, which fields change from → to (stored null when no row yet), unchanged units listed as unchanged. */
export interface FactsDiff {
  period: string;
  units: Array<{
    unit: string;
    name: string;
    status: "new" | "changed" | "unchanged";
    changes: Array<{ field: string; label: string; from: number | null; to: number }>;
  }>;
  /** units that are new or changed */
  changedUnits: number;
  /** the number of changes over all units */
  changedCells: number;
}

/**
 * Compares the incoming rows with the stored ones. Only incoming units are listed (a unit not
 * in the upload is left as it is), in the order of `units` (then any other, in incoming order);
 * fields in rulebook order. A unit with no stored row is "new" and every field is a change from
 * null; a stored value missing for a field is null too.
 */
export function diffFacts(opts: {
  rulebook: Rulebook;
  period: string;
  units: WorkbookUnit[];
  stored: WorkbookRow[];
  incoming: WorkbookRow[];
}): FactsDiff {
  const stored = new Map(opts.stored.map((r) => [r.unit, r.values]));
  const order = new Map(opts.units.map((u, i) => [u.key, i]));
  const names = new Map(opts.units.map((u) => [u.key, u.name]));
  const incoming = opts.incoming
    .map((row, i) => ({ row, i }))
    .sort((a, b) => (order.get(a.row.unit) ?? opts.units.length + a.i) - (order.get(b.row.unit) ?? opts.units.length + b.i))
    .map(({ row }) => row);
  const units: FactsDiff["units"] = incoming.map((row) => {
    const before = stored.get(row.unit);
    const changes: FactsDiff["units"][number]["changes"] = [];
    for (const f of opts.rulebook.fields) {
      const to = row.values[f.key];
      if (to === undefined) continue;
      const from = before?.[f.key] ?? null;
      if (from === null || from !== to) changes.push({ field: f.key, label: f.label, from, to });
    }
    const status = before === undefined ? "new" : changes.length ? "changed" : "unchanged";
    return { unit: row.unit, name: names.get(row.unit) ?? row.unit, status, changes };
  });
  return {
    period: opts.period,
    units,
    changedUnits: units.filter((u) => u.status !== "unchanged").length,
    changedCells: units.reduce((n, u) => n + u.changes.length, 0),
  };
}
