/**
 * An official document (the notice, the summary, the annual evaluation) as a Word document in the layout of GB/T 9704-2012 (党政机关公文格式): A4, the type
 * area 156 × 225 mm (margins top 37, bottom 35, left 28, right 26 mm), 22 lines of 28 characters
 * of 3号仿宋 (docGrid linesAndChars, line pitch 28.95 pt), the 发文机关标志 in red 小标宋, the
 * 发文字号 above a red line, the title in 2号小标宋, 一级标题 黑体, 二级标题 楷体, the 发文机关署名
 * and 成文日期, the 版记 at the foot of the last page, and page numbers "— 1 —" in 4号宋体 on the
 * outside (right on odd pages, left on even pages).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Tab,
  TabStopType,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  Textbox,
  VerticalAlign,
  WidthType,
  type IBorderOptions,
  type IParagraphOptions,
  type IRunOptions,
} from "docx";
import { paired, type Block, type Cell, type FileMeta, type ModelTable, type OfficialModel } from "./model";
import { titleLines, widthInChars } from "./title";
import { fixedZip } from "./zip";

/** Millimetres in twips (twentieths of a point), rounded as Word rounds them. */
export const mm = (x: number): number => Math.round((x * 1440) / 25.4);

export const FONTS = { body: "仿宋_GB2312", title: "方正小标宋简体", h1: "黑体", h2: "楷体_GB2312", pageNumber: "宋体" } as const;
/** Sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt; tables at 五号 10.5 pt and 小四 12 pt. */
export const SIZES = { title: 44, body: 32, pageNumber: 28, mark: 56, table: 24, smallTable: 21, note: 24 } as const;

export const PAGE = { width: 11906, height: 16838, top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) } as const;
/** The type area's width: 156 mm. */
export const TYPE_WIDTH = PAGE.width - PAGE.left - PAGE.right;
/** 22 lines in the type area's height: 28.95 pt. */
export const LINE_PITCH = 579;
/**
 * 28 characters of 16 pt in a line of 156 mm (442.25 pt): each character condensed by 0.25 pt
 * (15.75 pt × 28 = 441 pt; 29 would need 456.75 pt). The grid is a line grid only: a character
 * grid (linesAndChars with charSpace −842) asks for a 15.79 pt pitch, narrower than the 16 pt
 * glyphs, which Word squeezes but LibreOffice lays out at two cells per character.
 */
export const CHAR_SPACING = -5;
/** One character of the body, in twips. */
const CHAR = SIZES.body * 10 + CHAR_SPACING;
const RED = "FF0000";

const font = (name: string): NonNullable<IRunOptions["font"]> => ({ ascii: name, hAnsi: name, eastAsia: name, cs: name });

/** A run of text; docx escapes it for XML. */
function run(text: string, opts: IRunOptions = {}): TextRun {
  return new TextRun({ text, ...opts });
}

/** The title's characters in a line of the type area (2号, 22 pt: 20). */
export const TITLE_CHARS = Math.floor(TYPE_WIDTH / (SIZES.title * 10));

const exact = (line: number) => ({ line, lineRule: LineRuleType.EXACT });
const body = (text: string, opts: IParagraphOptions = {}): Paragraph =>
  new Paragraph({ children: [run(text)], alignment: AlignmentType.BOTH, indent: { firstLine: Math.round(2 * CHAR), firstLineChars: 200 }, ...opts });

function blank(lines = 1, keepNext = false): Paragraph {
  return new Paragraph({ children: [], spacing: exact(LINE_PITCH * lines), keepNext });
}

const thin: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: "000000" };

function cellParagraph(cell: Cell, size: number, bold = false): Paragraph {
  const align = cell.align === "right" ? AlignmentType.RIGHT : cell.align === "center" ? AlignmentType.CENTER : AlignmentType.LEFT;
  const color = cell.mark === "red" ? "C00000" : undefined;
  return new Paragraph({
    alignment: align,
    // exact spacing: a single-spaced line would snap to the 28.95 pt line grid, in cells too
    spacing: { line: Math.round(size * 13.5), lineRule: LineRuleType.EXACT, before: 0, after: 0 },
    children: [run(cell.text, { size, characterSpacing: 0, bold: bold || cell.mark === "veto" || cell.mark === "red", ...(color ? { color } : {}) })],
  });
}

