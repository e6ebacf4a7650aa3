import { z } from "zod";
import type { Kysely } from "kysely";
import { findUserByUsername, unitsOfLeader, type Database } from "@scorecard/db";
import { createSession, dummyHash, endSession, loginThrottled, recordLoginAttempt, verifyPassword, type SessionUser } from "../auth";
import { authedProcedure, fail, publicProcedure, router } from "../trpc";

/**
 * Sign-ins of one account from one address run one at a time: otherwise guesses sent in parallel
 * all pass the throttle check before the first failure is recorded.
 */
const loginQueues = new Map<string, Promise<unknown>>();
function oneAtATime<T>(key: string, f: () => Promise<T>): Promise<T> {
  const run = (loginQueues.get(key) ?? Promise.resolve()).then(f);
  const tail = run.catch(() => undefined);
  loginQueues.set(key, tail);
  void tail.then(() => {
    if (loginQueues.get(key) === tail) loginQueues.delete(key);
  });
  return run;
}

async function whoIs(db: Kysely<Database>, u: SessionUser) {
  const units = u.role === "leader" ? await unitsOfLeader(db, u.id) : u.unit ? [u.unit] : [];
  return { username: u.username, name: u.name, role: u.role, units };
}

export const authRouter = router({
  login: publicProcedure
    .input(z.object({ username: z.string().trim().min(1).max(100), password: z.string().min(1).max(200) }))
    .mutation(({ ctx, input }) => oneAtATime(`${input.username}\n${ctx.ip}`, async () => {
      if (await loginThrottled(ctx.db, input.username, ctx.ip, ctx.now()))
        fail("TOO_MANY_REQUESTS", "登录失败次数过多,请 15 分钟后再试,或联系系统管理员。");
      const user = await findUserByUsername(ctx.db, input.username);
      const ok = await verifyPassword(user?.password_hash ?? (await dummyHash()), input.password);
      if (!user || !ok || user.active !== 1) {
        await recordLoginAttempt(ctx.db, input.username, ctx.ip, false, ctx.now());
        fail("UNAUTHORIZED", "用户名或密码不正确。");
      }
      await recordLoginAttempt(ctx.db, input.username, ctx.ip, true, ctx.now());
      ctx.cookie.set(await createSession(ctx.db, user.id, ctx.ip, ctx.now()));
      return { user: { username: user.username, name: user.name, role: user.role } };
    })),

  logout: publicProcedure.mutation(async ({ ctx }) => {
    await endSession(ctx.db, ctx.cookie.token);
    ctx.cookie.clear();
    return { ok: true as const };
  }),

  me: authedProcedure.query(({ ctx }) => whoIs(ctx.db, ctx.user)),

  /**
   * The signed-in user, or null without a session: what the portal asks on opening, so that a
   * visitor who is not signed in yet is not answered with an error (interfaces.md keeps auth.me).
   */
  session: publicProcedure.query(({ ctx }) => (ctx.user ? whoIs(ctx.db, ctx.user) : null)),

  /** The demo accounts, for the login page; empty outside demo mode. */
  demoAccounts: publicProcedure.query(({ ctx }) => (ctx.demo ? ctx.demo.accounts.map(({ username, name, role }) => ({ username, name, role })) : [])),
});
