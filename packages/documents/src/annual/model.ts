/**
 * The annual evaluation as an official document model: the decision a court issues,
 * 关于2022年度人民法庭绩效考核结果的通报 — 考核结果, 等次评定 (the quota arithmetic, each override
 * beside it), 先进法庭, 末位约谈, 一票否决, 调整说明, 情况分析 — from its snapshot alone.
 */
import { dateLabel, periodLabel, splitPeriod } from "@scorecard/rules";
import { gradeReasonText, monthsText, overQuotaText, provisionalText, quotasAfterOverrides, quotaText } from "@scorecard/scoring";
import { points } from "../official/format";
import { BodyWriter, listOf, officialFrame, TYPE_WIDTH_MM, unitNamer, type Cell, type ModelTable, type OfficialModel } from "../official/model";
import { groupNamer, grouped, groupsClause, printedGroups, printOrder, ranksHidden } from "../official/ranking";
import { courtWords } from "../official/issue";
import type { AnnualChange, AnnualSnapshot } from "./snapshot";

/** 关于2022年度人民法庭绩效考核结果的通报 */
export function annualTitle(s: Pick<AnnualSnapshot, "year" | "correction" | "profile">): string {
  return `关于${s.year}年度${courtWords(s).full}绩效考核结果的${s.correction ? "更正" : ""}通报`;
}

const c = (text: string, more: Omit<Cell, "text"> = {}): Cell => ({ text, ...more });

function gradeName(s: AnnualSnapshot, key: string | null | undefined): string {
  if (key === null || key === undefined) return "未评等次";
  return s.rulebook.annual.grades.find((g) => g.key === key)?.name ?? key;
}

/** One group's (or without groups the whole court's) evaluation: 名次 (not when ranks are kept internal), 法庭, sections, 总分, 等次. */
function resultTable(s: AnnualSnapshot, units: AnnualSnapshot["result"]["units"], name: (k: string) => string, caption: string): ModelTable {
  const sections = s.rulebook.sections;
  const hidden = ranksHidden(s.rulebook);
  const overridden = new Set(s.overrides.map((o) => o.unit));
  const head = [[...(hidden ? [] : [c("名次")]), c(courtWords(s).unit), ...sections.map((x) => c(x.name)), c("总分"), c("等次")].map((x) => ({ ...x, align: "center" as const }))];
  const body = units.map((u) => [
    ...(hidden ? [] : [u.rank === null ? c("—", { align: "center" }) : { text: String(u.rank), num: u.rank, fmt: "0", align: "center" as const }]),
    c(u.veto ? `${name(u.unit)}(否决)` : name(u.unit), u.veto ? { mark: "veto" } : {}),
    ...sections.map((x): Cell => ({ text: points(u.sections[x.key] ?? 0), num: u.sections[x.key] ?? 0, fmt: "0.00", align: "right" })),
    { text: points(u.total), num: u.total, fmt: "0.00", align: "right" as const },
    c(u.rank === null ? "不参评" : `${gradeName(s, s.grades[u.unit])}${overridden.has(u.unit) ? "(调整)" : ""}`, { align: "center" }),
  ]);
  const each = (TYPE_WIDTH_MM - (hidden ? 0 : 12) - 44 - 24) / (sections.length + 1);
  const notes = [
    units.some((u) => u.veto) ? `标“否决”的${courtWords(s).unit}年内有一票否决事项` : "",
    units.some((u) => overridden.has(u.unit)) ? "标“调整”的等次经人事部门调整,理由见调整说明" : "",
    units.some((u) => u.rank === null) ? `“不参评”的${courtWords(s).unit}${hidden ? "有月份未参加考核,不参加年度等次评定" : "月度排名不全,不参加年度排名和等次评定"}` : "",
  ].filter(Boolean);
  const table: ModelTable = { sheet: "考核结果", caption, head, body, widths: [...(hidden ? [] : [12]), 44, ...Array<number>(sections.length + 1).fill(each), 24] };
  if (notes.length) table.note = `注:${notes.join(";")}。`;
  return table;
}

/** The unit's group key in the evaluation. */
function groupOfUnit(s: AnnualSnapshot, unit: string): string | undefined {
  return s.result.units.find((u) => u.unit === unit)?.group;
}