/** A table across the type area: fixed column widths, its header rows repeated on every page. */
function table(t: ModelTable): Table {
  const p = paired(t);
  const total = p.widths.reduce((a, b) => a + b, 0);
  const twips = p.widths.map((w) => Math.floor((w / total) * TYPE_WIDTH));
  twips[twips.length - 1]! += TYPE_WIDTH - twips.reduce((a, b) => a + b, 0);
  const size = t.pairs || t.small ? SIZES.smallTable : SIZES.table;
  const margins = { left: 30, right: 30, top: 30, bottom: 30 };
  const row = (cells: Cell[][], header: boolean) => {
    let col = 0;
    return new TableRow({
      tableHeader: header,
      // a two-line row (value over rank), or one with a text of several lines, is kept on one page
      ...(t.pairs || t.keepRows ? { cantSplit: true } : {}),
      children: cells.map((lines) => {
        const first = lines[0]!;
        const span = first.span ?? 1;
        const width = twips.slice(col, col + span).reduce((a, b) => a + b, 0);
        col += span;
        return new TableCell({
          children: lines.map((cell) => cellParagraph(cell, size, header)),
          columnSpan: span,
          width: { size: width, type: WidthType.DXA },
          verticalAlign: VerticalAlign.CENTER,
          margins,
          ...(first.mark === "yellow" ? { shading: { fill: "FFE699", color: "auto" } } : {}),
        });
      }),
    });
  };
  return new Table({
    width: { size: TYPE_WIDTH, type: WidthType.DXA },
    columnWidths: twips,
    layout: TableLayoutType.FIXED,
    borders: { top: thin, bottom: thin, left: thin, right: thin, insideHorizontal: thin, insideVertical: thin },
    rows: [...p.head.map((r) => row(r.map((cell) => [cell]), true)), ...p.body.map((r) => row(r, false))],
  });
}

function blocks(list: readonly Block[]): Array<Paragraph | Table> {
  const out: Array<Paragraph | Table> = [];
  for (const b of list) {
    switch (b.kind) {
      case "h1":
        out.push(body(b.text, { style: "Heading1", keepNext: true }));
        break;
      case "h2":
        out.push(body(b.text, { style: "Heading2", keepNext: true }));
        break;
      case "p":
        out.push(body(b.text, b === list.at(-1) ? { keepNext: true, keepLines: true } : {}));
        break;
      case "table":
        out.push(
          new Paragraph({
            alignment: AlignmentType.CENTER,
            keepNext: true,
            spacing: { before: 120, after: 60, line: 360, lineRule: LineRuleType.EXACT },
            children: [run(b.table.caption, { font: font(FONTS.h1), size: SIZES.note })],
          }),
        );
        out.push(table(b.table));
        if (b.table.note)
          out.push(new Paragraph({ spacing: { before: 60, line: 320, lineRule: LineRuleType.EXACT }, children: [run(b.table.note, { size: SIZES.note })] }));
        else out.push(new Paragraph({ spacing: { line: 240, lineRule: LineRuleType.EXACT }, children: [] }));
    }
  }
  return out;
}

/** 版头: the 发文机关标志, the 发文字号 (or 草稿) and the red line. */
function head(m: OfficialModel): Paragraph[] {
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: mm(10), line: 1200, lineRule: LineRuleType.EXACT },
      children: [run(m.court, { font: font(FONTS.title), size: SIZES.mark * 1.5, color: RED })],
    }),
    blank(1),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: exact(LINE_PITCH),
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 11 } },
      children: m.number ? [run(m.number)] : [run([...m.mark.word].join("  "), { bold: true, color: RED }), run("(未发布,无文号)", { color: RED })],
    }),
    blank(2),
  ];
}

/** 发文机关署名 centred over the 成文日期, which stands four characters from the right (GB/T 9704 7.3.5.1). */
function signature(m: OfficialModel): Paragraph[] {
  const dateRight = 4;
  const sigRight = dateRight + (widthInChars(m.date) - widthInChars(m.signature)) / 2;
  // the last lines of the text, the 署名, the 成文日期 and the 版记 stay on one page (no page with the date alone)
  return [
    blank(2, true),
    new Paragraph({ alignment: AlignmentType.RIGHT, keepNext: true, indent: { right: Math.max(0, Math.round(sigRight * CHAR)) }, children: [run(m.signature)] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, keepNext: true, indent: { right: Math.round(dateRight * CHAR) }, children: [run(m.date)] }),
  ];
}

/**
 * 版记 (GB/T 9704 7.4): 抄送, then 印发机关 and 印发日期, between a thick line above, a thin one
 * between and a thick one below, across the type area, at the foot of the last page: a text box
 * anchored to the bottom margin from the paragraph after the 成文日期 (LibreOffice loses a floated
 * table and ignores a paragraph frame's bottom alignment; it keeps a VML text box where Word does).
 */
