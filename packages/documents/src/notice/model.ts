/**
 * The notice as one document model, made from the snapshot alone: the Word file, the workbook
 * and the print page are three renderings of this, so they cannot say different things.
 */
import { indicatorsOf, periodLabel, type Rulebook } from "@scorecard/rules";
import type { PeriodResult, Warning } from "@scorecard/scoring";
import { BodyWriter, courtOrder, officialFrame, TYPE_WIDTH_MM, unitNamer, type Block, type Cell, type ModelTable, type OfficialModel } from "../official/model";
import { changeText, chineseNumeral, figureText, points, valueCell, valueText, windowWords } from "../official/format";
import type { NoticeChange, NoticeSnapshot } from "./snapshot";

/** The notice's document model: an official document (公文) of the court. */
export type NoticeModel = OfficialModel;

const c = (text: string, more: Omit<Cell, "text"> = {}): Cell => ({ text, ...more });
const n2 = (x: number): Cell => ({ text: points(x), num: x, fmt: "0.00", align: "right" });

/**
 * A ranking as a notice tabulates it: 名次, (a rank-change column,) 法庭, each section, 加分, 扣分,
 * 总分; a vetoed tribunal marked 否决 with a note under the table.
 */
export function rankingTable(
  s: { rulebook: Rulebook; result: PeriodResult },
  name: (k: string) => string,
  opts: { caption: string; change?: { head: string; text: (unit: string) => string } },
): ModelTable {
  const sections = s.rulebook.sections;
  const change = opts.change;
  const head = [[c("名次"), ...(change ? [c(change.head)] : []), c("法庭"), ...sections.map((x) => c(x.name)), c("加分"), c("扣分"), c("总分")].map((x) => ({ ...x, align: "center" as const }))];
  const body = s.result.units.map((u) => [
    { text: String(u.rank), num: u.rank, fmt: "0", align: "center" as const },
    ...(change ? [c(change.text(u.unit), { align: "center" })] : []),
    c(u.veto ? `${name(u.unit)}(否决)` : name(u.unit), u.veto ? { mark: "veto" } : {}),
    ...sections.map((x) => n2(u.sections[x.key] ?? 0)),
    n2(u.bonus),
    n2(u.penalty),
    n2(u.total),
  ]);
  const rest = TYPE_WIDTH_MM - 10 - (change ? 15 : 0) - 40;
  const each = rest / (sections.length + 3);
  const vetoes = s.result.units.filter((u) => u.veto);
  const table: ModelTable = { sheet: "排名", caption: opts.caption, head, body, widths: [10, ...(change ? [15] : []), 40, ...Array<number>(sections.length + 3).fill(each)] };
  if (vetoes.length) table.note = `注:标“否决”的法庭在考核期内有一票否决事项,其得分和名次照常计算,年度考核等次受限。`;
  return table;
}

function indicatorTable(s: NoticeSnapshot, section: NoticeSnapshot["rulebook"]["sections"][number], no: number, name: (k: string) => string): ModelTable {
  const inds = section.indicators;
  const head: Cell[][] = [
    [c("法庭", { align: "center" }), ...inds.map((i) => c(i.unit ? `${i.name}(${i.unit})` : i.name, { span: 2, align: "center" }))],
    [c("", { align: "center" }), ...inds.flatMap(() => [c("数值", { align: "center" }), c("名次", { align: "center" })])],
  ];
  const body = courtOrder(s).map((u) => [
    c(name(u.unit)),
    ...inds.flatMap((ind) => {
      const r = u.indicators[ind.key];
      const v = r?.value ?? null;
      const mark = r?.warn ?? undefined;
      const value: Cell = { text: valueCell(v, ind), align: "right" };
      if (v !== null) {
        value.num = v;
        value.fmt = ind.unit === "%" ? "0.00%" : ind.formula.type === "field" && Number.isInteger(v) ? "0" : "0.00";
      }
      if (mark) value.mark = mark;
      const rank: Cell = r?.rank != null ? { text: String(r.rank), num: r.rank, fmt: "0", align: "center" } : c("—", { align: "center" });
      return [value, rank];
    }),
  ]);
  const first = 28;
  const per = (TYPE_WIDTH_MM - first) / inds.length;
  const widths = [first, ...inds.flatMap(() => [per * 0.66, per * 0.34])];
  return { sheet: "各项指标", caption: `表${no} ${section.name}各项指标完成情况`, head, body, widths, pairs: true, note: "注:“—”表示无数据或分母为零;标红、标黄的数值为红色、黄色预警。" };
}

