import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import { TRPCError } from "@trpc/server";
import { fastifyTRPCPlugin, type CreateFastifyContextOptions } from "@trpc/server/adapters/fastify";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { appRouter, type Clock, createCallerFactory, createContext, pool, ScoreService, SESSION_IDLE_MS, type AppRouter, type Context } from "@scorecard/api";
import { databaseStrain, STRAIN_MESSAGES, STRAIN_RETRY_AFTER_SECONDS, type Db } from "@scorecard/db";
import { httpError, installErrorHandlers, isApiPath, sendError, sendIndex } from "./errors";
import { officialHtmlCsp } from "@scorecard/documents";
import { DEMO_LOGINS } from "./demo-seed";
import { clientErrorHandler, CROSS_SITE_MESSAGE, isCrossSiteWrite, SECURITY_HEADERS, securityHeaders, type TrustProxy } from "./security";

export const SESSION_COOKIE = "scorecard_session";
/** A JSON request to /trpc: inputs are small (the largest is a rulebook draft, some 30 KB). */
const API_BODY_LIMIT = 1024 * 1024;
/** An uploaded workbook, sent as raw bytes to /files/facts-import. */
const UPLOAD_LIMIT = 5 * 1024 * 1024;
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const UPLOAD_TYPES = ["application/octet-stream", XLSX_TYPE];
/** the committee scores' import takes its workbook or a CSV */
const MANUAL_UPLOAD_TYPES = [...UPLOAD_TYPES, "text/csv"];

/** Procedures that carry file bytes: only the /files adapters below call them. */
const FILE_PROCEDURES: Record<string, string> = {
  "facts.template": "GET /files/facts-template?period=2023-03",
  "facts.importPreview": "POST /files/facts-import?period=2023-03&name=文件名.xlsx(文件本身作为请求正文)",
  "manual.template": "GET /files/manual-template?period=2023-03",
  "manual.importFile": "POST /files/manual-import?period=2023-03&name=文件名.xlsx(文件本身作为请求正文,也可以是 CSV)",
  "uploads.problems": "GET /files/import-problems?id=…(上传被拒时答复中给出的地址)",
  "notices.file": "GET /files/notice?period=2023-03&format=docx",
  "summaries.file": "GET /files/summary?quarter=2023-Q1&format=docx",
  "annual.file": "GET /files/annual?year=2022&format=docx",
};

export interface ServerOptions {
  db: Db;
  demo: boolean;
  /** the built portal (apps/portal/dist), served at / when it exists */
  portalDir?: string;
  logger?: boolean;
  /**
   * Which proxies may say, in X-Forwarded-For / -Proto / -Host, who the client is and whether it
   * spoke HTTPS (then the session cookie is `Secure`). Default: none (the headers are ignored).
   * See `parseTrustProxy` (security.ts) for the TRUST_PROXY setting.
   */
  trustProxy?: TrustProxy;
  /** the clock every time of the cycle is read from (tests set it); the system clock by default */
  clock?: Clock;
}

/** A number typed in a query string, or the text itself when it is not one, so that the refusal says what was typed (never "NaN"). */
function numberOrText(s: string): number {
  return (/^\s*-?\d+(\.\d+)?\s*$/.test(s) ? Number(s) : s) as number;
}

