/**
 * Test support (`@scorecard/documents/testing`): zip archives written byte by byte, so a test can
 * forge what no honest writer produces — a central directory that under-declares its sizes (a
 * "zip bomb"), entries a reader must refuse — and deflate streams of zeros built a megabyte at a
 * time, so forging a 200 MB bomb never holds 200 MB.
 */
import { createDeflateRaw, crc32, deflateRawSync } from "node:zlib";

export interface ForgedEntry {
  name: string;
  /** the bytes as stored in the archive: raw deflate when `method` is 8 */
  stored: Uint8Array;
  /** 8 (deflate, the default) or 0 (stored); any other number is written as is */
  method?: number;
  /** the uncompressed size the headers declare (default: the true size, when `content` is given) */
  declaredSize?: number;
  /** the CRC-32 the headers declare */
  crc?: number;
  /** general-purpose flags (bit 0: encrypted; bit 11, UTF-8 names, is always set) */
  flags?: number;
}

/** A deflated entry of `text` (or bytes), its sizes and CRC declared truthfully. */
export function deflatedEntry(name: string, content: string | Uint8Array): ForgedEntry {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  return { name, stored: deflateRawSync(bytes), method: 8, declaredSize: bytes.length, crc: crc32(bytes) };
}

/** The raw deflate stream of `bytes` zero bytes, built a megabyte at a time. */
export async function deflatedZeros(bytes: number): Promise<Uint8Array> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on("end", resolve);
    deflate.on("error", reject);
  });
  const mb = Buffer.alloc(1024 * 1024);
  for (let left = bytes; left > 0; left -= mb.length) {
    const chunk = left >= mb.length ? mb : mb.subarray(0, left);
    if (!deflate.write(chunk)) await new Promise((r) => deflate.once("drain", r));
  }
  deflate.end();
  await done;
  return Buffer.concat(out);
}

export interface ForgeOptions {
  /** the entry count the end record declares (default: the true count) */
  declaredCount?: number;
}

/** A zip archive of the entries, in order, with the sizes, methods and flags they declare. */
export function forgeZip(entries: ForgedEntry[], opts: ForgeOptions = {}): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const method = e.method ?? 8;
    const flags = 0x0800 | (e.flags ?? 0);
    const declared = e.declaredSize ?? e.stored.length;
    const crc = e.crc ?? 0;
    const lh = new DataView(new ArrayBuffer(30));
    lh.setUint32(0, 0x04034b50, true);
    lh.setUint16(4, 20, true);
    lh.setUint16(6, flags, true);
    lh.setUint16(8, method, true);
    lh.setUint16(12, 0x21, true);
    lh.setUint32(14, crc, true);
    lh.setUint32(18, e.stored.length, true);
    lh.setUint32(22, declared, true);
    lh.setUint16(26, name.length, true);
    parts.push(new Uint8Array(lh.buffer), name, e.stored);
    const ch = new DataView(new ArrayBuffer(46));
    ch.setUint32(0, 0x02014b50, true);
    ch.setUint16(4, 20, true);
    ch.setUint16(6, 20, true);
    ch.setUint16(8, flags, true);
    ch.setUint16(10, method, true);
    ch.setUint16(14, 0x21, true);
    ch.setUint32(16, crc, true);
    ch.setUint32(20, e.stored.length, true);
    ch.setUint32(24, declared, true);
    ch.setUint16(28, name.length, true);
    ch.setUint32(42, offset, true);
    central.push(new Uint8Array(ch.buffer), name);
    offset += 30 + name.length + e.stored.length;
  }
  const size = central.reduce((s, b) => s + b.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, opts.declaredCount ?? entries.length, true);
  end.setUint16(10, opts.declaredCount ?? entries.length, true);
  end.setUint32(12, size, true);
  end.setUint32(16, offset, true);
  return Buffer.concat([...parts, ...central, new Uint8Array(end.buffer)]);
}

/** The smallest workbook's parts besides its sheet: content types, relationships, workbook. */
export function workbookShell(): ForgedEntry[] {
  return [
    deflatedEntry(
      "[Content_Types].xml",
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
    deflatedEntry(
      "_rels/.rels",
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    deflatedEntry(
      "xl/workbook.xml",
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="数据填报" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    deflatedEntry(
      "xl/_rels/workbook.xml.rels",
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
  ];
}

/**
 * A forged workbook: the shell, then a sheet whose entry really inflates to `unpackedBytes`
 * zero bytes while the central directory declares 1 KB (compresses about 1000 : 1).
 */
export async function zipBomb(unpackedBytes: number): Promise<Uint8Array> {
  const sheet: ForgedEntry = { name: "xl/worksheets/sheet1.xml", stored: await deflatedZeros(unpackedBytes), method: 8, declaredSize: 1024 };
  return forgeZip([...workbookShell(), sheet]);
}
