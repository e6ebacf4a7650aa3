import type { Kysely } from "kysely";
import { z } from "zod";
import {
  addSupervisionStep,
  appendAudit,
  decideSupervisionSuggestion,
  findAdjustment,
  findSupervision,
  getPeriod,
  insertAdjustment,
  insertNotifications,
  insertSupervision,
  listSupervisions,
  listUsers,
  markSupervisionOverdueNotified,
  newId,
  SupervisionStatusSchema,
  unitsOfLeader,
  userDisplayNames,
  type Database,
  type PeriodState,
  type Supervision,
  type SupervisionStatus,
  type UserSummary, lockMonth
} from "@scorecard/db";
import { addMonths, dayLabel, versionAt, indicatorsOf, KeySchema, PeriodSchema, periodLabel, periodOfDay, shanghaiDay, shanghaiDayEnd, type Period, type Rulebook, textInput } from "@scorecard/rules";
import type { SessionUser } from "../auth";
import { unitNames } from "../names";
import { authedProcedure, fail, rolesProcedure, router, type Context } from "../trpc";

/**
 * Supervision (督办, product.md): a leader's instruction to a tribunal they oversee; its head
 * answers with rectification measures (整改措施); the leader closes it or sends it back.
 *
 * Overdue: an instruction still waiting for an answer (issued, or returned) when its due day is
 * over — from 00:00 Asia/Shanghai of the day after `due`, by the server's clock. It stays
 * "missed" after a late answer: the penalty offered (the rulebook's `supervision.overdueItem`)
 * waits for stats to accept or dismiss it, whatever the head does later. Computed when read; the
 * overdue notification is written the first time anyone reads it overdue (once).
 */

/** The instant an instruction due on `due` runs overdue: 00:00 Asia/Shanghai of the next day. */
export function overdueFrom(due: string): string {
  return shanghaiDayEnd(due);
}

const DateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "日期应写作 YYYY-MM-DD,如 2023-04-10")
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "没有这一天,请检查年月日");

const text = (what: string, max = 2000) => textInput(max, `请填写${what}`, `${what}不能超过 ${max} 字`);

const STATUS_NAMES: Record<SupervisionStatus, string> = { issued: "待答复", answered: "已答复,待审阅", returned: "已退回,待重新答复", closed: "已办结" };

/** Whether the deadline was missed: at its instant the instruction was still waiting for an answer. */
export function missedDue(s: Pick<Supervision, "due" | "events">, now: Date): boolean {
  const deadline = overdueFrom(s.due);
  if (now.toISOString() < deadline) return false;
  const before = s.events.filter((e) => e.at < deadline);
  const state = before[before.length - 1]?.kind ?? "issued";
  return state === "issued" || state === "returned";
}

/** Overdue now: missed its deadline and still waiting for an answer. */
function isOverdue(s: Supervision, now: Date): boolean {
  return (s.status === "issued" || s.status === "returned") && missedDue(s, now);
}

interface OfferedPenalty {
  period: Period;
  item: string;
  itemName: string;
  points: number | null;
}

/**
 * The month and item of the penalty offered for an overdue instruction: the first unpublished
 * month on or after the due date whose version in force names a `supervision.overdueItem` that
 * it has; null when no such month can come (no version from some month on names one).
 */
async function offeredPenalty(rulebooks: readonly Rulebook[], stateOf: (p: Period) => Promise<PeriodState>, due: string): Promise<OfferedPenalty | null> {
  const lastEffective = rulebooks.reduce<string>((a, r) => (r.effectiveFrom > a ? r.effectiveFrom : a), "");
  let m = periodOfDay(due);
  for (let i = 0; i < 1200; i++, m = addMonths(m, 1)) {
    const rb = versionAt(rulebooks, m);
    const key = rb?.supervision?.overdueItem;
    const item = key ? rb?.adjustments.find((a) => a.key === key && a.kind === "penalty") : undefined;
    if (item && (await stateOf(m)).status !== "published") return { period: m, item: item.key, itemName: item.name, points: item.points ?? null };
    if (!item && m >= lastEffective) return null;
  }
  return null;
}

