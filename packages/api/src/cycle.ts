import type { Kysely } from "kysely";
import { z } from "zod";
import {
  appendAudit,
  dataRevision,
  findNotice,
  getPeriod,
  insertNotice,
  insertNoticeFile,
  insertNotifications,
  isUniqueViolation,
  listObjections,
  listPeriods,
  listUsers,
  newId,
  nextNumberSeq,
  noticeFile,
  setPeriod,
  type Database,
  type PeriodState,
  type StoredNotice,
} from "@scorecard/db";
import { buildNoticeSnapshot, renderNotice, snapshotHash, type NoticeFormat, type NoticeSnapshot } from "@scorecard/documents";
import { findVersionAt, periodLabel, reviewFacts, windowMonths, type DataWarning, type ManualRow, type Period } from "@scorecard/rules";
import { scorePeriod, type DataIndex } from "@scorecard/scoring";
import type { ScoreService } from "./scores-service";
import { fail } from "./trpc";

/**
 * A published revision's document, frozen: rendered from the snapshot the first time it is asked
 * for and stored, then served as stored ever after (byte for byte, whatever the code becomes).
 */
export function frozenNoticeFile(db: Kysely<Database>, n: StoredNotice, format: NoticeFormat): Promise<Uint8Array> {
  return frozenFile(db, n, format, () => renderNotice(parseSnapshot(n), format));
}

/** Any published revision's document (a notice, a summary, an evaluation), frozen at its first download. */
export async function frozenFile(db: Kysely<Database>, n: StoredNotice, format: string, render: () => Promise<Uint8Array>): Promise<Uint8Array> {
  const stored = await noticeFile(db, n.id, format);
  if (stored) return stored;
  const bytes = await render();
  try {
    await insertNoticeFile(db, n.id, format, bytes);
  } catch (e) {
    if (!isUniqueViolation(e)) throw e; // rendered at the same moment by another request: keep the first
  }
  return (await noticeFile(db, n.id, format))!;
}
/** The server's clock: every time the cycle reads comes from it (tests set it). */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** The court's time zone: deadlines, the 成文日期 and the year of a number are read in it. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
/** The calendar year in Asia/Shanghai of an instant. */
export function shanghaiYear(at: Date): number {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).getUTCFullYear();
}

