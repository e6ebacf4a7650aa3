/**
 * The committee scores' workbook (评议打分, rulebook.md §9): what HR downloads for a month, fills
 * in and uploads again — its own template, not the statistician's facts template.
 *
 * Two sheets:
 * - "评议打分": row 1 is the header — 法庭代码 (unit key), 法庭 (name), then for each manual
 *   indicator of the version in force a "<指标> 分数" and a "<指标> 理由" column; one row per
 *   tribunal in court order, the stored entries filled in; a cell of an indicator that does not
 *   apply to the tribunal's group is grey and stays empty.
 * - "说明": the period (checked on import), the rulebook's version, how to fill it in, and each
 *   manual indicator's key, name, points and the groups it applies to.
 *
 * The reader goes through the table reader of @scorecard/rules (header matching, unknown,
 * duplicate and unnamed columns, the 法庭代码 cell) and checks every entry with `checkManualRow`,
 * so a file is read whole: every problem named with its sheet, row and column, or all its rows.
 */
import ExcelJS from "exceljs";
import {
  appliesTo,
  checkManualRow,
  groupList,
  groupOf,
  InputError,
  isBlankCell,
  knownUnits,
  manualIndicators,
  normalizeText,
  MAX_MANUAL_FILE_ROWS,
  normalizeName,
  parseFactNumber,
  periodLabel,
  readUnitCell,
  TableReader,
  type ColumnSpec,
  type Dialect,
  type ManualRow,
  type Period,
  type Problem,
  type Rulebook,
  type TableCell,
  type TableRow,
} from "@scorecard/rules";
import { columnLetter, KEY_HEADER, NAME_HEADER, type WorkbookUnit } from "./facts-sheet";
import { checkPeriod, MAX_READ_PROBLEMS, openUploadedWorkbook } from "./facts-workbook";
import { tableRow } from "./sheet-cells";
import { addNotesSheet, BOLD, BORDER, displayWidth, GREY_FILL, GREY_TEXT, HEADER_FILL } from "./workbook-style";

/** The sheet holding the committee scores. */
export const MANUAL_SHEET = "评议打分";
const TEMPLATE_WORDS = { template: "评议打分模板", typical: "评议打分表", maxRows: MAX_MANUAL_FILE_ROWS, rowsWhy: "每个法庭一行" };


const scoreKey = (indicator: string) => `${indicator}.score`;
const reasonKey = (indicator: string) => `${indicator}.reason`;
const scoreHeader = (name: string) => `${name} 分数`;
const reasonHeader = (name: string) => `${name} 理由`;

/** The columns of the sheet: the tribunal's two, then a score and a reason column per manual indicator. */
function columnSpecs(rb: Rulebook): ColumnSpec[] {
  const specs: ColumnSpec[] = [
    {
      key: "unit",
      aliases: [KEY_HEADER, "key", "代码"],
      zh: `“${KEY_HEADER}”`,
      label: KEY_HEADER,
      required: true,
      missingHint: { zh: "导入按法庭代码识别法庭,请恢复这一列(可从系统重新下载模板)。", en: "the import finds each tribunal by its key; restore the column" },
    },
    { key: "name", aliases: [NAME_HEADER, "法庭名称", "名称"], zh: `“${NAME_HEADER}”`, label: NAME_HEADER, required: false },
  ];
  for (const ind of manualIndicators(rb)) {
    specs.push({ key: scoreKey(ind.key), aliases: [scoreHeader(ind.name), `${ind.key}分数`, `${ind.key}.score`], zh: `“${scoreHeader(ind.name)}”`, label: scoreHeader(ind.name), required: false });
    specs.push({ key: reasonKey(ind.key), aliases: [reasonHeader(ind.name), `${ind.key}理由`, `${ind.key}.reason`], zh: `“${reasonHeader(ind.name)}”`, label: reasonHeader(ind.name), required: false });
  }
  return specs;
}