function dueLine(s: Pick<Supervision, "due">): string {
  return `限${dayLabel(s.due)}前答复`;
}

/** Who sees which instructions: a leader those of the tribunals they oversee, a head their own, everyone else all. */
async function visibleUnits(db: Kysely<Database>, user: SessionUser): Promise<readonly string[] | undefined> {
  if (user.role === "leader") return unitsOfLeader(db, user.id);
  if (user.role === "head") return user.unit ? [user.unit] : [];
  return undefined;
}

/** Refuses a leader who does not oversee the tribunal (checked inside the transaction that writes). */
async function requireOverseen(db: Kysely<Database>, user: SessionUser, unit: string, name: string, doing: string): Promise<void> {
  if (!(await unitsOfLeader(db, user.id)).includes(unit))
    fail("FORBIDDEN", `您不分管${name},不能${doing};如分管关系有误,请联系系统管理员调整。`);
}

async function loadOpen(db: Kysely<Database>, id: string): Promise<Supervision> {
  const s = await findSupervision(db, id);
  if (!s) fail("NOT_FOUND", "找不到这条督办,可能已被删除;请刷新页面。");
  return s;
}

function indicatorName(rb: Rulebook | null, key: string): string {
  return (rb && indicatorsOf(rb).find((i) => i.key === key)?.name) ?? key;
}

const activeHeads = (users: UserSummary[], unit: string) => users.filter((u) => u.role === "head" && u.active && u.unit === unit).map((u) => u.username);
const activeStats = (users: UserSummary[]) => users.filter((u) => u.role === "stats" && u.active).map((u) => u.username);
/**
 * The leader side of an instruction: its issuer while they still oversee the tribunal, else the
 * leaders who oversee it now (a leader reads only their tribunals' instructions: a notification
 * tells no one what their list would not show).
 */
const overseers = (users: UserSummary[], s: Pick<Supervision, "unit" | "issuedBy">) => {
  const now = users.filter((u) => u.active && u.role === "leader" && u.units.includes(s.unit)).map((u) => u.username);
  return now.includes(s.issuedBy) ? [s.issuedBy] : now;
};

const link = (id: string) => `/supervision/${id}`;

/**
 * Sends the overdue notification of every instruction that has run overdue and not yet had it
 * (to the tribunal's head, the leader who issued it, and stats when a penalty is offered); once
 * per instruction, whoever reads first.
 */
export async function notifyOverdueSupervisions(ctx: Pick<Context, "db" | "scores" | "now">): Promise<void> {
  const now = ctx.now();
  const today = shanghaiDay(now);
  const candidates = (await listSupervisions(ctx.db)).filter((s) => s.overdueNotifiedAt === null && s.due < today && isOverdue(s, now));
  if (!candidates.length) return;
  const [users, name, rulebooks] = await Promise.all([listUsers(ctx.db), unitNames(ctx), ctx.scores.rulebooks(ctx.db)]);
  const at = now.toISOString();
  for (const s of candidates) {
    const ind = indicatorName(versionAt(rulebooks, s.period) ?? null, s.indicator);
    const offer = await offeredPenalty(rulebooks, (p) => ctx.scores.periodState(ctx.db, p), s.due);
    await ctx.db.transaction().execute(async (trx) => {
      if (!(await markSupervisionOverdueNotified(trx, s.id, at))) return;
      const title = `${name(s.unit)}的督办「${ind}」(${periodLabel(s.period)})已逾期:${dueLine(s)},至今未答复`;
      const rows = [...activeHeads(users, s.unit), ...overseers(users, s)].map((username) => ({ id: newId(), username, kind: "supervision.overdue", title, link: link(s.id), at }));
      if (offer)
        rows.push(...activeStats(users).map((username) => ({ id: newId(), username, kind: "supervision.overdue", title: `${title};建议在${periodLabel(offer.period)}对其记扣分项目"${offer.itemName}",请在督办页采纳或不予采纳`, link: link(s.id), at })));
      await insertNotifications(trx, rows);
      await appendAudit(trx, { username: null, action: "supervision.overdue", target: s.unit, after: { id: s.id, due: s.due, offered: offer } }, at);
    });
  }
}

