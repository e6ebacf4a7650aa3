/**
 * Two versions of a 考核办法 compared item by item, in words (issue 11, "Compare"): what the
 * studio's compare view and a 修订说明 list, e.g. `E4 首执完毕率:分值 8 → 10;方法 排名赋分法 →
 * 功效系数法`. Pure: numbers as a court writes them (rates as percentages, steps of a rate in
 * percentage points), fields, sections, groups and tribunals by their names.
 */
import { shownNumber } from "./wording";
import { METHOD_NAMES } from "./method-names";
import { periodLabel } from "./calendar";
import {
  OTHER_GROUP,
  termsOf,
  type AdjustmentItem,
  type Check,
  type Field,
  type FieldRef,
  type Formula,
  type Indicator,
  type Method,
  type MissingPolicy,
  type Rulebook,
} from "./rulebook";

export interface RulebookChange {
  /** the item: "基本信息", "字段 enf_closed 执行结案数", "E4 首执完毕率", "年度考核", … */
  place: string;
  /** what changed, in words; several changes of one item joined by ";" */
  text: string;
  kind: "added" | "removed" | "changed";
}


const AGGREGATE_NAMES: Record<Field["aggregate"], string> = { sum: "求和", mean: "平均", last: "取最近一月" };
const DIRECTION_NAMES: Record<Indicator["direction"], string> = { higher: "越高越好", lower: "越低越好" };
const MISSING_NAMES: Record<MissingPolicy, string> = { mean: "按其他法庭得分的平均数计分", full: "计满分", zero: "计 0 分" };
const WINDOW_NAMES: Record<Rulebook["window"], string> = { month: "当月", ytd: "年初至当月累计" };
const RANKING_NAMES: Record<Rulebook["ranking"], string> = { published: "通报排名", internal: "排名不通报" };
const KIND_NAMES: Record<AdjustmentItem["kind"], string> = { bonus: "加分", penalty: "扣分", veto: "一票否决" };
const LEVEL_NAMES: Record<Check["level"], string> = { error: "错误", warning: "警告" };
const BASIS_NAMES: Record<Rulebook["annual"]["basis"], string> = { ytd: "全年累计(12月年初至当月累计)", meanOfMonths: "各月总分的平均数" };
const NONE = "不设";

/** `a → b` */
const arrow = (a: string, b: string) => `${a} → ${b}`;

/** A number as people write it (no binary noise, no trailing zeros). */
const n = (x: number) => shownNumber(x);

/** A value in an indicator's unit: a rate as a percentage, others with their unit. */
function value(x: number, unit: string | undefined): string {
  return unit === "%" ? `${n(x * 100)}%` : `${n(x)}${unit ?? ""}`;
}

/** A step or difference in an indicator's unit: a rate's in percentage points. */
function step(x: number, unit: string | undefined): string {
  return unit === "%" ? `${n(x * 100)} 个百分点` : `${n(x)}${unit ?? ""}`;
}

/** Keys of both lists in one order: b's, each key only a has placed after the key it followed in a. */
function mergedKeys(a: readonly string[], b: readonly string[]): string[] {
  const out = [...b];
  a.forEach((k, i) => {
    if (out.includes(k)) return;
    let at = 0;
    for (let j = i - 1; j >= 0; j--) {
      const p = out.indexOf(a[j]!);
      if (p >= 0) {
        at = p + 1;
        break;
      }
    }
    out.splice(at, 0, k);
  });
  return out;
}

/** One change per item present in either list, in order; `same` items give none. */
function compareLists<T extends { key: string }>(
  a: readonly T[],
  b: readonly T[],
  place: (x: T) => string,
  words: { added: (x: T) => string; removed: (x: T) => string; changed: (x: T, y: T) => string[] },
): RulebookChange[] {
  const [ma, mb] = [new Map(a.map((x) => [x.key, x])), new Map(b.map((x) => [x.key, x]))];
  const out: RulebookChange[] = [];
  for (const key of mergedKeys([...ma.keys()], [...mb.keys()])) {
    const [x, y] = [ma.get(key), mb.get(key)];
    if (x && y) {
      const changes = words.changed(x, y);
      if (changes.length) out.push({ place: place(y), text: changes.join(";"), kind: "changed" });
    } else if (y) out.push({ place: place(y), text: words.added(y), kind: "added" });
    else if (x) out.push({ place: place(x), text: words.removed(x), kind: "removed" });
  }
  return out;
}

