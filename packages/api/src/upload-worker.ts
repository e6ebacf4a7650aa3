/**
 * The worker thread that reads one upload (issue 17, "Uploads never hold the server"): started by
 * `runUploadTask` (upload-worker-run.ts) with its own memory limit and stopped when it takes too
 * long, so a hostile workbook or CSV costs this thread, never the server's event loop. It reads
 * the file with the same readers as everywhere (the bounds are theirs) and posts back the rows,
 * the problems, or a refusal. Its entry is upload-worker.mjs (plain JavaScript that registers tsx).
 */
import ExcelJS from "exceljs";
import { InputError, MAX_MANUAL_FILE_ROWS, problemPlace, readManualCsv, type Problem } from "@scorecard/rules";
import { readFactsWorkbook, readManualWorkbook } from "@scorecard/documents";
import type { UploadTask, UploadReply } from "./upload-worker-run";

export async function handleUpload(task: UploadTask): Promise<UploadReply> {
  switch (task.kind) {
    case "facts": {
      const warnings: Problem[] = [];
      const rows = await readFactsWorkbook(task.data, { rulebook: task.rulebook, period: task.period, units: task.units, file: task.file, warnings });
      return { ok: true, value: { rows, warnings } };
    }
    case "manual": {
      const b = task.data;
      const binary = (b[0] === 0x50 && b[1] === 0x4b) || (b[0] === 0xd0 && b[1] === 0xcf) || b.includes(0);
      let text: string | undefined;
      if (!binary) {
        try {
          text = new TextDecoder("utf-8", { fatal: true }).decode(b);
        } catch {
          if (/\.(csv|txt)$/i.test(task.file))
            return { ok: false, message: `${task.file}:不是 UTF-8 编码的文本文件。请在 Excel 中“另存为” CSV UTF-8(逗号分隔),或上传系统下载的评议打分模板(.xlsx)。` };
        }
      }
      // a workbook (or anything that is not text: the workbook reader says what it is), else the CSV
      const rows =
        text === undefined
          ? await readManualWorkbook(b, { rulebook: task.rulebook, period: task.period, units: task.units, file: task.file })
          : readManualCsv(text, task.rulebook, task.file, { units: task.units, period: task.period, maxRows: MAX_MANUAL_FILE_ROWS });
      return { ok: true, value: { rows, warnings: [] } };
    }
    case "problems": {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet("问题清单");
      ws.columns = [
        { header: "序号", width: 8 },
        { header: "位置", width: 36 },
        { header: "问题", width: 100 },
      ];
      ws.getRow(1).font = { bold: true };
      task.problems.forEach((p, i) => ws.addRow([i + 1, problemPlace({ ...p, field: undefined }), p.zh]));
      const data = await wb.xlsx.writeBuffer();
      return { ok: true, value: { bytes: new Uint8Array(data as ArrayBuffer) } };
    }
  }
}

/** What the worker posts back for a task that threw. */
export function replyOfError(e: unknown): UploadReply {
  if (e instanceof InputError) return { ok: false, problems: e.problems };
  return { ok: false, crashed: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
}