function quotaTable(s: AnnualSnapshot, name: (k: string) => string, no: number): ModelTable {
  const body = quotasAfterOverrides(s.result, s.overrides).map((q) => {
    // with groups each group has its own quotas: the overrides and the final count of that group
    const inGroup = (unit: string) => groupOfUnit(s, unit) === q.group;
    const moved = s.overrides.filter((o) => (o.to === q.grade || o.from === q.grade) && inGroup(o.unit));
    const finalCount = Object.entries(s.grades).filter(([unit, g]) => g === q.grade && inGroup(unit)).length;
    const adjust = moved.length ? `${moved.map((o) => `${name(o.unit)}由${gradeName(s, o.from)}调整为${gradeName(s, o.to)}`).join(";")};调整后 ${finalCount} 个` : "—";
    return [c(gradeName(s, q.grade), { align: "center" }), c(quotaText(q, s.rulebook)), c(adjust)];
  });
  return { sheet: "等次评定", caption: `表${no} 等次名额与评定`, head: [[c("等次"), c("名额计算与评定"), c("调整")].map((x) => ({ ...x, align: "center" as const }))], body, widths: [18, 76, 62] };
}

/** An override that puts its grade beyond the quota, said beside it: "优秀名额 2 个,调整后评定 3 个,超出名额 1 个;" (empty within it). */
function overText(s: AnnualSnapshot, o: AnnualSnapshot["overrides"][number]): string {
  const group = groupOfUnit(s, o.unit);
  const over = overQuotaText(quotasAfterOverrides(s.result, s.overrides).filter((q) => q.grade === o.to && q.group === group), s.rulebook);
  return over ? `${over};` : "";
}

/** Why a unit got its grade, as the engine says it (with ranks kept internal, a tie as equal totals). */
function reasonText(s: AnnualSnapshot, u: AnnualSnapshot["result"]["units"][number]): string {
  return gradeReasonText(u, s.result, s.rulebook);
}

function reasonTable(s: AnnualSnapshot, units: AnnualSnapshot["result"]["units"], name: (k: string) => string, caption: string): ModelTable {
  const body = units.map((u) => [c(name(u.unit)), c(u.rank === null ? "不参评" : gradeName(s, u.grade), { align: "center" }), c(reasonText(s, u))]);
  return { sheet: "等次评定", caption, head: [[c(courtWords(s).unit), c("评定等次"), c("评定依据")].map((x) => ({ ...x, align: "center" as const }))], body, widths: [40, 22, 94] };
}

function changeWords(ch: AnnualChange, s: AnnualSnapshot, name: (k: string) => string): string {
  const v = (x: number | string | null) => (ch.what === "grade" ? gradeName(s, x as string | null) : x === null ? "无" : ch.what === "rank" ? `第 ${x} 名` : `${points(x as number)} 分`);
  const g = groupOfUnit(s, ch.unit);
  const rank = grouped(s.rulebook) && g !== undefined ? `在${groupNamer(s.result)(g)}中的名次` : "名次";
  return `${name(ch.unit)}${{ rank, total: "总分", grade: "等次" }[ch.what]}由${v(ch.before)}变为${v(ch.after)}`;
}

/** Why a tribunal is talked to (约谈): with ranks kept internal, by the rule without its place. */
function talkWhy(s: AnnualSnapshot, tk: AnnualSnapshot["talks"][number], group: string): string[] {
  // with ranks kept internal the reason would tell the place (last in the year, the months last): the talk alone
  if (ranksHidden(s.rulebook)) return ["属于考核办法规定的约谈情形"];
  const months = `在${s.year}年${tk.monthsLast.map((m) => `${splitPeriod(m).month}月`).join("、")}共 ${tk.monthsLast.length} 个月`;
  const rule = `考核办法规定 ${s.rulebook.annual.talk?.monthsLast ?? 0} 个月及以上即约谈`;
  return [
    tk.reasons.includes("lastInYear") ? `${group}年度排名末位` : "",
    tk.reasons.includes("lastInMonths") ? `${months}的月度排名中位列${group}末位(${rule})` : "",
  ].filter(Boolean);
}