/**
 * Collects `label a → b` for each pair that differs: by its words, or, where a fourth element
 * is given, by that (the keys or structure the words name, so that renaming a field or a section
 * is one change of that field or section, not one of every item that names it).
 */
function collect(pairs: Array<[label: string, a: string, b: string, same?: boolean]>): string[] {
  return pairs.filter(([, a, b, same]) => !(same ?? a === b)).map(([label, a, b]) => `${label} ${arrow(a, b)}`);
}

/** Equal as data (formulas, minimum bases, key lists). */
const sameData = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

const fieldName = (rb: Rulebook, key: string) => rb.fields.find((f) => f.key === key)?.label ?? key;
const sectionName = (rb: Rulebook, key: string) => rb.sections.find((s) => s.key === key)?.name ?? key;
const groupName = (rb: Rulebook, key: string) => (key === OTHER_GROUP ? (rb.groups.length ? "其他法庭" : "全部法庭") : rb.groups.find((g) => g.key === key)?.name ?? key);

/** An operand in words: a field's label, or its weighted terms (`被改判数 + 0.6 × 发回重审数`). */
function operand(rb: Rulebook, ref: FieldRef): string {
  const terms = termsOf(ref);
  const text = terms.map((t) => (t.weight === 1 ? fieldName(rb, t.field) : `${n(t.weight)} × ${fieldName(rb, t.field)}`)).join(" + ");
  return terms.length > 1 && typeof ref !== "string" ? `(${text})` : text;
}

/** A formula in words, with the fields' names. */
export function formulaWords(rb: Rulebook, f: Formula): string {
  switch (f.type) {
    case "ratio":
      return `${operand(rb, f.num)} ÷ ${operand(rb, f.den)}`;
    case "complement":
      return `1 − ${operand(rb, f.num)} ÷ ${operand(rb, f.den)}`;
    case "field":
      return operand(rb, f.field);
    case "manual":
      return f.aggregate === "mean" ? "评议打分(取统计期内平均)" : "评议打分(取统计期内最近一次)";
  }
}

/** A method's parameters as name–words pairs, in the indicator's unit. */
function methodParams(m: Method, unit: string | undefined): Array<[string, string]> {
  switch (m.type) {
    case "efficacy":
      return [["保底系数", n(m.floor)]];
    case "rank":
      return [["每降一名扣满分的", `${n(m.step * 100)}%`]];
    case "target":
      return [
        ["达标线", value(m.target, unit)],
        ["零分线", value(m.zeroAt, unit)],
        ...Object.entries(m.byMonth ?? {})
          .sort(([x], [y]) => x.localeCompare(y))
          .map(([month, p]): [string, string] => [`${Number(month)}月达标线、零分线`, `${value(p.target, unit)}、${value(p.zeroAt, unit)}`]),
      ];
    case "band":
      return [
        ["下限", m.low === undefined ? NONE : value(m.low, unit)],
        ["上限", m.high === undefined ? NONE : value(m.high, unit)],
        ["每偏离", step(m.step, unit)],
        ["扣", `${n(m.deduct)} 分`],
      ];
    case "ratioToBest":
    case "manual":
      return [];
  }
}

/** A method in words: its name and parameters, `合理区间法(下限 85%,上限 115%,每偏离 1 个百分点扣 0.3 分)`. */
export function methodWords(m: Method, unit?: string): string {
  if (m.type === "band") {
    const low = m.low === undefined ? "不设下限" : `下限 ${value(m.low, unit)}`;
    const high = m.high === undefined ? "不设上限" : `上限 ${value(m.high, unit)}`;
    return `${METHOD_NAMES.band}(${low},${high},每偏离 ${step(m.step, unit)}扣 ${n(m.deduct)} 分)`;
  }
  const params = methodParams(m, unit);
  return params.length ? `${METHOD_NAMES[m.type]}(${params.map(([k, v]) => `${k} ${v}`).join(",")})` : METHOD_NAMES[m.type];
}

