import "./zod-config";
import { z } from "zod";
import { WINDOW_KINDS, type Quarter } from "./calendar";
import { ROLES } from "./roles";
import { InputError, jsonPath, type Problem } from "./problems";
import { isPrototypeName, KEY_PATTERN, MAX_KEY_LENGTH } from "./bounds";

/** The rulebook file format this package reads and writes. */
export const RULEBOOK_FORMAT = "scorecard-rulebook/1";

export const KeySchema = z
  .string()
  .max(MAX_KEY_LENGTH, { message: `键最长 ${MAX_KEY_LENGTH} 个字符` })
  .regex(KEY_PATTERN, { message: "键只能由字母、数字、下划线或连字符组成,并以字母开头" })
  .refine((k) => !isPrototypeName(k), { message: "键不能是 constructor、prototype、toString 等保留字,请换一个" });

/** A calendar month, `YYYY-MM`. */
export const PeriodSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: "期间必须是 YYYY-MM 格式的月份,如 2023-03" });
export type Period = z.infer<typeof PeriodSchema>;

/** A quarter, `YYYY-Qn`. */
export const QuarterSchema = z
  .string()
  .regex(/^\d{4}-Q[1-4]$/, { message: "季度必须写成 YYYY-Qn,如 2023-Q1" })
  .transform((q) => q as Quarter);

/** A user's role. */
export const RoleSchema = z.enum(ROLES);

export const WindowKindSchema = z.enum(WINDOW_KINDS);
export type WindowKind = z.infer<typeof WindowKindSchema>;

const finite = z.number().finite();
const positive = finite.positive();
const nonEmpty = z.string().trim().min(1);

export const FieldSchema = z.strictObject({
  key: KeySchema,
  label: nonEmpty,
  unit: z.string().optional(),
  aggregate: z.enum(["sum", "mean", "last"]),
  /** the value must be a whole number (counts of cases and people) */
  integer: z.boolean().optional(),
});
export type Field = z.infer<typeof FieldSchema>;

/**
 * A data check (rulebook.md §7c) on one unit's facts of one month: `le` holds when
 * left ≤ right. An `error` refuses the write or the whole import; a `warning` is stored and
 * listed. `message` is the advice that follows the sentence naming the unit, both fields and
 * their values (e.g. "法定审限内结案是审判结案的一部分,请核对这两项数据。").
 */
export const CheckSchema = z.strictObject({
  key: KeySchema,
  rule: z.literal("le"),
  left: KeySchema,
  right: KeySchema,
  level: z.enum(["error", "warning"]),
  message: nonEmpty.optional(),
});
export type Check = z.infer<typeof CheckSchema>;
export type CheckLevel = Check["level"];

/** One weighted term of a formula operand (rulebook.md §9): weight × the field's aggregate. */
export const TermSchema = z.strictObject({
  field: KeySchema,
  weight: z
    .number({ message: "权重 weight 必须是数字" })
    .finite({ message: "权重 weight 必须是有限的数" })
    .gt(0, { message: "权重 weight 必须大于 0" })
    .default(1),
});
export type Term = z.output<typeof TermSchema>;

/** A formula operand: one field key, or a list of weighted terms summed over the window. */
export const FieldRefSchema = z.union([KeySchema, z.array(TermSchema).min(1, { message: "加权项列表至少要有一项" })]);
export type FieldRef = z.output<typeof FieldRefSchema>;

/** The terms of an operand; a plain field key is one term of weight 1. */
export function termsOf(ref: FieldRef): Term[] {
  return typeof ref === "string" ? [{ field: ref, weight: 1 }] : ref;
}

export const FormulaSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("ratio"), num: FieldRefSchema, den: FieldRefSchema }),
  z.strictObject({ type: z.literal("complement"), num: FieldRefSchema, den: FieldRefSchema }),
  z.strictObject({ type: z.literal("field"), field: FieldRefSchema }),
  /** scored by a committee or a survey (评议打分): the value is the unit's manual score over the window */
  z.strictObject({ type: z.literal("manual"), aggregate: z.enum(["last", "mean"]).default("last") }),
]);
export type Formula = z.infer<typeof FormulaSchema>;
export type ManualFormula = Extract<Formula, { type: "manual" }>;

/** Every operand of a formula with its slot (`num`, `den`, `field`); none for a manual one. */
export function formulaOperands(f: Formula): Array<{ slot: "num" | "den" | "field"; ref: FieldRef }> {
  if (f.type === "manual") return [];
  if (f.type === "field") return [{ slot: "field", ref: f.field }];
  return [
    { slot: "num", ref: f.num },
    { slot: "den", ref: f.den },
  ];
}

