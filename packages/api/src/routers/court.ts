import { z } from "zod";
import type { Kysely } from "kysely";
import { appendAudit, listUnits, listUsers, newId, type Database } from "@scorecard/db";
import { KeySchema } from "@scorecard/rules";
import { hashPassword, passwordProblem } from "../auth";
import { authedProcedure, fail, rolesProcedure, router } from "../trpc";

const RoleSchema = z.enum(["admin", "hr", "stats", "leader", "head"]);
const PasswordSchema = z.string().superRefine((p, c) => {
  const problem = passwordProblem(p);
  if (problem) c.addIssue({ code: "custom", message: problem });
});

/**
 * Every active tribunal has at least one overseeing leader and every active leader oversees at
 * least one tribunal (product.md); checked inside the transaction that changes either.
 */
async function checkOversight(db: Kysely<Database>): Promise<void> {
  const units = await db.selectFrom("units").select(["key", "name"]).where("active", "=", 1).execute();
  const leaders = await db.selectFrom("users").select(["id", "username", "name"]).where("role", "=", "leader").where("active", "=", 1).execute();
  const rows = await db.selectFrom("leader_assignments").selectAll().execute();
  const active = new Set(leaders.map((l) => l.id));
  const orphan = units.filter((u) => !rows.some((r) => r.unit_key === u.key && active.has(r.user_id)));
  if (orphan.length) fail("BAD_REQUEST", `每个法庭至少要有一名分管党组成员:${orphan.map((u) => u.name).join("、")} 将无人分管,未保存。`);
  const idle = leaders.filter((l) => !rows.some((r) => r.user_id === l.id && units.some((u) => u.key === r.unit_key)));
  if (idle.length) fail("BAD_REQUEST", `每名党组成员至少要分管一个法庭:${idle.map((l) => l.name).join("、")} 将没有分管法庭,未保存。`);
}

async function unitExists(db: Kysely<Database>, key: string): Promise<boolean> {
  return !!(await db.selectFrom("units").select("key").where("key", "=", key).executeTakeFirst());
}

export const unitsRouter = router({
  /** The tribunals with their head and overseeing leaders (interfaces.md). */
  list: authedProcedure.query(async ({ ctx }) =>
    (await listUnits(ctx.db)).map((u) => ({ key: u.key, name: u.name, head: u.head, headUsername: u.headUsername, leaders: u.leaders, active: u.active })),
  ),

  /** Creates a tribunal, or renames one; a new tribunal needs its overseeing leaders at once. */
  save: rolesProcedure("admin")
    .input(z.object({ key: KeySchema, name: z.string().trim().min(1).max(50), leaders: z.array(z.string()).optional(), active: z.boolean().optional() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom("units").selectAll().where("key", "=", input.key).executeTakeFirst();
        if (before) {
          await trx.updateTable("units").set({ name: input.name, ...(input.active === undefined ? {} : { active: input.active ? 1 : 0 }) }).where("key", "=", input.key).execute();
        } else {
          const max = await trx.selectFrom("units").select((eb) => eb.fn.max("sort_order").as("m")).executeTakeFirst();
          await trx.insertInto("units").values({ key: input.key, name: input.name, sort_order: Number(max?.m ?? 0) + 1, active: input.active === false ? 0 : 1 }).execute();
        }
        for (const username of input.leaders ?? []) {
          const l = await trx.selectFrom("users").select(["id", "role"]).where("username", "=", username).executeTakeFirst();
          if (!l || l.role !== "leader") fail("BAD_REQUEST", `${username} 不是党组成员账号。`);
          const has = await trx.selectFrom("leader_assignments").select("user_id").where("user_id", "=", l.id).where("unit_key", "=", input.key).executeTakeFirst();
          if (!has) await trx.insertInto("leader_assignments").values({ user_id: l.id, unit_key: input.key }).execute();
        }
        await checkOversight(trx);
        await appendAudit(trx, { username: ctx.user.username, action: before ? "units.update" : "units.create", target: input.key, before: before ?? null, after: input });
      });
      return { ok: true as const };
    }),
});

