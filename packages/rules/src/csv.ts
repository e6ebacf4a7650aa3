/**
 * Reading the CSV files of `interfaces.md` (facts, adjustments, units) through the one table
 * reader (`table.ts`).
 *
 * Pure: text in, rows out, no file system. Every reader collects every problem of the file and
 * then throws one `InputError`; each problem names the file, the 1-based line (the header is
 * line 1), the column where one applies, the field, and says in Chinese what is wrong and what
 * to do.
 */
import { parseCsv, type UnitCsvRow } from "./csv-text";
import type { AdjustmentRow, FactRow, ManualRow } from "./data";
import { KEY_RE, knownUnits, readFactsTable, readPeriodCell, readUnitCell } from "./facts-table";
import type { UnitRef } from "./checks";
import { checkManualRow } from "./manual";
import { parseFactNumber } from "./numbers";
import { periodLabel } from "./calendar";
import { InputError, type Problem } from "./problems";
import { normalizeText } from "./bounds";
import { indicatorsOf, type Period, type Rulebook } from "./rulebook";
import { versionInForce } from "./versions";
import { csvDialect, csvTableRows, isBlankRow, TableReader, type ColumnSpec, type Dialect, type TableRow } from "./table";

export { parseCsv, writeAdjustmentsCsv, writeFactsCsv, writeManualCsv, writeUnitsCsv, type CsvRow, type UnitCsvRow } from "./csv-text";

const PERIOD_SPEC: ColumnSpec = { key: "period", aliases: ["期间", "月份"], zh: "期间(period)", label: "期间", required: true };
const UNIT_SPEC: ColumnSpec = { key: "unit", aliases: ["法庭", "单位"], zh: "法庭(unit)", label: "法庭", required: true };

/** The header and the non-blank data rows of a CSV text. */
function csvTable(text: string, file: string | undefined): { header: TableRow | undefined; rows: TableRow[] } {
  const all = csvTableRows(parseCsv(text, file)).filter((r) => !isBlankRow(r));
  return { header: all[0], rows: all.slice(1) };
}

function asList(rulebooks: Rulebook | readonly Rulebook[]): readonly Rulebook[] {
  return "format" in rulebooks ? [rulebooks] : rulebooks;
}

const FACTS_DIALECT = csvDialect(
  { zh: "数据文件", en: "facts file" },
  {
    zh: "表头只能有 period(期间)、unit(法庭)和考核办法中各字段的键或名称(如 enf_closed 或 执行结案数)。请改正列名,或删除这一列。",
    en: "the header may hold period, unit and the rulebook's field keys or labels only; rename or delete the column",
  },
);

export interface ReadFactsCsvOptions {
  /** tribunal names by key, so that data-check messages name the tribunal (麦新人民法庭) */
  names?: ReadonlyMap<string, string>;
  /** receives the data-check warnings, each with its line and column */
  warnings?: Problem[];
}

/**
 * Reads a facts CSV (`interfaces.md` "Facts CSV"). `rulebooks` is one rulebook or several
 * versions of one family; the expected fields are the union of their `fields`. The header holds
 * `period` (or 期间/月份), `unit` (or 法庭/单位) and one column per field, by key or by label, in
 * any order. Every cell of a field column must be a non-negative finite number, and each row
 * must pass the data checks (rulebook.md §7c) of the version in force at its month. Blank lines
 * are skipped; rows come back in file order, each with exactly the expected field keys.
 * Throws InputError listing every problem of the file.
 */
export function readFactsCsv(text: string, rulebooks: Rulebook | readonly Rulebook[], file?: string, opts: ReadFactsCsvOptions = {}): FactRow[] {
  const { header, rows } = csvTable(text, file);
  const read = readFactsTable(header, rows, {
    rulebooks,
    dialect: FACTS_DIALECT,
    idColumns: [PERIOD_SPEC, UNIT_SPEC],
    ...(file !== undefined ? { file } : {}),
    ...(opts.names ? { names: opts.names } : {}),
    ...(opts.warnings ? { warnings: opts.warnings } : {}),
  });
  if (read.problems.length) throw new InputError(read.problems);
  return read.rows;
}

/** Reads the header of a CSV whose rows the caller reads; undefined when the file is empty. */
function openCsv(text: string, file: string | undefined, specs: readonly ColumnSpec[], dialect: Dialect) {
  const { header, rows } = csvTable(text, file);
  const t = new TableReader(specs, dialect, file);
  return { t, rows: t.readHeader(header) ? rows : [] };
}

// ---------------------------------------------------------------------------------------------
// Adjustments

const ITEM_SPEC: ColumnSpec = { key: "item", aliases: ["项目"], zh: "项目(item)", label: "项目", required: true };
const COUNT_SPEC: ColumnSpec = { key: "count", aliases: ["次数"], zh: "次数(count)", label: "次数", required: true };
const NOTE_SPEC: ColumnSpec = { key: "note", aliases: ["备注"], zh: "备注(note)", label: "备注", required: false };

