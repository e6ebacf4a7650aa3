/**
 * The notice as one document model, made from the snapshot alone: the Word file, the workbook
 * and the print page are three renderings of this, so they cannot say different things.
 */
import { indicatorsOf, periodLabel, type CourtProfile, type Indicator, type Rulebook } from "@scorecard/rules";
import { adjustmentCapText, attained, type PeriodResult, type UnitResult, type Warning } from "@scorecard/scoring";
import { BodyWriter, officialFrame, TYPE_WIDTH_MM, unitNamer, type Block, type Cell, type ModelTable, type OfficialModel } from "../official/model";
import { changeText, chineseNumeral, figureText, indicatorUnit, points, valueCell, valueFormat, valueText, windowWords } from "../official/format";
import { groupNamer, grouped, groupsClause, printedGroups, printedWarnings, ranksHidden } from "../official/ranking";
import { courtWords, profileOf } from "../official/issue";
import type { NoticeChange, NoticeSnapshot } from "./snapshot";

/** The notice's document model: an official document (公文) of the court. */
export type NoticeModel = OfficialModel;

const c = (text: string, more: Omit<Cell, "text"> = {}): Cell => ({ text, ...more });
const n2 = (x: number): Cell => ({ text: points(x), num: x, fmt: "0.00", align: "right" });

/**
 * A ranking (or one group of it) as a notice tabulates it: 名次, (a rank-change column,) 法庭,
 * each section, 加分, 扣分, 总分; a vetoed tribunal marked 否决 and the caps that cut a bonus or
 * penalty said in a note under the table. Ranks kept internal: no 名次 and no rank change, the
 * units as given (court order).
 */
export function rankingTable(
  s: { rulebook: Rulebook; profile?: CourtProfile },
  units: readonly UnitResult[],
  name: (k: string) => string,
  opts: { caption: string; change?: { head: string; text: (unit: string) => string } },
): ModelTable {
  const sections = s.rulebook.sections;
  const hidden = ranksHidden(s.rulebook);
  const change = hidden ? undefined : opts.change;
  const word = courtWords(s).unit;
  const head = [
    [...(hidden ? [] : [c("名次")]), ...(change ? [c(change.head)] : []), c(word), ...sections.map((x) => c(x.name)), c("加分"), c("扣分"), c("总分")].map((x) => ({
      ...x,
      align: "center" as const,
    })),
  ];
  const body = units.map((u) => [
    ...(hidden ? [] : [{ text: String(u.rank), num: u.rank, fmt: "0", align: "center" as const }]),
    ...(change ? [c(change.text(u.unit), { align: "center" })] : []),
    c(u.veto ? `${name(u.unit)}(否决)` : name(u.unit), u.veto ? { mark: "veto" } : {}),
    ...sections.map((x) => n2(u.sections[x.key] ?? 0)),
    n2(u.bonus),
    n2(u.penalty),
    n2(u.total),
  ]);
  const layout = (changeWidth: number, unitWidth: number) => {
    const each = (TYPE_WIDTH_MM - (hidden ? 0 : 10) - (change ? changeWidth : 0) - unitWidth) / (sections.length + 3);
    return { each, widths: [...(hidden ? [] : [10]), ...(change ? [changeWidth] : []), unitWidth, ...Array<number>(sections.length + 3).fill(each)] };
  };
  const wide = layout(15, 40);
  // more sections than the two of the default rulebook: narrower columns in 五号, so that 100.00 stays on one line
  const compact = wide.each < 17;
  const { widths } = compact ? layout(13, 36) : wide;
  const table: ModelTable = { sheet: hidden ? "得分" : "排名", caption: opts.caption, head, body, widths };
  if (compact) table.small = true;
  const notes: string[] = [];
  if (units.some((u) => u.veto)) notes.push(`标“否决”的${word}在考核期内有一票否决事项,其得分${hidden ? "" : "和名次"}照常计算,年度考核等次受限。`);
  const caps = units.map((u) => ({ u, text: adjustmentCapText(u, s.rulebook) })).filter((x) => x.text !== null);
  if (caps.length) notes.push(`加减分封顶:${caps.map((x) => `${name(x.u.unit)},${x.text}。`).join("")}`);
  if (notes.length) table.note = `注:${notes.join("")}`;
  return table;
}

