/**
 * The monthly notice's benchmark: building the demo court's 2023-03 snapshot (the engine, last
 * month's ranking, the court-wide figures, the drafted 情况分析) and rendering it as Word, Excel
 * and print HTML — the median of `runs` runs of each, after one warm-up. Target: all three
 * formats, snapshot included, under 500 ms.
 */
import { demoCourt } from "@scorecard/demo";
import { buildNoticeSnapshot, noticeDocx, noticeHtml, noticeXlsx, snapshotHash, type NoticeSnapshot } from "@scorecard/documents";

export interface NoticeBench {
  snapshotMs: number;
  docxMs: number;
  xlsxMs: number;
  htmlMs: number;
  hashMs: number;
  /** one whole notice: the snapshot and the three formats, one after another */
  allMs: number;
  bytes: { docx: number; xlsx: number; html: number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(f: () => unknown): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

export async function noticeBench(runs = 20): Promise<NoticeBench> {
  const d = demoCourt();
  const build = (): NoticeSnapshot =>
    buildNoticeSnapshot({
      rulebooks: [d.rulebook],
      data: { facts: d.facts, adjustments: d.adjustments },
      period: "2023-03",
      units: d.units,
      revision: 1,
      number: "开法考〔2023〕3号",
      issuedBy: { username: "stats", name: "统计员" },
      issuedAt: "2023-04-05T02:00:00.000Z",
    });
  const s = build();
  const bytes = { docx: (await noticeDocx(s)).length, xlsx: (await noticeXlsx(s)).length, html: Buffer.byteLength(noticeHtml(s)) };
  const samples: Record<Exclude<keyof NoticeBench, "bytes">, number[]> = { snapshotMs: [], docxMs: [], xlsxMs: [], htmlMs: [], hashMs: [], allMs: [] };
  for (let i = 0; i < runs; i++) {
    samples.snapshotMs.push(await time(build));
    samples.docxMs.push(await time(() => noticeDocx(s)));
    samples.xlsxMs.push(await time(() => noticeXlsx(s)));
    samples.htmlMs.push(await time(() => noticeHtml(s)));
    samples.hashMs.push(await time(() => snapshotHash(s)));
    samples.allMs.push(
      await time(async () => {
        const x = build();
        await noticeDocx(x);
        await noticeXlsx(x);
        noticeHtml(x);
      }),
    );
  }
  return {
    snapshotMs: median(samples.snapshotMs),
    docxMs: median(samples.docxMs),
    xlsxMs: median(samples.xlsxMs),
    htmlMs: median(samples.htmlMs),
    hashMs: median(samples.hashMs),
    allMs: median(samples.allMs),
    bytes,
  };
}
