import type { NoticeSnapshot } from "./snapshot";

/** The notice as a Word document in the layout of GB/T 9704-2012. */
export function noticeDocx(s: NoticeSnapshot): Promise<Uint8Array> {
  return Promise.reject(new Error(`noticeDocx: not yet built (${s.period})`));
}