/** The warnings grouped as a notice lists them: each red, then yellow, indicator with its tribunals; last places; vetoes. */
export function warningsTable(s: { warnings: readonly Warning[]; rulebook: Rulebook; result: PeriodResult }, name: (k: string) => string, no: number): ModelTable | null {
  if (!s.warnings.length) return null;
  const inds = new Map(indicatorsOf(s.rulebook).map((i) => [i.key, i]));
  const byUnit = new Map(s.result.units.map((u) => [u.unit, u]));
  const body: Cell[][] = [];
  for (const w of s.warnings) {
    if (w.kind === "veto") body.push([c("一票否决", { align: "center", mark: "veto" }), c(w.items.join("、")), c(name(w.unit))]);
    else if (w.kind === "last") body.push([c("排名末位", { align: "center" }), c("总分"), c(`${name(w.unit)}(${points(byUnit.get(w.unit)?.total ?? 0)} 分,第 ${w.rank} 名)`)]);
  }
  for (const level of ["red", "yellow"] as const) {
    for (const ind of indicatorsOf(s.rulebook)) {
      const hits = s.warnings.filter((w): w is Extract<Warning, { kind: "indicator" }> => w.kind === "indicator" && w.level === level && w.indicator === ind.key);
      if (!hits.length) continue;
      const line = level === "red" ? ind.warn?.red : ind.warn?.yellow;
      const label = line === undefined ? ind.name : `${ind.name}(${ind.direction === "higher" ? "低于" : "高于"}${valueText(line, ind.unit)})`;
      body.push([
        c(level === "red" ? "红色预警" : "黄色预警", { align: "center", mark: level }),
        c(label),
        c(hits.map((w) => `${name(w.unit)}(${valueText(w.value, inds.get(w.indicator)?.unit)})`).join("、")),
      ]);
    }
  }
  return { sheet: "预警", caption: `表${no} 预警情况`, head: [[c("类别", { align: "center" }), c("指标", { align: "center" }), c("法庭", { align: "center" })]], body, widths: [22, 48, 86] };
}

function highlightsTable(s: NoticeSnapshot, name: (k: string) => string, no: number): ModelTable {
  const byUnit = new Map(s.result.units.map((u) => [u.unit, u]));
  const first = s.highlights.first;
  const rows: Cell[][] = [
    [
      c("排名第一", { align: "center" }),
      c(first.length ? first.map(name).join("、") : "—"),
      c(first.length ? `总分 ${points(byUnit.get(first[0]!)!.total)} 分${first.length > 1 ? ",并列第一" : ""}` : "本期无排名"),
    ],
  ];
  const climb = s.highlights.biggestClimb;
  rows.push([
    c("进步最大", { align: "center" }),
    c(climb ? climb.units.map(name).join("、") : "—"),
    c(climb ? `较上月上升 ${climb.places} 位${climb.units.length > 1 ? "(并列)" : ""}` : s.change === null ? "年初首月,不比较排名变化" : "本期无排名上升的法庭"),
  ]);
  return { sheet: "亮点", caption: `表${no} 工作亮点`, head: [[c("项目", { align: "center" }), c("法庭", { align: "center" }), c("情况", { align: "center" })]], body: rows, widths: [26, 60, 70] };
}

/** A correction's change in words: `麦新人民法庭2023年3月执行结案数由 40件 更正为 45件`. */
export function changeWords(ch: NoticeChange, s: { rulebook: Rulebook }, name: (k: string) => string): string {
  const u = name(ch.unit);
  if (ch.what === "figure") {
    const unit = s.rulebook.fields.find((f) => f.key === ch.key)?.unit;
    return `${u}${ch.label}由 ${figureText(ch.before, unit)} 更正为 ${figureText(ch.after, unit)}`;
  }
  if (ch.what === "rank") {
    const r = (x: number | null) => (x === null ? "未排名" : `第 ${x} 名`);
    return `${u}名次由${r(ch.before)}变为${r(ch.after)}`;
  }
  const p = (x: number | null) => (x === null ? "无" : `${points(x)} 分`);
  return `${u}${ch.label}由 ${p(ch.before)} 变为 ${p(ch.after)}`;
}

function correctionTable(s: Corrected, name: (k: string) => string, no: number): ModelTable | null {
  const ch = s.correction?.changes ?? [];
  if (!ch.length) return null;
  const what = { figure: "数据", score: "指标得分", total: "总分", rank: "名次" } as const;
  const cell = (x: NoticeChange, v: number | null): Cell => {
    if (v === null) return c("—", { align: "right" });
    if (x.what === "rank") return { text: `第 ${v} 名`, num: v, fmt: "0", align: "right" };
    if (x.what === "figure") return { text: figureText(v, s.rulebook.fields.find((f) => f.key === x.key)?.unit), num: v, fmt: Number.isInteger(v) ? "0" : "0.00", align: "right" };
    return n2(v);
  };
  const body = ch.map((x) => [c(what[x.what], { align: "center" }), c(name(x.unit)), c(x.label), cell(x, x.before), cell(x, x.after)]);
  return {
    sheet: "更正",
    caption: `表${no} 更正内容`,
    head: [[c("类别"), c("法庭"), c("项目"), c("更正前"), c("更正后")].map((x) => ({ ...x, align: "center" as const }))],
    body,
    widths: [20, 40, 50, 23, 23],
  };
}

