/**
 * The three kinds of one publication (product.md, "States, and what each role sees"): the monthly
 * notice, the quarterly summary and the annual evaluation. Each kind says what is its own — how a
 * snapshot is built from the data, rendered, compared, when it may be published and how its
 * correction is opened and closed; everything they share (numbering, freezing, hashing, storing
 * the files, 需更正, notifications, the audit entry) is publish.ts. A fourth kind is a fourth
 * `Kind` here, not a fourth copy of the workflow.
 */
import type { Kysely } from "kysely";
import {
  deletePendingCorrection,
  findNotice,
  findPendingCorrection,
  getPeriod,
  insertPendingCorrection,
  listAnnualOverrides,
  listObjections,
  lockMonth,
  setPeriod,
  userDisplayNames,
  type Database,
  type PeriodState,
  type Role,
  type StoredNotice,
} from "@scorecard/db";
import {
  buildAnnualSnapshot,
  buildSummarySnapshot,
  type AnnualSnapshot,
  type NoticeSnapshot,
  type SummarySnapshot,
} from "@scorecard/documents";
import { addMonths, periodLabel, periodsOfYear, quarterLabel, quarterMonths, quarterYear, versionAt, yearOf, type DataWarning, type Period, type Quarter } from "@scorecard/rules";
import { annualFigures, noticeFigures, summaryFigures } from "./figures";
import { pool, renderDocument } from "../pool";
import { parseAnnual, parseNotice, parseSummary, type Sealable } from "./snapshots";
import { monthDataWarnings } from "../cycle";
import { fail } from "../errors";
import { dataAsPublished } from "../published-data";
import { readCourtProfile } from "../court-profile";
import type { ScoreService } from "../scores-service";

export type KindName = "notice" | "summary" | "annual";
export const FORMATS = ["docx", "xlsx", "html"] as const;
export type Format = (typeof FORMATS)[number];
export interface Person {
  username: string;
  name: string;
}
/** What the publication code reads: the database and the score cache over it. */
export interface Env {
  db: Kysely<Database>;
  scores: ScoreService;
}

export type { Sealable };

export interface BuildOptions {
  at: Date;
  by: Person | null;
  /** only the figures are wanted (需更正): no data warnings, no correction's changes */
  figuresOnly?: boolean;
  /** a month read live even where it has a published revision (the month whose correction is being published) */
  live?: Period;
}

export interface Kind<S extends Sealable> {
  name: KindName;
  /** the audit action's prefix */
  action: string;
  /** 2023年3月考核通报 · 2023年第一季度总结 · 2023年度考核结果 */
  title(subject: string): string;
  /** the portal page */
  link(subject: string): string;
  /** the year whose months it reads */
  year(subject: string): number;
  /** the last month whose data its figures read (a change to a later month leaves them as they are) */
  lastMonth(subject: string): Period;
  /** whether its figures read month `m` (for 需更正) */
  reads(subject: string, m: Period, snapshot: S): boolean;
  parse(n: StoredNotice): S;
  render(s: S, format: Format): Promise<Uint8Array>;
  figures(s: S): string;
  /** the snapshot from the data as it is now (number null, the machine's 情况分析), the pending correction's changes included */
  build(env: Env, subject: string, opts: BuildOptions): Promise<S>;
  /** the reason of the correction under way, or null */
  correction(db: Kysely<Database>, subject: string): Promise<string | null>;
  /** why it may not be published now, or null; `db` may be a transaction that holds its locks */
  notReady(db: Kysely<Database>, env: Env, subject: string): Promise<string | null>;
  /** the data-check warnings that publishing asks to acknowledge */
  warnings?(env: Env, subject: string): Promise<DataWarning[]>;
  /** inside the publication's transaction, first: takes the locks of the months it freezes, in order */
  lock(trx: Kysely<Database>, subject: string, at: string): Promise<unknown>;
  /** inside the publication's transaction, with its locks: checks its state, closes the correction */
  onPublish(trx: Kysely<Database>, env: Env, subject: string, p: { revision: number; by: Person | null; at: string }): Promise<{ before: unknown; after: Record<string, unknown> }>;
  /** inside a transaction: opens a correction (the second of two at once is told it is under way) */
  openCorrection(trx: Kysely<Database>, subject: string, reason: string, by: string, at: string): Promise<{ revision: number }>;
  /** who is told when it is marked 需更正 */
  markedRoles: readonly Role[];
}

