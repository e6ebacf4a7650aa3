/**
 * The backup's checksum and the documents' seals (issue 17, item 6), through the CLI a court runs:
 * db checks a published document's seal with a canonical JSON of its own (db may not import
 * documents) — here it is shown to give documents' snapshotHash for the demo's notices; a backup
 * whose notice snapshot was edited (a total), or with one byte flipped, is refused by
 * `scorecard restore` with a Chinese sentence, exit 2, no stack trace, and the database unchanged.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupChecksum, canonicalJson, canonicalSha256, type BackupFile } from "@scorecard/db";
import { canonicalJson as documentsCanonicalJson, snapshotHash } from "@scorecard/documents";
import { scorecard, startTestServer, withoutSessionTables, type TestServer } from "./test-server";

describe("backup checksum and document seals (sqlite, through the CLI)", () => {
  let t: TestServer;
  let dir: string;
  let good: string;
  let parsed: BackupFile;

  beforeAll(async () => {
    t = await startTestServer("sqlite");
    dir = mkdtempSync(join(tmpdir(), "scorecard-backup-checksum-"));
    good = join(dir, "good.json");
    const r = await scorecard(t.databaseUrl, ["backup", "--out", good]);
    expect(r.code, r.stderr).toBe(0);
    parsed = JSON.parse(readFileSync(good, "utf8")) as BackupFile;
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("db's canonical JSON gives documents' snapshotHash for every published demo notice, and their stored hash", () => {
    const notices = parsed.tables.notices;
    expect(notices.length).toBeGreaterThan(0);
    for (const n of notices) {
      const snapshot = JSON.parse(String(n.snapshot)) as object;
      expect(canonicalJson(snapshot)).toBe(documentsCanonicalJson(snapshot));
      expect(canonicalSha256(snapshot)).toBe(snapshotHash(snapshot));
      expect(canonicalSha256(snapshot)).toBe(n.hash);
    }
    expect(parsed.checksum).toBe(backupChecksum(parsed));
  });

  const restoreRefused = async (content: string | Buffer, message: RegExp) => {
    const before = withoutSessionTables(await t.dump());
    const file = join(dir, `bad-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, content);
    const r = await scorecard(t.databaseUrl, ["restore", "--from", file]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/数据库没有任何改动/);
    expect(r.stderr).not.toMatch(/内部错误|internal error|\n\s+at /);
    expect(withoutSessionTables(await t.dump())).toEqual(before);
    return r.stderr;
  };

  /** a notice snapshot with a total edited (the first number after "total") */
  const editTotal = (b: BackupFile): BackupFile => {
    const copy = structuredClone(b);
    const n = copy.tables.notices[0]!;
    const text = String(n.snapshot);
    const edited = text.replace(/("total":)(-?\d+(?:\.\d+)?)/, (_m, k: string, v: string) => `${k}${Number(v) + 10}`);
    expect(edited).not.toBe(text);
    n.snapshot = edited;
    return copy;
  };

  it("an edited total inside a notice snapshot is refused: by the checksum, and by the seal when the checksum is made to fit", { timeout: 60_000 }, async () => {
    const edited = editTotal(parsed);
    console.log(await restoreRefused(JSON.stringify(edited), /与其校验和（checksum）不符/));
    const { checksum: _, ...rest } = edited;
    const refitted = { ...rest, checksum: backupChecksum(rest) };
    const number = String(parsed.tables.notices[0]!.number);
    console.log(await restoreRefused(JSON.stringify(refitted), new RegExp(`文书 ${number.replace(/[〔〕]/g, ".")}.*SHA-256 指纹（hash）不符`)));
    // an older backup (no checksum) is still checked for its documents' seals
    await restoreRefused(JSON.stringify(rest), /SHA-256 指纹（hash）不符/);
  });

  it("a flipped byte is refused, exit 2, no stack", { timeout: 60_000 }, async () => {
    const bytes = readFileSync(good);
    const at = bytes.indexOf('"notices"') + 200;
    const flipped = Buffer.from(bytes);
    flipped[at] = flipped[at]! ^ 0x02;
    await restoreRefused(flipped, /备份文件 .*(校验和|不是完整的 JSON|应为)/);
  });

  it("the good backup still restores, exit 0", { timeout: 60_000 }, async () => {
    const r = await scorecard(t.databaseUrl, ["restore", "--from", good]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/已从 .* 恢复/);
    expect(r.stdout).not.toMatch(/没有校验和/);
  });
});