/**
 * Reads an adjustments CSV (`interfaces.md` "Adjustments CSV"): header `period,unit,item,count`
 * and optionally `note` (or 期间/月份, 法庭/单位, 项目, 次数, 备注). `item` must be an adjustment
 * key of one of the rulebooks, `count` a whole number ≥ 1. Repeated rows are kept: two events may
 * be recorded separately. Throws InputError listing every problem of the file.
 */
export function readAdjustmentsCsv(text: string, rulebooks: Rulebook | readonly Rulebook[], file?: string): AdjustmentRow[] {
  const items = new Map<string, string>();
  for (const rb of asList(rulebooks)) for (const a of rb.adjustments) if (!items.has(a.key)) items.set(a.key, a.name);
  const dialect = csvDialect(
    { zh: "加减分文件", en: "adjustments file" },
    { zh: "表头只能有 period(期间)、unit(法庭)、item(项目)、count(次数)和 note(备注)。请改正列名,或删除这一列。", en: "the header may hold period, unit, item, count and note only" },
  );
  const { t, rows } = openCsv(text, file, [PERIOD_SPEC, UNIT_SPEC, ITEM_SPEC, COUNT_SPEC, NOTE_SPEC], dialect);
  const known = [...items.keys()].join("、") || "(考核办法没有加减分项目)";
  const anyUnit = knownUnits();
  const out: AdjustmentRow[] = [];
  for (const row of rows) {
    t.checkWidth(row);
    const period = readPeriodCell(t, row);
    const unit = readUnitCell(t, row, anyUnit)?.key;
    let ok = period !== undefined && unit !== undefined;

    let item: string | undefined;
    const ic = t.cell(row, "item");
    if (!ic) ok = false;
    else if (ic.text === "") {
      t.empty(row, ic, "item", { zh: `请填写加减分项目的键(${known})。`, en: "write an adjustment key" });
      ok = false;
    } else if (!items.has(ic.text)) {
      const byName = [...items].find(([, name]) => name === ic.text)?.[0];
      t.report({
        line: row.line,
        column: ic.column,
        field: "item",
        zh: byName ? `项目(item)“${ic.text}”是项目名称,请改填它的键 ${byName}。` : `项目(item)“${ic.text}”不是考核办法中的加减分项目。请填写项目的键:${known}。`,
        en: byName ? `item "${ic.text}" is an item name; write its key ${byName}` : `unknown adjustment item "${ic.text}"; use one of: ${[...items.keys()].join(", ")}`,
      });
      ok = false;
    } else item = ic.text;

    let count: number | undefined;
    const cc = t.cell(row, "count");
    if (!cc) ok = false;
    else if (cc.text === "") {
      t.empty(row, cc, "count", { zh: "请填写次数,1 或更大的整数。", en: "write a whole number of 1 or more" });
      ok = false;
    } else if (/^\+?\d+$/.test(cc.text) && Number(cc.text) >= 1 && Number.isSafeInteger(Number(cc.text))) {
      count = Number(cc.text);
    } else {
      t.report({
        line: row.line,
        column: cc.column,
        field: "count",
        zh: `次数(count)“${cc.text}”不对。次数必须是 1 或更大的整数,如 1、2;没有发生的事项不要写这一行。`,
        en: `count "${cc.text}" must be a whole number of 1 or more`,
      });
      ok = false;
    }

    const nc = t.cell(row, "note");
    if (ok && period !== undefined && unit !== undefined && item !== undefined && count !== undefined) {
      const adj: AdjustmentRow = { period, unit, item, count };
      if (nc && nc.text !== "") adj.note = nc.text;
      out.push(adj);
    }
  }
  t.checkUnnamed(rows);
  if (t.problems.length) throw new InputError(t.problems);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Manual scores (评议打分, rulebook.md §9)

const INDICATOR_SPEC: ColumnSpec = { key: "indicator", aliases: ["指标"], zh: "指标(indicator)", label: "指标", required: true };
const SCORE_SPEC: ColumnSpec = { key: "score", aliases: ["分数", "评议分数", "得分"], zh: "分数(score)", label: "分数", required: true };
const REASON_SPEC: ColumnSpec = { key: "reason", aliases: ["理由", "评议理由"], zh: "理由(reason)", label: "理由", required: true };

const MANUAL_DIALECT = csvDialect(
  { zh: "评议打分文件", en: "manual scores file" },
  {
    zh: "表头只能有 period(期间)、unit(法庭)、indicator(指标)、score(分数)和 reason(理由)。请改正列名,或删除这一列。",
    en: "the header may hold period, unit, indicator, score and reason only",
  },
);

export interface ReadManualCsvOptions {
  /** tribunal names by key, so that messages name the tribunal (麦新人民法庭) */
  names?: ReadonlyMap<string, string>;
  /** the tribunals a row may name (the server's import): any other key is refused on its line */
  units?: readonly UnitRef[];
  /** the only month a row may be of (the server's import of one month): any other is refused on its line */
  period?: Period;
  /** the most lines the file may have (the server's import of one month: MAX_MANUAL_FILE_ROWS), refused whole before reading */
  maxRows?: number;
}

/** The number of lines of a text, counted without splitting it. */
function lineCount(text: string): number {
  let n = text.length > 0 && !text.endsWith("\n") ? 1 : 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/**
 * Reads a manual scores CSV (`interfaces.md`, `--manual M.csv`; rulebook.md §9): header
 * `period,unit,indicator,score,reason` (or 期间/月份, 法庭/单位, 指标, 分数, 理由) in any order.
 * Each row is checked by `checkManualRow` against the version in force at its month (a manual
 * indicator of that version applying to the tribunal's group, 0 ≤ score ≤ points, a reason);
 * one score per (period, unit, indicator). Blank lines are skipped; rows come back in file
 * order. Throws InputError listing every problem of the file.
 */
export function readManualCsv(text: string, rulebooks: Rulebook | readonly Rulebook[], file?: string, opts: ReadManualCsvOptions = {}): ManualRow[] {
  if (opts.maxRows !== undefined) {
    const lines = lineCount(text);
    if (lines > opts.maxRows + 1)
      throw new InputError([
        {
          ...(file !== undefined ? { file } : {}),
          zh: `文件有 ${lines} 行,远超一个月的评议分数可能有的行数(至多 ${opts.maxRows} 行,每个法庭每个指标一行),未导入任何数据。请只上传本月的评议分数。`,
          en: `the file has ${lines} lines; a month's committee scores have at most ${opts.maxRows}`,
        },
      ]);
  }
  const { t, rows } = openCsv(text, file, [PERIOD_SPEC, UNIT_SPEC, INDICATOR_SPEC, SCORE_SPEC, REASON_SPEC], MANUAL_DIALECT);
  const names = opts.names ?? (opts.units ? new Map(opts.units.map((u) => [u.key, u.name])) : undefined);
  const anyUnit = knownUnits(opts.units, names);
  const seen = new Map<string, number>();
  const out: ManualRow[] = [];
  const readRow = (row: TableRow): void => {
    t.checkWidth(row);
    let period = readPeriodCell(t, row);
    if (period !== undefined && opts.period !== undefined && period !== opts.period) {
      const pc = t.cell(row, "period")!;
      t.report({
        line: row.line,
        column: pc.column,
        field: "period",
        zh: `这一行是${periodLabel(period)}的评议分数,而这次导入的是${periodLabel(opts.period)}。请只保留${periodLabel(opts.period)}的行,或改为导入${periodLabel(period)}。`,
        en: `the row is of ${period}, but the import is of ${opts.period}`,
      });
      period = undefined;
    }
    const unit = readUnitCell(t, row, anyUnit)?.key;

    let indicator: string | undefined;
    const ic = t.cell(row, "indicator");
    if (ic && ic.text === "") {
      t.empty(row, ic, "indicator", { zh: "请填写评议打分指标的键,如 M1。", en: "write the manual indicator's key, e.g. M1" });
    } else if (ic) indicator = ic.text;

    let score: number | undefined;
    const sc = t.cell(row, "score");
    if (sc && sc.text === "") {
      t.empty(row, sc, "score", { zh: "请填写评议分数,0 到该指标分值之间的数字。", en: "write the score, from 0 to the indicator's points" });
    } else if (sc) {
      const r = parseFactNumber(sc.text, SCORE_SPEC.zh);
      // a negative number is a number: the rule's check says what range to write
      const negative = !r.ok && sc.text.startsWith("-") ? parseFactNumber(sc.text.slice(1)) : undefined;
      if (r.ok) score = r.value;
      else if (negative?.ok) score = -negative.value;
      // the facts reader's words, without its advice to write 0 for what did not happen: a score not given is a row left out
      else t.report({ line: row.line, column: sc.column, field: "score", zh: r.zh.replace(",没有发生的填 0。", "。"), en: r.en.replace(" (0 when none)", "") });
    }
    const rawReason = t.cell(row, "reason")?.text;
    const reason = rawReason === undefined ? undefined : normalizeText(rawReason).trim();

    // the rule's check (it needs the month, which says which version applies, and the tribunal), on the cells read
    if (period === undefined || unit === undefined) return;
    const read: Record<string, boolean> = { indicator: indicator !== undefined, score: score !== undefined, reason: reason !== undefined };
    const m: ManualRow = { period, unit, indicator: indicator ?? "", score: score === 0 ? 0 : score ?? 0, reason: reason ?? "" };
    const rb = versionInForce(rulebooks, period);
    const problems = checkManualRow(rb, m, names ? { names } : {}).filter((p) => p.field === undefined || (read[p.field] ?? true));
    for (const p of problems) t.report({ line: row.line, column: p.field === undefined ? undefined : t.columns.get(p.field), field: p.field, zh: p.zh, en: p.en });
    if (indicator === undefined || score === undefined || reason === undefined) return;

    const id = `${period}\u0000${unit}\u0000${indicator}`;
    const first = seen.get(id);
    if (first !== undefined) {
      const name = names?.get(unit) ?? unit;
      const what = indicatorsOf(rb).find((i) => i.key === indicator)?.name ?? indicator;
      t.report({
        line: row.line,
        column: ic?.column,
        field: "indicator",
        zh: `${name} ${periodLabel(period)}“${what}”的评议分数重复:第 ${first} 行和第 ${row.line} 行都有。每个法庭每月每项指标只能有一个评议分数,请删除其中一行。`,
        en: `duplicate manual score for ${unit} ${period} ${indicator}: lines ${first} and ${row.line}; keep one`,
      });
      return;
    }
    seen.set(id, row.line);
    if (problems.length === 0) out.push(m);
  };
  for (const row of rows) {
    // a row's problems in the order of its columns
    const start = t.problems.length;
    readRow(row);
    t.problems.push(...t.problems.splice(start).sort((a, b) => (a.column ?? Infinity) - (b.column ?? Infinity)));
  }
  t.checkUnnamed(rows);
  if (t.problems.length) throw new InputError(t.problems);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Units

const UNIT_KEY_SPEC: ColumnSpec = { key: "key", aliases: ["键", "代码"], zh: "键(key)", label: "键", required: true };
const UNIT_NAME_SPEC: ColumnSpec = { key: "name", aliases: ["名称", "法庭"], zh: "名称(name)", label: "名称", required: true };
const UNIT_HEAD_SPEC: ColumnSpec = { key: "head", aliases: ["庭长"], zh: "庭长(head)", label: "庭长", required: false };

/**
 * Reads `units.csv`: header `key,name` and optionally `head` (or 键/代码, 名称/法庭, 庭长).
 * Keys must be valid and unique, names non-empty. Throws InputError listing every problem.
 */
export function readUnitsCsv(text: string, file?: string): UnitCsvRow[] {
  const dialect = csvDialect(
    { zh: "法庭名单文件", en: "units file" },
    { zh: "表头只能有 key(键)、name(名称)和 head(庭长)。请改正列名,或删除这一列。", en: "the header may hold key, name and head only" },
  );
  const { t, rows } = openCsv(text, file, [UNIT_KEY_SPEC, UNIT_NAME_SPEC, UNIT_HEAD_SPEC], dialect);
  const out: UnitCsvRow[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    t.checkWidth(row);
    let ok = true;
    let key: string | undefined;
    const kc = t.cell(row, "key");
    if (!kc) ok = false;
    else if (kc.text === "") {
      t.empty(row, kc, "key", { zh: "请填写法庭的键,如 dayushu。", en: "write the unit key, e.g. dayushu" });
      ok = false;
    } else if (!KEY_RE.test(kc.text)) {
      t.report({
        line: row.line,
        column: kc.column,
        field: "key",
        zh: `键(key)“${kc.text}”不合法。法庭键只能由字母、数字、下划线或连字符组成,并以字母开头,如 dayushu。`,
        en: `invalid unit key "${kc.text}": letters, digits, _ or -, starting with a letter`,
      });
      ok = false;
    } else {
      const first = seen.get(kc.text);
      if (first !== undefined) {
        t.report({
          line: row.line,
          column: kc.column,
          field: "key",
          zh: `法庭键 ${kc.text} 重复:第 ${first} 行已有这个键。每个法庭只能列一次,请删除重复的行或改用其他键。`,
          en: `duplicate unit key ${kc.text}: line ${first} already has it`,
        });
        ok = false;
      } else {
        seen.set(kc.text, row.line);
        key = kc.text;
      }
    }
    let name: string | undefined;
    const nc = t.cell(row, "name");
    if (!nc) ok = false;
    else if (nc.text === "") {
      t.empty(row, nc, "name", { zh: "请填写法庭名称,如 大榆树人民法庭。", en: "write the unit's name" });
      ok = false;
    } else name = nc.text;
    const hc = t.cell(row, "head");
    if (ok && key !== undefined && name !== undefined) {
      const unit: UnitCsvRow = { key, name };
      if (hc && hc.text !== "") unit.head = hc.text;
      out.push(unit);
    }
  }
  t.checkUnnamed(rows);
  if (t.problems.length) throw new InputError(t.problems);
  return out;
}