/** The ranking of a window as a notice or summary prints it: one table, or one per group; `caption` names the group (null: none) and takes the next table number. */
export function rankingTables(
  b: BodyWriter,
  s: { rulebook: Rulebook; units: ReadonlyArray<{ key: string }> },
  result: PeriodResult,
  name: (k: string) => string,
  opts: { caption: (no: number, group: string | null) => string; change?: { head: string; text: (unit: string) => string } },
): void {
  for (const g of printedGroups(s, result)) b.table(rankingTable(s, g.units, name, { caption: opts.caption(b.tables + 1, g.name), change: opts.change }));
}

/** 排名 (ranks published) or 得分 (kept internal): what a ranking table is called. */
export function rankingWord(rb: Pick<Rulebook, "ranking">): string {
  return ranksHidden(rb) ? "得分" : "排名";
}

function indicatorTable(s: NoticeSnapshot, section: NoticeSnapshot["rulebook"]["sections"][number], units: readonly UnitResult[], caption: string, name: (k: string) => string): ModelTable {
  const inds = section.indicators;
  const hidden = ranksHidden(s.rulebook);
  const header = (i: Indicator) => {
    const unit = indicatorUnit(i);
    return unit ? `${i.name}(${unit})` : i.name;
  };
  const head: Cell[][] = [
    [c(courtWords(s).unit, { align: "center" }), ...inds.map((i) => c(header(i), { span: 2, align: "center" }))],
    [c("", { align: "center" }), ...inds.flatMap(() => [c("数值", { align: "center" }), c(hidden ? "得分" : "名次", { align: "center" })])],
  ];
  let smallBase = false;
  let absent = false;
  const body = units.map((u) => [
    c(name(u.unit)),
    ...inds.flatMap((ind): Cell[] => {
      const r = u.indicators[ind.key];
      // an indicator that does not apply to the unit's group (rulebook.md §9): not scored, never 0
      if (!r) {
        absent = true;
        return [c("不适用", { align: "center" }), c("—", { align: "center" })];
      }
      const v = r.value;
      const value: Cell = { text: valueCell(v, ind), align: "right" };
      if (v !== null) {
        value.num = v;
        value.fmt = valueFormat(v, ind);
      } else if (r.explanation?.nullReason === "smallBase") {
        smallBase = true;
        value.text = "样本不足";
        value.align = "center";
      }
      if (r.warn) value.mark = r.warn;
      if (hidden) {
        // 达标: the indicator's full points
        const full = attained(r.score, ind.points);
        return [value, { text: points(r.score), num: r.score, fmt: full ? '0.00"(达标)"' : "0.00", align: "center", under: `${points(r.score)}分${full ? "(达标)" : ""}` }];
      }
      const rank: Cell = r.rank != null ? { text: String(r.rank), num: r.rank, fmt: "0", align: "center" } : c("—", { align: "center" });
      return [value, rank];
    }),
  ]);
  const first = 28;
  const per = (TYPE_WIDTH_MM - first) / inds.length;
  const widths = [first, ...inds.flatMap(() => [per * 0.66, per * 0.34])];
  const extra = [
    smallBase ? "“样本不足”表示该项的基数低于考核办法规定的最低样本数,不参与比较,按考核办法计分;" : "",
    absent ? `“不适用”表示该项指标不考核本类${courtWords(s).unit};` : "",
    hidden ? "“达标”表示该项得满分;" : "",
  ].join("");
  return { sheet: "各项指标", caption, head, body, widths, pairs: true, note: `注:“—”表示无数据或分母为零;${extra}标红、标黄的数值为红色、黄色预警。` };
}

/**
 * The committee's scores (评议打分) of a section's manual indicators for one group (or all), in
 * court order, each with the engine's explanation (its month, score and reason); null when none.
 * A section of manual indicators only has this table alone, as its 情况.
 */
function manualTable(s: NoticeSnapshot, section: NoticeSnapshot["rulebook"]["sections"][number], units: readonly UnitResult[], caption: string, name: (k: string) => string): ModelTable | null {
  const inds = section.indicators.filter((i) => i.formula.type === "manual");
  const hidden = ranksHidden(s.rulebook);
  const body: Cell[][] = [];
  for (const u of units)
    for (const ind of inds) {
      const r = u.indicators[ind.key];
      if (!r) continue;
      const score = n2(r.score);
      if (hidden && attained(r.score, ind.points)) Object.assign(score, { text: `${points(r.score)}(达标)`, fmt: '0.00"(达标)"' });
      body.push([c(name(u.unit)), score, c(r.explanation?.text ?? "")]);
    }
  if (!body.length) return null;
  return {
    sheet: "各项指标",
    caption,
    head: [[c(courtWords(s).unit), c("得分"), c("评议情况")].map((x) => ({ ...x, align: "center" as const }))],
    body,
    widths: [32, 18, 106],
    keepRows: true,
  };
}

