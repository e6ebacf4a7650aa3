/**
 * Reading and writing the CSV files of `interfaces.md` (facts, adjustments, units).
 *
 * Pure: text in, rows out, no file system. Every reader collects every problem of the file and
 * then throws one `InputError`; each problem names the file, the 1-based line (the header is
 * line 1), the column where one applies, the field, and says in Chinese what is wrong and what
 * to do.
 */
import type { AdjustmentRow, FactRow, FactValues } from "./data";
import { InputError, type Problem } from "./problems";
import type { Rulebook } from "./rulebook";

/** One CSV record and the 1-based line it starts on. */
export interface CsvRow {
  line: number;
  cells: string[];
}

/** A unit as listed in `units.csv`. */
export interface UnitCsvRow {
  key: string;
  name: string;
  head?: string;
}

const PERIOD_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
const KEY_RE = /^[A-Za-z][A-Za-z0-9_-]*$/;

function lineBreaks(s: string): number {
  return s.match(/\r\n|\r|\n/g)?.length ?? 0;
}

/** A problem with only the places that apply (no keys set to undefined). */
function problem(file: string | undefined, p: Omit<Problem, "file">): Problem {
  const out: Problem = { zh: p.zh, en: p.en };
  if (file !== undefined) out.file = file;
  if (p.line !== undefined) out.line = p.line;
  if (p.column !== undefined) out.column = p.column;
  if (p.path !== undefined) out.path = p.path;
  if (p.field !== undefined) out.field = p.field;
  return out;
}

/**
 * RFC-4180 CSV: quoted fields with `""` escapes, CRLF or LF line ends (a lone CR also ends a
 * line), an optional UTF-8 BOM stripped, a final line end ignored. Returns every record with the
 * line it starts on (a quoted cell may span lines). Lenient where RFC 4180 is silent: a quote
 * inside an unquoted cell, or text after a closing quote, is kept as written.
 * Throws InputError on an unterminated quote.
 */
