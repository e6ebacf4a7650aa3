/**
 * A revision's files are stored at its publication, and revisions published before that rule get
 * theirs stored once (storeMissingFiles, run by the server at start-up): a download is the stored
 * bytes, whenever it is asked for.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findNotice } from "@scorecard/db";
import { createHarness, testDatabaseKinds, type Harness } from "../test/harness";
import { noticeKind, storeMissingFiles } from ".";

describe.each(testDatabaseKinds())("published files (%s)", (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(kind, { clock: () => new Date("2023-04-03T01:00:00Z") });
  }, 120_000);
  afterAll(() => h?.destroy());

  it("every published revision of the demo has its docx, xlsx and html stored", async () => {
    const notices = await h.db.kysely.selectFrom("notices").select("id").execute();
    const files = await h.db.kysely.selectFrom("notice_files").select(["notice_id", "format"]).execute();
    expect(notices.length).toBe(14);
    expect(files.length).toBe(notices.length * 3);
    expect(await storeMissingFiles(h.db.kysely)).toBe(0);
  });

  it("a revision without files (published before they were stored) gets them once, and downloads them as stored", async () => {
    const n = (await findNotice(h.db.kysely, "notice", "2022-05"))!;
    await h.db.kysely.deleteFrom("notice_files").where("notice_id", "=", n.id).execute();
    expect(await storeMissingFiles(h.db.kysely)).toBe(3);
    expect(await storeMissingFiles(h.db.kysely)).toBe(0);
    const stored = await h.db.kysely.selectFrom("notice_files").select(["format", "content"]).where("notice_id", "=", n.id).execute();
    const docx = Buffer.from(stored.find((f) => f.format === "docx")!.content, "base64");
    expect(Buffer.from(await noticeKind.render(noticeKind.parse(n), "docx")).equals(docx)).toBe(true);
    const leader = await h.caller("leader1");
    const got = await leader.notices.file({ period: "2022-05", format: "docx" });
    expect(Buffer.from(got.content).equals(docx)).toBe(true);
  });
});
