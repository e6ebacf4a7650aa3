/**
 * The zip check before exceljs: sizes measured by inflating, not taken from the directory, and
 * archives another reader could read differently refused.
 */
import { deflateRawSync } from "node:zlib";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { demoCourt } from "@scorecard/demo";
import { InputError } from "@scorecard/rules";
import { describe, expect, it } from "vitest";
import { buildFactsTemplate, MAX_UNPACKED_BYTES, readFactsWorkbook } from "./index";
import { deflatedEntry, deflatedZeros, forgeZip, workbookShell, zipBomb, type ForgedEntry } from "./testing";
import { checkZip, readZipEntries } from "./xlsx-file";

const court = demoCourt();
const PERIOD = "2023-03";
const template = () =>
  buildFactsTemplate({
    rulebook: court.rulebook,
    period: PERIOD,
    units: court.units,
    rows: court.facts.filter((f) => f.period === PERIOD).map((f) => ({ unit: f.unit, values: { ...f.values } })),
  });

async function problemsOf(data: Uint8Array) {
  try {
    await readFactsWorkbook(data, { rulebook: court.rulebook, period: PERIOD, units: court.units, file: "bomb.xlsx" });
  } catch (e) {
    if (e instanceof InputError) return e.problems;
    throw e;
  }
  throw new Error("expected an InputError");
}

const MB = 1024 * 1024;

describe("checkZip", () => {
  it("measures a genuine template by inflating it: the same bytes its directory declares", async () => {
    const file = await template();
    const entries = readZipEntries(file)!;
    expect(entries.map((e) => e.name)).toContain("xl/workbook.xml");
    const declared = entries.reduce((s, e) => s + e.declaredSize, 0);
    const check = await checkZip(file, MAX_UNPACKED_BYTES);
    expect(check).toEqual({ kind: "ok", names: new Set(entries.map((e) => e.name)), unpackedBytes: declared });
    expect(declared).toBeLessThan(MB); // far under the limit
  });

  it("refuses a bomb whose directory declares 1 KB and which inflates to 200 MB, by the bytes produced", async () => {
    const bomb = await zipBomb(200 * MB);
    expect(bomb.length).toBeLessThan(MB);
    const entries = readZipEntries(bomb)!;
    expect(entries.reduce((s, e) => s + e.declaredSize, 0)).toBeLessThan(MAX_UNPACKED_BYTES); // the directory looks harmless
    expect(await checkZip(bomb, MAX_UNPACKED_BYTES)).toEqual({ kind: "too-large" });
    const problems = await problemsOf(bomb);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: "bomb.xlsx", zh: expect.stringMatching(/^文件解压后超过 8 MB,可能已损坏或被篡改,未导入任何数据。/) });
  });

  it("adds up every entry: many small entries that together pass the limit are refused", async () => {
    const piece = await deflatedZeros(800 * 1024);
    const pieces: ForgedEntry[] = [1, 2, 3].map((i) => ({ name: `xl/media/image${i}.bin`, stored: piece, declaredSize: 10 }));
    const file = forgeZip([...workbookShell(), ...pieces]);
    expect(await checkZip(file, 2 * MB)).toEqual({ kind: "too-large" });
    expect((await checkZip(file, 4 * MB)).kind).toBe("ok");
  });

  it("counts a stored entry by its stored bytes, not its declared size", async () => {
    const stored: ForgedEntry = { name: "xl/media/big.bin", stored: new Uint8Array(3 * MB), method: 0, declaredSize: 1 };
    expect(await checkZip(forgeZip([...workbookShell(), stored]), 2 * MB)).toEqual({ kind: "too-large" });
  });

  it("refuses an honest archive that declares too much without inflating it", async () => {
    const huge: ForgedEntry = { ...deflatedEntry("xl/worksheets/sheet1.xml", "<x/>"), declaredSize: MAX_UNPACKED_BYTES + 1 };
    expect(await checkZip(forgeZip([...workbookShell(), huge]), MAX_UNPACKED_BYTES)).toEqual({ kind: "too-large" });
  });

  it("refuses, as unreadable, archives that another reader could read differently or not at all", async () => {
    const shell = workbookShell();
    const ok = forgeZip(shell);
    expect((await checkZip(ok, MB)).kind).toBe("ok");
    const cases: Record<string, Uint8Array> = {
      "bytes before the archive, offsets not counting them": Buffer.concat([Uint8Array.from([0x50, 0x4b, 0x03, 0x04]), new Uint8Array(96), ok]),
      "a count that disagrees with the records": forgeZip(shell, { declaredCount: 2 }),
      "an encrypted entry": forgeZip([...shell, { ...deflatedEntry("xl/a.xml", "<a/>"), flags: 1 }]),
      "bzip2 compression": forgeZip([...shell, { ...deflatedEntry("xl/a.xml", "<a/>"), method: 12 }]),
      "a damaged deflate stream": forgeZip([...shell, { name: "xl/a.xml", stored: Uint8Array.from([0xff, 0xff, 0xff, 0xff]) }]),
      "a deflate stream cut short": forgeZip([...shell, { name: "xl/a.xml", stored: deflateRawSync(Buffer.alloc(100_000, "a")).subarray(0, 20) }]),
      "a truncated file": ok.subarray(0, ok.length - 30),
      "garbage after the end record": Buffer.concat([ok, Buffer.from("PK\x05\x06")]),
    };
    for (const [what, data] of Object.entries(cases)) expect(await checkZip(data, MB), what).toEqual({ kind: "unreadable" });
    // and the reader says so in Chinese, importing nothing
    const problems = await problemsOf(cases["a count that disagrees with the records"]!);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.zh).toMatch(/不是可以读取的 Excel 工作簿/);
  });

  it("keeps its memory flat while inflating a bomb", async () => {
    const bomb = await zipBomb(400 * MB);
    global.gc?.();
    const before = process.memoryUsage().rss;
    expect(await checkZip(bomb, 1024 * MB)).toMatchObject({ kind: "ok", unpackedBytes: expect.any(Number) });
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * MB);
  });
});