const ListStatusSchema = z.union([SupervisionStatusSchema, z.enum(["open", "overdue"])]);

export const supervisionRouter = router({
  /** A leader's instruction to a tribunal they oversee. */
  issue: rolesProcedure("leader")
    .input(z.object({ unit: KeySchema, indicator: KeySchema, period: PeriodSchema, text: text("督办内容"), due: DateSchema }))
    .mutation(async ({ ctx, input }) => {
      const name = await unitNames(ctx);
      const unit = (await ctx.scores.units(ctx.db)).find((u) => u.key === input.unit && u.active);
      if (!unit) fail("BAD_REQUEST", `没有代码为 ${input.unit} 的法庭,请从列表中选择。`);
      const rb = await ctx.scores.versionAt(ctx.db, input.period);
      if (!rb) fail("BAD_REQUEST", `${periodLabel(input.period)}没有生效的考核办法,请选择有考核办法的月份。`);
      if (!indicatorsOf(rb).some((i) => i.key === input.indicator)) fail("BAD_REQUEST", `${periodLabel(input.period)}适用的考核办法 ${rb.version} 中没有指标 ${input.indicator},请从列表中选择。`);
      const now = ctx.now();
      const today = shanghaiDay(now);
      if (input.due < today) fail("BAD_REQUEST", `答复期限 ${dayLabel(input.due)} 早于今天(${dayLabel(today)}),请选择今天或以后的日期。`);
      const users = await listUsers(ctx.db);
      const at = now.toISOString();
      const id = newId();
      const ind = indicatorName(rb, input.indicator);
      await ctx.db.transaction().execute(async (trx) => {
        await requireOverseen(trx, ctx.user, input.unit, name(input.unit), "向其下发督办");
        await insertSupervision(trx, { id, unit: input.unit, indicator: input.indicator, period: input.period, text: input.text, due: input.due, by: ctx.user.username, at });
        await insertNotifications(trx, activeHeads(users, input.unit).map((username) => ({
          id: newId(), username, kind: "supervision.issued", title: `${ctx.user.name}下发督办「${ind}」(${periodLabel(input.period)}):${input.text.replace(/[。;;,,、\s]+$/, "")}。请于${dayLabel(input.due)}前答复整改措施。`, link: link(id), at,
        })));
        await appendAudit(trx, { username: ctx.user.username, action: "supervision.issue", target: input.unit, after: { id, unitName: name(input.unit), indicator: input.indicator, period: input.period, text: input.text, due: input.due } }, at);
      });
      return { id };
    }),

  /** The head's answer: rectification measures (整改措施), to an issued or returned instruction of their own tribunal. */
  respond: rolesProcedure("head")
    .input(z.object({ id: z.string().uuid(), text: text("整改措施") }))
    .mutation(async ({ ctx, input }) => {
      const [users, name, rulebooks] = await Promise.all([listUsers(ctx.db), unitNames(ctx), ctx.scores.rulebooks(ctx.db)]);
      const at = ctx.now().toISOString();
      // inside the transaction only `trx`: on SQLite it holds the one connection
      await ctx.db.transaction().execute(async (trx) => {
        const s = await loadOpen(trx, input.id);
        if (s.unit !== ctx.user.unit) fail("FORBIDDEN", `这条督办是下发给${name(s.unit)}的,庭长只能答复本庭的督办。`);
        if (s.status !== "issued" && s.status !== "returned") fail("BAD_REQUEST", `这条督办${STATUS_NAMES[s.status]},不能再答复;${s.status === "answered" ? "请等待党组成员审阅。" : "如有新情况请联系分管党组成员。"}`);
        if (!(await addSupervisionStep(trx, s.id, { from: s.status, to: "answered", kind: "answered", text: input.text, by: ctx.user.username, at })))
          fail("CONFLICT", "这条督办刚刚被他人处理过,请刷新页面后再试。");
        const ind = indicatorName(versionAt(rulebooks, s.period) ?? null, s.indicator);
        await insertNotifications(trx, overseers(users, s).map((username) => ({
          id: newId(), username, kind: "supervision.answered", title: `${name(s.unit)}已答复督办「${ind}」的整改措施,请审阅后办结或退回`, link: link(s.id), at,
        })));
        await appendAudit(trx, { username: ctx.user.username, action: "supervision.respond", target: s.unit, before: { id: s.id, status: s.status }, after: { id: s.id, status: "answered", text: input.text } }, at);
      });
      return { ok: true as const };
    }),

  /** An overseeing leader closes an answered instruction, with a note. */
  close: rolesProcedure("leader")
    .input(z.object({ id: z.string().uuid(), note: text("办结意见", 1000) }))
    .mutation(({ ctx, input }) => review(ctx, input.id, "closed", input.note)),

  /** An overseeing leader sends an answered instruction back, with the reason; the head answers again. */
  return: rolesProcedure("leader")
    .input(z.object({ id: z.string().uuid(), reason: text("退回理由", 1000) }))
    .mutation(({ ctx, input }) => review(ctx, input.id, "returned", input.reason)),

  /**
   * The instructions the user is involved in (a leader: of the tribunals they oversee; a head: their
   * own; stats, hr and admin: all), newest first, each with its history, overdue flag and the
   * penalty offered when it ran overdue. `open`: not closed; `overdue`: overdue now.
   */
  list: authedProcedure.input(z.object({ status: ListStatusSchema.optional() }).optional()).query(async ({ ctx, input }) => {
    await notifyOverdueSupervisions(ctx);
    const now = ctx.now();
    const units = await visibleUnits(ctx.db, ctx.user);
    const want = input?.status;
    const rows = (await listSupervisions(ctx.db, units ? { units } : {})).filter((s) =>
      want === undefined ? true : want === "open" ? s.status !== "closed" : want === "overdue" ? isOverdue(s, now) : s.status === want,
    );
    const [name, people, rulebooks] = await Promise.all([unitNames(ctx), userDisplayNames(ctx.db), ctx.scores.rulebooks(ctx.db)]);
    const person = (u: string | null) => (u ? people.get(u) ?? u : null);
    return Promise.all(rows.map(async (s) => {
      const rb = versionAt(rulebooks, s.period) ?? null;
      const missed = missedDue(s, now);
      return {
        id: s.id,
        unit: s.unit,
        unitName: name(s.unit),
        indicator: s.indicator,
        indicatorName: indicatorName(rb, s.indicator),
        period: s.period,
        text: s.text,
        due: s.due,
        /** the instant it runs (or ran) overdue */
        overdueFrom: overdueFrom(s.due),
        status: s.status,
        issuedBy: s.issuedBy,
        issuedByName: person(s.issuedBy),
        issuedAt: s.issuedAt,
        overdue: isOverdue(s, now),
        missedDue: missed,
        history: s.events.map((e) => ({ kind: e.kind, text: e.text, by: e.by, byName: person(e.by), at: e.at })),
        suggestion: missed ? await suggestionOf(ctx, rulebooks, s, person) : null,
      };
    }));
  }),

  /** Stats accepts the penalty offered for an overdue instruction: the adjustment is created in the month it names. */
  acceptSuggestion: rolesProcedure("stats")
    .input(z.object({ id: z.string().uuid() }))
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      const at = now.toISOString();
      const [name, rulebooks, users] = await Promise.all([unitNames(ctx), ctx.scores.rulebooks(ctx.db), listUsers(ctx.db)]);
      const adjustmentId = newId();
      let result: { period: string; item: string } | undefined;
      await ctx.db.transaction().execute(async (trx) => {
        const s = await loadOpen(trx, input.id);
        requireUndecided(s, now);
        const offer = await offeredPenalty(rulebooks, (p) => getPeriod(trx, p), s.due);
        if (!offer) fail("BAD_REQUEST", "自这条督办的期限起,没有哪个月的考核办法设有督办逾期扣分项目(supervision.overdueItem),无法记扣分;请政治处在考核办法中设定后再采纳,或不予采纳并说明理由。");
        // the month the penalty goes into, locked: a publication of it waits, or has happened and refuses this
        if ((await lockMonth(trx, offer.period, at)).status === "published") fail("CONFLICT", `${periodLabel(offer.period)}刚刚发布,扣分未记入;请刷新后重新采纳(将记入下一个未发布的月份)。`);
        const ind = indicatorName(versionAt(rulebooks, s.period) ?? null, s.indicator);
        const note = `督办逾期:${ind}(${periodLabel(s.period)}),${dueLine(s)},督办编号 ${s.id.slice(0, 8)}`;
        await insertAdjustment(trx, { id: adjustmentId, period: offer.period, unit: s.unit, item: offer.item, count: 1, note, evidence: `督办 ${s.id}`, createdBy: ctx.user.username, createdAt: at });
        if (!(await decideSupervisionSuggestion(trx, s.id, { decision: "accepted", reason: null, adjustmentId, by: ctx.user.username, at })))
          fail("CONFLICT", "这条建议刚刚被他人处理过,请刷新页面。");
        await insertNotifications(trx, [...activeHeads(users, s.unit), ...overseers(users, s)].map((username) => ({
          id: newId(), username, kind: "supervision.penalty", title: `${name(s.unit)}的督办「${ind}」逾期,已在${periodLabel(offer.period)}记扣分项目"${offer.itemName}"`, link: link(s.id), at,
        })));
        await appendAudit(trx, { username: ctx.user.username, action: "adjustments.add", target: `${offer.period}/${s.unit}`, after: { id: adjustmentId, item: offer.item, name: offer.itemName, unitName: name(s.unit), count: 1, note, supervision: s.id } }, at);
        await appendAudit(trx, { username: ctx.user.username, action: "supervision.acceptSuggestion", target: s.unit, before: { id: s.id, suggestion: null }, after: { id: s.id, suggestion: "accepted", adjustment: adjustmentId, period: offer.period, item: offer.item } }, at);
        result = { period: offer.period, item: offer.item };
      });
      return { adjustment: adjustmentId, ...result! };
    }),

  /** Stats declines the penalty offered, with the reason; nothing is recorded against the tribunal. */
  dismissSuggestion: rolesProcedure("stats")
    .input(z.object({ id: z.string().uuid(), reason: text("不予采纳的理由", 1000) }))
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      const at = now.toISOString();
      await ctx.db.transaction().execute(async (trx) => {
        const s = await loadOpen(trx, input.id);
        requireUndecided(s, now);
        if (!(await decideSupervisionSuggestion(trx, s.id, { decision: "dismissed", reason: input.reason, adjustmentId: null, by: ctx.user.username, at })))
          fail("CONFLICT", "这条建议刚刚被他人处理过,请刷新页面。");
        await appendAudit(trx, { username: ctx.user.username, action: "supervision.dismissSuggestion", target: s.unit, before: { id: s.id, suggestion: null }, after: { id: s.id, suggestion: "dismissed", reason: input.reason } }, at);
      });
      return { ok: true as const };
    }),
});

