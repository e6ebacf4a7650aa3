/**
 * The facts of a table — a facts CSV or a month's Excel workbook — read and checked whole: the
 * period and unit of each row, a figure in every field column, no (period, unit) twice, and the
 * data checks of the version in force. Pure.
 */
import { checkFacts, type DataFinding, type UnitRef } from "./checks";
import { versionInForce } from "./versions";
import type { FactRow, FactValues } from "./data";
import { checkFactValue, parseFactNumber, type NumberResult } from "./numbers";
import { makePeriod, periodLabel } from "./calendar";
import type { Problem } from "./problems";
import type { Period, Rulebook } from "./rulebook";
import { isBlankCell, normalizeName, problemAt, TableReader, type ColumnSpec, type Dialect, type TableCell, type TableRow } from "./table";

const PERIOD_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
export const KEY_RE = /^[A-Za-z][A-Za-z0-9_-]*$/;

function rulebookList(rulebooks: Rulebook | readonly Rulebook[]): readonly Rulebook[] {
  return "format" in rulebooks ? [rulebooks] : rulebooks;
}

/** The field columns of a table: the union of the versions' fields, by key or by any version's label. */
export function fieldColumns(rulebooks: Rulebook | readonly Rulebook[]): ColumnSpec[] {
  const byKey = new Map<string, { key: string; labels: string[] }>();
  for (const rb of rulebookList(rulebooks)) {
    for (const f of rb.fields) {
      const info = byKey.get(f.key);
      if (!info) byKey.set(f.key, { key: f.key, labels: [f.label] });
      else if (!info.labels.includes(f.label)) info.labels.push(f.label);
    }
  }
  return [...byKey.values()].map((f) => ({
    key: f.key,
    aliases: f.labels,
    zh: `“${f.labels[0] ?? f.key}”(${f.key})`,
    label: f.labels[0] ?? f.key,
    required: true,
  }));
}

/** `2023-3`, `2023/03/01`, `2023年3月` → `2023-03`; undefined when no month is recognisable. */
export function periodGuess(text: string): string | undefined {
  const m = /^(\d{4})\s*[-/.\u5E74]\s*(\d{1,2})(?:\D.*)?$/.exec(text);
  if (!m?.[1] || !m[2]) return undefined;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? makePeriod(Number(m[1]), month) : undefined;
}

/** A figure cell checked by the rules of every facts file; `subject` names the column. */
export function cellFigure(cell: TableCell, subject = ""): NumberResult {
  const via = cell.formula === undefined ? { zh: "", en: "" } : { zh: `公式“=${cell.formula}”的结果`, en: `the result of formula =${cell.formula}: ` };
  const r: NumberResult = cell.invalid
    ? { ok: false, ...cell.invalid }
    : cell.number !== undefined
      ? checkFactValue(cell.number, cell.text || String(cell.number), subject)
      : parseFactNumber(cell.text, subject);
  return r.ok ? r : { ok: false, zh: via.zh + r.zh, en: via.en + r.en };
}

/** The tribunals a table may name, or (without a list) names for the keys it finds. */
export interface KnownUnits {
  list?: readonly UnitRef[];
  byKey: ReadonlyMap<string, UnitRef>;
  byName: ReadonlyMap<string, UnitRef>;
  names?: ReadonlyMap<string, string>;
}

export function knownUnits(list?: readonly UnitRef[], names?: ReadonlyMap<string, string>): KnownUnits {
  const out: KnownUnits = { byKey: new Map(list?.map((u) => [u.key, u])), byName: new Map(list?.map((u) => [normalizeName(u.name), u])) };
  if (list) out.list = list;
  if (names) out.names = names;
  return out;
}

/** Reads and checks a row's period cell; undefined when it is missing or wrong (reported). */
export function readPeriodCell(t: TableReader, row: TableRow): Period | undefined {
  const pc = t.cell(row, "period");
  if (!pc) return undefined;
  const l = t.lead(row, pc.column, "period");
  if (pc.text === "") {
    t.empty(row, pc, "period", { zh: "请填写 YYYY-MM 格式的月份,如 2023-03。", en: "write the month as YYYY-MM, e.g. 2023-03" });
    return undefined;
  }
  if (!PERIOD_RE.test(pc.text)) {
    const guess = periodGuess(pc.text);
    t.report({
      line: row.line,
      column: pc.column,
      field: "period",
      zh: `${l.zh}${l.subject}“${pc.text}”格式不对。期间必须是 YYYY-MM 格式的月份(月份 01 至 12),如 2023-03。${guess ? `这里是否应写作 ${guess}?` : ""}`,
      en: `${l.en}malformed period "${pc.text}": write the month as YYYY-MM with month 01-12, e.g. 2023-03`,
    });
    return undefined;
  }
  return pc.text;
}

