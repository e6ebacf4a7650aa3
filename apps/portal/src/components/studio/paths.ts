import { jsonPath, type Problem, type RulebookInput } from "@scorecard/rules";

/**
 * Where a validation problem of the rulebook studio belongs: its JSON path (as `zodProblems`
 * writes it, `$.sections[0].indicators[2].points`) mapped to the form's places — the editor tab,
 * the indicator to open, the input that shows it — and to words for the summary list.
 */

export type Segment = string | number;

/** `$.sections[0].indicators[2].points` → ["sections", 0, "indicators", 2, "points"] */
export function parsePath(path: string): Segment[] {
  const out: Segment[] = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]/g;
  for (const m of path.replace(/^\$/, "").matchAll(re)) out.push(m[2] !== undefined ? Number(m[2]) : (m[1] as string));
  return out;
}

export { jsonPath };

/** Whether `path` is `base` or lies inside it (`$.fields[1]` holds `$.fields[1].key`, not `$.fields[10]`). */
export function isWithin(path: string, base: string): boolean {
  if (path === base) return true;
  if (!path.startsWith(base)) return false;
  const next = path[base.length];
  return base === "$" || next === "." || next === "[";
}

/**
 * The place that shows a problem: the innermost of the places on screen that holds its path
 * (a problem of a whole list shows at the list, one of an input at the input); `$` when none does.
 */
export function ownerOf(path: string, places: Iterable<string>): string {
  let best = "$";
  for (const p of places) if (p.length > best.length && isWithin(path, p)) best = p;
  return best;
}

/** The editor's tabs, in order, with the top-level keys each edits. */
export const EDITOR_TABS = [
  { key: "basics", name: "基本信息", keys: ["format", "id", "version", "title", "effectiveFrom", "window", "tieBreak", "ranking", "bonusCap", "penaltyCap", "supervision"] },
  { key: "fields", name: "字段", keys: ["fields"] },
  { key: "indicators", name: "板块与指标", keys: ["sections"] },
  { key: "groups", name: "分组", keys: ["groups"] },
  { key: "checks", name: "数据核查", keys: ["checks"] },
  { key: "adjustments", name: "加减分", keys: ["adjustments"] },
  { key: "annual", name: "年度考核", keys: ["annual"] },
] as const;
export type EditorTab = (typeof EDITOR_TABS)[number]["key"];

/** The tab whose form holds a path (the basics for the rulebook itself and unknown keys). */
export function tabOf(path: string): EditorTab {
  const top = parsePath(path)[0];
  return EDITOR_TABS.find((t) => (t.keys as readonly Segment[]).includes(top ?? ""))?.key ?? "basics";
}

/** The indicator a path lies in, if any. */
export function indicatorOf(path: string): { section: number; indicator: number } | null {
  const s = parsePath(path);
  return s[0] === "sections" && typeof s[1] === "number" && s[2] === "indicators" && typeof s[3] === "number" ? { section: s[1], indicator: s[3] } : null;
}

/** The words of each key of the format, as the form labels them. */
const WORDS: Record<string, string> = {
  format: "文件格式",
  id: "系列标识",
  version: "版本号",
  title: "标题",
  effectiveFrom: "生效月份",
  window: "排名口径",
  tieBreak: "同分比较顺序",
  ranking: "排名方式",
  bonusCap: "加分上限",
  penaltyCap: "扣分上限",
  supervision: "督办",
  overdueItem: "督办逾期扣分项目",
  key: "键",
  name: "名称",
  label: "名称",
  unit: "单位",
  aggregate: "汇总方式",
  integer: "整数",
  points: "分值",
  direction: "方向",
  formula: "公式",
  num: "分子",
  den: "分母",
  field: "字段",
  weight: "权重",
  method: "计分方法",
  type: "类型",
  floor: "保底系数",
  step: "步长",
  target: "达标线",
  zeroAt: "零分线",
  byMonth: "分月达标线",
  low: "下限",
  high: "上限",
  deduct: "每步扣分",
  missing: "无数据时",
  warn: "预警线",
  yellow: "黄色预警线",
  red: "红色预警线",
  minBase: "样本下限",
  min: "最小值",
  groups: "适用分组",
  note: "说明",
  indicators: "指标",
  kind: "类别",
  cap: "单项上限",
  left: "左项",
  right: "右项",
  level: "级别",
  message: "提示语",
  units: "法庭",
  basis: "年度总分依据",
  grades: "等次",
  minScore: "最低分",
  maxShare: "比例上限",
  vetoCap: "一票否决时最高等次",
  rewards: "奖励",
  topRanks: "前几名",
  talk: "末位约谈",
  monthsLast: "末位月数",
};

