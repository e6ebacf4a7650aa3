import { noticeDocx } from "./docx";
import { noticeHtml } from "./html";
import type { NoticeSnapshot } from "./snapshot";
import { noticeXlsx } from "./xlsx";

/** The formats a notice is issued in. */
export const NOTICE_FORMATS = ["docx", "xlsx", "html"] as const;
export type NoticeFormat = (typeof NOTICE_FORMATS)[number];

/** A notice's document from its snapshot (deterministic: the same snapshot gives the same bytes). */
export async function renderNotice(snapshot: NoticeSnapshot, format: NoticeFormat): Promise<Uint8Array> {
  if (format === "docx") return noticeDocx(snapshot);
  if (format === "xlsx") return noticeXlsx(snapshot);
  return new TextEncoder().encode(noticeHtml(snapshot));
}