function methodChanges(x: Method, ux: string | undefined, y: Method, uy: string | undefined): string[] {
  if (x.type !== y.type) return [`方法 ${arrow(methodWords(x, ux), methodWords(y, uy))}`];
  const [px, py] = [new Map(methodParams(x, ux)), new Map(methodParams(y, uy))];
  const out: string[] = [];
  if (x.type === "band" && y.type === "band") {
    // the band's step and deduction read together: 每偏离 1 个百分点扣 1 分
    for (const k of ["下限", "上限"]) if (px.get(k) !== py.get(k)) out.push(`${k} ${arrow(px.get(k)!, py.get(k)!)}`);
    const [sx, sy] = [`每偏离 ${px.get("每偏离")}扣 ${px.get("扣")}`, `每偏离 ${py.get("每偏离")}扣 ${py.get("扣")}`];
    if (sx !== sy) out.push(`扣分 ${arrow(sx, sy)}`);
    return out;
  }
  for (const k of mergedKeys([...px.keys()], [...py.keys()])) {
    const [a, b] = [px.get(k), py.get(k)];
    if (a === b) continue;
    out.push(a === undefined ? `新增${k} ${b}` : b === undefined ? `取消${k}(原为 ${a})` : `${k} ${arrow(a, b)}`);
  }
  return out;
}

function warnWords(ind: Indicator, which: "yellow" | "red"): string {
  const v = ind.warn?.[which];
  return v === undefined ? NONE : value(v, ind.unit);
}

function minBaseWords(rb: Rulebook, ind: Indicator): string {
  if (!ind.minBase) return NONE;
  const f = rb.fields.find((x) => x.key === ind.minBase!.field);
  return `${fieldName(rb, ind.minBase.field)}不少于 ${n(ind.minBase.min)}${f?.unit ?? ""}`;
}

function groupsWords(rb: Rulebook, ind: Indicator): string {
  return ind.groups ? ind.groups.map((g) => groupName(rb, g)).join("、") : "全部法庭";
}

function indicatorSummary(rb: Rulebook, ind: Indicator & { section: string }): string {
  const parts = [
    sectionName(rb, ind.section),
    `公式 ${formulaWords(rb, ind.formula)}`,
    DIRECTION_NAMES[ind.direction],
    `分值 ${n(ind.points)}`,
    methodWords(ind.method, ind.unit),
  ];
  if (ind.formula.type !== "manual") parts.push(`无数据时${MISSING_NAMES[ind.missing]}`);
  if (ind.warn) parts.push(`预警线 黄色 ${warnWords(ind, "yellow")}、红色 ${warnWords(ind, "red")}`);
  if (ind.minBase) parts.push(`样本下限 ${minBaseWords(rb, ind)}`);
  if (ind.groups) parts.push(`适用于 ${groupsWords(rb, ind)}`);
  if (ind.note) parts.push(`说明:${ind.note}`);
  return parts.join(",");
}

function indicatorChanges(a: Rulebook, x: Indicator & { section: string }, b: Rulebook, y: Indicator & { section: string }): string[] {
  const out = collect([
    ["名称", x.name, y.name],
    ["板块", sectionName(a, x.section), sectionName(b, y.section), x.section === y.section],
    ["单位", x.unit ?? "无", y.unit ?? "无"],
    ["公式", formulaWords(a, x.formula), formulaWords(b, y.formula), sameData(x.formula, y.formula)],
    ["方向", DIRECTION_NAMES[x.direction], DIRECTION_NAMES[y.direction]],
    ["分值", n(x.points), n(y.points)],
  ]);
  out.push(...methodChanges(x.method, x.unit, y.method, y.unit));
  out.push(
    ...collect([
      ["无数据时", MISSING_NAMES[x.missing], MISSING_NAMES[y.missing]],
      ["黄色预警线", warnWords(x, "yellow"), warnWords(y, "yellow")],
      ["红色预警线", warnWords(x, "red"), warnWords(y, "red")],
      ["样本下限", minBaseWords(a, x), minBaseWords(b, y), sameData(x.minBase, y.minBase)],
      ["适用分组", groupsWords(a, x), groupsWords(b, y), sameData(x.groups, y.groups)],
    ]),
  );
  if ((x.note ?? "") !== (y.note ?? "")) out.push(y.note ? `说明${x.note ? "改为" : ""}:${y.note}` : "删除说明");
  return out;
}

function fieldSummary(f: Field): string {
  return [f.label, f.unit ? `单位 ${f.unit}` : null, `汇总方式 ${AGGREGATE_NAMES[f.aggregate]}`, f.integer ? "整数" : null].filter(Boolean).join(",");
}

