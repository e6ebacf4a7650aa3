/**
 * One publication workflow for every kind (notice, summary, annual): draft → publish → correct →
 * frozen revision with its number, hash and files → 需更正 of what read the corrected month.
 *
 * Publishing takes the locks of the months it freezes and checks their state inside its
 * transaction (kinds.ts `onPublish`), so a write of one of those months either lands before it
 * (and is in its snapshot) or is refused after it. The number is the next of the year's series
 * (shared by every kind); the files are rendered from the sealed snapshot before the transaction
 * and stored in it, so a revision's bytes never depend on when it is first downloaded.
 */
import {
  appendAudit,
  changesSince,
  findCorrectionMark,
  findNotice,
  insertNotice,
  insertNoticeFile,
  insertNotifications,
  isUniqueViolation,
  latestChange,
  latestNotices,
  listCorrectionMarks,
  listPeriods,
  listUsers,
  newId,
  nextNumberSeq,
  noticeFile,
  noticeSnapshot,
  noticesWithoutFiles,
  setCorrectionMark,
  setPeriod,
  getPeriod,
  type Database,
  type MarkCause,
  type NoticeHead,
} from "@scorecard/db";
import { snapshotHash } from "@scorecard/documents";
import { addMonths, DEFAULT_COURT_PROFILE, documentNumber, periodLabel, shanghaiDay, shanghaiYear, yearOf, type CourtProfile, type Period } from "@scorecard/rules";
import type { Kysely } from "kysely";
import { fail } from "../errors";
import { keptDraft } from "../pool";
import { markChanges, type DraftedCommentary } from "./commentary";
import { annualKind, FORMATS, KINDS, noticeKind, summaryKind, type Env, type Format, type Kind, type KindName, type Person, type Sealable } from "./kinds";

/** 开法考〔2023〕3号: the demo court's 文号代字 (scripts and tests; a publication takes its kind's from the profile in its snapshot) */
export function noticeNumber(year: number, seq: number): string {
  return documentNumber(DEFAULT_COURT_PROFILE.kinds.notice.docPrefix, year, seq);
}

/** A snapshot's number, with the 文号代字 its profile gives its kind (every kind shares the year's one series of places). */
function numberOf(kind: KindName, snapshot: { profile?: CourtProfile }, year: number, seq: number): string {
  return documentNumber((snapshot.profile ?? DEFAULT_COURT_PROFILE).kinds[kind].docPrefix, year, seq);
}

export interface PublishRequest {
  subject: string;
  /** the 情况分析 as edited; absent: the machine's draft */
  commentary?: string;
  /** the data-check warnings were acknowledged (a kind with warnings refuses without) */
  acknowledgeWarnings?: boolean;
  /** the number the user confirmed it takes (the draft's `nextNumber`): another is refused, nothing issued */
  expectedNumber?: string;
  by: Person | null;
  at: Date;
}

export interface Published {
  number: string;
  revision: number;
  hash: string;
}

/** Why a race was lost: the number foreseen was taken by another publication meanwhile. */
class NumberTaken extends Error {}

/** Every format of a sealed snapshot, rendered. */
async function renderAll<S extends Sealable>(kind: Kind<S>, snapshot: S): Promise<Map<Format, Uint8Array>> {
  return new Map(await Promise.all(FORMATS.map(async (f) => [f, await kind.render(snapshot, f)] as const)));
}

/** What the statistician edits before publishing: the text to start from and the machine's draft beside it. */
export interface DraftView<S> {
  snapshot: S;
  /** the number publishing it now would take, in the year's one series (confirmed before publishing) */
  nextNumber: string;
  /** the published text of the revision being corrected, or the machine's draft when there is none */
  commentary: string;
  drafted: DraftedCommentary;
}

/** The draft of a publication as it would be published now. */
export async function draftOf<S extends Sealable>(env: Env, kind: Kind<S>, subject: string, at: Date, by: Person | null): Promise<DraftView<S>> {
  const snapshot = await kind.build(env, subject, { at, by });
  const machine = snapshot.commentary;
  const correcting = (await kind.correction(env.db, subject)) !== null;
  const last = correcting ? await findNotice(env.db, kind.name, subject) : undefined;
  const year = shanghaiYear(at);
  const nextNumber = numberOf(kind.name, snapshot, year, await nextNumberSeq(env.db, year));
  if (!last) return { snapshot, nextNumber, commentary: machine, drafted: markChanges(machine, null) };
  const before = kind.parse(last);
  return { snapshot, nextNumber, commentary: before.commentary, drafted: markChanges(machine, before.draftedCommentary ?? before.commentary) };
}

