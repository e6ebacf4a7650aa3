/** The notice as a Word document in the layout of GB/T 9704-2012 (../official/docx). */
import { officialDocx } from "../official/docx";
import { noticeModel } from "./model";
import type { NoticeSnapshot } from "./snapshot";

/** The notice as a .docx file; the same snapshot always gives the same bytes. */
export function noticeDocx(s: NoticeSnapshot): Promise<Uint8Array> {
  return officialDocx(noticeModel(s), { revision: s.revision, author: s.issuedBy?.name ?? null, issuedAt: s.issuedAt });
}
