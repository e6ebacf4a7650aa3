import { z } from "zod";
import { appendAudit, findUnit, findUserByUsername, setAssignments, unitsOfLeader } from "@scorecard/db";
import { KeySchema } from "@scorecard/rules";
import { fail, rolesProcedure, router } from "../trpc";
import { checkOversight } from "../oversight";

export const assignmentsRouter = router({
  /** Sets the tribunals a leader oversees, keeping every tribunal and every leader covered. */
  set: rolesProcedure("admin")
    .input(z.object({ leader: z.string(), units: z.array(KeySchema) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.db.transaction().execute(async (trx) => {
        const leader = await findUserByUsername(trx, input.leader);
        if (!leader || leader.role !== "leader") fail("BAD_REQUEST", `${input.leader} 不是党组成员账号。`);
        for (const u of input.units) if (!(await findUnit(trx, u))) fail("BAD_REQUEST", `没有代码为 ${u} 的法庭。`);
        const before = await unitsOfLeader(trx, leader.id);
        await setAssignments(trx, leader.id, input.units);
        await checkOversight(trx);
        await appendAudit(trx, { username: ctx.user.username, action: "assignments.set", target: input.leader, before, after: [...new Set(input.units)].sort() }, ctx.now().toISOString());
      });
      return { ok: true as const };
    }),
});
