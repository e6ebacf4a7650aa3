/**
 * The annual evaluation as an official document model: the decision a court issues,
 * 关于2022年度人民法庭绩效考核结果的通报 — 考核结果, 等次评定 (the quota arithmetic, each override
 * beside it), 先进法庭, 末位约谈, 一票否决, 调整说明, 情况分析 — from its snapshot alone.
 */
import { periodLabel, splitPeriod } from "@scorecard/rules";
import { gradeReasonText, monthsText, provisionalText, quotaText } from "@scorecard/scoring";
import { chineseDate, points } from "../official/format";
import { BodyWriter, listOf, officialFrame, TYPE_WIDTH_MM, unitNamer, type Cell, type ModelTable, type OfficialModel } from "../official/model";
import type { AnnualChange, AnnualSnapshot } from "./snapshot";

/** 关于2022年度人民法庭绩效考核结果的通报 */
export function annualTitle(s: Pick<AnnualSnapshot, "year" | "correction">): string {
  return `关于${s.year}年度人民法庭绩效考核结果的${s.correction ? "更正" : ""}通报`;
}

const c = (text: string, more: Omit<Cell, "text"> = {}): Cell => ({ text, ...more });

function gradeName(s: AnnualSnapshot, key: string | null | undefined): string {
  if (key === null || key === undefined) return "未评等次";
  return s.rulebook.annual.grades.find((g) => g.key === key)?.name ?? key;
}

function resultTable(s: AnnualSnapshot, name: (k: string) => string, no: number): ModelTable {
  const sections = s.rulebook.sections;
  const overridden = new Set(s.overrides.map((o) => o.unit));
  const head = [[c("名次"), c("法庭"), ...sections.map((x) => c(x.name)), c("总分"), c("等次")].map((x) => ({ ...x, align: "center" as const }))];
  const body = s.result.units.map((u) => [
    u.rank === null ? c("—", { align: "center" }) : { text: String(u.rank), num: u.rank, fmt: "0", align: "center" as const },
    c(u.veto ? `${name(u.unit)}(否决)` : name(u.unit), u.veto ? { mark: "veto" } : {}),
    ...sections.map((x): Cell => ({ text: points(u.sections[x.key] ?? 0), num: u.sections[x.key] ?? 0, fmt: "0.00", align: "right" })),
    { text: points(u.total), num: u.total, fmt: "0.00", align: "right" as const },
    c(u.rank === null ? "不参评" : `${gradeName(s, s.grades[u.unit])}${overridden.has(u.unit) ? "(调整)" : ""}`, { align: "center" }),
  ]);
  const each = (TYPE_WIDTH_MM - 12 - 44 - 24) / (sections.length + 1);
  const notes = [
    s.result.units.some((u) => u.veto) ? "标“否决”的法庭年内有一票否决事项" : "",
    s.overrides.length ? "标“调整”的等次经人事部门调整,理由见调整说明" : "",
    s.result.units.some((u) => u.rank === null) ? "“不参评”的法庭月度排名不全,不参加年度排名和等次评定" : "",
  ].filter(Boolean);
  const table: ModelTable = { sheet: "考核结果", caption: `表${no} ${s.year}年度各人民法庭绩效考核结果`, head, body, widths: [12, 44, ...Array<number>(sections.length + 1).fill(each), 24] };
  if (notes.length) table.note = `注:${notes.join(";")}。`;
  return table;
}

function quotaTable(s: AnnualSnapshot, name: (k: string) => string, no: number): ModelTable {
  const body = s.result.quotas.map((q) => {
    const moved = s.overrides.filter((o) => o.to === q.grade || o.from === q.grade);
    const finalCount = Object.values(s.grades).filter((g) => g === q.grade).length;
    const adjust = moved.length ? `${moved.map((o) => `${name(o.unit)}由${gradeName(s, o.from)}调整为${gradeName(s, o.to)}`).join(";")};调整后 ${finalCount} 个` : "—";
    return [c(gradeName(s, q.grade), { align: "center" }), c(quotaText(q, s.rulebook)), c(adjust)];
  });
  return { sheet: "等次评定", caption: `表${no} 等次名额与评定`, head: [[c("等次"), c("名额计算与评定"), c("调整")].map((x) => ({ ...x, align: "center" as const }))], body, widths: [18, 76, 62] };
}

function reasonTable(s: AnnualSnapshot, name: (k: string) => string, no: number): ModelTable {
  const body = s.result.units.map((u) => [c(name(u.unit)), c(u.rank === null ? "不参评" : gradeName(s, u.grade), { align: "center" }), c(gradeReasonText(u, s.result, s.rulebook))]);
  return { sheet: "等次评定", caption: `表${no} 各法庭等次评定依据`, head: [[c("法庭"), c("评定等次"), c("评定依据")].map((x) => ({ ...x, align: "center" as const }))], body, widths: [40, 22, 94] };
}

