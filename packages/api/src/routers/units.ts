import { z } from "zod";
import { addAssignment, appendAudit, findUnit, findUserByUsername, insertUnit, listUnits, updateUnit } from "@scorecard/db";
import { KeySchema, textInput } from "@scorecard/rules";
import { authedProcedure, fail, rolesProcedure, router } from "../trpc";
import { checkOversight } from "../oversight";

export const unitsRouter = router({
  /** The tribunals with their head and overseeing leaders (interfaces.md). */
  list: authedProcedure.query(async ({ ctx }) =>
    (await listUnits(ctx.db)).map((u) => ({ key: u.key, name: u.name, head: u.head, headUsername: u.headUsername, leaders: u.leaders, active: u.active })),
  ),

  /** Creates a tribunal, or renames one; a new tribunal needs its overseeing leaders at once. */
  save: rolesProcedure("admin")
    .input(z.object({ key: KeySchema, name: textInput(50, "请填写法庭名称"), leaders: z.array(z.string()).optional(), active: z.boolean().optional() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.db.transaction().execute(async (trx) => {
        const before = await findUnit(trx, input.key);
        if (before) await updateUnit(trx, input.key, { name: input.name, ...(input.active === undefined ? {} : { active: input.active }) }, ctx.now().toISOString());
        else await insertUnit(trx, { key: input.key, name: input.name, active: input.active !== false }, ctx.now().toISOString());
        for (const username of input.leaders ?? []) {
          const l = await findUserByUsername(trx, username);
          if (!l || l.role !== "leader") fail("BAD_REQUEST", `${username} 不是党组成员账号。`);
          await addAssignment(trx, l.id, input.key);
        }
        await checkOversight(trx);
        await appendAudit(trx, { username: ctx.user.username, action: before ? "units.update" : "units.create", target: input.key, before: before ?? null, after: input }, ctx.now().toISOString());
      });
      return { ok: true as const };
    }),
});