export function parseCsv(text: string, file?: string): CsvRow[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const n = src.length;
  const rows: CsvRow[] = [];
  let i = 0;
  let line = 1;
  while (i < n) {
    const rowLine = line;
    const cells: string[] = [];
    for (;;) {
      let value = "";
      if (src[i] === '"') {
        const startLine = line;
        const column = cells.length + 1;
        i++;
        for (;;) {
          const q = src.indexOf('"', i);
          if (q < 0) {
            throw new InputError([
              problem(file, {
                line: startLine,
                column,
                zh: `第 ${startLine} 行第 ${column} 列的双引号没有闭合。以双引号开头的单元格必须以双引号结束,单元格内的双引号要写成两个("")。`,
                en: `unterminated quoted cell starting on line ${startLine}, column ${column}; close the quote and write a quote inside a cell as ""`,
              }),
            ]);
          }
          const chunk = src.slice(i, q);
          line += lineBreaks(chunk);
          value += chunk;
          if (src[q + 1] === '"') {
            value += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
      }
      let j = i;
      while (j < n) {
        const c = src.charCodeAt(j);
        if (c === 44 /* , */ || c === 10 /* \n */ || c === 13 /* \r */) break;
        j++;
      }
      value += src.slice(i, j);
      i = j;
      cells.push(value);
      if (i < n && src.charCodeAt(i) === 44) {
        i++;
        continue;
      }
      break;
    }
    rows.push({ line: rowLine, cells });
    if (i < n) {
      i += src[i] === "\r" && src[i + 1] === "\n" ? 2 : 1;
      line++;
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Header and rows

interface ColumnSpec {
  key: string;
  /** names the header may use besides the key */
  aliases: readonly string[];
  /** how messages name the column: `期间(period)`, `“执行结案数”(enf_closed)` */
  zh: string;
  required: boolean;
}

interface Table {
  headerLine: number;
  width: number;
  /** column index (0-based) of each key found in the header */
  index: Map<string, number>;
  /** key of each header column, or undefined where the column is unknown, empty or a repeat */
  keys: Array<string | undefined>;
  rows: CsvRow[];
}

interface TableKind {
  /** what the file is, for messages: `数据文件` */
  zh: string;
  en: string;
  /** extra advice for an unknown column */
  unknownHint: { zh: string; en: string };
}

function isBlank(cells: readonly string[]): boolean {
  return cells.every((c) => c.trim() === "");
}

function resolveColumn(name: string, specs: readonly ColumnSpec[]): string[] {
  const exactKey = specs.filter((s) => s.key === name);
  if (exactKey.length) return exactKey.map((s) => s.key);
  const exactAlias = specs.filter((s) => s.aliases.includes(name));
  if (exactAlias.length) return exactAlias.map((s) => s.key);
  const lower = name.toLowerCase();
  return specs.filter((s) => s.key.toLowerCase() === lower || s.aliases.some((a) => a.toLowerCase() === lower)).map((s) => s.key);
}

/** Parses the text, reads the header against the specs and returns the non-blank data rows. */
function readTable(
  text: string,
  file: string | undefined,
  specs: readonly ColumnSpec[],
  kind: TableKind,
  problems: Problem[],
): Table | undefined {
  const all = parseCsv(text, file).filter((r) => !isBlank(r.cells));
  const header = all[0];
  const expected = specs.filter((s) => s.required).map((s) => s.key).join(",");
  if (!header) {
    problems.push(
      problem(file, {
        line: 1,
        zh: `${kind.zh}是空的,没有表头。第一行应是表头(${expected}),以下每行一条记录。`,
        en: `the ${kind.en} is empty: it has no header; the first line must be the header (${expected})`,
      }),
    );
    return undefined;
  }
  const byKey = new Map(specs.map((s) => [s.key, s]));
  const index = new Map<string, number>();
  const keys: Array<string | undefined> = [];
  header.cells.forEach((raw, c) => {
    const name = raw.trim();
    const column = c + 1;
    keys.push(undefined);
    if (name === "") {
      problems.push(
        problem(file, {
          line: header.line,
          column,
          zh: `表头第 ${column} 列没有列名。请填写列名,或删除这一列。`,
          en: `header column ${column} has no name; name it or delete the column`,
        }),
      );
      return;
    }
    const found = resolveColumn(name, specs);
    if (found.length === 0) {
      problems.push(
        problem(file, {
          line: header.line,
          column,
          field: name,
          zh: `表头第 ${column} 列“${name}”不是可识别的列。${kind.unknownHint.zh}`,
          en: `unknown column "${name}" (header column ${column}); ${kind.unknownHint.en}`,
        }),
      );
      return;
    }
    if (found.length > 1) {
      problems.push(
        problem(file, {
          line: header.line,
          column,
          field: name,
          zh: `表头第 ${column} 列“${name}”可以指多个字段(${found.join("、")})。请改用字段键。`,
          en: `column "${name}" (header column ${column}) is ambiguous: it may be ${found.join(", ")}; use the field key`,
        }),
      );
      return;
    }
    const key = found[0] as string;
    const first = index.get(key);
    if (first !== undefined) {
      const spec = byKey.get(key);
      problems.push(
        problem(file, {
          line: header.line,
          column,
          field: key,
          zh: `表头第 ${column} 列“${name}”与第 ${first + 1} 列重复,都是${spec?.zh ?? key}。请删除其中一列。`,
          en: `duplicate column "${name}" (header column ${column}): column ${first + 1} is already ${key}; delete one of them`,
        }),
      );
      return;
    }
    index.set(key, c);
    keys[c] = key;
  });
  for (const spec of specs) {
    if (spec.required && !index.has(spec.key)) {
      problems.push(
        problem(file, {
          line: header.line,
          field: spec.key,
          zh: `表头缺少${spec.zh}这一列。请在表头添加这一列,并在每一行填写。`,
          en: `missing column ${spec.key}; add it to the header and fill it in on every row`,
        }),
      );
    }
  }
  return { headerLine: header.line, width: header.cells.length, index, keys, rows: all.slice(1) };
}

/** Flags a row whose cell count differs from the header's. */
function checkWidth(row: CsvRow, table: Table, specs: ReadonlyMap<string, ColumnSpec>, file: string | undefined, problems: Problem[]): void {
  const k = row.cells.length;
  const h = table.width;
  if (k < h) {
    const key = table.keys[k];
    const spec = key === undefined ? undefined : specs.get(key);
    problems.push(
      problem(file, {
        line: row.line,
        column: k + 1,
        field: key,
        zh: `这一行只有 ${k} 个单元格,而表头有 ${h} 列,从第 ${k + 1} 列${spec ? spec.zh : ""}起缺少 ${h - k} 个。请补齐这一行,或检查是否漏了逗号。`,
        en: `short row: ${k} cells but the header has ${h} columns; ${h - k} missing from column ${k + 1}${key ? ` (${key})` : ""}`,
      }),
    );
  } else if (k > h) {
    problems.push(
      problem(file, {
        line: row.line,
        column: h + 1,
        zh: `这一行有 ${k} 个单元格,比表头的 ${h} 列多 ${k - h} 个。请删除多余的单元格;如果数字里有逗号(千位分隔符),请去掉逗号。`,
        en: `long row: ${k} cells but the header has ${h} columns; delete the extra cells (a thousands separator in a number also splits a cell)`,
      }),
    );
  }
}

interface Cell {
  /** trimmed text */
  text: string;
  column: number;
}

function cellOf(row: CsvRow, table: Table, key: string): Cell | undefined {
  const c = table.index.get(key);
  if (c === undefined) return undefined;
  const raw = row.cells[c];
  if (raw === undefined) return undefined;
  return { text: raw.trim(), column: c + 1 };
}

function emptyCell(file: string | undefined, row: CsvRow, cell: Cell, key: string, name: string, what: { zh: string; en: string }): Problem {
  return problem(file, {
    line: row.line,
    column: cell.column,
    field: key,
    zh: `${name}一栏为空。${what.zh}`,
    en: `empty cell in column ${key}; ${what.en}`,
  });
}

const PERIOD_SPEC: ColumnSpec = { key: "period", aliases: ["期间", "月份"], zh: "期间(period)", required: true };
const UNIT_SPEC: ColumnSpec = { key: "unit", aliases: ["法庭", "单位"], zh: "法庭(unit)", required: true };

/** `2023-3`, `2023/03/01`, `2023年3月` → `2023-03`, for a hint; undefined when no month is recognisable. */
function periodGuess(text: string): string | undefined {
  const m = /^(\d{4})\s*[-/.\u5E74]\s*(\d{1,2})(?:\D.*)?$/.exec(text);
  if (!m?.[1] || !m[2]) return undefined;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? `${m[1]}-${String(month).padStart(2, "0")}` : undefined;
}

/** Reads and checks the period and unit cells of a row; undefined when either is missing or wrong. */
function readPeriodUnit(row: CsvRow, table: Table, file: string | undefined, problems: Problem[]): { period?: string; unit?: string } {
  const out: { period?: string; unit?: string } = {};
  const p = cellOf(row, table, "period");
  if (p) {
    if (p.text === "") {
      problems.push(emptyCell(file, row, p, "period", PERIOD_SPEC.zh, { zh: "请填写 YYYY-MM 格式的月份,如 2023-03。", en: "write the month as YYYY-MM, e.g. 2023-03" }));
    } else if (!PERIOD_RE.test(p.text)) {
      const guess = periodGuess(p.text);
      problems.push(
        problem(file, {
          line: row.line,
          column: p.column,
          field: "period",
          zh: `期间(period)“${p.text}”格式不对。期间必须是 YYYY-MM 格式的月份(月份 01 至 12),如 2023-03。${guess ? `这里是否应写作 ${guess}?` : ""}`,
          en: `malformed period "${p.text}": write the month as YYYY-MM with month 01-12, e.g. 2023-03`,
        }),
      );
    } else out.period = p.text;
  }
  const u = cellOf(row, table, "unit");
  if (u) {
    if (u.text === "") {
      problems.push(emptyCell(file, row, u, "unit", UNIT_SPEC.zh, { zh: "请填写法庭的键,如 dayushu。", en: "write the unit key, e.g. dayushu" }));
    } else if (!KEY_RE.test(u.text)) {
      problems.push(
        problem(file, {
          line: row.line,
          column: u.column,
          field: "unit",
          zh: `法庭(unit)“${u.text}”不是合法的法庭键。法庭键只能由字母、数字、下划线或连字符组成,并以字母开头,如 dayushu;请填写键而不是法庭名称。`,
          en: `invalid unit key "${u.text}": a key is letters, digits, _ or -, starting with a letter (e.g. dayushu)`,
        }),
      );
    } else out.unit = u.text;
  }
  return out;
}

function asList(rulebooks: Rulebook | readonly Rulebook[]): readonly Rulebook[] {
  return "format" in rulebooks ? [rulebooks] : rulebooks;
}

// ---------------------------------------------------------------------------------------------
// Numbers

export type NumberResult = { ok: true; value: number } | { ok: false; zh: string; en: string };

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const THOUSANDS = /^[+-]?\d{1,3}([,\uFF0C]\d{3})+(\.\d+)?$/;

/**
 * A fact value already a number (a spreadsheet cell): non-negative and finite. `shown` is how the
 * user wrote it, `name` the column's name for the message.
 */
export function checkFactValue(value: number, shown: string, name = ""): NumberResult {
  const what = name ? `${name}的值“${shown}”` : `“${shown}”`;
  if (!Number.isFinite(value))
    return { ok: false, zh: `${what}超出数字范围,不是有限的数。请填写正常大小的数字。`, en: `"${shown}" is not a finite number` };
  if (value < 0) return { ok: false, zh: `${what}是负数。各项数据不能为负,请填写 0 或正数。`, en: `"${shown}" is negative; facts must be 0 or more` };
  return { ok: true, value: value === 0 ? 0 : value };
}

/** A fact value written as text ("12", "0.5", " 3 " trimmed by the caller): the rules of every facts file. */
export function parseFactNumber(text: string, name = ""): NumberResult {
  const what = name ? `${name}的值“${text}”` : `“${text}”`;
  if (PLAIN_NUMBER.test(text)) return checkFactValue(Number(text), text, name);
  if (/[%\uFF05\u2030]$/.test(text))
    return { ok: false, zh: `${what}带有百分号。请填写原始数字(如件数、天数、金额),不要填写百分比。`, en: `"${text}" has a percent sign; write the raw figure, not a percentage` };
  if (THOUSANDS.test(text))
    return { ok: false, zh: `${what}使用了千位分隔符。请去掉逗号,写成 ${text.replace(/[,\uFF0C]/g, "")}。`, en: `"${text}" uses a thousands separator; write it without commas` };
  if (/^[+-]?(nan|inf|infinity|\u221E)$/i.test(text))
    return { ok: false, zh: `${what}不是有限的数字。请填写数字,如 12 或 0.5。`, en: `"${text}" is not a finite number; write a number such as 12 or 0.5` };
  return { ok: false, zh: `${what}不是数字。请填写半角数字,如 12 或 0.5,没有发生的填 0。`, en: `"${text}" is not a number; write a number such as 12 or 0.5 (0 when none)` };
}

// ---------------------------------------------------------------------------------------------
// Facts

interface FieldInfo {
  key: string;
  labels: string[];
}

function fieldUnion(rulebooks: readonly Rulebook[]): FieldInfo[] {
  const byKey = new Map<string, FieldInfo>();
  for (const rb of rulebooks) {
    for (const f of rb.fields) {
      const info = byKey.get(f.key);
      if (!info) byKey.set(f.key, { key: f.key, labels: [f.label] });
      else if (!info.labels.includes(f.label)) info.labels.push(f.label);
    }
  }
  return [...byKey.values()];
}

/**
 * Reads a facts CSV (`interfaces.md` "Facts CSV"). `rulebooks` is one rulebook or several
 * versions of one family; the expected fields are the union of their `fields`. The header holds
 * `period` (or 期间/月份), `unit` (or 法庭/单位) and one column per field, by key or by label, in
 * any order. Every cell of a field column must be a non-negative finite number. Blank lines are
 * skipped; rows come back in file order, each with exactly the expected field keys.
 * Throws InputError listing every problem of the file.
 */
export function readFactsCsv(text: string, rulebooks: Rulebook | readonly Rulebook[], file?: string): FactRow[] {
  const fields = fieldUnion(asList(rulebooks));
  const fieldSpecs: ColumnSpec[] = fields.map((f) => ({
    key: f.key,
    aliases: f.labels,
    zh: `“${f.labels[0] ?? f.key}”(${f.key})`,
    required: true,
  }));
  const specs = [PERIOD_SPEC, UNIT_SPEC, ...fieldSpecs];
  const specByKey = new Map(specs.map((s) => [s.key, s]));
  const problems: Problem[] = [];
  const table = readTable(
    text,
    file,
    specs,
    {
      zh: "数据文件",
      en: "facts file",
      unknownHint: {
        zh: "表头只能有 period(期间)、unit(法庭)和考核办法中各字段的键或名称(如 enf_closed 或 执行结案数)。请改正列名,或删除这一列。",
        en: "the header may hold period, unit and the rulebook's field keys or labels only; rename or delete the column",
      },
    },
    problems,
  );
  const out: FactRow[] = [];
  if (table) {
    const seen = new Map<string, number>();
    for (const row of table.rows) {
      checkWidth(row, table, specByKey, file, problems);
      const { period, unit } = readPeriodUnit(row, table, file, problems);
      const values: FactValues = {};
      let ok = period !== undefined && unit !== undefined;
      for (const spec of fieldSpecs) {
        const cell = cellOf(row, table, spec.key);
        if (!cell) {
          ok = false;
          continue;
        }
        if (cell.text === "") {
          problems.push(emptyCell(file, row, cell, spec.key, spec.zh, { zh: "请填写数字,没有发生的填 0。", en: "write a number (0 when none)" }));
          ok = false;
          continue;
        }
        const r = parseFactNumber(cell.text, spec.zh);
        if (r.ok) values[spec.key] = r.value;
        else {
          problems.push(problem(file, { line: row.line, column: cell.column, field: spec.key, zh: r.zh, en: r.en }));
          ok = false;
        }
      }
      if (period !== undefined && unit !== undefined) {
        const id = `${period}\u0000${unit}`;
        const first = seen.get(id);
        if (first !== undefined) {
          problems.push(
            problem(file, {
              line: row.line,
              column: (table.index.get("unit") ?? 0) + 1,
              field: "unit",
              zh: `期间 ${period}、法庭 ${unit} 的数据重复:第 ${first} 行已有这一法庭这一月的数据。每个法庭每月只能有一行,请删除或合并重复的行。`,
              en: `duplicate row for unit ${unit} in ${period}: line ${first} already has it; keep one row per unit and period`,
            }),
          );
          ok = false;
        } else seen.set(id, row.line);
      }
      if (ok && period !== undefined && unit !== undefined) out.push({ period, unit, values });
    }
  }
  if (problems.length) throw new InputError(problems);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Adjustments

const ITEM_SPEC: ColumnSpec = { key: "item", aliases: ["项目"], zh: "项目(item)", required: true };
const COUNT_SPEC: ColumnSpec = { key: "count", aliases: ["次数"], zh: "次数(count)", required: true };
const NOTE_SPEC: ColumnSpec = { key: "note", aliases: ["备注"], zh: "备注(note)", required: false };

/**
 * Reads an adjustments CSV (`interfaces.md` "Adjustments CSV"): header `period,unit,item,count`
 * and optionally `note` (or 期间/月份, 法庭/单位, 项目, 次数, 备注). `item` must be an adjustment
 * key of one of the rulebooks, `count` a whole number ≥ 1. Repeated rows are kept: two events may
 * be recorded separately. Throws InputError listing every problem of the file.
 */
export function readAdjustmentsCsv(text: string, rulebooks: Rulebook | readonly Rulebook[], file?: string): AdjustmentRow[] {
  const items = new Map<string, string>();
  for (const rb of asList(rulebooks)) for (const a of rb.adjustments) if (!items.has(a.key)) items.set(a.key, a.name);
  const specs = [PERIOD_SPEC, UNIT_SPEC, ITEM_SPEC, COUNT_SPEC, NOTE_SPEC];
  const specByKey = new Map(specs.map((s) => [s.key, s]));
  const problems: Problem[] = [];
  const table = readTable(
    text,
    file,
    specs,
    {
      zh: "加减分文件",
      en: "adjustments file",
      unknownHint: {
        zh: "表头只能有 period(期间)、unit(法庭)、item(项目)、count(次数)和 note(备注)。请改正列名,或删除这一列。",
        en: "the header may hold period, unit, item, count and note only",
      },
    },
    problems,
  );
  const known = [...items.keys()].join("、") || "(考核办法没有加减分项目)";
  const out: AdjustmentRow[] = [];
  if (table) {
    for (const row of table.rows) {
      checkWidth(row, table, specByKey, file, problems);
      const { period, unit } = readPeriodUnit(row, table, file, problems);
      let ok = period !== undefined && unit !== undefined;

      let item: string | undefined;
      const ic = cellOf(row, table, "item");
      if (!ic) ok = false;
      else if (ic.text === "") {
        problems.push(emptyCell(file, row, ic, "item", ITEM_SPEC.zh, { zh: `请填写加减分项目的键(${known})。`, en: "write an adjustment key" }));
        ok = false;
      } else if (!items.has(ic.text)) {
        const byName = [...items].find(([, name]) => name === ic.text)?.[0];
        problems.push(
          problem(file, {
            line: row.line,
            column: ic.column,
            field: "item",
            zh: byName
              ? `项目(item)“${ic.text}”是项目名称,请改填它的键 ${byName}。`
              : `项目(item)“${ic.text}”不是考核办法中的加减分项目。请填写项目的键:${known}。`,
            en: byName
              ? `item "${ic.text}" is an item name; write its key ${byName}`
              : `unknown adjustment item "${ic.text}"; use one of: ${[...items.keys()].join(", ")}`,
          }),
        );
        ok = false;
      } else item = ic.text;

      let count: number | undefined;
      const cc = cellOf(row, table, "count");
      if (!cc) ok = false;
      else if (cc.text === "") {
        problems.push(emptyCell(file, row, cc, "count", COUNT_SPEC.zh, { zh: "请填写次数,1 或更大的整数。", en: "write a whole number of 1 or more" }));
        ok = false;
      } else if (/^\+?\d+$/.test(cc.text) && Number(cc.text) >= 1 && Number.isSafeInteger(Number(cc.text))) {
        count = Number(cc.text);
      } else {
        problems.push(
          problem(file, {
            line: row.line,
            column: cc.column,
            field: "count",
            zh: `次数(count)“${cc.text}”不对。次数必须是 1 或更大的整数,如 1、2;没有发生的事项不要写这一行。`,
            en: `count "${cc.text}" must be a whole number of 1 or more`,
          }),
        );
        ok = false;
      }

      const nc = cellOf(row, table, "note");
      if (ok && period !== undefined && unit !== undefined && item !== undefined && count !== undefined) {
        const adj: AdjustmentRow = { period, unit, item, count };
        if (nc && nc.text !== "") adj.note = nc.text;
        out.push(adj);
      }
    }
  }
  if (problems.length) throw new InputError(problems);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Units

const UNIT_KEY_SPEC: ColumnSpec = { key: "key", aliases: ["键", "代码"], zh: "键(key)", required: true };
const UNIT_NAME_SPEC: ColumnSpec = { key: "name", aliases: ["名称", "法庭"], zh: "名称(name)", required: true };
const UNIT_HEAD_SPEC: ColumnSpec = { key: "head", aliases: ["庭长"], zh: "庭长(head)", required: false };

/**
 * Reads `units.csv`: header `key,name` and optionally `head` (or 键/代码, 名称/法庭, 庭长).
 * Keys must be valid and unique, names non-empty. Throws InputError listing every problem.
 */
export function readUnitsCsv(text: string, file?: string): UnitCsvRow[] {
  const specs = [UNIT_KEY_SPEC, UNIT_NAME_SPEC, UNIT_HEAD_SPEC];
  const specByKey = new Map(specs.map((s) => [s.key, s]));
  const problems: Problem[] = [];
  const table = readTable(
    text,
    file,
    specs,
    {
      zh: "法庭名单文件",
      en: "units file",
      unknownHint: { zh: "表头只能有 key(键)、name(名称)和 head(庭长)。请改正列名,或删除这一列。", en: "the header may hold key, name and head only" },
    },
    problems,
  );
  const out: UnitCsvRow[] = [];
  if (table) {
    const seen = new Map<string, number>();
    for (const row of table.rows) {
      checkWidth(row, table, specByKey, file, problems);
      let ok = true;
      let key: string | undefined;
      const kc = cellOf(row, table, "key");
      if (!kc) ok = false;
      else if (kc.text === "") {
        problems.push(emptyCell(file, row, kc, "key", UNIT_KEY_SPEC.zh, { zh: "请填写法庭的键,如 dayushu。", en: "write the unit key, e.g. dayushu" }));
        ok = false;
      } else if (!KEY_RE.test(kc.text)) {
        problems.push(
          problem(file, {
            line: row.line,
            column: kc.column,
            field: "key",
            zh: `键(key)“${kc.text}”不合法。法庭键只能由字母、数字、下划线或连字符组成,并以字母开头,如 dayushu。`,
            en: `invalid unit key "${kc.text}": letters, digits, _ or -, starting with a letter`,
          }),
        );
        ok = false;
      } else {
        const first = seen.get(kc.text);
        if (first !== undefined) {
          problems.push(
            problem(file, {
              line: row.line,
              column: kc.column,
              field: "key",
              zh: `法庭键 ${kc.text} 重复:第 ${first} 行已有这个键。每个法庭只能列一次,请删除重复的行或改用其他键。`,
              en: `duplicate unit key ${kc.text}: line ${first} already has it`,
            }),
          );
          ok = false;
        } else {
          seen.set(kc.text, row.line);
          key = kc.text;
        }
      }
      let name: string | undefined;
      const nc = cellOf(row, table, "name");
      if (!nc) ok = false;
      else if (nc.text === "") {
        problems.push(emptyCell(file, row, nc, "name", UNIT_NAME_SPEC.zh, { zh: "请填写法庭名称,如 大榆树人民法庭。", en: "write the unit's name" }));
        ok = false;
      } else name = nc.text;
      const hc = cellOf(row, table, "head");
      if (ok && key !== undefined && name !== undefined) {
        const unit: UnitCsvRow = { key, name };
        if (hc && hc.text !== "") unit.head = hc.text;
        out.push(unit);
      }
    }
  }
  if (problems.length) throw new InputError(problems);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writers

const NEEDS_QUOTES = /[",\r\n]/;
function csvCell(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvText(lines: ReadonlyArray<readonly string[]>, bom: boolean | undefined): string {
  let out = bom ? "\uFEFF" : "";
  for (const cells of lines) out += cells.map(csvCell).join(",") + "\n";
  return out;
}

function numberCell(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? "" : String(v);
}

/**
 * Writes a facts CSV the reader accepts: header `period,unit,` then `fieldKeys` in that order,
 * one row per FactRow, LF line ends, a BOM only with `opts.bom` (for Excel). A value missing
 * from a row is written as an empty cell (which the reader reports).
 */
export function writeFactsCsv(rows: readonly FactRow[], fieldKeys: readonly string[], opts: { bom?: boolean } = {}): string {
  const lines: string[][] = [["period", "unit", ...fieldKeys]];
  for (const r of rows) lines.push([r.period, r.unit, ...fieldKeys.map((k) => numberCell(r.values[k]))]);
  return csvText(lines, opts.bom);
}

/** Writes an adjustments CSV: header `period,unit,item,count,note`. */
export function writeAdjustmentsCsv(rows: readonly AdjustmentRow[], opts: { bom?: boolean } = {}): string {
  const lines: string[][] = [["period", "unit", "item", "count", "note"]];
  for (const r of rows) lines.push([r.period, r.unit, r.item, String(r.count), r.note ?? ""]);
  return csvText(lines, opts.bom);
}

/** Writes `units.csv`: header `key,name,head`. */
export function writeUnitsCsv(rows: ReadonlyArray<UnitCsvRow>, opts: { bom?: boolean } = {}): string {
  const lines: string[][] = [["key", "name", "head"]];
  for (const r of rows) lines.push([r.key, r.name, r.head ?? ""]);
  return csvText(lines, opts.bom);
}