function requireUndecided(s: Supervision, now: Date): void {
  if (!missedDue(s, now)) fail("BAD_REQUEST", `这条督办没有逾期(${dueLine(s)}),没有建议的扣分。`);
  if (s.suggestion === "accepted") fail("BAD_REQUEST", "这条督办的逾期扣分已经采纳,不能重复处理;如需撤销请在加减分页面删除该记录。");
  if (s.suggestion === "dismissed") fail("BAD_REQUEST", "这条督办的逾期扣分已决定不予采纳,不能重复处理。");
}

/** The penalty offered for a missed deadline, and what stats did with it. */
async function suggestionOf(ctx: Pick<Context, "db" | "scores">, rulebooks: readonly Rulebook[], s: Supervision, person: (u: string | null) => string | null) {
  const decided = { by: s.suggestionBy, byName: person(s.suggestionBy), at: s.suggestionAt };
  if (s.suggestion === "dismissed") return { state: "dismissed" as const, reason: s.suggestionReason, ...decided, period: null, item: null, itemName: null, points: null, adjustmentId: null };
  if (s.suggestion === "accepted") {
    const a = s.adjustmentId ? await findAdjustment(ctx.db, s.adjustmentId) : undefined;
    const rb = a ? versionAt(rulebooks, a.period) : undefined;
    const item = a && rb?.adjustments.find((x) => x.key === a.item);
    return { state: "accepted" as const, reason: null, ...decided, period: a?.period ?? null, item: a?.item ?? null, itemName: item?.name ?? a?.item ?? null, points: item?.points ?? null, adjustmentId: a ? a.id : null };
  }
  const offer = await offeredPenalty(rulebooks, (p) => ctx.scores.periodState(ctx.db, p), s.due);
  if (!offer) return { state: "unavailable" as const, reason: "考核办法未设督办逾期扣分项目(supervision.overdueItem)", by: null, byName: null, at: null, period: null, item: null, itemName: null, points: null, adjustmentId: null };
  return { state: "pending" as const, reason: null, by: null, byName: null, at: null, ...offer, adjustmentId: null };
}

