import { initTRPC, TRPCError } from "@trpc/server";
import type { Kysely } from "kysely";
import type { Database, Role } from "@scorecard/db";
import { InputError, problemText } from "@scorecard/rules";
import type { SessionUser } from "./auth";
import { describeError } from "./error-format";
import type { ScoreService } from "./scores-service";

/** How the server lets procedures set and clear the session cookie. */
export interface SessionCookie {
  set(token: string): void;
  clear(): void;
  /** the token the request came with */
  readonly token: string | undefined;
}

/** What every procedure sees. Built per request by the server (apps/server). */
export interface Context {
  db: Kysely<Database>;
  scores: ScoreService;
  user: SessionUser | null;
  ip: string;
  cookie: SessionCookie;
  /** demo mode: the accounts the login page lists (the server's demo seeding says which); null outside demo mode */
  demo: { accounts: ReadonlyArray<{ username: string; name: string; role: Role }> } | null;
  /** the server's clock: review deadlines, publication times, numbers (tests set it) */
  now: () => Date;
}

const t = initTRPC.context<Context>().create({
  // every error in Chinese: invalid input as every problem with its place and what was received,
  // tRPC's own English errors (unknown procedure, wrong method or content type, bad JSON) translated
  errorFormatter({ shape, error, path, input }) {
    const { message, problems } = describeError(error, path, input);
    return { ...shape, message, data: { ...shape.data, stack: undefined, ...(problems ? { problems } : {}) } };
  },
});

export const router = t.router;
export const middleware = t.middleware;
export const createCallerFactory = t.createCallerFactory;

/** Errors users read are Chinese sentences that say what to do. */
export function fail(code: TRPCError["code"], message: string, cause?: unknown): never {
  throw new TRPCError({ code, message, cause });
}

/** Turns our InputError (bad data) into BAD_REQUEST with every problem attached. */
const inputErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof InputError) {
    const e = result.error.cause;
    throw new TRPCError({ code: "BAD_REQUEST", message: e.problems.map(problemText).join("\n"), cause: e });
  }
  return result;
});

export const publicProcedure = t.procedure.use(inputErrors);

/** A signed-in user: the context's `user` is narrowed to non-null. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) fail("UNAUTHORIZED", "请先登录(会话不存在或已过期)。");
  return next({ ctx: { ...ctx, user: ctx.user } });
});

const ROLE_NAMES: Record<Role, string> = { admin: "系统管理员", hr: "政治处", stats: "统计员", leader: "党组成员", head: "庭长" };
export function roleName(r: Role): string {
  return ROLE_NAMES[r];
}

/** Only the given roles may call the procedure (product.md, "What anyone may see and do"). */
export function rolesProcedure(...roles: Role[]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.user.role))
      fail("FORBIDDEN", `此操作仅限${roles.map(roleName).join("、")},当前账号(${roleName(ctx.user.role)})无权执行。`);
    return next();
  });
}