export const usersRouter = router({
  list: rolesProcedure("admin").query(({ ctx }) => listUsers(ctx.db)),

  create: rolesProcedure("admin")
    .input(
      z.object({
        username: z.string().trim().regex(/^[a-z][a-z0-9_-]{1,39}$/, "用户名须以小写字母开头,由小写字母、数字、- 或 _ 组成(2–40 个字符)"),
        name: z.string().trim().min(1).max(50),
        role: RoleSchema,
        unit: KeySchema.optional(),
        units: z.array(KeySchema).optional(),
        password: PasswordSchema,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.role === "head" && !input.unit) fail("BAD_REQUEST", "庭长账号必须指定所在法庭。");
      if (input.role === "leader" && !input.units?.length) fail("BAD_REQUEST", "党组成员账号至少要分管一个法庭。");
      const password_hash = await hashPassword(input.password);
      const id = newId();
      await ctx.db.transaction().execute(async (trx) => {
        if (await trx.selectFrom("users").select("id").where("username", "=", input.username).executeTakeFirst()) fail("CONFLICT", `用户名 ${input.username} 已存在。`);
        for (const u of [input.unit, ...(input.units ?? [])]) if (u && !(await unitExists(trx, u))) fail("BAD_REQUEST", `没有代码为 ${u} 的法庭。`);
        await trx
          .insertInto("users")
          .values({ id, username: input.username, name: input.name, role: input.role, unit_key: input.role === "head" ? input.unit! : null, password_hash, active: 1, created_at: new Date().toISOString() })
          .execute();
        if (input.role === "leader") for (const u of input.units!) await trx.insertInto("leader_assignments").values({ user_id: id, unit_key: u }).execute();
        await appendAudit(trx, { username: ctx.user.username, action: "users.create", target: input.username, after: { name: input.name, role: input.role, unit: input.unit ?? null, units: input.units ?? [] } });
      });
      return { id };
    }),

  update: rolesProcedure("admin")
    .input(z.object({ username: z.string(), name: z.string().trim().min(1).max(50).optional(), active: z.boolean().optional(), password: PasswordSchema.optional() }))
    .mutation(async ({ ctx, input }) => {
      const password_hash = input.password ? await hashPassword(input.password) : undefined;
      await ctx.db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom("users").select(["id", "name", "active", "role"]).where("username", "=", input.username).executeTakeFirst();
        if (!before) fail("NOT_FOUND", `没有用户 ${input.username}。`);
        if (input.active === false && input.username === ctx.user.username) fail("BAD_REQUEST", "不能停用自己正在使用的账号。");
        await trx
          .updateTable("users")
          .set({ ...(input.name ? { name: input.name } : {}), ...(input.active === undefined ? {} : { active: input.active ? 1 : 0 }), ...(password_hash ? { password_hash } : {}) })
          .where("id", "=", before.id)
          .execute();
        if (input.active === false || password_hash) await trx.deleteFrom("sessions").where("user_id", "=", before.id).execute();
        if (before.role === "leader") await checkOversight(trx);
        await appendAudit(trx, {
          username: ctx.user.username,
          action: "users.update",
          target: input.username,
          before: { name: before.name, active: before.active === 1 },
          after: { name: input.name ?? before.name, active: input.active ?? before.active === 1, passwordReset: !!password_hash },
        });
      });
      return { ok: true as const };
    }),
});

export const assignmentsRouter = router({
  /** Sets the tribunals a leader oversees, keeping every tribunal and every leader covered. */
  set: rolesProcedure("admin")
    .input(z.object({ leader: z.string(), units: z.array(KeySchema) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.db.transaction().execute(async (trx) => {
        const leader = await trx.selectFrom("users").select(["id", "role"]).where("username", "=", input.leader).executeTakeFirst();
        if (!leader || leader.role !== "leader") fail("BAD_REQUEST", `${input.leader} 不是党组成员账号。`);
        for (const u of input.units) if (!(await unitExists(trx, u))) fail("BAD_REQUEST", `没有代码为 ${u} 的法庭。`);
        const before = (await trx.selectFrom("leader_assignments").select("unit_key").where("user_id", "=", leader.id).execute()).map((r) => r.unit_key).sort();
        await trx.deleteFrom("leader_assignments").where("user_id", "=", leader.id).execute();
        for (const u of [...new Set(input.units)]) await trx.insertInto("leader_assignments").values({ user_id: leader.id, unit_key: u }).execute();
        await checkOversight(trx);
        await appendAudit(trx, { username: ctx.user.username, action: "assignments.set", target: input.leader, before, after: [...new Set(input.units)].sort() });
      });
      return { ok: true as const };
    }),
});
