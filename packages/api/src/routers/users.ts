import { z } from "zod";
import { appendAudit, deleteSessionsOfUser, findUnit, findUserByUsername, insertUser, listUsers, newId, setAssignments, updateUser } from "@scorecard/db";
import { KeySchema, RoleSchema, isReservedUsername, RESERVED_USERNAMES, textInput } from "@scorecard/rules";
import { hashPassword, passwordProblem } from "../auth";
import { fail, rolesProcedure, router } from "../trpc";
import { checkOversight } from "../oversight";

const PasswordSchema = z.string().superRefine((p, c) => {
  const problem = passwordProblem(p);
  if (problem) c.addIssue({ code: "custom", message: problem });
});

export const usersRouter = router({
  list: rolesProcedure("admin").query(({ ctx }) => listUsers(ctx.db)),

  create: rolesProcedure("admin")
    .input(
      z.object({
        username: z
          .string()
          .trim()
          .regex(/^[a-z][a-z0-9_-]{1,39}$/, "用户名须以小写字母开头,由小写字母、数字、- 或 _ 组成(2–40 个字符)")
          .refine((u) => !isReservedUsername(u), { message: `这个用户名留给系统自身使用(审计记录中的 ${RESERVED_USERNAMES.join("、")}),请另选一个` }),
        name: textInput(50, "请填写姓名"),
        role: RoleSchema,
        unit: KeySchema.optional(),
        units: z.array(KeySchema).optional(),
        password: PasswordSchema,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.role === "head" && !input.unit) fail("BAD_REQUEST", "庭长账号必须指定所在法庭。");
      if (input.role === "leader" && !input.units?.length) fail("BAD_REQUEST", "党组成员账号至少要分管一个法庭。");
      const passwordHash = await hashPassword(input.password);
      const id = newId();
      await ctx.db.transaction().execute(async (trx) => {
        if (await findUserByUsername(trx, input.username)) fail("CONFLICT", `用户名 ${input.username} 已存在。`);
        for (const u of [input.unit, ...(input.units ?? [])]) if (u && !(await findUnit(trx, u))) fail("BAD_REQUEST", `没有代码为 ${u} 的法庭。`);
        await insertUser(trx, { id, username: input.username, name: input.name, role: input.role, unit: input.role === "head" ? input.unit! : null, passwordHash, at: ctx.now().toISOString() });
        if (input.role === "leader") await setAssignments(trx, id, input.units!);
        await appendAudit(trx, { username: ctx.user.username, action: "users.create", target: input.username, after: { name: input.name, role: input.role, unit: input.unit ?? null, units: input.units ?? [] } }, ctx.now().toISOString());
      });
      return { id };
    }),

  update: rolesProcedure("admin")
    .input(z.object({ username: z.string(), name: textInput(50, "请填写姓名").optional(), active: z.boolean().optional(), password: PasswordSchema.optional() }))
    .mutation(async ({ ctx, input }) => {
      const passwordHash = input.password ? await hashPassword(input.password) : undefined;
      await ctx.db.transaction().execute(async (trx) => {
        const before = await findUserByUsername(trx, input.username);
        if (!before) fail("NOT_FOUND", `没有用户 ${input.username}。`);
        if (input.active === false && input.username === ctx.user.username) fail("BAD_REQUEST", "不能停用自己正在使用的账号。");
        await updateUser(trx, before.id, { ...(input.name ? { name: input.name } : {}), ...(input.active === undefined ? {} : { active: input.active }), ...(passwordHash ? { passwordHash } : {}) });
        if (input.active === false || passwordHash) await deleteSessionsOfUser(trx, before.id);
        if (before.role === "leader") await checkOversight(trx);
        await appendAudit(trx, {
          username: ctx.user.username,
          action: "users.update",
          target: input.username,
          before: { name: before.name, active: before.active === 1 },
          after: { name: input.name ?? before.name, active: input.active ?? before.active === 1, passwordReset: !!passwordHash },
        }, ctx.now().toISOString());
      });
      return { ok: true as const };
    }),
});