function checkRule(rb: Rulebook, c: Check): string {
  return `${fieldName(rb, c.left)} ≤ ${fieldName(rb, c.right)}`;
}

function adjustmentSummary(i: AdjustmentItem): string {
  if (i.kind === "veto") return KIND_NAMES.veto;
  return [`${KIND_NAMES[i.kind]},每次 ${n(i.points ?? 0)} 分`, i.cap === undefined ? null : `单项上限 ${n(i.cap)} 分`].filter(Boolean).join(",");
}

const capWords = (x: number | undefined) => (x === undefined ? NONE : `${n(x)} 分`);
const gradeWords = (rb: Rulebook, key: string | undefined) => (key === undefined ? NONE : rb.annual.grades.find((g) => g.key === key)?.name ?? key);
const talkWords = (rb: Rulebook) => (rb.annual.talk ? `年度末位或累计 ${rb.annual.talk.monthsLast} 个月末位` : NONE);
const tieBreakWords = (rb: Rulebook) => (rb.tieBreak.length ? rb.tieBreak.map((k) => sectionName(rb, k)).join("、") : NONE);
const overdueWords = (rb: Rulebook) => {
  const key = rb.supervision?.overdueItem;
  if (!key) return NONE;
  const item = rb.adjustments.find((i) => i.key === key);
  return item ? `${key} ${item.name}` : key;
};
const unitList = (units: readonly string[], names?: ReadonlyMap<string, string>) => units.map((u) => names?.get(u) ?? u).join("、");

/**
 * What changed from `a` to `b`, item by item in rulebook order (basic information, fields,
 * sections, indicators, groups, data checks, adjustments, the annual rules), each in Chinese
 * words; `[]` when they score alike and read alike. `unitNames` names the tribunals of groups.
 */