describe("a workbook another program wrote", () => {
  /**
   * The template as openpyxl writes it back (ECMA-376 Part 2 §9.3 allows either): every relationship
   * target an absolute part name — "/xl/worksheets/sheet1.xml", "/xl/comments1.xml" — where exceljs
   * writes them relative to the part ("worksheets/sheet1.xml", "../comments1.xml").
   */
  async function withAbsoluteTargets(file: Uint8Array): Promise<{ data: Uint8Array; rewritten: string[] }> {
    const files = unzipSync(file);
    const rewritten: string[] = [];
    for (const [name, bytes] of Object.entries(files)) {
      const m = /^(.*?)_rels\/[^/]*\.rels$/.exec(name);
      if (!m) continue;
      const base = m[1]!; // the source part's folder, "" for the package, "xl/worksheets/" for a sheet
      const xml = strFromU8(bytes).replace(/(<Relationship\b[^>]*?\bTarget=")([^"]+)(")/g, (all, a: string, target: string, b: string) => {
        if (all.includes('TargetMode="External"') || target.startsWith("/")) return all;
        const parts = `${base}${target}`.split("/");
        const out: string[] = [];
        for (const p of parts) {
          if (p === "..") out.pop();
          else if (p !== "." && p !== "") out.push(p);
        }
        rewritten.push(`/${out.join("/")}`);
        return `${a}/${out.join("/")}${b}`;
      });
      files[name] = strToU8(xml);
    }
    return { data: zipSync(files), rewritten };
  }

  it("reads the template written back with absolute relationship targets (openpyxl), comments and all, as the template itself", async () => {
    const file = await template();
    const { data, rewritten } = await withAbsoluteTargets(file);
    expect(rewritten).toEqual(expect.arrayContaining(["/xl/workbook.xml", "/xl/worksheets/sheet1.xml", "/xl/styles.xml"]));
    expect(rewritten.some((t) => /^\/xl\/comments\d*\.xml$/.test(t))).toBe(true);
    const opts = { rulebook: court.rulebook, period: PERIOD, units: court.units, file: "openpyxl.xlsx" };
    const rows = await readFactsWorkbook(data, opts);
    expect(rows).toEqual(await readFactsWorkbook(file, opts));
    expect(rows).toHaveLength(court.units.length);
  });
});
