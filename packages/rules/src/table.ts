/**
 * The one table reader behind every file of rows: the facts, adjustments and units CSV files
 * and the Excel facts workbook. A format's reader turns its file into rows of cells with their
 * positions (CSV text after parsing, spreadsheet cells as exceljs gives them) and hands them
 * here with a column spec; the header matching, the unknown, ambiguous, duplicate, missing and
 * unnamed columns, and the row width are checked the same way for every format. A `Dialect`
 * says how messages name a place: a CSV message leaves it to the problem's line and column
 * (`表头第 6 列`), a spreadsheet message starts with it (`第 1 行 F 列:表头`).
 *
 * Pure: no file system, runs in the browser.
 */
import type { Problem } from "./problems";

/** Chinese and English words for one message part. */
export interface Words {
  zh: string;
  en: string;
}

/** One cell as the reader sees it. */
export interface TableCell {
  /** 1-based column */
  column: number;
  /** what the user sees, trimmed; "" for an empty cell */
  text: string;
  /** the number a spreadsheet cell holds (`text` is then how it shows) */
  number?: number;
  /** why the cell cannot hold a figure at all (a date, a boolean, an error value …) */
  invalid?: Words;
  /** the formula whose cached result the cell holds */
  formula?: string;
}

/** One row of a table: the cells it holds and the line (CSV) or row (spreadsheet) it is on. */
export interface TableRow {
  /** 1-based line of a CSV file or row of a sheet */
  line: number;
  /** the cells by column: every cell of a CSV record, only the non-empty ones of a sheet */
  cells: ReadonlyMap<number, TableCell>;
  /** a CSV record's cell count, checked against the header's; undefined for a sheet */
  width?: number;
}

/** One column a table may have. */
export interface ColumnSpec {
  key: string;
  /** names the header may use besides the key (labels, Chinese names) */
  aliases: readonly string[];
  /** how messages name the column: `期间(period)`, `“执行结案数”(enf_closed)` */
  zh: string;
  /** the column's short name, after a spreadsheet place: `第 3 行 D 列(审判结案数)` */
  label: string;
  required: boolean;
  /** advice when the column is missing (default: add it and fill it in on every row) */
  missingHint?: Words;
}

/** How messages of one format name places. */
export interface Dialect {
  /** what the table is: `数据文件` */
  what: Words;
  /** advice after "unknown column" */
  unknownHint: Words;
  /** the start of a message about a header cell: `表头第 6 列` | `第 1 行 F 列:表头` */
  headerCell(column: number): Words;
  /** another column inside a message: `第 4 列` | `D 列` */
  column(column: number): Words;
  /** the start of a message about the header as a whole: "" | `第 1 行:` */
  headerRow: Words;
  /** the start of a message about a data cell: "" | `第 3 行 D 列(审判结案数):` */
  cell(line: number, column: number, spec: ColumnSpec): Words;
  /** how a message about a data cell names its column: `“执行结案数”(enf_closed)` | "" (the start named it) */
  subject(spec: ColumnSpec): string;
}

/** The messages of a CSV file: the place is the problem's line and column. */
export function csvDialect(what: Words, unknownHint: Words): Dialect {
  return {
    what,
    unknownHint,
    headerCell: (c) => ({ zh: `表头第 ${c} 列`, en: `header column ${c}: ` }),
    column: (c) => ({ zh: `第 ${c} 列`, en: `column ${c}` }),
    headerRow: { zh: "", en: "" },
    cell: () => ({ zh: "", en: "" }),
    subject: (spec) => spec.zh,
  };
}

/** A problem with only the places that apply (no keys set to undefined). */
export function problemAt(file: string | undefined, p: Omit<Problem, "file">): Problem {
  const out: Problem = { zh: p.zh, en: p.en };
  if (file !== undefined) out.file = file;
  if (p.line !== undefined) out.line = p.line;
  if (p.column !== undefined) out.column = p.column;
  if (p.path !== undefined) out.path = p.path;
  if (p.field !== undefined) out.field = p.field;
  return out;
}

/** A header name as matched: whitespace (also inside, such as a line break) ignored. */
export function normalizeName(text: string): string {
  return text.replace(/\s+/g, "");
}