/**
 * The warnings grouped as a notice lists them: each red, then yellow, indicator with its
 * tribunals; last places (within each group; none when ranks are kept internal); vetoes.
 */
export function warningsTable(
  s: { warnings: readonly Warning[]; rulebook: Rulebook; result: PeriodResult; units: ReadonlyArray<{ key: string }>; profile?: CourtProfile },
  name: (k: string) => string,
  no: number,
): ModelTable | null {
  const warnings = printedWarnings(s);
  if (!warnings.length) return null;
  const inds = new Map(indicatorsOf(s.rulebook).map((i) => [i.key, i]));
  const byUnit = new Map(s.result.units.map((u) => [u.unit, u]));
  const group = groupNamer(s.result);
  const body: Cell[][] = [];
  for (const w of warnings) {
    if (w.kind === "veto") body.push([c("一票否决", { align: "center", mark: "veto" }), c(w.items.join("、")), c(name(w.unit))]);
    else if (w.kind === "last") {
      const u = byUnit.get(w.unit);
      const where = grouped(s.rulebook) && u ? group(u.group) : "";
      body.push([c("排名末位", { align: "center" }), c("总分"), c(`${name(w.unit)}(${points(u?.total ?? 0)} 分,${where}第 ${w.rank} 名)`)]);
    }
  }
  for (const level of ["red", "yellow"] as const) {
    for (const ind of indicatorsOf(s.rulebook)) {
      const hits = warnings.filter((w): w is Extract<Warning, { kind: "indicator" }> => w.kind === "indicator" && w.level === level && w.indicator === ind.key);
      if (!hits.length) continue;
      const line = level === "red" ? ind.warn?.red : ind.warn?.yellow;
      const unit = indicatorUnit(ind);
      const label = line === undefined ? ind.name : `${ind.name}(${ind.direction === "higher" ? "低于" : "高于"}${valueText(line, unit)})`;
      body.push([
        c(level === "red" ? "红色预警" : "黄色预警", { align: "center", mark: level }),
        c(label),
        c(hits.map((w) => `${name(w.unit)}(${valueText(w.value, indicatorUnit(inds.get(w.indicator) ?? ind))})`).join("、")),
      ]);
    }
  }
  return { sheet: "预警", caption: `表${no} 预警情况`, head: [[c("类别", { align: "center" }), c("指标", { align: "center" }), c(courtWords(s).unit, { align: "center" })]], body, widths: [20, 50, 86], small: true };
}

/** First place and the biggest climb; with groups, of each group, in a 分组 column. */
function highlightsTable(s: NoticeSnapshot, name: (k: string) => string, no: number): ModelTable {
  const byUnit = new Map(s.result.units.map((u) => [u.unit, u]));
  const group = groupNamer(s.result);
  const parts = s.highlights.groups?.map((h) => ({ ...h, group: group(h.group) as string | null })) ?? [{ ...s.highlights, group: null }];
  const rows: Cell[][] = [];
  for (const h of parts) {
    const lead = h.group === null ? [] : [c(h.group, { align: "center" })];
    const first = h.first;
    rows.push([
      ...lead,
      c("排名第一", { align: "center" }),
      c(first.length ? first.map(name).join("、") : "—"),
      c(first.length ? `总分 ${points(byUnit.get(first[0]!)!.total)} 分${first.length > 1 ? ",并列第一" : ""}` : "本期无排名"),
    ]);
    const climb = h.biggestClimb;
    rows.push([
      ...lead,
      c("进步最大", { align: "center" }),
      c(climb ? climb.units.map(name).join("、") : "—"),
      c(climb ? `较上月上升 ${climb.places} 位${climb.units.length > 1 ? "(并列)" : ""}` : s.change === null ? "年初首月,不比较排名变化" : `本期无排名上升的${courtWords(s).unit}`),
    ]);
  }
  const grouped = s.highlights.groups !== undefined;
  const head = [[...(grouped ? [c("分组")] : []), c("项目"), c(courtWords(s).unit), c("情况")].map((x) => ({ ...x, align: "center" as const }))];
  return { sheet: "亮点", caption: `表${no} 工作亮点`, head, body: rows, widths: grouped ? [24, 22, 50, 60] : [26, 60, 70] };
}

