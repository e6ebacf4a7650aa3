import type { NoticeSnapshot } from "./snapshot";

/** The notice as one self-contained print page (A4). */
export function noticeHtml(s: NoticeSnapshot): string {
  throw new Error(`noticeHtml: not yet built (${s.period})`);
}