/**
 * Publishes a kind's subject (its first revision, or the correction under way): checks, builds,
 * numbers, renders, and in one transaction stores the revision with its files, marks or clears
 * 需更正 on what read a corrected month, notifies and writes the audit entry.
 */
export async function publish<S extends Sealable>(env: Env, kind: Kind<S>, req: PublishRequest): Promise<Published> {
  const { subject, by, at } = req;
  const iso = at.toISOString();
  const year = shanghaiYear(at);
  for (let attempt = 0; ; attempt++) {
    const why = await kind.notReady(env.db, env, subject);
    if (why) fail("BAD_REQUEST", `${why}。`);
    if (kind.warnings) {
      const warnings = await kind.warnings(env, subject);
      if (warnings.length && req.acknowledgeWarnings !== true)
        fail("BAD_REQUEST", `${kind.title(subject)}有 ${warnings.length} 条数据核查提示尚未确认(如${warnings[0]!.zh}),请逐条核实后勾选"已核实"再发布。`);
    }
    // the log's position before the build: the build reads data at least this new
    const { seq: builtAfter } = await latestChange(env.db);
    const draft = await kind.build(env, subject, { at, by });
    if ((draft as { provisional?: boolean }).provisional) fail("BAD_REQUEST", `${kind.title(subject)}只是预估(12月尚无数据),不能发布。`);
    const stale = kind.name === "notice" && draft.revision > 1 ? await staleAfterCorrection(env, subject, at) : [];
    const seq = await nextNumberSeq(env.db, year);
    const number = numberOf(kind.name, draft, year, seq);
    // the user confirmed the number it takes: another publication took it meanwhile, nothing is issued
    if (req.expectedNumber !== undefined && req.expectedNumber !== number)
      fail("CONFLICT", `文号 ${req.expectedNumber} 刚已被其他发文使用,${kind.title(subject)}未发布;现在发布将取得文号 ${number},请确认后再发布。`);
    const snapshot: S = { ...draft, number, ...(req.commentary !== undefined ? { commentary: req.commentary } : {}) };
    const hash = snapshotHash(snapshot);
    const files = await renderAll(kind, snapshot);
    try {
      return await env.db.transaction().execute(async (trx) => {
        await kind.lock(trx, subject, iso);
        if (await changedUnder(trx, kind, subject, draft.revision, builtAfter)) throw new NumberTaken(); // what it read changed since the build: build again
        if ((await nextNumberSeq(trx, year)) !== seq) throw new NumberTaken();
        const audit = await kind.onPublish(trx, env, subject, { revision: draft.revision, by, at: iso });
        const id = newId();
        await insertNotice(trx, { id, kind: kind.name, subject, revision: draft.revision, year, seq, number, hash, snapshot: JSON.stringify(snapshot), publishedAt: iso, publishedBy: by?.username ?? null });
        for (const [format, bytes] of files) await insertNoticeFile(trx, id, format, bytes);
        // published anew: whatever marked it is settled
        await setCorrectionMark(trx, kind.name, subject, [], iso);
        const cause: MarkCause = { kind: kind.name, subject, revision: draft.revision, number };
        const marked = await applyMarks(trx, stale, cause, by, iso);
        const correction = draft.revision > 1;
        const users = (await listUsers(trx)).filter((u) => u.active);
        const title = correction ? `${kind.title(subject)}已更正(第 ${draft.revision} 版,${number})` : `${kind.title(subject)}已发布(${number})`;
        await insertNotifications(trx, users.map((u) => ({ id: newId(), username: u.username, kind: `${kind.name}.${correction ? "corrected" : "published"}`, title, link: kind.link(subject), at: iso })));
        await appendAudit(
          trx,
          {
            username: by?.username ?? null,
            action: `${kind.action}.${correction ? "publishCorrection" : "publish"}`,
            target: subject,
            before: audit.before,
            after: { revision: draft.revision, number, hash, ...audit.after, ...(marked.length ? { needsCorrection: marked } : {}) },
          },
          iso,
        );
        return { number, revision: draft.revision, hash };
      });
    } catch (e) {
      if ((e instanceof NumberTaken || isUniqueViolation(e)) && attempt < 8) {
        const again = await findNotice(env.db, kind.name, subject, draft.revision);
        if (again) fail("CONFLICT", `${kind.title(subject)}的这一版刚已由他人发布(${again.number}),未重复发布。`);
        continue;
      }
      if (e instanceof NumberTaken) fail("CONFLICT", `${kind.title(subject)}所用的数据在发布过程中一再被修改,未发布;请待数据录入告一段落后再发布。`);
      throw e;
    }
  }
}

