/**
 * The document model shared by every official document of the court (the monthly notice, the
 * quarterly summary, the annual evaluation): the Word file, the workbook and the print page are
 * three renderings of one model, so they cannot say different things.
 */
import { dateLabel, rankText, type CourtProfile, type ProfileKind } from "@scorecard/rules";
import type { UnitResult } from "@scorecard/scoring";
import { chineseNumeral } from "./format";
import { profileOf } from "./issue";

/** One table cell: its text, and for a workbook the number behind it and its format. */
export interface Cell {
  text: string;
  /** the number a workbook stores (a rate as a fraction, formatted as a percentage) */
  num?: number;
  /** an Excel number format for `num` */
  fmt?: string;
  /** columns it spans (header cells) */
  span?: number;
  align?: "left" | "center" | "right";
  /** a red or yellow warning, a veto */
  mark?: "red" | "yellow" | "veto";
  /** a paired table's second cell: the line the Word file and the print page show under the value (default `第n名`, or — without a number) */
  under?: string;
}

export interface ModelTable {
  /** the sheet a workbook puts it on */
  sheet: string;
  caption: string;
  /** header rows (repeated on every page) */
  head: Cell[][];
  body: Cell[][];
  /** column widths in millimetres, summing to the type area's 156 mm */
  widths: number[];
  /** a sentence under the table */
  note?: string;
  /** after the first column, the columns come in (value, rank) pairs under one header cell each (head[0]) */
  pairs?: boolean;
  /** set in 五号 (10.5 pt) as a paired table is: many narrow columns */
  small?: boolean;
  /** rows of several lines (a text column) are each kept on one page, as a paired table's are */
  keepRows?: boolean;
}

export type Block =
  | { kind: "h1"; text: string }
  | { kind: "h2"; text: string }
  | { kind: "p"; text: string }
  | { kind: "table"; table: ModelTable };

/** An official document (公文) as GB/T 9704 lays it out: 版头, 主体, 版记. */
export interface OfficialModel {
  /** unnumbered: a draft (草稿) or a provisional evaluation (预估) */
  draft: boolean;
  /** how an unnumbered document is marked: the word in place of the 发文字号, the line atop every page */
  mark: { word: string; banner: string };
  /** 发文机关标志 (the profile's `issuer` of the kind) */
  court: string;
  /** 发文字号, or null for a draft */
  number: string | null;
  title: string;
  /** 主送机关 */
  addressee: string;
  blocks: Block[];
  /** 发文机关署名 */
  signature: string;
  /** 成文日期, `2023年4月5日` */
  date: string;
  /** 版记 */
  copyTo: string;
  printer: string;
  printed: string;
  /** the document's own title (file properties) */
  docTitle: string;
}

/** What a file carries besides its model: its core properties, dated with the snapshot's time. */
export interface FileMeta {
  revision: number;
  /** who issued it (lastModifiedBy); the printer when null */
  author: string | null;
  /** ISO-8601: every date inside the file */
  issuedAt: string;
}

/** The type area's width (GB/T 9704: 156 mm). */
export const TYPE_WIDTH_MM = 156;

/** The (value, rank) pairs of an indicator table as one cell each: the value, and under it the rank. */
export function paired(t: ModelTable): { widths: number[]; head: Cell[][]; body: Cell[][][] } {
  if (!t.pairs) return { widths: t.widths, head: t.head, body: t.body.map((r) => r.map((cell) => [cell])) };
  const widths = [t.widths[0]!];
  for (let i = 1; i < t.widths.length; i += 2) widths.push(t.widths[i]! + (t.widths[i + 1] ?? 0));
  const head = [t.head[0]!.map((cell) => ({ ...cell, span: 1 }))];
  const body = t.body.map((r) => {
    const cells: Cell[][] = [[r[0]!]];
    for (let i = 1; i < r.length; i += 2) {
      const rank = r[i + 1]!;
      cells.push([
        { ...r[i]!, align: "center" },
        { text: rank.under ?? (rank.num === undefined ? "—" : rankText(rank.text)), align: "center" },
      ]);
    }
    return cells;
  });
  return { widths, head, body };
}

/** A tribunal's name by key, from the snapshot's court list (its key only when unknown). */
export function unitNamer(s: { units: ReadonlyArray<{ key: string; name: string }> }): (key: string) => string {
  const names = new Map(s.units.map((u) => [u.key, u.name]));
  return (key) => names.get(key) ?? key;
}

/** The units of a ranking in court order (units the court list lacks last, by key). */
export function courtOrder<U extends Pick<UnitResult, "unit">>(s: { units: ReadonlyArray<{ key: string }>; result: { units: readonly U[] } }): U[] {
  const pos = new Map(s.units.map((u, i) => [u.key, i]));
  return [...s.result.units].sort((a, b) => (pos.get(a.unit) ?? 1e9) - (pos.get(b.unit) ?? 1e9) || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
}

/** `x`, `y` and `z` as a list: 大榆树人民法庭、建华人民法庭 */
export const listOf = (xs: readonly string[]): string => xs.join("、");

/** Writes a document's body in order: 一级标题 numbered 一、二、…, 二级标题, paragraphs and tables (with their count). */
export class BodyWriter {
  readonly blocks: Block[] = [];
  private headings = 0;
  /** tables so far (a caption's 表n is `tables + 1` before it is written) */
  tables = 0;
  h1(text: string): void {
    this.blocks.push({ kind: "h1", text: `${chineseNumeral(++this.headings)}、${text}` });
  }
  h2(text: string): void {
    this.blocks.push({ kind: "h2", text });
  }
  p(text: string): void {
    this.blocks.push({ kind: "p", text });
  }
  /** A table (none: nothing written); it counts as the next 表. */
  table(t: ModelTable | null): void {
    if (!t) return;
    this.tables++;
    this.blocks.push({ kind: "table", table: t });
  }
  /** The paragraphs of a commentary (one a line, blank lines dropped). */
  text(commentary: string): void {
    for (const line of commentary.split("\n")) if (line.trim()) this.p(line.trim());
  }
}

/**
 * The 版头 and 版记 around a body, as the court's profile (of the snapshot) says them for this kind
 * of document: the 发文机关标志, 主送, 署名, 抄送 and 印发机关; the 成文日期 in Asia/Shanghai;
 * unnumbered documents marked with `mark`.
 */
export function officialFrame(
  s: { court: string; number: string | null; issuedAt: string; profile?: CourtProfile },
  o: { title: string; blocks: Block[]; mark: OfficialModel["mark"]; kind: ProfileKind },
): OfficialModel {
  const date = dateLabel(s.issuedAt);
  const p = profileOf(s);
  const k = p.kinds[o.kind];
  return {
    draft: s.number === null,
    mark: o.mark,
    court: k.issuer,
    number: s.number,
    title: o.title,
    addressee: `${k.mainRecipient}:`,
    blocks: o.blocks,
    signature: k.signature,
    date,
    copyTo: k.copyTo.length ? `${k.copyTo.join(",")}。` : "",
    printer: `${p.name}${k.printedBy}`,
    printed: `${date}印发`,
    docTitle: `${s.number ?? o.mark.word} ${o.title}`,
  };
}