/** A correction's change in words: `麦新人民法庭2023年3月执行结案数由 40件 更正为 45件`; a rank with its group's name when the rulebook has groups. */
export function changeWords(ch: NoticeChange, s: Pick<Corrected, "rulebook" | "result">, name: (k: string) => string): string {
  const u = name(ch.unit);
  if (ch.what === "figure") {
    const unit = s.rulebook.fields.find((f) => f.key === ch.key)?.unit;
    return `${u}${ch.label}由 ${figureText(ch.before, unit)} 更正为 ${figureText(ch.after, unit)}`;
  }
  if (ch.what === "rank") {
    const r = (x: number | null) => (x === null ? "未排名" : `第 ${x} 名`);
    return `${u}${rankLabel(ch, s)}由${r(ch.before)}变为${r(ch.after)}`;
  }
  const p = (x: number | null) => (x === null ? "无" : `${points(x)} 分`);
  return `${u}${ch.label}由 ${p(ch.before)} 变为 ${p(ch.after)}`;
}

/** 名次, or with groups `在一类法庭中的名次` (the group's name). */
function rankLabel(ch: NoticeChange, s: Pick<Corrected, "rulebook" | "result">): string {
  if (!grouped(s.rulebook)) return "名次";
  const g = s.result.units.find((u) => u.unit === ch.unit)?.group;
  return g === undefined ? "名次" : `在${groupNamer(s.result)(g)}中的名次`;
}

/** The changes a correction prints: without ranks when the rulebook keeps them internal. */
function printedChanges(s: Corrected): NoticeChange[] {
  const ch = s.correction?.changes ?? [];
  return ranksHidden(s.rulebook) ? ch.filter((x) => x.what !== "rank") : ch;
}

function correctionTable(s: Corrected, name: (k: string) => string, no: number): ModelTable | null {
  const ch = printedChanges(s);
  if (!ch.length) return null;
  const what = { figure: "数据", score: "指标得分", total: "总分", rank: "名次" } as const;
  const cell = (x: NoticeChange, v: number | null): Cell => {
    if (v === null) return c("—", { align: "right" });
    if (x.what === "rank") return { text: `第 ${v} 名`, num: v, fmt: "0", align: "right" };
    if (x.what === "figure") return { text: figureText(v, s.rulebook.fields.find((f) => f.key === x.key)?.unit), num: v, fmt: Number.isInteger(v) ? "0" : "0.00", align: "right" };
    return n2(v);
  };
  const body = ch.map((x) => [c(what[x.what], { align: "center" }), c(name(x.unit)), c(x.what === "rank" ? rankLabel(x, s).replace(/^在|中的/g, "") : x.label), cell(x, x.before), cell(x, x.after)]);
  return {
    sheet: "更正",
    caption: `表${no} 更正内容`,
    head: [[c("类别"), c(courtWords(s).unit), c("项目"), c("更正前"), c("更正后")].map((x) => ({ ...x, align: "center" as const }))],
    body,
    widths: [20, 40, 50, 23, 23],
  };
}

/** What a corrected document says of its correction (the ranking it corrects: for the groups of its ranks). */
export type Corrected = {
  rulebook: Rulebook;
  profile?: CourtProfile;
  revision: number;
  correction: NoticeSnapshot["correction"];
  result: { groups: ReadonlyArray<{ key: string; name: string }>; units: ReadonlyArray<{ unit: string; group: string }> };
};

/**
 * The opening of a correction (更正): what it corrects and why, what changed in words, and the
 * table of the changes (表 no + 1); `doc` names the document (通报, 总结) and the revision without a number.
 * Ranks kept internal: no rank change is said.
 */