/**
 * Reads and checks a row's unit cell: a known tribunal's key when there is a list (a name is
 * pointed to its key), else any valid key. Undefined when it is missing or wrong (reported).
 */
export function readUnitCell(t: TableReader, row: TableRow, known: KnownUnits): UnitRef | undefined {
  const uc = t.cell(row, "unit");
  if (!uc) return undefined;
  const l = t.lead(row, uc.column, "unit");
  const list = known.list;
  if (uc.text === "") {
    const nameText = t.cell(row, "name")?.text ?? "";
    const byName = nameText === "" ? undefined : known.byName.get(normalizeName(nameText));
    t.empty(
      row,
      uc,
      "unit",
      !list
        ? { zh: "请填写法庭的键,如 dayushu。", en: "write the unit key, e.g. dayushu" }
        : byName
          ? { zh: `按“法庭”一栏,这里应填 ${byName.key}。`, en: `by its name it should be ${byName.key}` }
          : { zh: `请填写法庭代码:${list.map((u) => u.key).join("、")}。`, en: "write the unit key" },
    );
    return undefined;
  }
  if (list) {
    const found = known.byKey.get(uc.text);
    if (found) return found;
    const named = known.byName.get(normalizeName(uc.text));
    t.report({
      line: row.line,
      column: uc.column,
      field: "unit",
      zh: named ? `${l.zh}“${uc.text}”是法庭名称,请改填它的代码 ${named.key}。` : `${l.zh}“${uc.text}”不是本院的法庭代码。请填写以下代码之一:${list.map((u) => u.key).join("、")}。`,
      en: named ? `${l.en}"${uc.text}" is a tribunal name; write its key ${named.key}` : `${l.en}unknown unit "${uc.text}"; use one of: ${list.map((u) => u.key).join(", ")}`,
    });
    return undefined;
  }
  if (!KEY_RE.test(uc.text)) {
    t.report({
      line: row.line,
      column: uc.column,
      field: "unit",
      zh: `${l.zh}${l.subject}“${uc.text}”不是合法的法庭键。法庭键只能由字母、数字、下划线或连字符组成,并以字母开头,如 dayushu;请填写键而不是法庭名称。`,
      en: `${l.en}invalid unit key "${uc.text}": a key is letters, digits, _ or -, starting with a letter (e.g. dayushu)`,
    });
    return undefined;
  }
  return { key: uc.text, name: known.names?.get(uc.text) ?? uc.text };
}

export interface FactsTableOptions {
  rulebooks: Rulebook | readonly Rulebook[];
  dialect: Dialect;
  /** the columns besides the fields: `period` (unless `period` is given), `unit`, optionally `name` */
  idColumns: readonly ColumnSpec[];
  file?: string;
  /** the month of every row, for a table without a period column (a month's workbook) */
  period?: Period;
  /** the tribunals a row may name: the unit cell must be one of their keys, and a `name` cell is compared with it */
  units?: readonly UnitRef[];
  /** tribunal names for messages, when `units` is not given */
  names?: ReadonlyMap<string, string>;
  /** skip rows whose figure cells are all empty (a template's untouched tribunals) instead of reporting them */
  skipRowsWithoutFigures?: boolean;
  /** receives the data-check warnings and a 法庭 name that contradicts its code, with their places */
  warnings?: Problem[];
}

export interface FactsTable {
  rows: FactRow[];
  problems: Problem[];
}

