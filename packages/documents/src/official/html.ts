/**
 * An official document (the notice, the summary, the annual evaluation) as one self-contained print page: no external resource and no script, its styles
 * in one <style> element (the server serves it with a CSP of its own that allows that), A4 with
 * the GB/T 9704 margins, so the browser's print gives the notice. Every text is escaped.
 */
import { TITLE_CHARS } from "./docx";
import { titleLines } from "./title";
import { createHash } from "node:crypto";
import { paired, type Block, type Cell, type ModelTable, type OfficialModel } from "./model";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

const STYLE = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; @bottom-center { content: "— " counter(page) " —"; font: 14pt "宋体", SimSun, serif; } }
* { box-sizing: border-box; }
html { background: #f2f2f2; }
body { margin: 0; font: 16pt/28.95pt "仿宋_GB2312", "仿宋", FangSong, STFangsong, serif; color: #000; }
.page { width: 210mm; min-height: 297mm; margin: 0 auto; padding: 37mm 26mm 35mm 28mm; background: #fff; }
.mark { text-align: center; color: #e00; font: 42pt/60pt "方正小标宋简体", "小标宋", "华文中宋", STZhongsong, serif; margin: 10mm 0 28.95pt; }
.number { text-align: center; padding-bottom: 4mm; border-bottom: 2px solid #e00; margin-bottom: 57.9pt; }
.draft { color: #e00; font-weight: bold; letter-spacing: 0.5em; }
.watermark { position: fixed; top: 45%; left: 0; right: 0; text-align: center; color: rgba(255, 0, 0, 0.12); font: bold 96pt/1 "黑体", SimHei, sans-serif; transform: rotate(-30deg); pointer-events: none; }
.banner { border: 1px solid #e00; color: #e00; text-align: center; font: 14pt/1.6 "黑体", SimHei, sans-serif; margin-bottom: 6mm; }
h1 { text-align: center; font: 22pt/35pt "方正小标宋简体", "小标宋", "华文中宋", STZhongsong, serif; margin: 0 0 28.95pt; }
h2 { font: 16pt/28.95pt "黑体", SimHei, sans-serif; margin: 0; text-indent: 2em; }
h3 { font: 16pt/28.95pt "楷体_GB2312", "楷体", KaiTi, STKaiti, serif; margin: 0; text-indent: 2em; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.addressee { text-indent: 0; }
figure { margin: 3mm 0 4mm; break-inside: auto; }
figcaption { text-align: center; font: 12pt/1.8 "黑体", SimHei, sans-serif; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; font: 12pt/1.35 "仿宋_GB2312", "仿宋", FangSong, serif; }
table.small { font-size: 10.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 1px solid #000; padding: 1mm 0.8mm; vertical-align: middle; word-break: break-all; }
th { font-weight: bold; text-align: center; }
td.right { text-align: right; } td.center { text-align: center; }
td.red { color: #c00000; font-weight: bold; } td.yellow { background: #ffe699; } td.veto { font-weight: bold; }
td .rank { display: block; font-size: 0.9em; }
.note { text-indent: 0; font-size: 12pt; line-height: 1.6; }
.signature { margin-top: 57.9pt; text-align: right; }
.signature div { display: inline-block; text-align: center; margin-right: 4em; }
.colophon { margin-top: 28.95pt; border-top: 1.5px solid #000; border-bottom: 1.5px solid #000; font-size: 14pt; }
.colophon div { padding: 0 1em; line-height: 28.95pt; }
.colophon .printed { display: flex; justify-content: space-between; border-top: 1px solid #000; }
@media print { html { background: none; } .page { width: auto; min-height: 0; margin: 0; padding: 0; } }
`;

function cellHtml(lines: Cell[], header: boolean): string {
  const first = lines[0]!;
  const tag = header ? "th" : "td";
  const cls = [first.align && first.align !== "left" ? first.align : "", first.mark ?? ""].filter(Boolean).join(" ");
  const span = first.span && first.span > 1 ? ` colspan="${first.span}"` : "";
  const inner = lines.map((c, i) => (i === 0 ? escapeHtml(c.text) : `<span class="rank">${escapeHtml(c.text)}</span>`)).join("");
  return `<${tag}${span}${cls ? ` class="${cls}"` : ""}>${inner}</${tag}>`;
}

/** A table, its column widths as rules of the page's one style element (no style attributes: the page's CSP has no 'unsafe-inline'). */
function tableHtml(t: ModelTable, no: number, css: string[]): string {
  const p = paired(t);
  const total = p.widths.reduce((a, b) => a + b, 0);
  p.widths.forEach((w, i) => css.push(`.t${no} col:nth-child(${i + 1}) { width: ${((w / total) * 100).toFixed(2)}%; }`));
  const cols = p.widths.map(() => "<col>").join("");
  const head = p.head.map((r) => `<tr>${r.map((c) => cellHtml([c], true)).join("")}</tr>`).join("");
  const body = p.body.map((r) => `<tr>${r.map((c) => cellHtml(c, false)).join("")}</tr>`).join("");
  return `<figure><figcaption>${escapeHtml(t.caption)}</figcaption><table class="t${no}${t.pairs || t.small ? " small" : ""}"><colgroup>${cols}</colgroup><thead>${head}</thead><tbody>${body}</tbody></table>${t.note ? `<p class="note">${escapeHtml(t.note)}</p>` : ""}</figure>`;
}

function blocksHtml(blocks: readonly Block[], css: string[]): string {
  let tables = 0;
  return blocks
    .map((b) => {
      switch (b.kind) {
        case "h1":
          return `<h2>${escapeHtml(b.text)}</h2>`;
        case "h2":
          return `<h3>${escapeHtml(b.text)}</h3>`;
        case "p":
          return `<p>${escapeHtml(b.text)}</p>`;
        case "table":
          return tableHtml(b.table, ++tables, css);
      }
    })
    .join("\n");
}

function headHtml(m: OfficialModel): string {
  const number = m.number ? escapeHtml(m.number) : `<span class="draft">${escapeHtml(m.mark.word)}</span>(未发布,无文号)`;
  return `<div class="mark">${escapeHtml(m.court)}</div><div class="number">${number}</div>`;
}

/** The page's one style element: what a CSP hash of it (officialHtmlCsp) covers. */
const STYLE_RE = /<style>([\s\S]*?)<\/style>/;

/**
 * The Content-Security-Policy to serve a notice page with: nothing but its own style element
 * (by its SHA-256), so it shows as it prints without 'unsafe-inline'.
 */
export function officialHtmlCsp(html: string): string {
  const style = STYLE_RE.exec(html)?.[1] ?? "";
  const hash = createHash("sha256").update(style, "utf8").digest("base64");
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'`;
}

/** An official document as a print-ready HTML page (A4; the browser's print gives the document). */
export function officialHtml(m: OfficialModel): string {
  const css: string[] = [];
  const blocks = blocksHtml(m.blocks, css);
  const draft = m.draft ? `<div class="watermark" aria-hidden="true">${escapeHtml(m.mark.word)}</div><div class="banner">${escapeHtml(m.mark.banner)}</div>` : "";
  return [
    "<!DOCTYPE html>",
    '<html lang="zh-CN">',
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(m.docTitle)}</title><style>${STYLE}${css.join("\n")}\n</style></head>`,
    `<body><main class="page">${draft}${headHtml(m)}<h1>${titleLines(m.title, TITLE_CHARS).map(escapeHtml).join("<br>")}</h1><p class="addressee">${escapeHtml(m.addressee)}</p>`,
    blocks,
    `<div class="signature"><div>${escapeHtml(m.signature)}<br>${escapeHtml(m.date)}</div></div>`,
    `<div class="colophon"><div>抄送:${escapeHtml(m.copyTo)}</div><div class="printed"><span>${escapeHtml(m.printer)}</span><span>${escapeHtml(m.printed)}</span></div></div>`,
    "</main></body></html>",
    "",
  ].join("\n");
}