export function correctionBlocks(s: Corrected, name: (k: string) => string, doc: { word: string; fallback: string }, no: number): { blocks: Block[]; tables: number } {
  const blocks: Block[] = [];
  let t = no;
  const p = (text: string) => blocks.push({ kind: "p", text });
  const table = (tb: ModelTable | null) => tb && blocks.push({ kind: "table", table: tb });
  if (!s.correction) return { blocks, tables: 0 };
  const hidden = ranksHidden(s.rulebook);
  const of = s.correction.ofNumber ? `${s.correction.ofNumber}${doc.word}` : `${doc.fallback}第 ${s.correction.of} 版`;
  p(`现对${of}予以更正,本${doc.word}为第 ${s.revision} 版,原${doc.word}同时作废。更正原因:${s.correction.reason}`);
  const changes = printedChanges(s);
  if (changes.length) {
    const words = (what: NoticeChange["what"]) => changes.filter((ch) => ch.what === what).map((ch) => changeWords(ch, s, name));
    const parts = [
      words("figure").length ? `数据更正:${words("figure").join(";")}` : "",
      hidden ? "" : words("rank").length ? `名次变化:${words("rank").join(";")}` : `各${courtWords(s).unit}名次不变`,
      words("total").length ? `总分变化:${words("total").join(";")}` : "",
    ].filter(Boolean);
    const scores = changes.filter((ch) => ch.what === "score").length;
    p(`更正内容:${parts.length ? `${parts.join("。")}。` : ""}${scores ? `各项指标得分的变化见表${t + 1}。` : ""}`);
    table(correctionTable(s, name, ++t));
  } else p(`更正内容:经复核,各${courtWords(s).unit}的${hidden ? "数据和得分" : "数据、得分和名次"}均无变化。`);
  return { blocks, tables: t - no };
}

/** The document title: 关于2023年1月至3月人民法庭审判执行工作绩效考核情况的通报 */
export function noticeTitle(s: Pick<NoticeSnapshot, "result" | "period" | "correction" | "profile">): string {
  return `关于${periodLabel(s.period)}${courtWords(s).full}审判执行工作绩效考核情况的${s.correction ? "更正" : ""}通报`;
}

/** Builds the notice's document model from its snapshot alone. */
export function noticeModel(s: NoticeSnapshot): NoticeModel {
  const name = unitNamer(s);
  const b = new BodyWriter();
  const w = s.result.window;
  const n = s.result.units.length;
  const words = courtWords(s);

  if (s.correction) {
    const c = correctionBlocks(s, name, { word: "通报", fallback: "本月通报" }, b.tables);
    b.blocks.push(...c.blocks);
    b.tables += c.tables;
  }
  b.p(
    `根据《${s.rulebook.title}》(${s.rulebook.version}版),${profileOf(s).kinds.notice.printedBy}对${windowWords(w)}${w.from === w.to ? "" : "累计"}${words.scope}${n}个${words.full}${groupsClause(s.rulebook, s.result.groups)}的审判、执行工作进行了考核,现将考核情况通报如下:`,
  );

  const word = rankingWord(s.rulebook);
  b.h1(`考核${word}情况`);
  // numbered after a correction's own table (a revision's files are frozen when first downloaded, so no served file changes)
  rankingTables(b, s, s.result, name, {
    caption: (no, group) => `表${no} ${windowWords(w)}${group ?? words.each}考核${word}`,
    change: { head: "较上月", text: (u) => changeText(s.change, u) },
  });
  for (const text of s.ignoredAdjustments) b.p(`注意:${text}`);

  b.h1("各项指标完成情况");
  const parts = printedGroups(s, s.result, "court");
  s.rulebook.sections.forEach((sec, i) => {
    b.h2(`(${chineseNumeral(i + 1)})${sec.name}`);
    const manualOnly = sec.indicators.every((x) => x.formula.type === "manual");
    if (!manualOnly) for (const g of parts) b.table(indicatorTable(s, sec, g.units, `表${b.tables + 1} ${g.name ?? ""}${sec.name}各项指标完成情况`, name));
    for (const g of parts) b.table(manualTable(s, sec, g.units, `表${b.tables + 1} ${g.name ?? words.each}${sec.name}${manualOnly ? "情况" : "评议打分及理由"}`, name));
  });

  b.h1("预警情况");
  const warn = warningsTable(s, name, b.tables + 1);
  if (warn) b.table(warn);
  else b.p("本期无预警事项。");

  // first place and the biggest climb are ranks: not printed when they are kept internal
  if (!ranksHidden(s.rulebook)) {
    b.h1("工作亮点");
    b.table(highlightsTable(s, name, b.tables + 1));
  }

  b.h1("情况分析");
  b.text(s.commentary);

  // the data checks the statistician acknowledged are internal: kept in the snapshot and the audit log, never printed

  return officialFrame(s, { title: noticeTitle(s), blocks: b.blocks, mark: { word: "草稿", banner: "草稿 · 未经发布,不作为正式通报" }, kind: "notice" });
}
