import { ElMessage } from "element-plus";
import "element-plus/es/components/message/style/css";
import { ref } from "vue";
import { errorMessage, type ApiProblem } from "../api/errors";
import { FileError } from "../api/files";

/** The upload limit of /files (the server refuses larger bodies too). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/** What a refused upload shows: the placed problems as a list, or one message. */
export type UploadFailure = { kind: "problems"; fileName: string; problems: ApiProblem[] } | { kind: "failed"; fileName: string; message: string };

/**
 * Why a chosen file cannot be uploaded, before sending it (null: send it). `csv` also accepts a
 * CSV file; `what` names the template in the messages (填报模板, 评议打分模板).
 */
export function refusedFile(file: File, o: { what: string; csv?: boolean }): UploadFailure | null {
  const failed = (message: string): UploadFailure => ({ kind: "failed", fileName: file.name, message });
  if (!(o.csv ? /\.(xlsx|csv)$/i : /\.xlsx$/i).test(file.name))
    return failed(
      /\.xls$/i.test(file.name)
        ? "这是旧版 Excel(.xls)文件,无法读取。请在 Excel 中“另存为” Excel 工作簿(.xlsx)后再上传。"
        : o.csv
          ? `只能上传${o.what}(.xlsx),或逗号分隔的 CSV 文件(period,unit,indicator,score,reason)。`
          : `只能上传 Excel 工作簿(.xlsx),请上传系统下载的${o.what}。`,
    );
  if (file.size > MAX_UPLOAD_BYTES) return failed(`文件太大(${(file.size / 1024 / 1024).toFixed(1)} MB),超过了 5 MB 的上限。请只上传本月的${o.what}。`);
  if (file.size === 0) return failed(`这个文件是空的(0 字节),请选择填好的${o.what}。`);
  return null;
}

/**
 * A refused upload as the panel shows it: problems placed on a row or column as a list; problems
 * of the file as a whole (not a workbook, damaged, wrong sheet) and other errors as one message.
 * `asMessage` lists codes whose problems always read as one message.
 */
export function uploadFailure(e: unknown, fileName: string, asMessage: readonly string[] = []): UploadFailure {
  const placed = e instanceof FileError && e.problems.some((p) => p.line !== undefined || p.column !== undefined);
  if (e instanceof FileError && placed && !asMessage.includes(e.code ?? "")) return { kind: "problems", fileName, problems: e.problems };
  if (e instanceof FileError && e.problems.length > 0) return { kind: "failed", fileName, message: e.problems.map((p) => p.zh).join(" ") };
  return { kind: "failed", fileName, message: errorMessage(e) };
}

/** The file chosen in an `<input type="file">`, cleared so that choosing the same file again fires. */
export function chosenFile(ev: Event): File | undefined {
  const el = ev.target as HTMLInputElement;
  const file = el.files?.[0];
  el.value = "";
  return file;
}

/** A template download button: `downloading` while it runs, a message when it fails. */
export function useDownload(run: () => Promise<void>) {
  const downloading = ref(false);
  async function download() {
    downloading.value = true;
    try {
      await run();
    } catch (e) {
      ElMessage.error({ message: `下载失败:${errorMessage(e)}`, duration: 6000 });
    } finally {
      downloading.value = false;
    }
  }
  return { downloading, download };
}