/** A deadline for people: `2023年4月3日 18:30` in Asia/Shanghai. */
export function deadlineLabel(iso: string): string {
  const d = new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** 开法考〔2023〕3号 */
export function noticeNumber(year: number, seq: number): string {
  return `开法考〔${year}〕${seq}号`;
}

/** A stored snapshot, checked as it comes out of the database (its shape; the engine's parts are trusted as written). */
const SnapshotSchema = z.looseObject({
  format: z.literal("scorecard-notice/1"),
  period: z.string(),
  revision: z.number().int().min(1),
  number: z.string().nullable(),
  result: z.looseObject({ units: z.array(z.looseObject({ unit: z.string() })) }),
});
export function parseSnapshot(n: StoredNotice): NoticeSnapshot {
  return SnapshotSchema.parse(JSON.parse(n.snapshot)) as unknown as NoticeSnapshot;
}

/** The committee scores (评议打分) of one month in an index, as rows. */
export function manualRowsOf(index: DataIndex, period: Period): ManualRow[] {
  const out: ManualRow[] = [];
  for (const byUnit of index.manual.get(period)?.values() ?? []) out.push(...byUnit.values());
  return out;
}

/**
 * The committee scores of `period` as a published notice froze them: its own list when the
 * snapshot carries one, else the entries of its explanations (every manual score of the window
 * that counted, with its reason).
 */
export function frozenManualRows(snapshot: NoticeSnapshot, period: Period): ManualRow[] {
  const own = (snapshot as NoticeSnapshot & { manual?: ManualRow[] }).manual;
  if (Array.isArray(own)) return own.filter((r) => r.period === period);
  const out: ManualRow[] = [];
  for (const u of snapshot.result.units)
    for (const [indicator, r] of Object.entries(u.indicators)) {
      const f = r.explanation?.formula;
      if (f?.type === "manual") for (const e of f.entries) if (e.period === period) out.push({ period, unit: u.unit, indicator, score: e.score, reason: e.reason });
    }
  return out;
}

/** The data-check warnings and outliers of a month as stored: what publishing asks to acknowledge. */
export async function monthDataWarnings(db: Kysely<Database>, scores: ScoreService, period: Period): Promise<DataWarning[]> {
  const { rulebooks, index, units } = await scores.inputs(db);
  if (!findVersionAt(rulebooks, period)) return [];
  const rows = [...(index.facts.get(period) ?? new Map()).entries()].map(([unit, values]) => ({ period, unit, values }));
  return reviewFacts({ rulebooks, rows, history: index.facts, names: new Map(units.map((u) => [u.key, u.name])) }).warnings;
}

/** The notice of a month as it would be published now (a draft: no number). */
export async function draftNotice(db: Kysely<Database>, scores: ScoreService, period: Period, at: Date, by: { username: string; name: string } | null): Promise<NoticeSnapshot> {
  const { rulebooks, index, units, periods } = await scores.inputs(db);
  if (!findVersionAt(rulebooks, period) || !index.facts.get(period)?.size)
    fail("BAD_REQUEST", `${periodLabel(period)}没有可计分的数据,无法生成通报;请先录入该月数据。`);
  const state = periods.get(period);
  const last = state && state.revision > 0 ? await findNotice(db, "notice", period) : undefined;
  return buildNoticeSnapshot({
    rulebooks,
    data: index,
    period,
    units: units.map((u) => ({ key: u.key, name: u.name })),
    revision: (state?.revision ?? 0) + 1,
    number: null,
    dataWarnings: await monthDataWarnings(db, scores, period),
    issuedBy: by,
    issuedAt: at.toISOString(),
    ...(last && state?.status === "correcting" ? { correction: { reason: state.correctionReason ?? "", of: parseSnapshot(last) } } : {}),
  });
}

export interface PublishInput {
  period: Period;
  commentary?: string;
  acknowledgeWarnings?: boolean;
  by: { username: string; name: string } | null;
  at: Date;
}

/**
 * Publishes a month (product.md, "Publish"): freezes the snapshot, numbers it in the year's
 * series, hashes it, and marks the later months a correction changed (its documents are frozen
 * from the snapshot when first downloaded, frozenNoticeFile).
 * One transaction; two servers racing for the same month issue one number.
 */
export async function publishNotice(db: Kysely<Database>, scores: ScoreService, input: PublishInput): Promise<{ number: string; revision: number; hash: string }> {
  const label = periodLabel(input.period);
  const revision = await scores.revisionOf(db);
  const state = await getPeriod(db, input.period);
  if (state.status === "published") fail("BAD_REQUEST", `${label}已发布(第 ${state.revision} 版);如需改正请发起更正。`);
  if (state.status === "collecting")
    fail("BAD_REQUEST", state.revision === 0 ? `${label}尚未开启审核,不能发布;请先开启审核,让各庭长核对本庭数据。` : `${label}不在可发布的状态。`);
  const open = await listObjections(db, { period: input.period, status: "open" });
  if (open.length) fail("BAD_REQUEST", `${label}还有 ${open.length} 条异议未处理,不能发布;请先逐条采纳或驳回。`);
  const warnings = await monthDataWarnings(db, scores, input.period);
  if (warnings.length && input.acknowledgeWarnings !== true)
    fail("BAD_REQUEST", `${label}有 ${warnings.length} 条数据核查提示尚未确认(如${warnings[0]!.zh}),请逐条核实后勾选"已核实"再发布。`);
  const draft = await draftNotice(db, scores, input.period, input.at, input.by);
  const stale = await laterMonthsChanged(db, scores, input.period);

  return publishNumbered(db, {
    kind: "notice",
    subject: input.period,
    revision: state.revision + 1,
    dataRevision: revision,
    at: input.at,
    by: input.by,
    seal: (number) => {
      const snapshot: NoticeSnapshot = { ...draft, number, ...(input.commentary !== undefined ? { commentary: input.commentary } : {}) };
      return { snapshot, hash: snapshotHash(snapshot) };
    },
    title: (number, revision) => (revision > 1 ? `${label}考核通报已更正(第 ${revision} 版,${number})` : `${label}考核通报已发布(${number})`),
    link: `/notices/${input.period}`,
    action: "notices",
    async inside(trx, at) {
      const now = await getPeriod(trx, input.period);
      if (now.status !== state.status || now.revision !== state.revision) fail("CONFLICT", `${label}的状态刚被他人改变,未发布;请刷新后查看。`);
      await setPeriod(trx, { ...now, status: "published", revision: now.revision + 1, reviewUntil: null, needsCorrection: false, correctionReason: null }, input.by?.username ?? null, at);
      for (const p of stale) await setPeriod(trx, { ...p, needsCorrection: true }, input.by?.username ?? null, at);
      return { before: { status: now.status, revision: now.revision }, after: { status: "published", needsCorrection: stale.map((p) => p.period) } };
    },
  });
}

/** What one numbered publication (a notice, a summary, an evaluation) needs beyond the common steps. */
export interface NumberedPublication {
  kind: "notice" | "summary" | "annual";
  subject: string;
  /** the revision being published (1, or n+1 for a correction) */
  revision: number;
  /** the data revision the snapshot was built from: publishing is refused when it moved on */
  dataRevision: string;
  at: Date;
  by: { username: string; name: string } | null;
  /** the snapshot with its number, and its hash */
  seal(number: string): { snapshot: unknown; hash: string };
  title(number: string, revision: number): string;
  link: string;
  /** the audit action's prefix: notices, summaries, annual */
  action: string;
  /** checks and writes of its own, inside the transaction; returns what the audit entry adds */
  inside(trx: Kysely<Database>, at: string): Promise<{ before: unknown; after: Record<string, unknown> }>;
}

/**
 * The common steps of a publication, in one transaction: the next number of the year's series
 * (notices, summaries and evaluations share it), the sealed snapshot stored, everyone notified,
 * the audit entry. Two servers racing for one subject publish it once; a number taken meanwhile
 * by another subject is retried with the next.
 */
export async function publishNumbered(db: Kysely<Database>, p: NumberedPublication): Promise<{ number: string; revision: number; hash: string }> {
  const year = shanghaiYear(p.at);
  const recipients = (await listUsers(db)).filter((u) => u.active).map((u) => u.username);
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        if ((await dataRevision(trx)) !== p.dataRevision) fail("CONFLICT", "发布前数据刚有变动,未发布;请刷新预览后重新发布。");
        const at = p.at.toISOString();
        const audit = await p.inside(trx, at);
        const seq = await nextNumberSeq(trx, year);
        const number = noticeNumber(year, seq);
        const { snapshot, hash } = p.seal(number);
        await insertNotice(trx, { id: newId(), kind: p.kind, subject: p.subject, revision: p.revision, year, seq, number, hash, snapshot: JSON.stringify(snapshot), publishedAt: at, publishedBy: p.by?.username ?? null });
        const correction = p.revision > 1;
        const title = p.title(number, p.revision);
        await insertNotifications(trx, recipients.map((username) => ({ id: newId(), username, kind: `${p.kind}.${correction ? "corrected" : "published"}`, title, link: p.link, at })));
        await appendAudit(
          trx,
          { username: p.by?.username ?? null, action: `${p.action}.${correction ? "publishCorrection" : "publish"}`, target: p.subject, before: audit.before, after: { revision: p.revision, number, hash, ...audit.after } },
          at,
        );
        return { number, revision: p.revision, hash };
      });
    } catch (e) {
      if (isUniqueViolation(e) && attempt < 5) {
        const again = await findNotice(db, p.kind, p.subject, p.revision);
        if (again) fail("BAD_REQUEST", `这一版刚已由他人发布(${again.number}),未重复发布。`);
        continue;
      }
      throw e;
    }
  }
}

/**
 * The later published months of the year whose window holds `period` and whose scores or ranks,
 * recomputed from the data as it is now, differ from their latest snapshot (需更正).
 */
async function laterMonthsChanged(db: Kysely<Database>, scores: ScoreService, period: Period): Promise<PeriodState[]> {
  const { rulebooks, index } = await scores.inputs(db);
  const out: PeriodState[] = [];
  for (const p of await listPeriods(db)) {
    if (p.period <= period || p.period.slice(0, 4) !== period.slice(0, 4) || p.status !== "published" || p.needsCorrection) continue;
    const rb = findVersionAt(rulebooks, p.period);
    if (!rb || !windowMonths(p.period, rb.window).includes(period)) continue;
    const stored = await findNotice(db, "notice", p.period);
    if (!stored) continue;
    const frozen = parseSnapshot(stored).result;
    const now = scorePeriod({ rulebooks, data: index, period: p.period, explain: false });
    const key = (r: typeof now) => JSON.stringify(r.units.map((u) => [u.unit, u.rank, u.total]).sort());
    if (key(now) !== key(frozen)) out.push(p);
  }
  return out;
}
