/**
 * Data checks (数据核查, rulebook.md §7c) on one unit's facts of one month: every value a
 * non-negative finite number, whole where the field is `integer`, and each `le` check of the
 * rulebook. The one function every reader and every write applies (CSV, Excel, `facts.save`,
 * the import, the CLI) and the portal's data grid runs in place. Pure.
 */
import type { FactValues } from "./data";
import { checkFactValue } from "./numbers";
import { figureLimit } from "./bounds";
import { shownNumber } from "./wording";
import type { CheckLevel, Period, Rulebook } from "./rulebook";

/** A tribunal as messages name it. */
export interface UnitRef {
  key: string;
  name: string;
}

/**
 * What a data check found in one unit's facts. It is also a `Problem` (`field`, `zh`, `en`),
 * so readers add their place (file, line, column) and throw it as it is.
 */
export interface DataFinding {
  /** the rulebook check's key; `integer`, `number`, `missing` or `unknown` for a value's own check; `outlier` for the history rule */
  check: string;
  level: CheckLevel;
  unit: string;
  period?: Period;
  /** the field the finding is about (the left side of an `le` check) */
  field: string;
  /** the field's value, where it has one */
  value?: number;
  /** the right side of an `le` check */
  right?: { field: string; value: number };
  /** outliers: the median the value is compared with, and the months it was taken from, oldest first */
  median?: number;
  months?: Period[];
  zh: string;
  en: string;
}

/** A finding that does not refuse the figure: stored, then listed and acknowledged. */
export type DataWarning = DataFinding & { level: "warning" };

export interface CheckResult {
  /** refuse the write, the row, the whole import */
  errors: DataFinding[];
  /** stored and listed */
  warnings: DataWarning[];
}

export interface CheckOptions {
  /** the month of the facts, recorded on every finding */
  period?: Period;
  /**
   * true (the default, a write of a whole row): every declared field must have a value and no
   * other key may appear. false (a reader that checked its columns, a grid being filled in):
   * only the values present are checked, and keys the version does not declare are ignored.
   */
  complete?: boolean;
}

/** A tribunal's name for messages: its name when known, else its key. */
export function unitRef(unit: string | UnitRef, names?: ReadonlyMap<string, string>): UnitRef {
  return typeof unit === "string" ? { key: unit, name: names?.get(unit) ?? unit } : unit;
}

/**
 * Checks one unit's facts of one month against a rulebook version: each value (finite, not
 * negative, whole for an `integer` field), then every `le` check whose two values are present
 * and valid. Errors and warnings name the tribunal, the fields by their labels and the values:
 * `麦新人民法庭:法定审限内结案数(52)不能大于审判结案数(50)。…`.
 */
export function checkFacts(
  rulebook: Rulebook,
  unit: string | UnitRef,
  values: Readonly<FactValues>,
  opts: CheckOptions = {},
): CheckResult {
  const u = unitRef(unit);
  const complete = opts.complete ?? true;
  const errors: DataFinding[] = [];
  const warnings: DataWarning[] = [];
  const base = (check: string, field: string) => {
    const f: Omit<DataFinding, "level" | "zh" | "en"> = { check, unit: u.key, field };
    if (opts.period !== undefined) f.period = opts.period;
    return f;
  };
  const valid = new Map<string, number>();
  for (const f of rulebook.fields) {
    const v = values[f.key];
    if (v === undefined) {
      if (complete)
        errors.push({ ...base("missing", f.key), level: "error", zh: `${u.name}:缺少“${f.label}”的数值。请填写数字,没有发生的填 0。`, en: `${u.key}: missing ${f.key}` });
      continue;
    }
    const r = checkFactValue(v, shownNumber(v), `${u.name}:“${f.label}”`, figureLimit(f.unit));
    if (!r.ok) {
      errors.push({ ...base("number", f.key), level: "error", value: v, zh: r.zh, en: `${u.key}: ${f.key}: ${r.en}` });
      continue;
    }
    if (f.integer && !Number.isInteger(v)) {
      errors.push({
        ...base("integer", f.key),
        level: "error",
        value: v,
        zh: `${u.name}:${f.label}必须是整数,收到 ${shownNumber(v)}。请填写整数${f.unit ? `的${f.unit}数` : ""}。`,
        en: `${u.key}: ${f.key} must be a whole number, got ${shownNumber(v)}`,
      });
      continue;
    }
    valid.set(f.key, r.value);
  }
  if (complete) {
    const declared = new Set(rulebook.fields.map((f) => f.key));
    for (const k of Object.keys(values)) {
      if (!declared.has(k))
        errors.push({
          ...base("unknown", k),
          level: "error",
          zh: `${u.name}:考核办法 ${rulebook.version} 中没有字段“${k}”。请只填写考核办法中的字段。`,
          en: `${u.key}: field ${k} is not declared in rulebook version ${rulebook.version}`,
        });
    }
  }
  const label = new Map(rulebook.fields.map((f) => [f.key, f.label]));
  for (const c of rulebook.checks) {
    const lv = valid.get(c.left);
    const rv = valid.get(c.right);
    if (lv === undefined || rv === undefined || lv <= rv) continue;
    const l = label.get(c.left) ?? c.left;
    const r = label.get(c.right) ?? c.right;
    const finding = { ...base(c.key, c.left), value: lv, right: { field: c.right, value: rv } };
    const shown = `${u.name}:${l}(${shownNumber(lv)})`;
    if (c.level === "error")
      errors.push({
        ...finding,
        level: "error",
        zh: `${shown}不能大于${r}(${shownNumber(rv)})。${c.message ?? "请核对这两项数据后重新填写。"}`,
        en: `${u.key}: ${c.left} (${shownNumber(lv)}) must not exceed ${c.right} (${shownNumber(rv)})`,
      });
    else
      warnings.push({
        ...finding,
        level: "warning",
        zh: `${shown}大于${r}(${shownNumber(rv)})。${c.message ?? "请核实这两项数据。"}`,
        en: `${u.key}: ${c.left} (${shownNumber(lv)}) exceeds ${c.right} (${shownNumber(rv)}); please verify`,
      });
  }
  return { errors, warnings };
}