type Named = { key?: unknown; name?: unknown; label?: unknown };
const at = (list: unknown, i: Segment): Named | undefined => (Array.isArray(list) && typeof i === "number" ? (list[i] as Named | undefined) : undefined);
const named = (what: string, item: Named | undefined, i: number) => {
  const key = typeof item?.key === "string" && item.key ? item.key : "";
  const name = typeof item?.name === "string" ? item.name : typeof item?.label === "string" ? item.label : "";
  return key || name ? `${what} ${[key, name].filter(Boolean).join(" ")}` : `第 ${i + 1} 个${what}`;
};

/**
 * A path in the user's words, naming items by their key and name as they are now in the draft:
 * `指标 E4 首执完毕率 · 计分方法 · 保底系数`, `字段 enf_closed 执行结案数 · 汇总方式`, `年度考核 · 等次 good 良好 · 最低分`.
 */
export function placeText(path: string, draft: RulebookInput | null | undefined): string {
  const segs = parsePath(path);
  if (!segs.length) return "考核办法";
  const d = (draft ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  let i = 0;
  const top = segs[0] as string;
  const LISTS: Record<string, string> = { fields: "字段", checks: "数据核查规则", adjustments: "加减分项目", groups: "分组", tieBreak: "同分比较" };
  if (top === "sections") {
    const section = at(d.sections, segs[1] ?? "");
    if (typeof segs[1] !== "number") parts.push("板块与指标");
    else if (segs[2] === "indicators" && typeof segs[3] === "number") {
      parts.push(named("指标", at((section as { indicators?: unknown } | undefined)?.indicators, segs[3]), segs[3]));
      i = 4;
    } else {
      parts.push(named("板块", section, segs[1]));
      i = 2;
    }
    if (i === 0) i = 1;
  } else if (top === "annual") {
    parts.push("年度考核");
    const annual = (d.annual ?? {}) as Record<string, unknown>;
    if ((segs[1] === "grades" || segs[1] === "rewards") && typeof segs[2] === "number") {
      parts.push(named(segs[1] === "grades" ? "等次" : "奖励", at(annual[segs[1]], segs[2]), segs[2]));
      i = 3;
    } else i = 1;
  } else if (LISTS[top] && typeof segs[1] === "number") {
    parts.push(top === "tieBreak" ? `同分比较第 ${segs[1] + 1} 项` : named(LISTS[top], at(d[top], segs[1]), segs[1]));
    i = 2;
  }
  for (; i < segs.length; i++) {
    const s = segs[i] as Segment;
    if (typeof s === "number") parts.push(`第 ${s + 1} 项`);
    else if (segs[i - 1] === "byMonth") parts.push(`${Number(s)}月`);
    else parts.push(WORDS[s] ?? s);
  }
  return parts.join(" · ");
}

/**
 * A message in the user's words: a JSON path it names (`已在 $.sections[1].indicators[2] 中使用`)
 * becomes the place it is (`已在 指标 E3 首执案件结案平均用时 中使用`).
 */
export function messageText(message: string, draft: RulebookInput | null | undefined): string {
  return message.replace(/\$(?:\.[A-Za-z_]\w*|\[\d+\])+/g, (path) => `“${placeText(path, draft)}”`);
}

/** One entry of the summary list: the place in words, the message, and where to go. */
export interface PlacedProblem {
  path: string;
  place: string;
  message: string;
}

/** The problems of a draft with their places in words, in the order the validation gave them. */
export function placeProblems(problems: readonly Problem[], draft: RulebookInput | null | undefined): PlacedProblem[] {
  return problems.map((p) => ({ path: p.path ?? "$", place: placeText(p.path ?? "$", draft), message: messageText(p.zh, draft) }));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Where a parsed JSON file has a structure the forms cannot hold (a list that is not a list, an
 * item that is not an object): those paths, none when the forms can show it — whatever else is
 * wrong in it is then shown at its place by the validation.
 */
export function shapeProblems(data: unknown): string[] {
  if (!isObject(data)) return ["$"];
  const out: string[] = [];
  const list = (v: unknown, at: string, required: boolean, item?: (x: Record<string, unknown>, at: string) => void) => {
    if (v === undefined && !required) return;
    if (!Array.isArray(v)) return void out.push(at);
    v.forEach((x, i) => {
      if (!isObject(x)) out.push(`${at}[${i}]`);
      else item?.(x, `${at}[${i}]`);
    });
  };
  const object = (v: unknown, at: string, required: boolean) => {
    if (v === undefined && !required) return true;
    if (!isObject(v)) {
      out.push(at);
      return false;
    }
    return true;
  };
  list(data.fields, "$.fields", true);
  list(data.checks, "$.checks", false);
  list(data.adjustments, "$.adjustments", false);
  list(data.groups, "$.groups", false, (g, at) => {
    if (g.units !== undefined && !Array.isArray(g.units)) out.push(`${at}.units`);
  });
  if (data.tieBreak !== undefined && !Array.isArray(data.tieBreak)) out.push("$.tieBreak");
  list(data.sections, "$.sections", true, (s, at) =>
    list(s.indicators, `${at}.indicators`, true, (ind, iat) => {
      if (object(ind.formula, `${iat}.formula`, true)) {
        const f = ind.formula as Record<string, unknown>;
        for (const slot of ["num", "den", "field"]) {
          const ref = f[slot];
          if (Array.isArray(ref)) ref.forEach((t, k) => !isObject(t) && out.push(`${iat}.formula.${slot}[${k}]`));
        }
      }
      if (object(ind.method, `${iat}.method`, false)) {
        const m = ind.method as Record<string, unknown> | undefined;
        if (m?.byMonth !== undefined && object(m.byMonth, `${iat}.method.byMonth`, false))
          for (const [k, v] of Object.entries(m.byMonth as object)) if (!isObject(v)) out.push(`${iat}.method.byMonth.${k}`);
      }
      object(ind.warn, `${iat}.warn`, false);
      object(ind.minBase, `${iat}.minBase`, false);
      if (ind.groups !== undefined && !Array.isArray(ind.groups)) out.push(`${iat}.groups`);
    }),
  );
  if (object(data.annual, "$.annual", true)) {
    const a = data.annual as Record<string, unknown>;
    list(a.grades, "$.annual.grades", true);
    list(a.rewards, "$.annual.rewards", false);
    object(a.talk, "$.annual.talk", false);
  }
  object(data.supervision, "$.supervision", false);
  return out;
}

/**
 * The lists and choices the format lets a file leave out, filled in with the format's defaults
 * (so that the forms can add to them); everything written stays as written.
 */
export function withListDefaults(rb: RulebookInput): RulebookInput {
  rb.checks ??= [];
  rb.adjustments ??= [];
  rb.groups ??= [];
  rb.tieBreak ??= [];
  rb.ranking ??= "published";
  rb.annual.rewards ??= [];
  for (const s of rb.sections)
    for (const ind of s.indicators) {
      ind.method ??= { type: "manual" };
      ind.missing ??= "mean";
    }
  return rb;
}