/** Messages start with their place: `“评议打分”工作表第 3 行 C 列(考评委员会评议 分数):`. */
function sheetDialect(rb: Rulebook): Dialect {
  const first = manualIndicators(rb)[0];
  const sheet = `“${MANUAL_SHEET}”工作表`;
  return {
    what: { zh: "评议打分表", en: "manual scores sheet" },
    unknownHint: {
      zh: `表头只能有“${KEY_HEADER}”“${NAME_HEADER}”和各评议打分指标的分数、理由列(如“${first ? scoreHeader(first.name) : "指标 分数"}”)。请改正列名,或删除这一列。`,
      en: `the header may hold ${KEY_HEADER}, ${NAME_HEADER} and a score and a reason column per manual indicator`,
    },
    headerCell: (c) => ({ zh: `${sheet}第 1 行 ${columnLetter(c)} 列:表头`, en: `sheet ${MANUAL_SHEET}, row 1, column ${columnLetter(c)}: ` }),
    column: (c) => ({ zh: `${columnLetter(c)} 列`, en: `column ${columnLetter(c)}` }),
    headerRow: { zh: `${sheet}第 1 行:`, en: `sheet ${MANUAL_SHEET}, row 1: ` },
    cell: (line, c, spec) => ({ zh: `${sheet}第 ${line} 行 ${columnLetter(c)} 列(${spec.label}):`, en: `sheet ${MANUAL_SHEET}, row ${line}, column ${columnLetter(c)} (${spec.key}): ` }),
    subject: () => "",
  };
}


export interface ManualWorkbookOptions {
  /** the version in force at `period` */
  rulebook: Rulebook;
  period: Period;
  /** the tribunals, in court order */
  units: WorkbookUnit[];
}

/**
 * The month's template (see the module comment), the stored entries filled in (`rows`, those of
 * other months or tribunals left out). A version without manual indicators gives a sheet with the
 * tribunals alone.
 */
