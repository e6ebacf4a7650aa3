import { OFFICIAL_FORMATS, renderAs, type OfficialFormat } from "../official/render";
import { noticeDocx } from "./docx";
import { noticeHtml } from "./html";
import type { NoticeSnapshot } from "./snapshot";
import { noticeXlsx } from "./xlsx";

/** The formats a notice is issued in. */
export const NOTICE_FORMATS = OFFICIAL_FORMATS;
export type NoticeFormat = OfficialFormat;

/** A notice's document from its snapshot (deterministic: the same snapshot gives the same bytes). */
export function renderNotice(snapshot: NoticeSnapshot, format: NoticeFormat): Promise<Uint8Array> {
  return renderAs({ docx: noticeDocx, xlsx: noticeXlsx, html: noticeHtml }, snapshot, format);
}