const monthKey = z.string().regex(/^(0[1-9]|1[0-2])$/, { message: "byMonth 的键必须是两位月份 01…12" });
const targetPair = z.strictObject({ target: finite, zeroAt: finite });

export const MethodSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("efficacy"),
    floor: finite.min(0).max(1).lt(1, { message: "floor 必须小于 1" }).default(0.6),
  }),
  z.strictObject({ type: z.literal("rank"), step: positive.max(1).default(0.05) }),
  z.strictObject({
    type: z.literal("target"),
    target: finite,
    zeroAt: finite,
    byMonth: z.record(monthKey, targetPair).optional(),
  }),
  z.strictObject({ type: z.literal("ratioToBest") }),
  z.strictObject({
    type: z.literal("band"),
    low: finite.optional(),
    high: finite.optional(),
    step: positive,
    deduct: positive,
  }),
  /** a manual indicator's score is its manual score (rulebook.md §9); the only method it takes */
  z.strictObject({ type: z.literal("manual") }),
]);
export type Method = z.infer<typeof MethodSchema>;
export type MethodType = Method["type"];

export const DirectionSchema = z.enum(["higher", "lower"]);
export type Direction = z.infer<typeof DirectionSchema>;

export const MissingPolicySchema = z.enum(["mean", "full", "zero"]);
export type MissingPolicy = z.infer<typeof MissingPolicySchema>;

/**
 * Warning thresholds on the indicator's value. A value worse than `red` (below it for `higher`,
 * above it for `lower`) is red; otherwise a value worse than `yellow` is yellow.
 */
export const WarnSchema = z.strictObject({ yellow: finite.optional(), red: finite.optional() });
export type Warn = z.infer<typeof WarnSchema>;

export const IndicatorSchema = z.strictObject({
  key: KeySchema,
  name: nonEmpty,
  unit: z.string().optional(),
  direction: DirectionSchema,
  points: positive,
  formula: FormulaSchema,
  /** required except on a manual indicator, which takes `{ "type": "manual" }` or none */
  method: MethodSchema.default({ type: "manual" }),
  missing: MissingPolicySchema.default("mean"),
  warn: WarnSchema.optional(),
  /** 样本不足: the value is null when the unit's aggregate of `field` over the window is below `min` */
  minBase: z.strictObject({ field: KeySchema, min: positive }).optional(),
  /** 分类考核: the groups this indicator applies to (all when absent); `other` may be named */
  groups: z.array(KeySchema).min(1).optional(),
  note: z.string().optional(),
});
export type Indicator = z.infer<typeof IndicatorSchema>;

export const SectionSchema = z.strictObject({
  key: KeySchema,
  name: nonEmpty,
  indicators: z.array(IndicatorSchema).min(1),
});
export type Section = z.infer<typeof SectionSchema>;

export const AdjustmentKindSchema = z.enum(["bonus", "penalty", "veto"]);
export type AdjustmentKind = z.infer<typeof AdjustmentKindSchema>;

export const AdjustmentItemSchema = z.strictObject({
  key: KeySchema,
  name: nonEmpty,
  kind: AdjustmentKindSchema,
  points: positive.optional(),
  /** the most points this bonus or penalty item gives or takes in one window */
  cap: positive.optional(),
});
export type AdjustmentItem = z.infer<typeof AdjustmentItemSchema>;

export const GradeSchema = z.strictObject({
  key: KeySchema,
  name: nonEmpty,
  minScore: finite.optional(),
  maxShare: finite.gt(0).max(1).optional(),
});
export type Grade = z.infer<typeof GradeSchema>;

export const AnnualSchema = z.strictObject({
  basis: z.enum(["ytd", "meanOfMonths"]),
  grades: z.array(GradeSchema).min(1),
  vetoCap: KeySchema.optional(),
  rewards: z.array(z.strictObject({ key: KeySchema, name: nonEmpty, topRanks: z.number().int().min(1) })).default([]),
  talk: z.strictObject({ monthsLast: z.number().int().min(1).max(12) }).optional(),
});
export type Annual = z.infer<typeof AnnualSchema>;

/** The implicit group of every unit that no group lists. */
export const OTHER_GROUP = "other";

export const GroupSchema = z.strictObject({
  key: KeySchema,
  name: nonEmpty,
  units: z.array(KeySchema).min(1, { message: "分组至少要列出一个法庭" }),
});
export type Group = z.infer<typeof GroupSchema>;

