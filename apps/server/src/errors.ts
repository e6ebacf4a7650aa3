/**
 * Errors the HTTP layer answers itself (before or around the API): unknown addresses, wrong
 * methods, bodies too large or of the wrong type, requests from another site. Every one in
 * Chinese and in the shape of its path: tRPC's error shape under /trpc (so a tRPC client reads
 * it as it reads the API's own), `{ error: { code, message } }` everywhere else.
 */
import { getTRPCErrorShape, TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { appRouter } from "@scorecard/api";
import { databaseStrain, STRAIN_MESSAGES } from "@scorecard/db";

export function isApiPath(url: string): boolean {
  return url === "/trpc" || url.startsWith("/trpc/") || url.startsWith("/trpc?");
}

function procedurePath(url: string): { paths: Array<string | undefined>; batch: boolean } {
  const u = new URL(url, "http://localhost");
  const batch = u.searchParams.get("batch") === "1";
  let path: string | undefined;
  try {
    path = decodeURIComponent(u.pathname.replace(/^\/trpc\/?/, "")) || undefined;
  } catch {
    path = undefined;
  }
  return { paths: batch && path ? path.split(",") : [path], batch };
}

/** tRPC's error shape, through the router's own errorFormatter (which says it in Chinese). */
function shapeOf(error: TRPCError, path: string | undefined, input: unknown) {
  return getTRPCErrorShape({ config: appRouter._def._config, error, type: "unknown", path, input, ctx: undefined });
}

/** Sends `error` as its path expects it; `input` (what a /files call passed on) lets input errors name what was received. */
export function sendError(req: FastifyRequest, res: FastifyReply, error: TRPCError, input?: unknown, status?: number): FastifyReply {
  res.status(status ?? getHTTPStatusCodeFromError(error));
  if (isApiPath(req.url)) {
    const { paths, batch } = procedurePath(req.url);
    const bodies = paths.map((p) => ({ error: shapeOf(error, p, input) }));
    return res.send(batch ? bodies : bodies[0]);
  }
  const shape = shapeOf(error, undefined, input);
  const { problems, problemsTotal, problemsFile } = shape.data as { problems?: unknown; problemsTotal?: number; problemsFile?: string };
  return res.send({
    error: { code: error.code, message: shape.message, ...(problems ? { problems } : {}), ...(problemsTotal !== undefined ? { problemsTotal } : {}), ...(problemsFile ? { problemsFile } : {}) },
  });
}

export function httpError(code: TRPC_ERROR_CODE_KEY, message: string): TRPCError {
  return new TRPCError({ code, message });
}

const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"] as const;

/** What the upload routes say when a body is too large (they set it; see server.ts). */
export interface ErrorHandlerOptions {
  /** the message for a body over the limit, by path */
  tooLarge(req: FastifyRequest): string;
  /** the portal's index.html, served for GET requests outside /trpc and /files (none without a portal) */
  indexHtml: Buffer | undefined;
}

const CODE_OF_STATUS: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_SUPPORTED",
  408: "TIMEOUT",
  409: "CONFLICT",
  412: "PRECONDITION_FAILED",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  422: "UNPROCESSABLE_CONTENT",
  429: "TOO_MANY_REQUESTS",
};

/** Fastify's own errors (body parsing, URLs), in Chinese. */
function fastifyErrorMessage(err: FastifyError, req: FastifyRequest, opts: ErrorHandlerOptions): string {
  switch (err.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return opts.tooLarge(req);
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return `不支持这种请求正文类型(收到 ${req.headers["content-type"] ?? "未注明 Content-Type"})。`;
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return "请求内容不是有效的 JSON,未处理。请检查引号、逗号和括号。";
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return "请求正文的长度与 Content-Length 不符,未处理。";
    case "FST_ERR_BAD_URL":
      return "地址中有无法识别的字符,请检查网址。";
    default:
      return `请求有误(HTTP ${err.statusCode}),未处理。`;
  }
}

/** The server's error and not-found handlers; set before any route or plugin is registered. */
export function installErrorHandlers(app: FastifyInstance, opts: ErrorHandlerOptions): void {
  app.setErrorHandler((err: FastifyError, req, res) => {
    if (err instanceof TRPCError) return sendError(req, res, err);
    const status = err.statusCode === 413 || err.code === "FST_ERR_CTP_BODY_TOO_LARGE" ? 413 : err.statusCode;
    if (status && status < 500) return sendError(req, res, httpError(CODE_OF_STATUS[status] ?? "BAD_REQUEST", fastifyErrorMessage(err, req, opts)));
    // a database away or busy, a full disk: named, 503 (507 for a full disk under /files)
    const strain = databaseStrain(err);
    if (strain) {
      req.log.warn({ err }, `http.database_${strain}`);
      return sendError(req, res, httpError("SERVICE_UNAVAILABLE", STRAIN_MESSAGES[strain]), undefined, strain === "full" && req.url.startsWith("/files") ? 507 : undefined);
    }
    req.log.error({ err }, "http.internal_error");
    return sendError(req, res, httpError("INTERNAL_SERVER_ERROR", "服务器内部错误,请稍后重试;如持续出现请联系系统管理员。"));
  });

  app.setNotFoundHandler((req, res) => {
    const pathname = req.url.split("?")[0] ?? "/";
    // the address exists for another method: 405, with the methods it takes
    const allowed = METHODS.filter((m) => m !== req.method && app.hasRoute({ method: m, url: pathname }));
    if (allowed.length > 0) {
      res.header("allow", [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : [])].join(", "));
      return sendError(req, res, httpError("METHOD_NOT_SUPPORTED", `${pathname} 只接受 ${allowed.join("、")} 请求,收到的是 ${req.method} 请求。`));
    }
    // the portal's own routes (e.g. /units/dayushu) load index.html
    if (opts.indexHtml && req.method === "GET" && !isApiPath(req.url) && !pathname.startsWith("/files")) return sendIndex(res, opts.indexHtml);
    return sendError(req, res, httpError("NOT_FOUND", `没有这个地址:${pathname}。请检查网址是否正确。`));
  });
}

/**
 * The portal's index.html, from memory: it is what every first visit and every portal address
 * loads, so it never waits for the disk (it is `no-store`, security.ts: after an upgrade a browser
 * gets the page naming the new assets at once).
 */
export function sendIndex(res: FastifyReply, html: Buffer): FastifyReply {
  return res.type("text/html; charset=utf-8").send(html);
}
