import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../testing.js";
import { findCourtProfile, saveCourtProfile } from "./profile.js";

describe.each(testDatabaseKinds())("the court's profile on %s", (kind) => {
  const open: TestDatabase[] = [];
  afterEach(async () => {
    for (const t of open.splice(0)) await t.destroy();
  });

  it("is absent until saved, then read back as the last save wrote it", async () => {
    const t = await createTestDatabase(kind);
    open.push(t);
    expect(await findCourtProfile(t.kysely)).toBeUndefined();
    await saveCourtProfile(t.kysely, { name: "开鲁县人民法院" }, "admin", "2024-01-01T00:00:00.000Z");
    await saveCourtProfile(t.kysely, { name: "某中级人民法院" }, "admin2", "2024-01-02T00:00:00.000Z");
    expect(await findCourtProfile(t.kysely)).toEqual({ profile: JSON.stringify({ name: "某中级人民法院" }), updatedBy: "admin2", updatedAt: "2024-01-02T00:00:00.000Z" });
    expect(await t.kysely.selectFrom("court_profile").selectAll().execute()).toHaveLength(1);
  });
});