const units = async (env: Env) => (await env.scores.units(env.db)).map((u) => ({ key: u.key, name: u.name }));

/** Takes the locks of months in order (one order everywhere: no two publications wait on each other). */
async function lockMonths(trx: Kysely<Database>, months: readonly Period[], at: string): Promise<Map<Period, PeriodState>> {
  const out = new Map<Period, PeriodState>();
  for (const m of [...months].sort()) out.set(m, await lockMonth(trx, m, at));
  return out;
}

/** Every month up to `last` of its year published, none in correction, none marked 需更正; else the first that is not. */
async function monthsNotReady(db: Kysely<Database>, months: readonly Period[]): Promise<string | null> {
  for (const m of months) {
    const st = await getPeriod(db, m);
    if (st.revision === 0) return `${periodLabel(m)}的考核通报尚未发布`;
    if (st.status !== "published") return `${periodLabel(m)}正在更正中`;
    if (st.needsCorrection) return `${periodLabel(m)}已被标记为需更正`;
  }
  return null;
}

// ————————————————————————————————————————— the monthly notice

export const noticeKind: Kind<NoticeSnapshot & Sealable> = {
  name: "notice",
  action: "notices",
  title: (period) => `${periodLabel(period)}考核通报`,
  link: (period) => `/notices/${period}`,
  year: (period) => yearOf(period),
  lastMonth: (period) => period as Period,
  reads: (period, m, s) => {
    const window = s.result.window;
    // its window, and the month before (较上月 compares with it)
    return (m >= window.from && m <= window.to) || m === addMonths(period, -1);
  },
  parse: parseNotice,
  render: (s, f) => renderDocument("notice", s, f),
  figures: (s) => noticeFigures(s),
  async build(env, period, opts) {
    const { rulebooks, index, periods } = await env.scores.inputs(env.db);
    if (!versionAt(rulebooks, period) || !index.facts.get(period)?.size) fail("BAD_REQUEST", `${periodLabel(period)}没有可计分的数据,无法生成通报;请先录入该月数据。`);
    const state = periods.get(period);
    const correcting = !opts.figuresOnly && state && state.revision > 0 && state.status !== "published";
    const last = correcting ? await findNotice(env.db, "notice", period) : undefined;
    // scoring the month with its explanations is heavy: in the worker pool
    const s = await pool().run("buildNotice", {
      rulebooks,
      data: index,
      period,
      units: await units(env),
      profile: await readCourtProfile(env.db),
      revision: (state?.revision ?? 0) + 1,
      number: null,
      dataWarnings: opts.figuresOnly ? [] : await monthDataWarnings(env.db, env.scores, period),
      issuedBy: opts.by,
      issuedAt: opts.at.toISOString(),
      ...(last ? { correction: { reason: state?.correctionReason ?? "", of: parseNotice(last) } } : {}),
    });
    return { ...s, draftedCommentary: s.commentary };
  },
  async correction(db, period) {
    const st = await getPeriod(db, period);
    return st.revision > 0 && st.status !== "published" ? (st.correctionReason ?? "") : null;
  },
  async notReady(db, _env, period) {
    const label = periodLabel(period);
    const state = await getPeriod(db, period);
    if (state.status === "published") return `${label}已发布(第 ${state.revision} 版);如需改正请发起更正`;
    if (state.status === "collecting") return state.revision === 0 ? `${label}尚未开启审核,不能发布;请先开启审核,让各庭长核对本庭数据` : `${label}不在可发布的状态`;
    const open = await listObjections(db, { period, status: "open" });
    if (open.length) return `${label}还有 ${open.length} 条异议未处理,不能发布;请先逐条采纳或驳回`;
    return null;
  },
  warnings: (env, period) => monthDataWarnings(env.db, env.scores, period),
  lock: (trx, period, at) => lockMonth(trx, period, at),
  async onPublish(trx, _env, period, p) {
    const now = await getPeriod(trx, period);
    const why = await noticeKind.notReady(trx, _env, period);
    if (why) fail("CONFLICT", `${why}。`);
    if (now.revision + 1 !== p.revision) fail("CONFLICT", `${periodLabel(period)}的状态刚被他人改变,未发布;请刷新后查看。`);
    await setPeriod(trx, { ...now, status: "published", revision: p.revision, reviewUntil: null, needsCorrection: false, correctionReason: null }, p.by?.username ?? null, p.at);
    return { before: { status: now.status, revision: now.revision }, after: { status: "published" } };
  },
  async openCorrection(trx, period, reason, by, at) {
    const p = await lockMonth(trx, period, at);
    if (p.status !== "published") fail(p.revision > 0 ? "CONFLICT" : "BAD_REQUEST", `${periodLabel(period)}当前${p.revision > 0 ? "已在更正中(他人刚刚发起)" : "尚未发布"},不能发起更正。`);
    await setPeriod(trx, { ...p, status: "correcting", correctionReason: reason }, by, at);
    return { revision: p.revision + 1 };
  },
  markedRoles: ["stats"],
};