export function diffRulebooks(a: Rulebook, b: Rulebook, opts: { unitNames?: ReadonlyMap<string, string> } = {}): RulebookChange[] {
  const out: RulebookChange[] = [];

  const meta = collect([
    ["名称", a.title, b.title],
    ["版本", a.version, b.version],
    ["生效月份", periodLabel(a.effectiveFrom), periodLabel(b.effectiveFrom)],
    ["月度排名统计期", WINDOW_NAMES[a.window], WINDOW_NAMES[b.window]],
    ["总分相同时依次比较", tieBreakWords(a), tieBreakWords(b), sameData(a.tieBreak, b.tieBreak)],
    ["排名", RANKING_NAMES[a.ranking], RANKING_NAMES[b.ranking]],
    ["加分上限", capWords(a.bonusCap), capWords(b.bonusCap)],
    ["扣分上限", capWords(a.penaltyCap), capWords(b.penaltyCap)],
    ["督办逾期扣分项", overdueWords(a), overdueWords(b), a.supervision?.overdueItem === b.supervision?.overdueItem],
  ]);
  if (a.id !== b.id) meta.unshift(`系列 ${arrow(a.id, b.id)}`);
  if (meta.length) out.push({ place: "基本信息", text: meta.join(";"), kind: "changed" });

  out.push(
    ...compareLists(a.fields, b.fields, (f) => `字段 ${f.key} ${f.label}`, {
      added: (f) => `新增:${fieldSummary(f)}`,
      removed: () => "删除",
      changed: (x, y) =>
        collect([
          ["名称", x.label, y.label],
          ["单位", x.unit ?? "无", y.unit ?? "无"],
          ["汇总方式", AGGREGATE_NAMES[x.aggregate], AGGREGATE_NAMES[y.aggregate]],
          ["整数", x.integer ? "是" : "否", y.integer ? "是" : "否"],
        ]),
    }),
  );

  out.push(
    ...compareLists(a.sections, b.sections, (s) => `板块 ${s.name}`, {
      added: (s) => `新增:${s.indicators.length} 项指标,共 ${n(s.indicators.reduce((t, i) => t + i.points, 0))} 分`,
      removed: () => "删除",
      changed: (x, y) => collect([["名称", x.name, y.name]]),
    }),
  );

  const indicators = (rb: Rulebook) => rb.sections.flatMap((s) => s.indicators.map((i) => ({ ...i, section: s.key })));
  out.push(
    ...compareLists(indicators(a), indicators(b), (i) => `${i.key} ${i.name}`, {
      added: (i) => `新增:${indicatorSummary(b, i)}`,
      removed: (i) => `删除(原属${sectionName(a, i.section)},分值 ${n(i.points)})`,
      changed: (x, y) => indicatorChanges(a, x, b, y),
    }),
  );

  out.push(
    ...compareLists(a.groups, b.groups, (g) => `分组 ${g.name}`, {
      added: (g) => `新增:${unitList(g.units, opts.unitNames)}`,
      removed: () => "删除",
      changed: (x, y) => {
        const changes = collect([["名称", x.name, y.name]]);
        const joined = y.units.filter((u) => !x.units.includes(u));
        const left = x.units.filter((u) => !y.units.includes(u));
        if (joined.length) changes.push(`增加 ${unitList(joined, opts.unitNames)}`);
        if (left.length) changes.push(`移出 ${unitList(left, opts.unitNames)}`);
        return changes;
      },
    }),
  );

  out.push(
    ...compareLists(a.checks, b.checks, (c) => `数据核查 ${c.key}`, {
      added: (c) => `新增:${checkRule(b, c)}(${LEVEL_NAMES[c.level]})${c.message ? `,提示“${c.message}”` : ""}`,
      removed: (c) => `删除(原为 ${checkRule(a, c)})`,
      changed: (x, y) => {
        const changes = collect([
          ["规则", checkRule(a, x), checkRule(b, y), x.left === y.left && x.right === y.right],
          ["级别", LEVEL_NAMES[x.level], LEVEL_NAMES[y.level]],
        ]);
        if ((x.message ?? "") !== (y.message ?? "")) changes.push(y.message ? `提示改为“${y.message}”` : "删除提示");
        return changes;
      },
    }),
  );

  out.push(
    ...compareLists(a.adjustments, b.adjustments, (i) => `加减分 ${i.key} ${i.name}`, {
      added: (i) => `新增:${adjustmentSummary(i)}`,
      removed: () => "删除",
      changed: (x, y) =>
        collect([
          ["名称", x.name, y.name],
          ["类别", KIND_NAMES[x.kind], KIND_NAMES[y.kind]],
          ["每次分值", x.points === undefined ? "无" : `${n(x.points)} 分`, y.points === undefined ? "无" : `${n(y.points)} 分`],
          ["单项上限", capWords(x.cap), capWords(y.cap)],
        ]),
    }),
  );

  const annual = collect([
    ["年度总分依据", BASIS_NAMES[a.annual.basis], BASIS_NAMES[b.annual.basis]],
    ["一票否决时最高等次", gradeWords(a, a.annual.vetoCap), gradeWords(b, b.annual.vetoCap), a.annual.vetoCap === b.annual.vetoCap],
    ["末位约谈", talkWords(a), talkWords(b)],
  ]);
  const order = (rb: Rulebook) => rb.annual.grades.map((g) => g.name).join("、");
  if (!sameData(a.annual.grades.map((g) => g.key), b.annual.grades.map((g) => g.key))) annual.push(`等次 ${arrow(order(a), order(b))}`);
  if (annual.length) out.push({ place: "年度考核", text: annual.join(";"), kind: "changed" });

  out.push(
    ...compareLists(a.annual.grades, b.annual.grades, (g) => `年度等次 ${g.name}`, {
      added: (g) => `新增:${[g.minScore === undefined ? "不设最低分" : `最低分 ${n(g.minScore)}`, g.maxShare === undefined ? null : `比例上限 ${n(g.maxShare * 100)}%`].filter(Boolean).join(",")}`,
      removed: () => "删除",
      changed: (x, y) =>
        collect([
          ["名称", x.name, y.name],
          ["最低分", x.minScore === undefined ? NONE : n(x.minScore), y.minScore === undefined ? NONE : n(y.minScore)],
          ["比例上限", x.maxShare === undefined ? NONE : `${n(x.maxShare * 100)}%`, y.maxShare === undefined ? NONE : `${n(y.maxShare * 100)}%`],
        ]),
    }),
  );

  out.push(
    ...compareLists(a.annual.rewards, b.annual.rewards, (r) => `年度奖励 ${r.name}`, {
      added: (r) => `新增:授予前 ${r.topRanks} 名(无一票否决)`,
      removed: () => "删除",
      changed: (x, y) => collect([["名称", x.name, y.name], ["授予", `前 ${x.topRanks} 名`, `前 ${y.topRanks} 名`]]),
    }),
  );

  return out;
}