/** What a corrected document says of its correction. */
export type Corrected = { rulebook: Rulebook; revision: number; correction: NoticeSnapshot["correction"] };

/**
 * The opening of a correction (更正): what it corrects and why, what changed in words, and the
 * table of the changes (表 no + 1); `doc` names the document (通报, 总结) and the revision without a number.
 */
export function correctionBlocks(s: Corrected, name: (k: string) => string, doc: { word: string; fallback: string }, no: number): { blocks: Block[]; tables: number } {
  const blocks: Block[] = [];
  let t = no;
  const p = (text: string) => blocks.push({ kind: "p", text });
  const table = (tb: ModelTable | null) => tb && blocks.push({ kind: "table", table: tb });
  if (!s.correction) return { blocks, tables: 0 };
  const of = s.correction.ofNumber ? `${s.correction.ofNumber}${doc.word}` : `${doc.fallback}第 ${s.correction.of} 版`;
  p(`现对${of}予以更正,本${doc.word}为第 ${s.revision} 版,原${doc.word}同时作废。更正原因:${s.correction.reason}`);
  const changes = s.correction.changes;
  if (changes.length) {
    const words = (what: NoticeChange["what"]) => changes.filter((ch) => ch.what === what).map((ch) => changeWords(ch, s, name));
    const parts = [
      words("figure").length ? `数据更正:${words("figure").join(";")}` : "",
      words("rank").length ? `名次变化:${words("rank").join(";")}` : "各法庭名次不变",
      words("total").length ? `总分变化:${words("total").join(";")}` : "",
    ].filter(Boolean);
    const scores = changes.filter((ch) => ch.what === "score").length;
    p(`更正内容:${parts.join("。")}。${scores ? `各项指标得分的变化见表${t + 1}。` : ""}`);
    table(correctionTable(s, name, ++t));
  } else p("更正内容:经复核,各法庭的数据、得分和名次均无变化。");
  return { blocks, tables: t - no };
}

/** The document title: 关于2023年1月至3月人民法庭审判执行工作绩效考核情况的通报 */
export function noticeTitle(s: Pick<NoticeSnapshot, "result" | "period" | "correction">): string {
  return `关于${periodLabel(s.period)}人民法庭审判执行工作绩效考核情况的${s.correction ? "更正" : ""}通报`;
}

/** Builds the notice's document model from its snapshot alone. */
export function noticeModel(s: NoticeSnapshot): NoticeModel {
  const name = unitNamer(s);
  const b = new BodyWriter();
  const w = s.result.window;
  const n = s.result.units.length;

  if (s.correction) {
    const c = correctionBlocks(s, name, { word: "通报", fallback: "本月通报" }, b.tables);
    b.blocks.push(...c.blocks);
    b.tables += c.tables;
  }
  b.p(
    `根据《${s.rulebook.title}》(${s.rulebook.version}版),审判管理办公室对${windowWords(w)}${w.from === w.to ? "" : "累计"}全院${n}个人民法庭的审判、执行工作进行了考核,现将考核情况通报如下:`,
  );

  b.h1("考核排名情况");
  // numbered after a correction's own table (a revision's files are frozen when first downloaded, so no served file changes)
  b.table(rankingTable(s, name, { caption: `表${b.tables + 1} ${windowWords(w)}各人民法庭考核排名`, change: { head: "较上月", text: (u) => changeText(s.change, u) } }));
  for (const text of s.ignoredAdjustments) b.p(`注意:${text}`);

  b.h1("各项指标完成情况");
  s.rulebook.sections.forEach((sec, i) => {
    b.h2(`(${chineseNumeral(i + 1)})${sec.name}`);
    b.table(indicatorTable(s, sec, b.tables + 1, name));
  });

  b.h1("预警情况");
  const warn = warningsTable(s, name, b.tables + 1);
  if (warn) b.table(warn);
  else b.p("本期无预警事项。");

  b.h1("工作亮点");
  b.table(highlightsTable(s, name, b.tables + 1));

  b.h1("情况分析");
  b.text(s.commentary);

  if (s.dataWarnings.length) {
    b.h1("数据核查提示");
    b.p(s.number === null ? "以下数据经核查存在异常提示,发布前须由统计人员逐条核实确认:" : "以下数据经核查存在异常提示,已由统计人员核实确认后发布:");
    s.dataWarnings.forEach((d, i) => b.p(`${i + 1}. ${d.period ? periodLabel(d.period) : ""}${d.zh}`));
  }

  return officialFrame(s, { title: noticeTitle(s), blocks: b.blocks, mark: { word: "草稿", banner: "草稿 · 未经发布,不作为正式通报" }, printer: "审判管理办公室" });
}