const RulebookObject = z.strictObject({
  format: z.literal(RULEBOOK_FORMAT),
  id: KeySchema,
  version: nonEmpty,
  title: nonEmpty,
  effectiveFrom: PeriodSchema,
  window: z.enum(["month", "ytd"]),
  fields: z.array(FieldSchema).min(1),
  checks: z.array(CheckSchema).default([]),
  sections: z.array(SectionSchema).min(1),
  adjustments: z.array(AdjustmentItemSchema).default([]),
  bonusCap: finite.min(0),
  /** the most points all penalties of a window take together; uncapped without it */
  penaltyCap: finite.min(0).optional(),
  /** 分类考核: units ranked within their group; a unit listed nowhere is in the implicit group `other` */
  groups: z.array(GroupSchema).default([]),
  /** `internal` (不通报排名): leaders and heads see no ranks, order or rank change (rulebook.md §9) */
  ranking: z.enum(["published", "internal"]).default("published"),
  tieBreak: z.array(KeySchema).default([]),
  annual: AnnualSchema,
  /** the penalty item offered to stats for an overdue supervision instruction (督办); none offered without it */
  supervision: z.strictObject({ overdueItem: KeySchema }).optional(),
});

type Ctx = z.core.$RefinementCtx;
function issue(ctx: Ctx, path: PropertyKey[], zh: string, en: string): void {
  ctx.addIssue({ code: "custom", path, message: zh, params: { en } });
}

function uniqueKeys(ctx: Ctx, items: ReadonlyArray<{ key: string }>, base: PropertyKey[], what: string): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const first = seen.get(item.key);
    if (first !== undefined) {
      issue(ctx, [...base, i, "key"], `${what}的键 "${item.key}" 重复(与第 ${first + 1} 项相同)`,
        `duplicate ${base.join(".")} key "${item.key}" (same as item ${first + 1})`);
    } else seen.set(item.key, i);
  });
}

function checkMethod(ctx: Ctx, ind: Indicator, at: PropertyKey[]): void {
  const m = ind.method;
  if (m.type === "target") {
    if (m.target === m.zeroAt) issue(ctx, [...at, "method"], "达标线 target 不能等于零分线 zeroAt", "target must differ from zeroAt");
    else if (ind.direction === "higher" && m.target < m.zeroAt)
      issue(ctx, [...at, "method"], "指标越高越好时,达标线 target 必须高于零分线 zeroAt", "for direction higher, target must be above zeroAt");
    else if (ind.direction === "lower" && m.target > m.zeroAt)
      issue(ctx, [...at, "method"], "指标越低越好时,达标线 target 必须低于零分线 zeroAt", "for direction lower, target must be below zeroAt");
    for (const [month, pair] of Object.entries(m.byMonth ?? {})) {
      const p = [...at, "method", "byMonth", month];
      if (pair.target === pair.zeroAt) issue(ctx, p, "达标线 target 不能等于零分线 zeroAt", "target must differ from zeroAt");
      else if ((ind.direction === "higher") !== (pair.target > pair.zeroAt))
        issue(ctx, p, "byMonth 中达标线与零分线的高低方向与指标方向不一致", "byMonth target/zeroAt order contradicts the direction");
    }
  } else if (m.type === "band") {
    if (m.low === undefined && m.high === undefined)
      issue(ctx, [...at, "method"], "合理区间至少要有下限 low 或上限 high 之一", "band needs low or high");
    if (m.low !== undefined && m.high !== undefined && m.low > m.high)
      issue(ctx, [...at, "method", "low"], "合理区间下限 low 不能大于上限 high;请调小下限或调大上限", "band low must not exceed high");
  }
  if (ind.warn?.red !== undefined && ind.warn.yellow !== undefined) {
    const ok = ind.direction === "higher" ? ind.warn.red <= ind.warn.yellow : ind.warn.red >= ind.warn.yellow;
    if (!ok) issue(ctx, [...at, "warn"], "红色预警线应比黄色预警线更差(越高越好的指标:红线低于黄线;越低越好的指标:红线高于黄线)", "warn.red must be worse than warn.yellow");
  }
}

