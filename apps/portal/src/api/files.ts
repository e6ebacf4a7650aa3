import { useQueryCache } from "@pinia/colada";
import type { ApiProblem } from "./errors";
import { refreshAfter } from "./invalidation";
import type { Outputs } from "./trpc";

/** Downloads and uploads under /files (same permissions as the API). */

export class FileError extends Error {
  constructor(message: string, readonly code: string, readonly problems: ApiProblem[]) {
    super(message);
  }
}

async function failure(res: Response): Promise<never> {
  const body = (await res.json().catch(() => ({}))) as { error?: { message?: string; code?: string; problems?: ApiProblem[] } };
  throw new FileError(body.error?.message ?? `请求失败(${res.status})`, body.error?.code ?? String(res.status), body.error?.problems ?? []);
}

/** Saves a file from `url` through the browser under `fileName`; throws FileError with the server's words. */
export async function downloadFile(url: string, fileName: string): Promise<void> {
  const res = await fetch(url);
  if (!res.ok) await failure(res);
  saveBlob(await res.blob(), fileName);
}

/** Saves a blob made in the browser (an exported rulebook) as a file under `fileName`. */
export function saveBlob(blob: Blob, fileName: string): void {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** Saves the month's Excel template through the browser. */
export function downloadTemplate(period: string): Promise<void> {
  return downloadFile(`/files/facts-template?period=${encodeURIComponent(period)}`, `考核数据-${period}.xlsx`);
}

/** Uploads a file to `url` (`name` added); resolves with the server's answer, or throws FileError listing every problem. */
export function uploadFile<T>(url: string, file: File, onProgress?: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${url}&name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.(e.loaded / e.total);
    xhr.onload = () => {
      let body: { error?: { message?: string; code?: string; problems?: ApiProblem[] } } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(new FileError(body.error?.message ?? `上传失败(${xhr.status})`, body.error?.code ?? String(xhr.status), body.error?.problems ?? []));
    };
    xhr.onerror = () => reject(new FileError("无法连接服务器,上传未完成,请重试。", "NETWORK", []));
    xhr.send(file);
  });
}

export type ImportPreview = Outputs["facts"]["importPreview"];

/**
 * Uploads a workbook (facts.importPreview through /files); resolves with the preview of
 * differences, or throws FileError listing every problem. What it changed is refreshed from the
 * mutation map like any mutation's.
 */
export function useUploadWorkbook() {
  const cache = useQueryCache();
  return async (period: string, file: File, onProgress?: (fraction: number) => void): Promise<ImportPreview> => {
    try {
      const preview = await uploadFile<ImportPreview>(`/files/facts-import?period=${encodeURIComponent(period)}`, file, onProgress);
      await refreshAfter(cache, "facts.importPreview", { period }, preview);
      return preview;
    } catch (e) {
      await refreshAfter(cache, "facts.importPreview", { period });
      throw e;
    }
  };
}
