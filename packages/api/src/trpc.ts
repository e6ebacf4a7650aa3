import { initTRPC, TRPCError } from "@trpc/server";
import type { Kysely } from "kysely";
import { databaseStrain, isConcurrencyFailure, isUniqueViolation, STRAIN_MESSAGES, type Database, type Role } from "@scorecard/db";
import { InputError, moreProblemsText, problemText, roleName } from "@scorecard/rules";
import { DomainError, RACE_MESSAGE } from "./errors";
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
    const { message, problems, problemsTotal, problemsFile } = describeError(error, path, input);
    return {
      ...shape,
      message,
      data: { ...shape.data, stack: undefined, ...(problems ? { problems } : {}), ...(problemsTotal !== undefined ? { problemsTotal } : {}), ...(problemsFile ? { problemsFile } : {}) },
    };
  },
});

export const router = t.router;

/** In a middleware (outside the error middleware's reach): a tRPC error straight away. */
function failNow(code: TRPCError["code"], message: string): never {
  throw new TRPCError({ code, message });
}
export const middleware = t.middleware;
export const createCallerFactory = t.createCallerFactory;

export { fail } from "./errors";

/**
 * The one place where what the domain throws becomes a tRPC error: a DomainError keeps its code
 * and sentence; our InputError (bad data) is BAD_REQUEST with every problem attached; a race the
 * database decided (a duplicate key, a serialisation failure, a deadlock) is CONFLICT, never 500.
 */
const domainErrors = t.middleware(async ({ ctx, type, next }) => {
  // a query answers from one revision of the data, looked at once (ScoreService.pinned)
  const result = await (type === "query" ? next({ ctx: { ...ctx, scores: ctx.scores.pinned() } }) : next());
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof DomainError) throw new TRPCError({ code: cause.code, message: cause.message, cause });
  if (cause instanceof InputError)
    throw new TRPCError({ code: "BAD_REQUEST", message: [...cause.problems.map(problemText), moreProblemsText(cause)].filter(Boolean).join("\n"), cause });
  // a database that is away, a file held locked, a full disk: 503 in Chinese (the server adds Retry-After)
  const strain = databaseStrain(cause);
  if (strain) throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: STRAIN_MESSAGES[strain], cause });
  if (isUniqueViolation(cause) || isConcurrencyFailure(cause)) throw new TRPCError({ code: "CONFLICT", message: RACE_MESSAGE, cause });
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors);

/** A signed-in user: the context's `user` is narrowed to non-null. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) failNow("UNAUTHORIZED", "请先登录(会话不存在或已过期)。");
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** Only the given roles may call the procedure (product.md, "What anyone may see and do"). */
export function rolesProcedure(...roles: Role[]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.user.role))
      failNow("FORBIDDEN", `此操作仅限${roles.map(roleName).join("、")},当前账号(${roleName(ctx.user.role)})无权执行。`);
    return next();
  });
}