export function isBlankCell(cell: TableCell | undefined): boolean {
  return !cell || (cell.text === "" && cell.number === undefined && cell.invalid === undefined && cell.formula === undefined);
}

export function isBlankRow(row: TableRow): boolean {
  for (const cell of row.cells.values()) if (!isBlankCell(cell)) return false;
  return true;
}

/** `与` + a column name, spaced as Chinese text is beside Latin letters: `与第 4 列`, `与 D 列`. */
function after(zh: string, word: string): string {
  return /^[A-Za-z0-9]/.test(word) ? `${zh} ${word}` : zh + word;
}

/**
 * Reads a table: the header against the column specs, then row by row through `cell`. Every
 * problem is collected in `problems`, in reading order.
 */
export class TableReader {
  readonly problems: Problem[] = [];
  /** column (1-based) of each key found in the header */
  readonly columns = new Map<string, number>();
  private readonly named = new Set<number>();
  private readonly byKey: Map<string, ColumnSpec>;
  headerLine = 1;
  /** a CSV header's cell count; undefined for a sheet */
  width: number | undefined;

  constructor(
    readonly specs: readonly ColumnSpec[],
    readonly dialect: Dialect,
    readonly file?: string,
  ) {
    this.byKey = new Map(specs.map((s) => [s.key, s]));
  }

  spec(key: string): ColumnSpec | undefined {
    return this.byKey.get(key);
  }

  report(p: Omit<Problem, "file">): void {
    this.problems.push(problemAt(this.file, p));
  }

  private resolve(name: string): string[] {
    const n = normalizeName(name);
    const exactKey = this.specs.filter((s) => s.key === n);
    if (exactKey.length) return exactKey.map((s) => s.key);
    const exactAlias = this.specs.filter((s) => s.aliases.some((a) => normalizeName(a) === n));
    if (exactAlias.length) return exactAlias.map((s) => s.key);
    const lower = n.toLowerCase();
    return this.specs
      .filter((s) => s.key.toLowerCase() === lower || s.aliases.some((a) => normalizeName(a).toLowerCase() === lower))
      .map((s) => s.key);
  }

  /** Reads the header row; false (with one problem) when the table has none at all. */
  readHeader(header: TableRow | undefined): boolean {
    const d = this.dialect;
    if (!header) {
      const expected = this.specs.filter((s) => s.required).map((s) => s.key).join(",");
      this.report({
        line: 1,
        zh: `${d.what.zh}是空的,没有表头。第一行应是表头(${expected}),以下每行一条记录。`,
        en: `the ${d.what.en} is empty: it has no header; the first line must be the header (${expected})`,
      });
      return false;
    }
    this.headerLine = header.line;
    this.width = header.width;
    const line = header.line;
    for (const cell of [...header.cells.values()].sort((a, b) => a.column - b.column)) {
      const c = cell.column;
      const name = cell.text;
      if (name === "") continue; // reported only if the column holds data
      this.named.add(c);
      const h = d.headerCell(c);
      const found = this.resolve(name);
      if (found.length === 0) {
        this.report({
          line,
          column: c,
          field: name,
          zh: `${h.zh}“${name}”不是可识别的列。${d.unknownHint.zh}`,
          en: `${h.en}unknown column "${name}"; ${d.unknownHint.en}`,
        });
        continue;
      }
      if (found.length > 1) {
        this.report({
          line,
          column: c,
          field: name,
          zh: `${h.zh}“${name}”可以指多个字段(${found.join("、")})。请改用字段键。`,
          en: `${h.en}column "${name}" is ambiguous: it may be ${found.join(", ")}; use the field key`,
        });
        continue;
      }
      const key = found[0] as string;
      const first = this.columns.get(key);
      if (first !== undefined) {
        const other = d.column(first);
        this.report({
          line,
          column: c,
          field: key,
          zh: `${h.zh}“${name}”${after("与", other.zh)}重复,都是${this.spec(key)?.zh ?? key}。请删除其中一列。`,
          en: `${h.en}duplicate column "${name}": ${other.en} is already ${key}; delete one of them`,
        });
        continue;
      }
      this.columns.set(key, c);
    }
    for (const spec of this.specs) {
      if (spec.required && !this.columns.has(spec.key)) {
        const hint = spec.missingHint ?? { zh: "请在表头添加这一列,并在每一行填写。", en: "add it to the header and fill it in on every row" };
        this.report({
          line,
          field: spec.key,
          zh: `${d.headerRow.zh}表头缺少${spec.zh}列。${hint.zh}`,
          en: `${d.headerRow.en}missing column ${spec.key}; ${hint.en}`,
        });
      }
    }
    return true;
  }

