/** The notice as a print page (../official/html). */
import { officialHtml, officialHtmlCsp } from "../official/html";
import { noticeModel } from "./model";
import type { NoticeSnapshot } from "./snapshot";

/** The notice as a print-ready HTML page (A4; the browser's print gives the notice). */
export function noticeHtml(s: NoticeSnapshot): string {
  return officialHtml(noticeModel(s));
}

/** The Content-Security-Policy to serve a notice page (or any official document's page) with. */
export const noticeHtmlCsp = officialHtmlCsp;