// ————————————————————————————————————————— the quarterly summary

/** A pending correction of a summary or an evaluation: opened once; the second of two at once is told it is under way. */
async function openPending(trx: Kysely<Database>, kind: KindName, subject: string, title: string, reason: string, by: string, at: string): Promise<{ revision: number }> {
  const last = await findNotice(trx, kind, subject);
  if (!last) fail("BAD_REQUEST", `${title}尚未发布,不能发起更正。`);
  if (await findPendingCorrection(trx, kind, subject)) fail("CONFLICT", `${title}已在更正中。`);
  await insertPendingCorrection(trx, { kind, subject, reason, by, at });
  return { revision: last.revision + 1 };
}

const monthsToQuarterEnd = (q: Quarter) => periodsOfYear(quarterYear(q)).filter((m) => m <= quarterMonths(q)[2]!);

export const summaryKind: Kind<SummarySnapshot & Sealable> = {
  name: "summary",
  action: "summaries",
  title: (q) => `${quarterLabel(q as Quarter)}总结`,
  link: (q) => `/summaries/${q}`,
  year: (q) => quarterYear(q as Quarter),
  lastMonth: (q) => quarterMonths(q as Quarter).at(-1)!,
  // the quarter and the year to date at its end
  reads: (q, m) => monthsToQuarterEnd(q as Quarter).includes(m),
  parse: parseSummary,
  render: (s, f) => renderDocument("summary", s, f),
  figures: (s) => summaryFigures(s),
  async build(env, q, opts) {
    const quarter = q as Quarter;
    const { rulebooks, index } = await env.scores.inputs(env.db);
    if (!index.facts.get(quarterMonths(quarter)[2]!)?.size) fail("BAD_REQUEST", `${quarterLabel(quarter)}最后一个月还没有考核数据,无法生成季度总结。`);
    const last = await findNotice(env.db, "summary", q);
    const pending = opts.figuresOnly ? null : await summaryKind.correction(env.db, q);
    const s = buildSummarySnapshot({
      rulebooks,
      data: index,
      quarter,
      units: await units(env),
      profile: await readCourtProfile(env.db),
      revision: (last?.revision ?? 0) + 1,
      number: null,
      issuedBy: opts.by,
      issuedAt: opts.at.toISOString(),
      ...(last && pending !== null ? { correction: { reason: pending, of: parseSummary(last) } } : {}),
    });
    return { ...s, draftedCommentary: s.commentary };
  },
  correction: async (db, q) => (await findPendingCorrection(db, "summary", q))?.reason ?? null,
  async notReady(db, _env, q) {
    const last = await findNotice(db, "summary", q);
    if (last && (await summaryKind.correction(db, q)) === null) return `${summaryKind.title(q)}已发布(第 ${last.revision} 版);如需改正请发起更正`;
    const why = await monthsNotReady(db, monthsToQuarterEnd(q as Quarter));
    return why && `${why},${summaryKind.title(q)}暂不能发布;请先发布或更正该月通报`;
  },
  lock: (trx, q, at) => lockMonths(trx, monthsToQuarterEnd(q as Quarter), at),
  async onPublish(trx, env, q, p) {
    const why = await summaryKind.notReady(trx, env, q);
    if (why) fail("CONFLICT", `${why}。`);
    await deletePendingCorrection(trx, "summary", q);
    return { before: { revision: p.revision - 1 }, after: {} };
  },
  openCorrection: (trx, q, reason, by, at) => openPending(trx, "summary", q, summaryKind.title(q), reason, by, at),
  markedRoles: ["stats"],
};