  /**
   * The cell of a column in a row: undefined when the header has no such column or a short
   * CSV record ends before it (both reported elsewhere); an empty cell where a sheet has none.
   */
  cell(row: TableRow, key: string): TableCell | undefined {
    const c = this.columns.get(key);
    if (c === undefined) return undefined;
    if (row.width !== undefined && c > row.width) return undefined;
    return row.cells.get(c) ?? { column: c, text: "" };
  }

  /** The start of a message about a data cell, and how the message names the column. */
  lead(row: TableRow, column: number, key: string): Words & { subject: string } {
    const spec = this.spec(key) ?? { key, aliases: [], zh: key, label: key, required: false };
    return { ...this.dialect.cell(row.line, column, spec), subject: this.dialect.subject(spec) };
  }

  /** Reports an empty cell, with the advice of what to write. */
  empty(row: TableRow, cell: TableCell, key: string, advice: Words): void {
    const l = this.lead(row, cell.column, key);
    this.report({ line: row.line, column: cell.column, field: key, zh: `${l.zh}${l.subject}没有填写。${advice.zh}`, en: `${l.en}empty cell in column ${key}; ${advice.en}` });
  }

  /** Flags a CSV record whose cell count differs from the header's. */
  checkWidth(row: TableRow): void {
    const k = row.width;
    const h = this.width;
    if (k === undefined || h === undefined) return;
    if (k < h) {
      const key = [...this.columns].find(([, c]) => c === k + 1)?.[0];
      const spec = key === undefined ? undefined : this.spec(key);
      this.report({
        line: row.line,
        column: k + 1,
        field: key,
        zh: `这一行只有 ${k} 个单元格,而表头有 ${h} 列,从第 ${k + 1} 列${spec ? spec.zh : ""}起缺少 ${h - k} 个。请补齐这一行,或检查是否漏了逗号。`,
        en: `short row: ${k} cells but the header has ${h} columns; ${h - k} missing from column ${k + 1}${key ? ` (${key})` : ""}`,
      });
    } else if (k > h) {
      this.report({
        line: row.line,
        column: h + 1,
        zh: `这一行有 ${k} 个单元格,比表头的 ${h} 列多 ${k - h} 个。请删除多余的单元格;如果数字里有逗号(千位分隔符),请去掉逗号。`,
        en: `long row: ${k} cells but the header has ${h} columns; delete the extra cells (a thousands separator in a number also splits a cell)`,
      });
    }
  }

  /**
   * Reports every column without a header name that holds data in some row (naming the first
   * such row). A CSV record's cells past the header are a long row instead.
   */
  checkUnnamed(rows: readonly TableRow[]): void {
    const firstRow = new Map<number, number>();
    for (const row of rows) {
      for (const cell of row.cells.values()) {
        const c = cell.column;
        if (this.named.has(c) || firstRow.has(c) || isBlankCell(cell)) continue;
        if (this.width !== undefined && c > this.width) continue;
        firstRow.set(c, row.line);
      }
    }
    for (const [c, line] of [...firstRow].sort((a, b) => a[0] - b[0])) {
      const h = this.dialect.headerCell(c);
      this.report({
        line: this.headerLine,
        column: c,
        zh: `${h.zh}没有列名,但有数据(如第 ${line} 行)。请填写列名,或删除这一列。`,
        en: `${h.en}the column has data (e.g. line ${line}) but no header; name it or delete the column`,
      });
    }
  }
}

/** CSV records as table rows: every cell trimmed, in place. */
export function csvTableRows(records: ReadonlyArray<{ line: number; cells: readonly string[] }>): TableRow[] {
  return records.map((r) => ({
    line: r.line,
    width: r.cells.length,
    cells: new Map(r.cells.map((text, i) => [i + 1, { column: i + 1, text: text.trim() }])),
  }));
}