/**
 * Whether data the publication read changed after the log's position `seq` (inside its
 * transaction, with its months locked). A change without a month, or of a month up to the last it
 * reads, did; so, for a correction of a notice, did a change of a later month of its year that has
 * been published (the 需更正 recheck reads those). Saves of a later month being collected do not:
 * the statistician entering April does not hold up the correction of February.
 */
async function changedUnder<S extends Sealable>(trx: Kysely<Database>, kind: Kind<S>, subject: string, revision: number, seq: number): Promise<boolean> {
  const log = await changesSince(trx, seq);
  if (!log.complete) return true;
  const last = kind.lastMonth(subject);
  for (const c of log.changes) {
    if (c.period === undefined || c.period <= last) return true;
    if (kind.name === "notice" && revision > 1 && yearOf(c.period as Period) === kind.year(subject) && (await getPeriod(trx, c.period as Period)).revision > 0) return true;
  }
  return false;
}

/** Opens a correction of a published subject, with its reason (更正). */
export async function openCorrection<S extends Sealable>(env: Env, kind: Kind<S>, subject: string, reason: string, by: string, at: Date): Promise<{ revision: number }> {
  const iso = at.toISOString();
  return env.db.transaction().execute(async (trx) => {
    const r = await kind.openCorrection(trx, subject, reason, by, iso);
    await appendAudit(trx, { username: by, action: `${kind.action}.correct`, target: subject, before: { revision: r.revision - 1 }, after: { status: "correcting", revision: r.revision, reason } }, iso);
    return r;
  });
}

// ————————————————————————————————————————— 需更正

/** One published document re-read after a correction: whether its frozen figures still hold. */
interface Recheck {
  kind: KindName;
  subject: string;
  differs: boolean;
}

/**
 * What a correction of `month` being published now changes (product.md): every later published
 * month of its year whose window holds it, and the month after it (its 较上月); every published
 * quarterly summary of the year whose quarter or year to date holds it; the year's published
 * annual evaluation. Each is rebuilt from the data as it will be once the correction is out and
 * compared, figure by figure, with its latest revision.
 */
async function staleAfterCorrection(env: Env, month: Period, at: Date): Promise<Recheck[]> {
  const out: Recheck[] = [];
  const year = yearOf(month);
  const opts = { at, by: null, figuresOnly: true, live: month };
  for (const p of await listPeriods(env.db)) {
    if (p.period <= month || yearOf(p.period) !== year || p.status !== "published") continue;
    const stored = await findNotice(env.db, "notice", p.period);
    if (!stored) continue;
    const frozen = noticeKind.parse(stored);
    if (!noticeKind.reads(p.period, month, frozen) && p.period !== addMonths(month, 1)) continue;
    out.push({ kind: "notice", subject: p.period, differs: noticeKind.figures(await noticeKind.build(env, p.period, opts)) !== noticeKind.figures(frozen) });
  }
  for (const stored of await latestNotices(env.db, "summary")) {
    if (summaryKind.year(stored.subject) !== year || !summaryKind.reads(stored.subject, month, summaryKind.parse(stored))) continue;
    out.push({ kind: "summary", subject: stored.subject, differs: summaryKind.figures(await summaryKind.build(env, stored.subject, opts)) !== summaryKind.figures(summaryKind.parse(stored)) });
  }
  const annual = await findNotice(env.db, "annual", String(year));
  if (annual) out.push({ kind: "annual", subject: String(year), differs: annualKind.figures(await annualKind.build(env, String(year), opts)) !== annualKind.figures(annualKind.parse(annual)) });
  return out;
}

/**
 * Marks each document whose figures differ 需更正, naming `cause` beside the corrections that
 * marked it before (an earlier revision of the same correction is replaced), and clears the mark
 * of each whose figures match again; tells `stats` (and `hr` of an evaluation) of each new mark.
 * Returns what it marked.
 */
async function applyMarks(trx: Kysely<Database>, rechecks: readonly Recheck[], cause: MarkCause, by: Person | null, at: string): Promise<Array<{ kind: KindName; subject: string }>> {
  const marked: Array<{ kind: KindName; subject: string }> = [];
  const users = rechecks.some((r) => r.differs) ? (await listUsers(trx)).filter((u) => u.active) : [];
  for (const r of rechecks) {
    const kind = KINDS[r.kind];
    const before = await findCorrectionMark(trx, r.kind, r.subject);
    if (!r.differs) {
      if (!before) continue;
      await setCorrectionMark(trx, r.kind, r.subject, [], at);
      if (r.kind === "notice") await setPeriod(trx, { ...(await getPeriod(trx, r.subject)), needsCorrection: false }, by?.username ?? null, at);
      continue;
    }
    const because = [...(before?.because ?? []).filter((b) => !(b.kind === cause.kind && b.subject === cause.subject)), cause];
    await setCorrectionMark(trx, r.kind, r.subject, because, at);
    if (r.kind === "notice") await setPeriod(trx, { ...(await getPeriod(trx, r.subject)), needsCorrection: true }, by?.username ?? null, at);
    marked.push({ kind: r.kind, subject: r.subject });
    const title = `${kind.title(r.subject)}需更正:${causeWords(cause)},${kind.title(r.subject)}中的数字已与之不一致,请发起更正。`;
    const told = users.filter((u) => kind.markedRoles.includes(u.role));
    await insertNotifications(trx, told.map((u) => ({ id: newId(), username: u.username, kind: "publication.needsCorrection", title, link: kind.link(r.subject), at })));
  }
  return marked;
}