/** Builds the evaluation's document model from its snapshot alone. */
export function annualModel(s: AnnualSnapshot): OfficialModel {
  const name = unitNamer(s);
  const words = courtWords(s);
  const b = new BodyWriter();
  const p = (text: string) => b.p(text);
  const h1 = (text: string) => b.h1(text);
  const ranked = s.result.units.filter((u) => u.rank !== null);
  const hidden = ranksHidden(s.rulebook);
  const group = groupNamer(s.result);
  const parts = printedGroups(s, s.result);

  if (s.correction) {
    const of = s.correction.ofNumber ? `${s.correction.ofNumber}通报` : `${s.year}年度考核结果通报第 ${s.correction.of} 版`;
    p(`现对${of}予以更正,本通报为第 ${s.revision} 版,原通报同时作废。更正原因:${s.correction.reason}`);
    const ch = hidden ? s.correction.changes.filter((x) => x.what !== "rank") : s.correction.changes;
    p(ch.length ? `更正内容:${ch.map((x) => changeWords(x, s, name)).join(";")}。` : `更正内容:经复核,各${courtWords(s).unit}的${hidden ? "总分和等次" : "名次、总分和等次"}均无变化。`);
  }
  const provisional = provisionalText(s.result);
  if (provisional) p(provisional);
  p(
    `根据《${s.rulebook.title}》(${s.rulebook.version}版)关于年度考核的规定,依据${monthsText(s.result.months)}各月考核结果,对${words.scope}${s.result.units.length}个${words.full}${groupsClause(s.rulebook, s.result.groups)}${s.year}年度绩效考核情况进行了评定,现将结果通报如下:`,
  );

  h1("考核结果");
  for (const g of parts) b.table(resultTable(s, g.units, name, `表${b.tables + 1} ${s.year}年度${g.name ?? words.each}绩效考核结果`));

  h1("等次评定");
  const counts = grouped(s.rulebook) ? `(${parts.map((g) => `${g.name}${g.units.filter((u) => u.rank !== null).length}个`).join("、")},各类${words.unit}分别确定名额)` : "";
  p(
    `参加年度${hidden ? "等次评定" : "排名"}的${words.unit}共${ranked.length}个${counts},按考核办法确定各等次名额:${quotasAfterOverrides(s.result, s.overrides).map((q) => quotaText(q, s.rulebook)).join(";")}。${s.cap ? `有一票否决事项的${words.unit},年度考核等次不高于${s.cap.name}。` : ""}`,
  );
  for (const o of s.overrides) p(`调整:${name(o.unit)}的等次由${gradeName(s, o.from)}调整为${gradeName(s, o.to)}(${overText(s, o)}理由见调整说明)。`);
  b.table(quotaTable(s, name, b.tables + 1));
  for (const g of parts) b.table(reasonTable(s, g.units, name, `表${b.tables + 1} ${g.name ?? `各${words.unit}`}等次评定依据`));

  h1(`先进${words.unit}`);
  const rewards = s.rewards.filter((r) => r.units.length);
  if (rewards.length)
    for (const r of rewards) {
      if (hidden) p(`${listOf(printOrder(s, r.units, (u) => u).map(name))}被评为“${r.name}”(按考核办法评定,年内无一票否决事项)。`);
      else if (grouped(s.rulebook))
        for (const g of parts) {
          const units = r.units.filter((u) => groupOfUnit(s, u) === g.key);
          if (units.length) p(`${listOf(units.map(name))}被评为“${r.name}”(${g.name}年度排名前 ${r.topRanks} 名且年内无一票否决事项)。`);
        }
      else p(`${listOf(r.units.map(name))}被评为“${r.name}”(年度排名前 ${r.topRanks} 名且年内无一票否决事项)。`);
    }
  else p(`本年度无评为先进的${words.unit}。`);

  h1(hidden ? "约谈" : "末位约谈");
  if (s.talks.length) {
    for (const tk of printOrder(s, s.talks, (t) => t.unit)) {
      const g = groupOfUnit(s, tk.unit);
      p(`${name(tk.unit)}:${talkWhy(s, tk, grouped(s.rulebook) && g !== undefined ? group(g) : "").join(";")}。`);
    }
    p(`对上述${words.unit}进行${hidden ? "" : "末位"}约谈,由${words.unit}负责人说明情况、提出整改措施。`);
  } else p(`本年度无${hidden ? "" : "末位"}约谈的${words.unit}。`);

  h1("一票否决");
  if (s.vetoes.length)
    for (const v of printOrder(s, s.vetoes, (x) => x.unit)) p(`${name(v.unit)}:${periodLabel(v.period)}有“${v.name}”一票否决事项${s.cap ? `,年度考核等次不高于${s.cap.name}` : ""},不得评为先进${words.unit}。`);
  else p("本年度无一票否决事项。");

  h1("调整说明");
  if (s.overrides.length)
    for (const o of s.overrides) p(`经复核,${name(o.unit)}的年度考核等次由${gradeName(s, o.from)}调整为${gradeName(s, o.to)}。调整理由:${o.reason}(${o.by.name},${dateLabel(o.at)})`);
  else p("本年度无等次调整。");

  h1("情况分析");
  b.text(s.commentary);

  const mark = s.provisional ? { word: "预估", banner: `预估 · ${s.year}年12月尚无数据,结果仅供参考,不作为正式通报` } : { word: "草稿", banner: "草稿 · 未经发布,不作为正式通报" };
  return officialFrame(s, { title: annualTitle(s), blocks: b.blocks, mark, kind: "annual" });
}
