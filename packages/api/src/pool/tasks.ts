/**
 * What the worker pool runs (pool.ts): pure, CPU-heavy work over plain data — every input and
 * answer survives structured cloning. Runs in a worker thread (worker.mjs loads it through tsx),
 * and inline where the pool is off (SCORECARD_WORKERS=0).
 */
import { buildNoticeSnapshot, renderAnnual, renderNotice, renderSummary, type AnnualSnapshot, type NoticeSnapshot, type SummarySnapshot } from "@scorecard/documents";
import { gapToRank, type GapResult } from "@scorecard/scoring";

export type NoticeBuildInput = Parameters<typeof buildNoticeSnapshot>[0];

export type RenderKind = "notice" | "summary" | "annual";
export type RenderFormat = "docx" | "xlsx" | "html";

export interface Tasks {
  render(p: { kind: RenderKind; snapshot: unknown; format: RenderFormat }): Promise<Uint8Array>;
  /** a notice's snapshot: the month scored with its explanations and the 情况分析 written */
  buildNotice(p: NoticeBuildInput): Promise<NoticeSnapshot>;
  /** 差距测算: what it would take one tribunal to gain a rank (many scorings of the month) */
  gap(p: Parameters<typeof gapToRank>[0]): Promise<GapResult>;
  /** for the pool's own tests: holds the thread for `ms` (a stand-in for heavy work) */
  spin(p: { ms: number }): Promise<number>;
}

export const tasks: Tasks = {
  render({ kind, snapshot, format }) {
    switch (kind) {
      case "notice":
        return renderNotice(snapshot as NoticeSnapshot, format);
      case "summary":
        return renderSummary(snapshot as SummarySnapshot, format);
      case "annual":
        return renderAnnual(snapshot as AnnualSnapshot, format);
    }
  },
  async buildNotice(p) {
    return buildNoticeSnapshot(p);
  },
  async gap(p) {
    return gapToRank(p);
  },
  async spin({ ms }) {
    const end = Date.now() + ms;
    let n = 0;
    while (Date.now() < end) n++;
    return n;
  },
};

export type TaskName = keyof Tasks;