export const RulebookSchema = RulebookObject.superRefine((rb, ctx) => {
  uniqueKeys(ctx, rb.fields, ["fields"], "字段");
  uniqueKeys(ctx, rb.sections, ["sections"], "板块");
  uniqueKeys(ctx, rb.adjustments, ["adjustments"], "加减分项目");
  uniqueKeys(ctx, rb.annual.grades, ["annual", "grades"], "等次");
  uniqueKeys(ctx, rb.annual.rewards, ["annual", "rewards"], "奖励");
  uniqueKeys(ctx, rb.checks, ["checks"], "数据核查规则");

  const fields = new Set(rb.fields.map((f) => f.key));
  rb.checks.forEach((c, i) => {
    for (const side of ["left", "right"] as const) {
      if (!fields.has(c[side]))
        issue(ctx, ["checks", i, side], `数据核查规则 ${c.key} 引用了未在 fields 中声明的字段 "${c[side]}";请先在字段中添加它,或改用已有的字段`, `check ${c.key} names undeclared field "${c[side]}"`);
    }
    if (c.left === c.right)
      issue(ctx, ["checks", i, "right"], `数据核查规则 ${c.key} 的左右两边是同一个字段 "${c.left}",请改为两个不同的字段`, `check ${c.key} compares field "${c.left}" with itself`);
  });
  uniqueKeys(ctx, rb.groups, ["groups"], "分组");
  const groupKeys = new Set(rb.groups.map((g) => g.key));
  const listedIn = new Map<string, string>();
  rb.groups.forEach((g, i) => {
    if (g.key === OTHER_GROUP)
      issue(ctx, ["groups", i, "key"], `分组键不能是 "${OTHER_GROUP}"(它是未列入任何分组的法庭所在的默认分组)`, `group key "${OTHER_GROUP}" is reserved`);
    g.units.forEach((u, k) => {
      const prior = listedIn.get(u);
      if (prior !== undefined)
        issue(ctx, ["groups", i, "units", k], `法庭 "${u}" 已列入分组 "${prior}",一个法庭只能属于一个分组`, `unit "${u}" is already in group "${prior}"`);
      else listedIn.set(u, g.key);
    });
  });
  const indicatorSeen = new Map<string, string>();
  rb.sections.forEach((section, si) => {
    section.indicators.forEach((ind, ii) => {
      const at: PropertyKey[] = ["sections", si, "indicators", ii];
      const prior = indicatorSeen.get(ind.key);
      if (prior) issue(ctx, [...at, "key"], `指标键 "${ind.key}" 重复(已在 ${prior} 中使用)`, `duplicate indicator key "${ind.key}" (already in ${prior})`);
      else indicatorSeen.set(ind.key, jsonPath(at));
      for (const { slot, ref } of formulaOperands(ind.formula)) {
        const terms = typeof ref === "string" ? [{ key: ref, path: [...at, "formula", slot] }] : ref.map((t, k) => ({ key: t.field, path: [...at, "formula", slot, k, "field"] }));
        for (const t of terms) {
          if (!fields.has(t.key))
            issue(ctx, t.path, `公式引用了未在 fields 中声明的字段 "${t.key}";请先在字段中添加它,或改用已有的字段`, `formula names undeclared field "${t.key}"`);
        }
      }
      if (ind.minBase && !fields.has(ind.minBase.field))
        issue(ctx, [...at, "minBase", "field"], `样本下限 minBase 引用了未在 fields 中声明的字段 "${ind.minBase.field}";请先在字段中添加它,或改用已有的字段`, `minBase names undeclared field "${ind.minBase.field}"`);
      ind.groups?.forEach((g, k) => {
        if (g !== OTHER_GROUP && !groupKeys.has(g))
          issue(ctx, [...at, "groups", k], `指标 ${ind.key} 适用的分组 "${g}" 不存在,请改为 groups 中的分组键或 "${OTHER_GROUP}"`, `indicator ${ind.key} names unknown group "${g}"`);
      });
      if (ind.formula.type === "manual") {
        if (ind.method.type !== "manual")
          issue(ctx, [...at, "method"], `评议打分指标 ${ind.key} 不设计分方法(删去 method,或写 { "type": "manual" })`, `manual indicator ${ind.key} takes no method`);
        if (ind.direction !== "higher")
          issue(ctx, [...at, "direction"], `评议打分指标 ${ind.key} 的方向必须是 higher(分数越高越好)`, `manual indicator ${ind.key} must have direction higher`);
        if (ind.minBase)
          issue(ctx, [...at, "minBase"], `评议打分指标 ${ind.key} 不设样本下限 minBase`, `manual indicator ${ind.key} takes no minBase`);
      } else if (ind.method.type === "manual")
        issue(ctx, [...at, "method"], `指标 ${ind.key} 缺少计分方法 method(只有评议打分指标,即 formula 为 manual 的,才不设方法)`, `indicator ${ind.key} needs a method (only a manual formula takes none)`);
      else checkMethod(ctx, ind, at);
    });
  });

  rb.adjustments.forEach((a, i) => {
    if (a.kind === "veto" && a.points !== undefined)
      issue(ctx, ["adjustments", i, "points"], "一票否决项目不设分值", "veto items carry no points");
    if (a.kind !== "veto" && a.points === undefined)
      issue(ctx, ["adjustments", i, "points"], "加分、扣分项目必须设分值(大于 0)", "bonus and penalty items need points > 0");
    if (a.kind === "veto" && a.cap !== undefined)
      issue(ctx, ["adjustments", i, "cap"], "一票否决项目不设上限 cap", "veto items carry no cap");
  });

  if (rb.supervision) {
    const item = rb.adjustments.find((a) => a.key === rb.supervision?.overdueItem);
    if (!item)
      issue(ctx, ["supervision", "overdueItem"], `supervision.overdueItem 引用了不存在的加减分项目 "${rb.supervision.overdueItem}",请改为 adjustments 中的一个扣分项目`, `supervision.overdueItem names unknown adjustment item "${rb.supervision.overdueItem}"`);
    else if (item.kind !== "penalty")
      issue(ctx, ["supervision", "overdueItem"], `supervision.overdueItem 必须是扣分项目(kind 为 penalty),"${item.key}" 不是`, `supervision.overdueItem must be a penalty item; "${item.key}" is ${item.kind}`);
  }

  const sectionKeys = new Set(rb.sections.map((s) => s.key));
  rb.tieBreak.forEach((k, i) => {
    if (!sectionKeys.has(k)) issue(ctx, ["tieBreak", i], `tieBreak 引用了不存在的板块 "${k}"`, `tieBreak names unknown section "${k}"`);
  });

  const grades = rb.annual.grades;
  grades.forEach((g, i) => {
    const last = i === grades.length - 1;
    if (last && g.minScore !== undefined)
      issue(ctx, ["annual", "grades", i, "minScore"], "最后一个等次不设最低分 minScore", "the last grade has no minScore");
    if (!last && g.minScore === undefined)
      issue(ctx, ["annual", "grades", i, "minScore"], "除最后一个等次外,每个等次都要设最低分 minScore", "every grade but the last needs minScore");
    const prev = grades[i - 1]?.minScore;
    if (i > 0 && !last && g.minScore !== undefined && prev !== undefined && g.minScore >= prev)
      issue(ctx, ["annual", "grades", i, "minScore"], "等次的最低分必须自上而下递减", "grade minScore must descend down the list");
  });
  if (rb.annual.vetoCap !== undefined && !grades.some((g) => g.key === rb.annual.vetoCap))
    issue(ctx, ["annual", "vetoCap"], `vetoCap 引用了不存在的等次 "${rb.annual.vetoCap}"`, `vetoCap names unknown grade "${rb.annual.vetoCap}"`);
});

