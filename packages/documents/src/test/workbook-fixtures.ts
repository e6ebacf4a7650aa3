/** The demo month, the template and the helpers the workbook tests share. */
import { crc32 } from "node:zlib";
import { demoCourt } from "@scorecard/demo";
import { InputError, type Problem } from "@scorecard/rules";
import ExcelJS from "exceljs";
import { FACTS_SHEET, buildFactsTemplate, readFactsWorkbook, type WorkbookRow } from "../index";

export const court = demoCourt();
export const { rulebook, units } = court;
export const PERIOD = "2023-03";
export const rowsOf = (period: string): WorkbookRow[] =>
  court.facts.filter((f) => f.period === period).map((f) => ({ unit: f.unit, values: { ...f.values } }));
export const stored = rowsOf(PERIOD);
export const FILE = "三月数据.xlsx";

/** Excel column of a field in the template: 法庭代码, 法庭, then the fields in rulebook order. */
export const col = (key: string) => rulebook.fields.findIndex((f) => f.key === key) + 3;
/** Excel row of a tribunal in the template. */
export const rowOf = (unit: string) => units.findIndex((u) => u.key === unit) + 2;

export function template(period = PERIOD, rows = stored): Promise<Buffer> {
  return buildFactsTemplate({ rulebook, period, units, rows });
}

export async function load(data: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(data) as unknown as ArrayBuffer);
  return wb;
}

/** Opens a workbook with exceljs, lets `change` edit its 数据填报 sheet, and saves it again. */
export async function edit(data: Uint8Array, change: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = await load(data);
  const ws = wb.getWorksheet(FACTS_SHEET);
  if (!ws) throw new Error("no facts sheet");
  change(ws, wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function read(data: Uint8Array, period = PERIOD, extra: { warnings?: Problem[] } = {}) {
  return readFactsWorkbook(data, { rulebook, period, units, file: FILE, ...extra });
}

export async function problemsOf(data: Uint8Array, period = PERIOD): Promise<Problem[]> {
  try {
    await read(data, period);
  } catch (e) {
    if (e instanceof InputError) return e.problems;
    throw e;
  }
  throw new Error("expected an InputError");
}

/** A zip archive of stored (uncompressed) entries; `claim` overrides the uncompressed size the central directory declares. */
export function zip(files: Record<string, string>, claim?: number): Uint8Array {
  const enc = new TextEncoder();
  const local: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const n = enc.encode(name);
    const data = enc.encode(text);
    const crc = crc32(data);
    const lh = new DataView(new ArrayBuffer(30));
    lh.setUint32(0, 0x04034b50, true);
    lh.setUint16(4, 20, true);
    lh.setUint16(6, 0x0800, true);
    lh.setUint16(12, 0x21, true);
    lh.setUint32(14, crc, true);
    lh.setUint32(18, data.length, true);
    lh.setUint32(22, data.length, true);
    lh.setUint16(26, n.length, true);
    local.push(new Uint8Array(lh.buffer), n, data);
    const ch = new DataView(new ArrayBuffer(46));
    ch.setUint32(0, 0x02014b50, true);
    ch.setUint16(4, 20, true);
    ch.setUint16(6, 20, true);
    ch.setUint16(8, 0x0800, true);
    ch.setUint16(14, 0x21, true);
    ch.setUint32(16, crc, true);
    ch.setUint32(20, data.length, true);
    ch.setUint32(24, claim ?? data.length, true);
    ch.setUint16(28, n.length, true);
    ch.setUint32(42, offset, true);
    central.push(new Uint8Array(ch.buffer), n);
    offset += 30 + n.length + data.length;
  }
  const size = central.reduce((s, b) => s + b.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, Object.keys(files).length, true);
  end.setUint16(10, Object.keys(files).length, true);
  end.setUint32(12, size, true);
  end.setUint32(16, offset, true);
  return Buffer.concat([...local, ...central, new Uint8Array(end.buffer)]);
}

export const where = (p: Problem) => [p.line, p.column, p.field];