function mediaType(req: FastifyRequest): string {
  return (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
}

/** Builds the HTTP server: /trpc (the API), /files (downloads and uploads), /healthz and the portal. */
export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: "info" } : false,
    bodyLimit: API_BODY_LIMIT,
    trustProxy: opts.trustProxy ?? false,
    // what Node's parser and Fastify's router refuse themselves (431, 414, a malformed URL): in Chinese, with the security headers
    clientErrorHandler,
    frameworkErrors: (err, req, res) => {
      // answered before any route or hook: the headers are set here
      res.headers({ ...SECURITY_HEADERS, "cache-control": "no-store" });
      return err.code === "FST_ERR_MAX_PARAM_LENGTH"
        ? sendError(req, res, httpError("BAD_REQUEST", "网址过长,未处理。请检查网址(接口名如 scores.ranking)。"), undefined, 414)
        : sendError(req, res, httpError("BAD_REQUEST", err.code === "FST_ERR_BAD_URL" ? "地址中有无法识别的字符,请检查网址。" : "请求有误,未处理。请检查网址。"));
    },
  });
  const portal = opts.portalDir && existsSync(join(opts.portalDir, "index.html")) ? opts.portalDir : undefined;

  // set before any plugin or route, so that every one of them inherits them
  const indexHtml = portal ? readFileSync(join(portal, "index.html")) : undefined;
  installErrorHandlers(app, {
    indexHtml,
    tooLarge: (req) =>
      req.url.startsWith("/files/facts-import")
        ? "文件超过 5 MB,请只上传本月的填报模板。"
        : req.url.startsWith("/files/manual-import")
          ? "文件超过 5 MB,请只上传本月的评议打分模板。"
          : "请求内容超过 1 MB 的上限,未处理。上传 Excel 文件请用 /files/facts-import。",
  });
  app.addHook("onSend", securityHeaders);
  // every 503 (a database away or busy, a full queue of heavy work) says when to try again
  // (tRPC's adapter sends a fetch Response, whose status Fastify applies after these hooks)
  app.addHook("onSend", async (_req, res, payload) => {
    const status = payload instanceof Response ? payload.status : res.statusCode;
    const named = payload instanceof Response && payload.headers.has("retry-after");
    if (status === 503 && !named && !res.hasHeader("retry-after")) res.header("retry-after", String(STRAIN_RETRY_AFTER_SECONDS));
  });
  app.addHook("onRequest", async (req, res) => {
    if (isCrossSiteWrite(req)) return sendError(req, res, httpError("FORBIDDEN", CROSS_SITE_MESSAGE));
    if (!isApiPath(req.url)) return;
    let path = req.url.split("?")[0]!.replace(/^\/trpc\/?/, "");
    try {
      path = decodeURIComponent(path);
    } catch {
      /* left as it is: tRPC answers that no such procedure exists */
    }
    const fileOnly = path.split(",").find((p) => Object.hasOwn(FILE_PROCEDURES, p));
    if (fileOnly) return sendError(req, res, httpError("NOT_FOUND", `“${fileOnly}”传送的是 Excel 文件,不经 /trpc 调用,请用 ${FILE_PROCEDURES[fileOnly]}。`));
    // the API takes JSON only (a form or plain-text post from another page cannot reach it)
    const type = mediaType(req);
    if (req.method !== "GET" && req.method !== "HEAD" && type !== "application/json")
      return sendError(
        req,
        res,
        httpError("UNSUPPORTED_MEDIA_TYPE", `接口只接受 JSON 正文(Content-Type: application/json),${type ? `收到的是 ${type}` : "请求没有注明 Content-Type"}。`),
      );
  });

  const scores = new ScoreService();
  // the data read and the latest months ranked before the first request, the workers started
  // (best effort: a database away now answers the first requests with 503 instead)
  await Promise.all([scores.warm(opts.db.kysely).catch(() => undefined), pool().warm()]);
  await app.register(fastifyCookie);

  const contextFor = (req: FastifyRequest, res: FastifyReply): Promise<Context> => {
    // behind a trusted TLS proxy, req.protocol is the one X-Forwarded-Proto names
    const secure = req.protocol === "https";
    // the session is read before any procedure runs: a database away answers 503 here too
    return createContext({
      db: opts.db.kysely,
      scores,
      demo: opts.demo ? { accounts: DEMO_LOGINS } : null,
      ...(opts.clock ? { now: opts.clock } : {}),
      ip: req.ip,
      token: req.cookies[SESSION_COOKIE],
      cookie: {
        set: (value) =>
          void res.setCookie(SESSION_COOKIE, value, { path: "/", httpOnly: true, sameSite: "lax", secure, maxAge: Math.floor(SESSION_IDLE_MS / 1000) }),
        clear: () => void res.clearCookie(SESSION_COOKIE, { path: "/", httpOnly: true, sameSite: "lax", secure }),
      },
    }).catch((e: unknown) => {
      const strain = databaseStrain(e);
      if (strain) throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: STRAIN_MESSAGES[strain], cause: e });
      throw e;
    });
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

  app.get("/healthz", async (req, res) => {
    try {
      await opts.db.kysely.selectFrom("units").select("key").limit(1).execute();
    } catch (e) {
      const strain = databaseStrain(e);
      if (strain === "away" || strain === "busy") return sendError(req, res, httpError("SERVICE_UNAVAILABLE", STRAIN_MESSAGES[strain]));
      throw e;
    }
    return { ok: true };
  });

  // Files: thin adapters over the same procedures, so permissions live in one place.
  const createCaller = createCallerFactory(appRouter);
  const callerFor = async (req: FastifyRequest, res: FastifyReply) => createCaller(await contextFor(req, res));
  const callFailed = (req: FastifyRequest, res: FastifyReply, e: unknown, input: unknown) => {
    if (!(e instanceof TRPCError)) throw e;
    if (e.code === "INTERNAL_SERVER_ERROR") app.log.error({ err: e.cause ?? e, url: req.url }, "files.internal_error");
    // a full disk under /files is 507 Insufficient Storage (interfaces.md, "Answers under strain")
    if (e.code === "SERVICE_UNAVAILABLE" && databaseStrain(e.cause) === "full") return sendError(req, res, e, input, 507);
    return sendError(req, res, e, input);
  };

  // the documents a court issues (notice, quarterly summary, annual evaluation): a published
  // revision's exactly as frozen; before publication a draft (草稿). The procedure validates every part.
  type DocumentFile = { format: string; contentType: string; fileName: string; content: Uint8Array };
  type DocQuery = { period?: string; quarter?: string; year?: string; revision?: string; format?: string; draft?: string };
  const documentRoute = (path: string, call: (caller: Awaited<ReturnType<typeof callerFor>>, q: DocQuery, common: { format: "docx"; revision?: number; draft?: true }) => Promise<DocumentFile>) =>
    app.get<{ Querystring: DocQuery }>(path, async (req, res) => {
      const q = req.query;
      const common = { format: (q.format ?? "docx") as "docx", ...(q.revision ? { revision: numberOrText(q.revision) } : {}), ...(q.draft === "true" ? { draft: true as const } : {}) };
      try {
        const f = await call(await callerFor(req, res), q, common);
        const inline = f.format === "html";
        // the print page's own policy: nothing runs or loads, only its own <style> (by hash) applies; the portal may frame it
        if (inline) res.header("content-security-policy", officialHtmlCsp(new TextDecoder().decode(f.content))).header("x-frame-options", "SAMEORIGIN");
        return res
          .header("content-type", f.contentType)
          .header("content-disposition", `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
          .send(Buffer.from(f.content.buffer, f.content.byteOffset, f.content.byteLength));
      } catch (e) {
        return callFailed(req, res, e, { ...q, ...common });
      }
    });
  documentRoute("/files/notice", (c, q, common) => c.notices.file({ period: q.period ?? "", ...common }));
  documentRoute("/files/summary", (c, q, common) => c.summaries.file({ quarter: q.quarter ?? "", ...common }));
  documentRoute("/files/annual", (c, q, common) => c.annual.file({ year: numberOrText(q.year ?? ""), ...common }));

  // workbooks to download: the monthly templates (the facts for stats, the committee scores for hr) with the
  // stored entries filled in, and the whole list of a refused upload's problems (the answer lists the first 200)
  type Caller = Awaited<ReturnType<typeof callerFor>>;
  const workbookRoute = <I extends object>(path: string, inputOf: (q: Record<string, string | undefined>) => I, call: (caller: Caller, input: I) => Promise<{ fileName: string; content: Uint8Array }>) =>
    app.get<{ Querystring: Record<string, string | undefined> }>(path, async (req, res) => {
      const input = inputOf(req.query);
      try {
        const t = await call(await callerFor(req, res), input);
        return res
          .header("content-type", XLSX_TYPE)
          .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(t.fileName)}`)
          .send(Buffer.from(t.content.buffer, t.content.byteOffset, t.content.byteLength));
      } catch (e) {
        return callFailed(req, res, e, input);
      }
    });
  workbookRoute("/files/facts-template", (q) => ({ period: q.period ?? "" }), (c, input) => c.facts.template(input));
  workbookRoute("/files/manual-template", (q) => ({ period: q.period ?? "" }), (c, input) => c.manual.template(input));
  workbookRoute("/files/import-problems", (q) => ({ id: q.id ?? "" }), (c, input) => c.uploads.problems(input));

  // an upload arrives as the raw file body
  app.addContentTypeParser(MANUAL_UPLOAD_TYPES, { parseAs: "buffer", bodyLimit: UPLOAD_LIMIT }, (_req, body, done) => done(null, body));
  app.post<{ Querystring: { period?: string; name?: string }; Body: Buffer }>(
    "/files/facts-import",
    {
      bodyLimit: UPLOAD_LIMIT,
      onRequest: async (req, res) => {
        const type = mediaType(req);
        if (!UPLOAD_TYPES.includes(type))
          return sendError(
            req,
            res,
            httpError(
              "UNSUPPORTED_MEDIA_TYPE",
              `请把 .xlsx 文件本身作为请求正文上传(Content-Type: application/octet-stream),${type ? `收到的是 ${type}` : "请求没有注明 Content-Type"}。`,
            ),
          );
      },
    },
    async (req, res) => {
      const input = { period: req.query.period ?? "", fileName: req.query.name ?? "upload.xlsx" };
      try {
        return await (await callerFor(req, res)).facts.importPreview({ ...input, content: req.body });
      } catch (e) {
        return callFailed(req, res, e, input);
      }
    },
  );

  app.post<{ Querystring: { period?: string; name?: string }; Body: Buffer }>(
    "/files/manual-import",
    {
      bodyLimit: UPLOAD_LIMIT,
      onRequest: async (req, res) => {
        const type = mediaType(req);
        if (!MANUAL_UPLOAD_TYPES.includes(type))
          return sendError(
            req,
            res,
            httpError(
              "UNSUPPORTED_MEDIA_TYPE",
              `请把评议打分模板(.xlsx)或 CSV 文件本身作为请求正文上传(Content-Type: application/octet-stream,CSV 也可用 text/csv),${type ? `收到的是 ${type}` : "请求没有注明 Content-Type"}。`,
            ),
          );
      },
    },
    async (req, res) => {
      const input = { period: req.query.period ?? "", fileName: req.query.name ?? (mediaType(req) === "text/csv" ? "upload.csv" : "upload.xlsx") };
      try {
        return await (await callerFor(req, res)).manual.importFile({ ...input, content: req.body ?? Buffer.alloc(0) });
      } catch (e) {
        return callFailed(req, res, e, input);
      }
    },
  );

  if (portal && indexHtml) {
    // index.html from memory (sendIndex); every other file of the portal from the disk
    app.addHook("onRequest", async (req, res) => {
      if ((req.method === "GET" || req.method === "HEAD") && (req.url === "/" || req.url.startsWith("/?") || req.url === "/index.html" || req.url.startsWith("/index.html?"))) return sendIndex(res, indexHtml);
    });
    await app.register(fastifyStatic, { root: portal, prefix: "/", wildcard: false, maxAge: "1h" });
  }
  return app;
}

export type { AppRouter };