/** A validated rulebook, with defaults filled in. */
export type Rulebook = z.output<typeof RulebookSchema>;
/** A rulebook as written in a file (defaults may be omitted). */
export type RulebookInput = z.input<typeof RulebookSchema>;

/**
 * A court's words for zod's own checks (the zh-CN locale reads "数值过小:期望 number >0"); null
 * for an issue these do not cover, which then keeps the locale's text.
 */
function plainChinese(iss: z.core.$ZodRawIssue): string | null {
  const i = iss as unknown as { code: string; origin?: string; minimum?: number | bigint; maximum?: number | bigint; inclusive?: boolean; expected?: string; input?: unknown; values?: unknown[] };
  const missing = i.input === undefined;
  switch (i.code) {
    case "too_small":
      if (i.origin === "number") return i.inclusive ? `不能小于 ${i.minimum}` : `必须大于 ${i.minimum}`;
      if (i.origin === "string") return Number(i.minimum) <= 1 ? "不能为空" : `至少要有 ${i.minimum} 个字`;
      if (i.origin === "array") return `至少要有 ${i.minimum} 项`;
      return null;
    case "too_big":
      if (i.origin === "number") return i.inclusive ? `不能大于 ${i.maximum}` : `必须小于 ${i.maximum}`;
      if (i.origin === "string") return `最多 ${i.maximum} 个字`;
      if (i.origin === "array") return `最多 ${i.maximum} 项`;
      return null;
    case "invalid_value":
      return i.values?.length ? `只能是以下之一:${i.values.map((v) => JSON.stringify(v)).join("、")}` : null;
    case "invalid_type":
      if (i.expected === "int") return "必须是整数";
      if (i.expected === "number") return missing ? "必填,请填写一个数" : "必须是一个数";
      if (i.expected === "string") return missing ? "必填,请填写" : "必须是文字";
      if (i.expected === "boolean") return missing ? "必填,请选择是或否" : "必须是 true 或 false";
      if (i.expected === "array") return missing ? "必填,请至少列出一项" : "必须是列表";
      if (i.expected === "object") return missing ? "必填" : "必须是对象";
      return null;
    default:
      return null;
  }
}

