import type { NoticeSnapshot } from "./snapshot";

/** The notice as an Excel workbook: the same tables and the month's raw facts. */
export function noticeXlsx(s: NoticeSnapshot): Promise<Uint8Array> {
  return Promise.reject(new Error(`noticeXlsx: not yet built (${s.period})`));
}
