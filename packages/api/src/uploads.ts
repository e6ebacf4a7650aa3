import { z } from "zod";
import { MAX_UPLOAD_BYTES } from "@scorecard/documents";
import { PeriodSchema } from "@scorecard/rules";

/** The input of an upload procedure (reached only through POST /files/…): the month and the file's bytes; `what` names the template in the size message. */
export function uploadInput(what: string) {
  return z.object({
    period: PeriodSchema,
    fileName: z.string().max(255).default("upload.xlsx"),
    content: z
      .custom<Uint8Array>((v) => v instanceof Uint8Array, "应为文件内容(字节)")
      .refine((b) => b.byteLength <= MAX_UPLOAD_BYTES, `文件超过 5 MB,请只上传本月的${what}。`),
  });
}

/** A built workbook as a download procedure answers it (GET /files/… serves the bytes). */
export function workbookFile(fileName: string, data: Buffer): { fileName: string; content: Uint8Array } {
  return { fileName, content: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