/** Reads the facts of a table; the caller throws when `problems` is not empty. */
export function readFactsTable(header: TableRow | undefined, body: readonly TableRow[], opts: FactsTableOptions): FactsTable {
  const fields = fieldColumns(opts.rulebooks);
  const t = new TableReader([...opts.idColumns, ...fields], opts.dialect, opts.file);
  const rows: FactRow[] = [];
  if (!t.readHeader(header)) return { rows, problems: t.problems };
  const known = knownUnits(opts.units, opts.names);
  const seen = new Map<string, number>();
  const fieldKeys = fields.map((f) => f.key).filter((k) => t.columns.has(k));

  for (const row of body) {
    if (opts.skipRowsWithoutFigures && fieldKeys.length > 0 && fieldKeys.every((k) => isBlankCell(t.cell(row, k)))) continue;
    t.checkWidth(row);
    const at = (key: string, column: number) => t.lead(row, column, key);
    let ok = true;

    let period = opts.period;
    if (period === undefined) period = readPeriodCell(t, row);
    if (period === undefined) ok = false;
    let unit = readUnitCell(t, row, known);
    const uc = t.cell(row, "unit");
    const nc = t.cell(row, "name");
    const nameText = nc?.text ?? "";
    if (unit && nc && nameText !== "" && known.list && normalizeName(nameText) !== normalizeName(unit.name)) {
      const l = at("name", nc.column);
      opts.warnings?.push(
        problemAt(opts.file, {
          line: row.line,
          column: nc.column,
          field: "name",
          zh: `${l.zh}法庭名称“${nameText}”与法庭代码 ${unit.key}(${unit.name})不符,已按法庭代码导入。请核对这一行是否填错了法庭。`,
          en: `${l.en}name "${nameText}" does not match unit ${unit.key} (${unit.name}); imported by the key`,
        }),
      );
    }

    // one row per tribunal and month
    if (period !== undefined && unit && uc) {
      const id = `${period}\u0000${unit.key}`;
      const first = seen.get(id);
      if (first !== undefined) {
        const l = at("unit", uc.column);
        t.report({
          line: row.line,
          column: uc.column,
          field: "unit",
          zh:
            opts.period === undefined
              ? `${l.zh}法庭 ${unit.key} ${periodLabel(period)}的数据重复:第 ${first} 行已有这一法庭这一月的数据。每个法庭每月只能有一行,请删除或合并重复的行。`
              : `${l.zh}法庭 ${unit.key} 重复,第 ${first} 行已有这个法庭。每个法庭只能有一行,请删除或合并重复的行。`,
          en: `${l.en}duplicate row for unit ${unit.key} in ${period}: line ${first} already has it; keep one row per unit and period`,
        });
        unit = undefined;
      } else seen.set(id, row.line);
    }
    if (!unit) ok = false;

    // the figures
    const values: FactValues = {};
    for (const spec of fields) {
      const cell = t.cell(row, spec.key);
      if (!cell) {
        ok = false;
        continue;
      }
      // every problem of a figure names the tribunal of its row, as the data checks do
      const who = unit ? { zh: unit.name, en: `unit ${unit.key}: ` } : { zh: "", en: "" };
      if (isBlankCell(cell)) {
        const l = at(spec.key, cell.column);
        t.report({ line: row.line, column: cell.column, field: spec.key, zh: `${l.zh}${who.zh}${who.zh && l.subject ? "的" : ""}${l.subject}没有填写。请填写数字,没有发生的填 0。`, en: `${l.en}${who.en}empty cell in column ${spec.key}; write a number (0 when none)` });
        ok = false;
        continue;
      }
      const l = at(spec.key, cell.column);
      const r = cellFigure(cell, l.subject);
      if (r.ok) values[spec.key] = r.value;
      else {
        t.report({ line: row.line, column: cell.column, field: spec.key, zh: `${l.zh}${who.zh ? `${who.zh}的` : ""}${r.zh}`, en: l.en + who.en + r.en });
        ok = false;
      }
    }

    // the data checks of the version in force, on the figures that are valid
    if (period !== undefined && unit) {
      const found = checkFacts(versionInForce(opts.rulebooks, period), unit, values, { period, complete: false });
      const place = (f: DataFinding): Problem => {
        const column = t.columns.get(f.field);
        const l = column === undefined ? { zh: "", en: "" } : at(f.field, column);
        return { ...f, ...problemAt(opts.file, { line: row.line, column, field: f.field, zh: l.zh + f.zh, en: l.en + f.en }) };
      };
      for (const f of found.errors) t.problems.push(place(f));
      for (const f of found.warnings) opts.warnings?.push(place(f));
      if (found.errors.length) ok = false;
    }
    if (ok && period !== undefined && unit) rows.push({ period, unit: unit.key, values });
  }
  t.checkUnnamed(body);
  return { rows, problems: t.problems };
}