/** 2023年3月考核通报已更正(第 2 版,开法考〔2023〕9号) */
export function causeWords(c: MarkCause): string {
  return `${KINDS[c.kind as KindName]?.title(c.subject) ?? c.subject}已更正(第 ${c.revision} 版,${c.number})`;
}

/** A document's 需更正 as the API gives it: null, or the published corrections that caused it. */
export type NeedsCorrection = null | { because: Array<{ kind: KindName; subject: string; revision: number; number: string }> };

const causes = (because: readonly MarkCause[]) => ({ because: because.filter((b): b is MarkCause & { kind: KindName } => b.kind in KINDS) });

export async function needsCorrectionOf(db: Kysely<Database>, kind: KindName, subject: string): Promise<NeedsCorrection> {
  const m = await findCorrectionMark(db, kind, subject);
  return m ? causes(m.because) : null;
}

/** Every mark of a kind, by subject (for the lists). */
export async function marksOf(db: Kysely<Database>, kind: KindName): Promise<Map<string, NeedsCorrection>> {
  return new Map((await listCorrectionMarks(db, kind)).map((m) => [m.subject, causes(m.because)]));
}

// ————————————————————————————————————————— files

/**
 * A draft's document as it would be published now (草稿, or 预估 of an annual before December's
 * data): built from the data and rendered in the worker pool once per data revision (and day,
 * and audited change: pool/documents.ts) and kept; returns the snapshot beside the bytes (the
 * caller names the file from it).
 */
export async function draftFile<S extends Sealable>(env: Env, kind: Kind<S>, subject: string, format: Format, at: Date): Promise<{ snapshot: S; content: Uint8Array }> {
  const [revision, audited] = await Promise.all([
    env.scores.revisionOf(env.db),
    env.db.selectFrom("audit_log").select((eb) => eb.fn.max("id").as("last")).executeTakeFirst(),
  ]);
  const stamp = `${revision}:${String(audited?.last ?? 0)}:${shanghaiDay(at)}`;
  // one snapshot for every format of the draft
  const built = () => keptDraft({ kind: kind.name, subject, format: "snapshot", stamp }, () => kind.build(env, subject, { at, by: null }));
  return keptDraft({ kind: kind.name, subject, format, stamp }, async () => {
    const snapshot = await built();
    return { snapshot, content: await kind.render(snapshot, format) };
  });
}

/**
 * A published revision's file as stored at its publication. Revisions published before files
 * were stored with them get theirs from `storeMissingFiles` at start-up; one still missing is
 * rendered from its snapshot and stored once (two requests at once keep the first).
 */
export async function frozenFile<S extends Sealable>(db: Kysely<Database>, kind: Kind<S>, n: NoticeHead, format: Format): Promise<Uint8Array> {
  const stored = await noticeFile(db, n.id, format);
  if (stored) return stored;
  const snapshot = "snapshot" in n && typeof n.snapshot === "string" ? n.snapshot : await noticeSnapshot(db, n.id);
  if (snapshot === undefined) throw new Error(`published revision ${n.id} has no snapshot`);
  const bytes = await kind.render(kind.parse({ ...n, snapshot }), format);
  try {
    await insertNoticeFile(db, n.id, format, bytes);
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  return (await noticeFile(db, n.id, format))!;
}

/**
 * Stores the files of every published revision that has none (revisions published before
 * publication stored them), rendered from their snapshots as the code renders them now; run once
 * at start-up after the migrations. Returns how many files it stored.
 */
export async function storeMissingFiles(db: Kysely<Database>): Promise<number> {
  let stored = 0;
  for (const n of await noticesWithoutFiles(db, FORMATS)) {
    const kind = KINDS[n.kind as KindName] as Kind<Sealable> | undefined;
    if (!kind) continue;
    for (const f of FORMATS) {
      if (await noticeFile(db, n.id, f)) continue;
      await frozenFile(db, kind, n, f);
      stored++;
    }
  }
  return stored;
}

/** The label of a month for messages (re-exported for the routers' sentences). */
export { periodLabel };
