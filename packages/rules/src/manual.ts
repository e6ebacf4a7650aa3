/**
 * The check of one manual score (评议打分, rulebook.md §9) against the version in force in its
 * month: the indicator is a manual indicator of that version and applies to the tribunal's
 * group, the score is a finite number within [0, points], the reason is not empty. The one
 * function every reader (the CLI's `--manual` CSV, the server's import) and every write
 * (`manual.save`) applies. Pure.
 */
import type { ManualRow } from "./data";
import { periodLabel } from "./calendar";
import type { Problem } from "./problems";
import { appliesTo, groupList, groupOf, indicatorsOf, type Indicator, type Rulebook } from "./rulebook";
import { shownNumber } from "./wording";
import { MAX_TEXT_LENGTH, normalizeText } from "./bounds";

/** The manual indicators of a version, in the rulebook's order, with their section. */
export function manualIndicators(rb: Rulebook): Array<Indicator & { section: string }> {
  return indicatorsOf(rb).filter((i) => i.formula.type === "manual");
}

/** Optional context for the messages: the tribunals' names (key → name), so that no key is shown. */
export interface ManualCheckOptions {
  names?: ReadonlyMap<string, string>;
}

/**
 * Every problem of one manual score under `rb` (the version in force in `row.period`). Each
 * problem names the tribunal, the month and the indicator in words and says what to do; its
 * `field` is the column concerned (`indicator`, `unit`, `score` or `reason`), so a reader adds
 * its own place (file, line, column). An empty list means the row may be stored.
 */
export function checkManualRow(rb: Rulebook, row: ManualRow, opts: ManualCheckOptions = {}): Problem[] {
  const problems: Problem[] = [];
  const unitName = opts.names?.get(row.unit) ?? row.unit;
  const month = typeof row.period === "string" && /^\d{4}-(0[1-9]|1[0-2])$/.test(row.period) ? periodLabel(row.period) : `“${String(row.period)}”`;
  const at = `${unitName} ${month}`;
  const ind = indicatorsOf(rb).find((i) => i.key === row.indicator);
  if (!ind) {
    const manual = manualIndicators(rb).map((i) => `“${i.name}”`);
    problems.push({
      field: "indicator",
      zh: `${at}:考核办法 ${rb.version} 中没有指标“${row.indicator}”。${manual.length ? `评议打分指标只有 ${manual.join("、")},请改为其中之一。` : "这一版考核办法没有评议打分指标,不能录入评议分数。"}`,
      en: `${row.unit} ${row.period}: rulebook version ${rb.version} has no indicator "${row.indicator}"`,
    });
  } else if (ind.formula.type !== "manual") {
    problems.push({
      field: "indicator",
      zh: `${at}:“${ind.name}”在考核办法 ${rb.version} 中按统计数据计分,不是评议打分指标,不能录入评议分数。请改为评议打分指标。`,
      en: `${row.unit} ${row.period}: indicator ${ind.key} is not a manual indicator in rulebook version ${rb.version}`,
    });
  } else {
    const group = groupOf(rb, row.unit);
    if (!appliesTo(ind, group)) {
      const groups = groupList(rb);
      const nameOf = (k: string) => groups.find((g) => g.key === k)?.name ?? k;
      problems.push({
        field: "unit",
        zh: `${at}:“${ind.name}”只考核${(ind.groups ?? []).map(nameOf).join("、")},${unitName}属于${nameOf(group)},不考核这一指标,不能录入分数。`,
        en: `${row.unit} ${row.period}: indicator ${ind.key} does not apply to group ${group}`,
      });
    }
  }
  const points = ind?.formula.type === "manual" ? ind.points : undefined;
  const what = ind ? `“${ind.name}”的评议分数` : "评议分数";
  if (typeof row.score !== "number" || !Number.isFinite(row.score)) {
    problems.push({
      field: "score",
      zh: `${at}:${what}不是有限的数字。请填写${points !== undefined ? ` 0 到 ${shownNumber(points)} 之间的` : ""}分数。`,
      en: `${row.unit} ${row.period}: score is not a finite number`,
    });
  } else if (row.score < 0) {
    problems.push({
      field: "score",
      zh: `${at}:${what} ${shownNumber(row.score)} 是负数。请填写${points !== undefined ? ` 0 到 ${shownNumber(points)} 之间的` : " 0 或正的"}分数。`,
      en: `${row.unit} ${row.period}: score ${row.score} is negative`,
    });
  } else if (points !== undefined && row.score > points) {
    problems.push({
      field: "score",
      zh: `${at}:${what} ${shownNumber(row.score)} 超过该指标的分值 ${shownNumber(points)} 分。请填写 0 到 ${shownNumber(points)} 之间的分数。`,
      en: `${row.unit} ${row.period}: score ${row.score} exceeds the indicator's ${points} points`,
    });
  }
  if (typeof row.reason === "string" && row.reason.length > MAX_TEXT_LENGTH) {
    problems.push({
      field: "reason",
      zh: `${at}:${what}的理由有 ${row.reason.length} 字,超过了 ${MAX_TEXT_LENGTH} 字的上限。请精简后再填写。`,
      en: `${row.unit} ${row.period}: the reason is longer than ${MAX_TEXT_LENGTH} characters`,
    });
  } else if (typeof row.reason !== "string" || normalizeText(row.reason).trim() === "") {
    problems.push({
      field: "reason",
      zh: `${at}:${what}没有写理由。评议打分必须写明理由,请填写。`,
      en: `${row.unit} ${row.period}: the reason is empty`,
    });
  }
  return problems;
}