export async function buildManualTemplate(opts: ManualWorkbookOptions & { rows: readonly ManualRow[] }): Promise<Buffer> {
  const { rulebook: rb, period, units } = opts;
  const indicators = manualIndicators(rb);
  const entry = new Map(opts.rows.filter((r) => r.period === period).map((r) => [`${r.unit}\u0000${r.indicator}`, r]));
  const groups = groupList(rb);
  const groupName = (k: string) => groups.find((g) => g.key === k)?.name ?? k;

  const wb = new ExcelJS.Workbook();
  wb.creator = "人民法庭审判执行绩效考核系统";
  wb.title = `${periodLabel(period)} 评议打分`;
  const ws = wb.addWorksheet(MANUAL_SHEET, {
    views: [{ state: "frozen", xSplit: 2, ySplit: 1, topLeftCell: "C2", activeCell: "C2" }],
    pageSetup: { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const headers = [KEY_HEADER, NAME_HEADER, ...indicators.flatMap((i) => [scoreHeader(i.name), reasonHeader(i.name)])];
  const header = ws.getRow(1);
  header.values = headers;
  header.height = 30;
  header.eachCell((cell) => {
    cell.font = BOLD;
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  });
  header.getCell(1).note = "法庭代码(键),导入时按它识别法庭,请勿改动。";
  indicators.forEach((ind, k) => {
    const applies = ind.groups ? `;只考核${ind.groups.map(groupName).join("、")}` : "";
    header.getCell(3 + 2 * k).note = `键:${ind.key}\n分值:${ind.points} 分\n填写 0 到 ${ind.points} 之间的分数${applies}`;
    header.getCell(4 + 2 * k).note = "每个分数都必须写明评议理由。";
  });

  const widths = headers.map((h) => displayWidth(h));
  units.forEach((u, r) => {
    const row = ws.getRow(r + 2);
    const group = groupOf(rb, u.key);
    row.values = [u.key, u.name, ...indicators.flatMap((i) => {
      const e = entry.get(`${u.key}\u0000${i.key}`);
      return e ? [e.score, e.reason] : [null, null];
    })];
    widths[0] = Math.max(widths[0] ?? 0, displayWidth(u.key));
    widths[1] = Math.max(widths[1] ?? 0, displayWidth(u.name));
    for (let c = 1; c <= 2; c++) {
      const cell = row.getCell(c);
      cell.border = BORDER;
      cell.fill = GREY_FILL;
      cell.font = GREY_TEXT;
    }
    indicators.forEach((ind, k) => {
      const score = row.getCell(3 + 2 * k);
      const reason = row.getCell(4 + 2 * k);
      score.border = BORDER;
      reason.border = BORDER;
      reason.alignment = { wrapText: true, vertical: "top" };
      const e = entry.get(`${u.key}\u0000${ind.key}`);
      if (e) widths[3 + 2 * k] = Math.max(widths[3 + 2 * k] ?? 0, Math.min(60, displayWidth(e.reason)));
      if (!appliesTo(ind, group)) {
        score.fill = GREY_FILL;
        reason.fill = GREY_FILL;
        score.note = `${u.name}属于${groupName(group)},不考核“${ind.name}”,请留空。`;
        return;
      }
      score.dataValidation = {
        type: "decimal",
        operator: "between",
        formulae: [0, ind.points],
        allowBlank: true,
        showErrorMessage: true,
        errorStyle: "stop",
        errorTitle: "分数不正确",
        error: `请填写 0 到 ${ind.points} 之间的分数。`,
      };
    });
  });
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = Math.min(60, Math.max(10, w + 4));
  });

  addNotesSheet(wb, {
    title: "评议打分填写说明",
    period,
    rulebook: rb,
    rules: [
      `1. 只在“${MANUAL_SHEET}”表中填写分数和理由;灰色的法庭代码和法庭名称不要改动,灰色的分数格表示该法庭不考核这一指标,请留空。`,
      "2. 分数填写 0 到该指标分值之间的数字(可有小数,如 6.44);每个分数都必须写明评议理由。",
      "3. 分数和理由都留空的,这一项不导入,系统中已有的分数保持不变;要删除已录入的分数,请在系统的“评议打分”页面操作。",
      `4. 本表只用于${periodLabel(period)}的评议打分,导入其他月份会被拒绝;文件中任何一处有误,整个文件都不导入。`,
    ],
    head: ["指标键", "指标名称", "分值", "适用法庭"],
    rows: indicators.map((ind) => [ind.key, ind.name, ind.points, ind.groups ? ind.groups.map(groupName).join("、") : "全部法庭"]),
    lastWidth: 30,
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A score cell as a number, or undefined with the problem reported. */
function scoreOf(t: TableReader, row: TableRow, cell: TableCell, key: string): number | undefined {
  const l = t.lead(row, cell.column, key);
  if (cell.invalid) {
    t.report({ line: row.line, column: cell.column, field: "score", zh: `${l.zh}${cell.invalid.zh}`, en: `${l.en}${cell.invalid.en}` });
    return undefined;
  }
  if (cell.number !== undefined) return cell.number;
  const r = parseFactNumber(cell.text);
  if (r.ok) return r.value;
  // a negative number is a number: the rule's check says what range to write
  const negative = cell.text.startsWith("-") ? parseFactNumber(cell.text.slice(1)) : undefined;
  if (negative?.ok) return -negative.value;
  t.report({ line: row.line, column: cell.column, field: "score", zh: `${l.zh}${r.zh.replace(",没有发生的填 0。", "。")}`, en: `${l.en}${r.en.replace(" (0 when none)", "")}` });
  return undefined;
}

/**
 * Reads an uploaded committee-scores workbook of `period` and checks it whole: the bytes (as the
 * facts workbook's), the "评议打分" sheet and its header, the 说明 sheet's period, and every entry
 * (a score and its reason) with `checkManualRow` under the version in force. Returns the entries
 * (in sheet order) only when there is no problem at all; otherwise throws InputError listing every
 * problem with `file`, the Excel row as `line`, the column as `column` (its letter and the sheet
 * in the Chinese message) and the column's key as `field`. A row or an entry whose cells are all
 * empty is skipped.
 */
export async function readManualWorkbook(data: Uint8Array, opts: ManualWorkbookOptions & { file?: string }): Promise<ManualRow[]> {
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
  const rb = opts.rulebook;
  const indicators = manualIndicators(rb);
  if (indicators.length === 0)
    fail(
      `${periodLabel(opts.period)}生效的考核办法(版本 ${rb.version})没有评议打分指标,不需要导入评议分数。`,
      `rulebook version ${rb.version} in force at ${opts.period} has no manual indicator`,
    );
  const wb = await openUploadedWorkbook(data, fail, TEMPLATE_WORDS);
  if (wb.worksheets.length === 0) fail(`这个 Excel 文件中没有工作表,无法读取。请上传系统下载的${TEMPLATE_WORDS.template}。`, "the workbook has no worksheets");
  const ws = wb.worksheets.find((s) => normalizeName(s.name) === MANUAL_SHEET);
  if (!ws)
    fail(
      `找不到工作表“${MANUAL_SHEET}”。本文件的工作表有:${wb.worksheets.map((s) => `“${s.name}”`).join("、")}。请使用系统下载的${TEMPLATE_WORDS.template},或把评议分数所在的工作表改名为“${MANUAL_SHEET}”。`,
      `no sheet named "${MANUAL_SHEET}" (found: ${wb.worksheets.map((s) => s.name).join(", ")})`,
    );
  const problems: Problem[] = [];
  checkPeriod(wb, opts.period, place, problems, TEMPLATE_WORDS.template);

  const t = new TableReader(columnSpecs(rb), sheetDialect(rb), file);
  const sheetRows: ExcelJS.Row[] = [];
  ws.eachRow((row, r) => {
    if (r >= 2) sheetRows.push(row);
  });
  const body = sheetRows.map(tableRow).filter((r) => r.cells.size > 0);
  const out: ManualRow[] = [];
  if (t.readHeader(tableRow(ws.getRow(1)))) {
    // each indicator's score and reason go together
    const present = indicators.filter((i) => t.columns.has(scoreKey(i.key)) || t.columns.has(reasonKey(i.key)));
    for (const ind of present) {
      const hasScore = t.columns.has(scoreKey(ind.key));
      if (hasScore && t.columns.has(reasonKey(ind.key))) continue;
      const lacking = hasScore ? reasonHeader(ind.name) : scoreHeader(ind.name);
      t.report({
        line: 1,
        field: hasScore ? reasonKey(ind.key) : scoreKey(ind.key),
        zh: `“${MANUAL_SHEET}”工作表第 1 行:表头缺少“${lacking}”列。每项评议打分指标的分数和理由两列要一起保留(可从系统重新下载模板)。`,
        en: `sheet ${MANUAL_SHEET}, row 1: missing column ${lacking}`,
      });
    }
    if (present.length === 0)
      t.report({ line: 1, zh: `“${MANUAL_SHEET}”工作表第 1 行:表头没有任何评议打分指标的分数列(如“${scoreHeader(indicators[0]!.name)}”)。请使用系统下载的${TEMPLATE_WORDS.template}。`, en: `sheet ${MANUAL_SHEET}, row 1: no manual indicator column` });
    const complete = present.filter((i) => t.columns.has(scoreKey(i.key)) && t.columns.has(reasonKey(i.key)));
    const known = knownUnits(opts.units);
    const names = new Map(opts.units.map((u) => [u.key, u.name]));
    const seen = new Map<string, number>();
    for (const row of body) {
      if (complete.every((i) => isBlankCell(t.cell(row, scoreKey(i.key))) && isBlankCell(t.cell(row, reasonKey(i.key))))) continue;
      const unit = readUnitCell(t, row, known)?.key;
      const uc = t.cell(row, "unit");
      if (unit !== undefined && uc) {
        const first = seen.get(unit);
        if (first !== undefined) {
          const l = t.lead(row, uc.column, "unit");
          t.report({
            line: row.line,
            column: uc.column,
            field: "unit",
            zh: `${l.zh}${names.get(unit) ?? unit}重复,第 ${first} 行已有这个法庭。每个法庭只能有一行,请删除或合并重复的行。`,
            en: `${l.en}duplicate row for unit ${unit}: row ${first} already has it`,
          });
          continue;
        }
        seen.set(unit, row.line);
      }
      for (const ind of complete) {
        const sc = t.cell(row, scoreKey(ind.key))!;
        const rc = t.cell(row, reasonKey(ind.key))!;
        if (isBlankCell(sc) && isBlankCell(rc)) continue;
        if (isBlankCell(sc)) {
          const l = t.lead(row, sc.column, scoreKey(ind.key));
          t.report({
            line: row.line,
            column: sc.column,
            field: scoreKey(ind.key),
            zh: `${l.zh}只填写了理由,没有填写分数。请填写 0 到 ${ind.points} 之间的分数,或清空这一项的理由。`,
            en: `${l.en}a reason without a score`,
          });
          continue;
        }
        const score = scoreOf(t, row, sc, scoreKey(ind.key));
        if (score === undefined || unit === undefined) continue;
        const entry: ManualRow = { period: opts.period, unit, indicator: ind.key, score: score === 0 ? 0 : score, reason: normalizeText(rc.text).trim() };
        const found = checkManualRow(rb, entry, { names });
        for (const p of found) {
          const column = p.field === "reason" ? rc.column : sc.column;
          const key = p.field === "reason" ? reasonKey(ind.key) : scoreKey(ind.key);
          const l = t.lead(row, column, key);
          t.report({ line: row.line, column, field: key, zh: `${l.zh}${p.zh}`, en: `${l.en}${p.en}` });
        }
        if (found.length === 0) out.push(entry);
      }
    }
    t.checkUnnamed(body);
  }
  const all = [...problems, ...t.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))];
  if (all.length > MAX_READ_PROBLEMS) {
    const rest = all.length - MAX_READ_PROBLEMS;
    all.splice(MAX_READ_PROBLEMS, rest, place({ zh: `另有 ${rest} 个问题未列出(共 ${all.length} 个)。这个文件看起来不是评议打分模板,请重新下载模板填写。`, en: `${rest} more problems not listed (${all.length} in all)` }));
  }
  if (all.length) throw new InputError(all);
  return out;
}