/** Converts zod issues into problems with Chinese and English messages and JSON paths. */
export function zodProblems(error: z.ZodError, base: Omit<Problem, "zh" | "en"> = {}, toPath = jsonPath): Problem[] {
  const zh = z.locales.zhCN().localeError;
  const en = z.locales.en().localeError;
  const text = (r: ReturnType<typeof zh>, fallback: string) => (typeof r === "string" ? r : r?.message ?? fallback);
  return error.issues.map((iss) => {
    const raw = iss as unknown as z.core.$ZodRawIssue;
    const custom = iss.code === "custom";
    const params = (iss as { params?: { en?: string } }).params;
    const unrecognized = iss.code === "unrecognized_keys" ? iss.keys.join(", ") : undefined;
    const problem: Problem = {
      ...base,
      path: toPath(iss.path),
      zh: custom ? iss.message : unrecognized ? `不允许的键:${unrecognized}` : (plainChinese(raw) ?? text(zh(raw), iss.message)),
      en: custom ? params?.en ?? iss.message : unrecognized ? `unrecognized keys: ${unrecognized}` : text(en(raw), iss.message),
    };
    // messages we set on the schema itself are Chinese; keep them
    if (!custom && iss.message && /[\u4e00-\u9fff]/.test(iss.message)) problem.zh = iss.message;
    // a record key's own message (byMonth months) is nested inside zod's generic invalid_key issue
    const inner = iss.code === "invalid_key" ? iss.issues[0]?.message : undefined;
    if (inner && /[\u4e00-\u9fff]/.test(inner)) problem.zh = inner;
    return problem;
  });
}

/**
 * Validates a parsed rulebook object. Throws InputError listing every problem, each with its
 * JSON path, when it is not a valid `scorecard-rulebook/1`.
 */
export function parseRulebook(data: unknown, file?: string): Rulebook {
  const r = RulebookSchema.safeParse(data, { reportInput: true });
  if (!r.success) throw new InputError(zodProblems(r.error, file ? { file } : {}));
  return r.data;
}

/** The group a unit belongs to under a rulebook: the one that lists it, else `other`. */
export function groupOf(rb: Pick<Rulebook, "groups">, unit: string): string {
  for (const g of rb.groups) if (g.units.includes(unit)) return g.key;
  return OTHER_GROUP;
}

/** The groups of a rulebook in order, `other` last (named 其他法庭, or 全部法庭 when there are no groups). */
export function groupList(rb: Pick<Rulebook, "groups">): Array<{ key: string; name: string }> {
  return [...rb.groups.map((g) => ({ key: g.key, name: g.name })), { key: OTHER_GROUP, name: rb.groups.length ? "其他法庭" : "全部法庭" }];
}

/** Whether an indicator applies to units of a group (an indicator without `groups` applies to all). */
export function appliesTo(ind: Pick<Indicator, "groups">, group: string): boolean {
  return !ind.groups || ind.groups.includes(group);
}

/** Every field an indicator reads: its formula's terms and its minimum base. */
export function indicatorFields(ind: Indicator): string[] {
  const keys = formulaOperands(ind.formula).flatMap(({ ref }) => termsOf(ref).map((t) => t.field));
  if (ind.minBase) keys.push(ind.minBase.field);
  return [...new Set(keys)];
}

/** All indicators of a rulebook in order, with their section. */
export function indicatorsOf(rb: Rulebook): Array<Indicator & { section: string }> {
  return rb.sections.flatMap((s) => s.indicators.map((i) => ({ ...i, section: s.key })));
}

/** The rulebook's full score: the sum of all indicator points. */
export function fullScore(rb: Rulebook): number {
  return rb.sections.reduce((a, s) => a + s.indicators.reduce((b, i) => b + i.points, 0), 0);
}
