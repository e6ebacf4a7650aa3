import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { fastifyTRPCPlugin, type CreateFastifyContextOptions } from "@trpc/server/adapters/fastify";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { appRouter, createCallerFactory, resolveSession, ScoreService, SESSION_IDLE_MS, type AppRouter, type Context } from "@scorecard/api";
import type { Db } from "@scorecard/db";

export const SESSION_COOKIE = "scorecard_session";
/** Uploads are at most 5 MB; a base64 body through /trpc is a third larger. */
const BODY_LIMIT = 8 * 1024 * 1024;
const UPLOAD_LIMIT = 5 * 1024 * 1024;

export interface ServerOptions {
  db: Db;
  demo: boolean;
  /** the built portal (apps/portal/dist), served at / when it exists */
  portalDir?: string;
  logger?: boolean;
}

/** Builds the HTTP server: /trpc (the API), /files (downloads and uploads), /healthz and the portal. */
export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ? { level: "info" } : false, bodyLimit: BODY_LIMIT, trustProxy: false });
  const scores = new ScoreService();
  await app.register(fastifyCookie);

  const contextFor = async (req: FastifyRequest, res: FastifyReply): Promise<Context> => {
    const token = req.cookies[SESSION_COOKIE];
    const secure = req.protocol === "https";
    return {
      db: opts.db.kysely,
      scores,
      demo: opts.demo,
      ip: req.ip,
      user: await resolveSession(opts.db.kysely, token),
      cookie: {
        token,
        set: (value) =>
          void res.setCookie(SESSION_COOKIE, value, { path: "/", httpOnly: true, sameSite: "lax", secure, maxAge: Math.floor(SESSION_IDLE_MS / 1000) }),
        clear: () => void res.clearCookie(SESSION_COOKIE, { path: "/", httpOnly: true, sameSite: "lax", secure }),
      },
    };
  };

  await app.register(fastifyTRPCPlugin, {
    prefix: "/trpc",
    trpcOptions: {
      router: appRouter,
      createContext: ({ req, res }: CreateFastifyContextOptions) => contextFor(req, res),
      onError({ error, path }: { error: TRPCError; path: string | undefined }) {
        if (error.code === "INTERNAL_SERVER_ERROR") app.log.error({ err: error.cause ?? error, path }, "api.internal_error");
      },
    },
  });

  app.get("/healthz", async () => {
    await opts.db.kysely.selectFrom("units").select("key").limit(1).execute();
    return { ok: true };
  });

  // Files: thin adapters over the same procedures, so permissions live in one place.
  const createCaller = createCallerFactory(appRouter);
  const callerFor = async (req: FastifyRequest, res: FastifyReply) => createCaller(await contextFor(req, res));
  const sendError = (res: FastifyReply, e: unknown) => {
    if (e instanceof TRPCError) {
      const problems = (e.cause as { problems?: unknown } | undefined)?.problems;
      return res.status(getHTTPStatusCodeFromError(e)).send({ error: { code: e.code, message: e.message, ...(problems ? { problems } : {}) } });
    }
    throw e;
  };

  app.get<{ Querystring: { period?: string } }>("/files/facts-template", async (req, res) => {
    try {
      const caller = await callerFor(req, res);
      const t = await caller.facts.template({ period: req.query.period ?? "" });
      return res
        .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(t.fileName)}`)
        .send(Buffer.from(t.content, "base64"));
    } catch (e) {
      return sendError(res, e);
    }
  });

  // an upload arrives as the raw file body
  app.addContentTypeParser(
    ["application/octet-stream", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    { parseAs: "buffer", bodyLimit: UPLOAD_LIMIT },
    (_req, body, done) => done(null, body),
  );
  app.post<{ Querystring: { period?: string; name?: string }; Body: Buffer }>("/files/facts-import", async (req, res) => {
    try {
      const caller = await callerFor(req, res);
      if (!Buffer.isBuffer(req.body)) return res.status(400).send({ error: { code: "BAD_REQUEST", message: "请以文件内容作为请求正文上传 .xlsx 文件。" } });
      return await caller.facts.importPreview({ period: req.query.period ?? "", fileName: req.query.name ?? "upload.xlsx", content: req.body.toString("base64") });
    } catch (e) {
      return sendError(res, e);
    }
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _req, res) => {
    if (err.statusCode === 413 || err.code === "FST_ERR_CTP_BODY_TOO_LARGE")
      return res.status(413).send({ error: { code: "PAYLOAD_TOO_LARGE", message: "文件超过 5 MB,请只上传本月的填报模板。" } });
    if (err.statusCode && err.statusCode < 500) return res.status(err.statusCode).send({ error: { code: err.code ?? "BAD_REQUEST", message: err.message } });
    app.log.error({ err }, "http.internal_error");
    return res.status(500).send({ error: { code: "INTERNAL_SERVER_ERROR", message: "服务器内部错误,请稍后重试;如持续出现请联系系统管理员。" } });
  });

  const portal = opts.portalDir;
  if (portal && existsSync(join(portal, "index.html"))) {
    await app.register(fastifyStatic, { root: portal, prefix: "/", wildcard: false, maxAge: "1h" });
    // the portal's own routes (e.g. /units/dayushu) load index.html
    app.setNotFoundHandler((req, res) => {
      if (req.method === "GET" && !req.url.startsWith("/trpc") && !req.url.startsWith("/files")) return res.sendFile("index.html");
      return res.status(404).send({ error: { code: "NOT_FOUND", message: "没有这个地址。" } });
    });
  }
  return app;
}

export type { AppRouter };