function changeWords(ch: AnnualChange, s: AnnualSnapshot, name: (k: string) => string): string {
  const v = (x: number | string | null) => (ch.what === "grade" ? gradeName(s, x as string | null) : x === null ? "无" : ch.what === "rank" ? `第 ${x} 名` : `${points(x as number)} 分`);
  return `${name(ch.unit)}${{ rank: "名次", total: "总分", grade: "等次" }[ch.what]}由${v(ch.before)}变为${v(ch.after)}`;
}

/** Builds the evaluation's document model from its snapshot alone. */
export function annualModel(s: AnnualSnapshot): OfficialModel {
  const name = unitNamer(s);
  const b = new BodyWriter();
  const p = (text: string) => b.p(text);
  const h1 = (text: string) => b.h1(text);
  const ranked = s.result.units.filter((u) => u.rank !== null);

  if (s.correction) {
    const of = s.correction.ofNumber ? `${s.correction.ofNumber}通报` : `${s.year}年度考核结果通报第 ${s.correction.of} 版`;
    p(`现对${of}予以更正,本通报为第 ${s.revision} 版,原通报同时作废。更正原因:${s.correction.reason}`);
    const ch = s.correction.changes;
    p(ch.length ? `更正内容:${ch.map((x) => changeWords(x, s, name)).join(";")}。` : "更正内容:经复核,各法庭的名次、总分和等次均无变化。");
  }
  const provisional = provisionalText(s.result);
  if (provisional) p(provisional);
  p(
    `根据《${s.rulebook.title}》(${s.rulebook.version}版)关于年度考核的规定,依据${monthsText(s.result.months)}各月考核结果,对全院${s.result.units.length}个人民法庭${s.year}年度绩效考核情况进行了评定,现将结果通报如下:`,
  );

  h1("考核结果");
  b.table(resultTable(s, name, b.tables + 1));

  h1("等次评定");
  p(`参加年度排名的法庭共${ranked.length}个,按考核办法确定各等次名额:${s.result.quotas.map((q) => quotaText(q, s.rulebook)).join(";")}。${s.cap ? `有一票否决事项的法庭,年度考核等次不高于${s.cap.name}。` : ""}`);
  for (const o of s.overrides) p(`调整:${name(o.unit)}的等次由${gradeName(s, o.from)}调整为${gradeName(s, o.to)}(理由见调整说明)。`);
  b.table(quotaTable(s, name, b.tables + 1));
  b.table(reasonTable(s, name, b.tables + 1));

  h1("先进法庭");
  const rewards = s.rewards.filter((r) => r.units.length);
  if (rewards.length) for (const r of rewards) p(`${listOf(r.units.map(name))}被评为“${r.name}”(年度排名前 ${r.topRanks} 名且年内无一票否决事项)。`);
  else p("本年度无评为先进的法庭。");

  h1("末位约谈");
  if (s.talks.length) {
    for (const tk of s.talks) {
      const why = [
        tk.reasons.includes("lastInYear") ? "年度排名末位" : "",
        tk.reasons.includes("lastInMonths") ? `在${s.year}年${tk.monthsLast.map((m) => `${splitPeriod(m).month}月`).join("、")}共 ${tk.monthsLast.length} 个月的月度排名中位列末位(考核办法规定 ${s.rulebook.annual.talk?.monthsLast ?? 0} 个月及以上即约谈)` : "",
      ].filter(Boolean);
      p(`${name(tk.unit)}:${why.join(";")}。`);
    }
    p("对上述法庭进行末位约谈,由法庭负责人说明情况、提出整改措施。");
  } else p("本年度无末位约谈的法庭。");

  h1("一票否决");
  if (s.vetoes.length)
    for (const v of s.vetoes) p(`${name(v.unit)}:${periodLabel(v.period)}有“${v.name}”一票否决事项${s.cap ? `,年度考核等次不高于${s.cap.name}` : ""},不得评为先进法庭。`);
  else p("本年度无一票否决事项。");

  h1("调整说明");
  if (s.overrides.length)
    for (const o of s.overrides) p(`经复核,${name(o.unit)}的年度考核等次由${gradeName(s, o.from)}调整为${gradeName(s, o.to)}。调整理由:${o.reason}(${o.by.name},${chineseDate(o.at)})`);
  else p("本年度无等次调整。");

  h1("情况分析");
  b.text(s.commentary);

  const mark = s.provisional ? { word: "预估", banner: `预估 · ${s.year}年12月尚无数据,结果仅供参考,不作为正式通报` } : { word: "草稿", banner: "草稿 · 未经发布,不作为正式通报" };
  return officialFrame(s, { title: annualTitle(s), blocks: b.blocks, mark, printer: "政治部", copyTo: "院党组成员,审判管理办公室。" });
}