function colophon(m: OfficialModel): Textbox {
  const thick: IBorderOptions = { style: BorderStyle.SINGLE, size: 8, color: "000000" };
  const size = SIZES.pageNumber;
  // 左右各空一字: the box's own inset is about half a character; half more inside
  const indent = { left: Math.round(CHAR / 2), right: Math.round(CHAR / 2) };
  return new Textbox({
    style: {
      width: `${TYPE_WIDTH / 20}pt`,
      height: `${(LINE_PITCH * 2) / 20 + 8}pt`,
      position: "absolute",
      positionHorizontal: "center",
      positionHorizontalRelative: "margin",
      // VML's mso-position-vertical takes bottom (the library's type lists only its horizontal values)
      positionVertical: "bottom" as "absolute",
      positionVerticalRelative: "margin",
      wrapStyle: "square",
    },
    children: [
      new Paragraph({ spacing: exact(LINE_PITCH), indent, border: { top: thick, bottom: thin }, children: [run(`抄送:${m.copyTo}`, { size })] }),
      new Paragraph({
        spacing: exact(LINE_PITCH),
        indent,
        border: { bottom: thick },
        // the box's text area: the type area less its insets (0.1 in each side), less the indent
        tabStops: [{ type: TabStopType.RIGHT, position: TYPE_WIDTH - 2 * 144 - indent.right }],
        children: [run(m.printer, { size }), new TextRun({ children: [new Tab(), m.printed], size })],
      }),
    ],
  });
}

function pageNumber(align: "left" | "right"): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: align === "right" ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: align === "right" ? { right: 280 } : { left: 280 },
        children: [new TextRun({ children: ["— ", PageNumber.CURRENT, " —"], font: font(FONTS.pageNumber), size: SIZES.pageNumber })],
      }),
    ],
  });
}

function draftHeader(m: OfficialModel): Header {
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [run(m.mark.banner, { font: font(FONTS.h1), size: SIZES.pageNumber, color: RED })],
      }),
    ],
  });
}

/** An official document as a .docx file; the same model and meta always give the same bytes. */
export async function officialDocx(m: OfficialModel, meta: FileMeta): Promise<Uint8Array> {
  const bodyRun = { font: font(FONTS.body), size: SIZES.body, characterSpacing: CHAR_SPACING };
  const doc = new Document({
    title: m.docTitle,
    creator: m.printer,
    lastModifiedBy: meta.author ?? m.printer,
    revision: meta.revision,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: { run: bodyRun, paragraph: { spacing: exact(LINE_PITCH) } },
      },
      paragraphStyles: [
        { id: "Normal", name: "Normal", run: bodyRun, paragraph: { spacing: exact(LINE_PITCH) } },
        { id: "NoticeTitle", name: "Notice Title", basedOn: "Normal", next: "Normal", run: { font: font(FONTS.title), size: SIZES.title }, paragraph: { alignment: AlignmentType.CENTER, spacing: exact(700) } },
        { id: "Heading1", name: "heading 1", basedOn: "Normal", next: "Normal", run: { font: font(FONTS.h1), size: SIZES.body }, paragraph: { keepNext: true, outlineLevel: 0 } },
        { id: "Heading2", name: "heading 2", basedOn: "Normal", next: "Normal", run: { font: font(FONTS.h2), size: SIZES.body }, paragraph: { keepNext: true, outlineLevel: 1 } },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, header: mm(15), footer: mm(20), gutter: 0 },
          },
          grid: { type: DocumentGridType.LINES, linePitch: LINE_PITCH },
        },
        headers: m.draft ? { default: draftHeader(m), even: draftHeader(m) } : {},
        footers: { default: pageNumber("right"), even: pageNumber("left") },
        children: [
          ...head(m),
          // broken only between words, in a symmetrical shape (title.ts)
          new Paragraph({ style: "NoticeTitle", children: titleLines(m.title, TITLE_CHARS).map((line, i) => run(line, i > 0 ? { break: 1 } : {})) }),
          blank(1),
          new Paragraph({ children: [run(m.addressee)] }),
          ...blocks(m.blocks),
          ...signature(m),
          colophon(m),
        ],
      },
    ],
  });
  const bytes = await Packer.toBuffer(doc);
  return fixedZip(new Uint8Array(bytes), meta.issuedAt, { "word/document.xml": (xml) => fixedShapeIds(tablesOffGrid(xml)) });
}

/** The library names a text box (the 版记's) with a random id: the same document must give the same bytes. */
function fixedShapeIds(xml: string): string {
  let n = 0;
  return xml.replace(/<v:shape id="[^"]*"/g, () => `<v:shape id="scorecard_box_${++n}"`);
}

/**
 * The paragraphs of tables leave the page's line grid (w:snapToGrid off, which the docx library
 * does not write): on the grid every line of a cell takes a body line of 28.95 pt, and LibreOffice
 * lays a two-line cell out as two of them — the tables ran to twice their height. The element goes
 * first in w:pPr, where the schema's order puts it before the spacing and the alignment that follow.
 */
export function tablesOffGrid(xml: string): string {
  return xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, (t) => t.replace(/<w:pPr>/g, '<w:pPr><w:snapToGrid w:val="0"/>'));
}