/** Closing or sending back an answered instruction: an overseeing leader only. */
async function review(ctx: Pick<Context, "db" | "scores" | "now"> & { user: SessionUser }, id: string, to: "closed" | "returned", words: string) {
  const [users, name, rulebooks] = await Promise.all([listUsers(ctx.db), unitNames(ctx), ctx.scores.rulebooks(ctx.db)]);
  const at = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const s = await loadOpen(trx, id);
    await requireOverseen(trx, ctx.user, s.unit, name(s.unit), to === "closed" ? "办结这条督办" : "退回这条督办");
    if (s.status !== "answered")
      fail("BAD_REQUEST", s.status === "closed" ? "这条督办已办结,不能再办结或退回。" : `这条督办${STATUS_NAMES[s.status]},请待庭长答复整改措施后再${to === "closed" ? "办结" : "退回"}。`);
    if (!(await addSupervisionStep(trx, s.id, { from: "answered", to, kind: to, text: words, by: ctx.user.username, at })))
      fail("CONFLICT", "这条督办刚刚被他人处理过,请刷新页面后再试。");
    const ind = indicatorName(versionAt(rulebooks, s.period) ?? null, s.indicator);
    const title = to === "closed"
      ? `${ctx.user.name}已办结督办「${ind}」:${words}`
      : `${ctx.user.name}退回了督办「${ind}」的整改措施:${words};请修改后重新答复(${dueLine(s)})`;
    await insertNotifications(trx, activeHeads(users, s.unit).map((username) => ({ id: newId(), username, kind: `supervision.${to}`, title, link: link(s.id), at })));
    await appendAudit(trx, { username: ctx.user.username, action: to === "closed" ? "supervision.close" : "supervision.return", target: s.unit, before: { id: s.id, status: "answered" }, after: { id: s.id, status: to, text: words } }, at);
  });
  return { ok: true as const };
}