// ————————————————————————————————————————— the annual evaluation

export const annualKind: Kind<AnnualSnapshot & Sealable> = {
  name: "annual",
  action: "annual",
  title: (y) => `${y}年度考核结果`,
  link: (y) => `/annual/${y}`,
  year: (y) => Number(y),
  lastMonth: (y) => `${y}-12` as Period,
  reads: (y, m) => periodsOfYear(Number(y)).includes(m),
  parse: parseAnnual,
  render: (s, f) => renderDocument("annual", s, f),
  figures: (s) => annualFigures(s),
  async build(env, y, opts) {
    const year = Number(y);
    const { rulebooks } = await env.scores.inputs(env.db);
    if (!rulebooks.some((r) => r.effectiveFrom <= `${year}-12`)) fail("BAD_REQUEST", `${year}年没有生效的考核办法,无法进行年度考核。`);
    const last = await findNotice(env.db, "annual", y);
    const pending = opts.figuresOnly ? null : await annualKind.correction(env.db, y);
    const names = await userDisplayNames(env.db);
    const overrides = (await listAnnualOverrides(env.db, year)).map((o) => ({ unit: o.unit, to: o.grade, reason: o.reason, by: { username: o.by, name: names.get(o.by) ?? o.by }, at: o.at }));
    const s = buildAnnualSnapshot({
      rulebooks,
      data: await yearData(env, year, opts.live),
      year,
      units: await units(env),
      profile: await readCourtProfile(env.db),
      revision: (last?.revision ?? 0) + 1,
      number: null,
      overrides,
      issuedBy: opts.by,
      issuedAt: opts.at.toISOString(),
      ...(last && pending !== null ? { correction: { reason: pending, of: parseAnnual(last) } } : {}),
    });
    return { ...s, draftedCommentary: s.commentary };
  },
  correction: async (db, y) => (await findPendingCorrection(db, "annual", y))?.reason ?? null,
  async notReady(db, _env, y) {
    const year = Number(y);
    const last = await findNotice(db, "annual", y);
    if (last && (await annualKind.correction(db, y)) === null) return `${year}年度考核结果已发布(${last.number});如需改正请发起更正`;
    const dec = await getPeriod(db, `${year}-12`);
    if (dec.revision === 0) return `${year}年12月的考核通报尚未发布,年度考核只能预估,暂不能发布`;
    for (const m of periodsOfYear(year)) {
      const st = await getPeriod(db, m);
      if (st.revision > 0 && st.status !== "published") return `${periodLabel(m)}正在更正中,${year}年度考核结果暂不能发布`;
      if (st.needsCorrection) return `${periodLabel(m)}已被标记为需更正,${year}年度考核结果暂不能发布`;
    }
    return null;
  },
  lock: (trx, y, at) => lockMonths(trx, periodsOfYear(Number(y)), at),
  async onPublish(trx, env, y, p) {
    const why = await annualKind.notReady(trx, env, y);
    if (why) fail("CONFLICT", `${why}。`);
    await deletePendingCorrection(trx, "annual", y);
    return { before: { revision: p.revision - 1 }, after: {} };
  },
  openCorrection: (trx, y, reason, by, at) => openPending(trx, "annual", y, annualKind.title(y), reason, by, at),
  markedRoles: ["stats", "hr"],
};

/**
 * The year's data as the evaluation reads it (product.md): every published month from its latest
 * published revision, the others live — and `live`, the month whose correction is being
 * published, live as well.
 */
export function yearData(env: Env, year: number, live?: Period) {
  return dataAsPublished(
    env.db,
    env.scores,
    periodsOfYear(year).filter((m) => m !== live),
    { others: true },
  );
}

export const KINDS = { notice: noticeKind, summary: summaryKind, annual: annualKind } as const;
export type AnyKind = Kind<NoticeSnapshot & Sealable> | Kind<SummarySnapshot & Sealable> | Kind<AnnualSnapshot & Sealable>;
