/**
 * What the server does for every request before it reaches the API: security headers on every
 * response, writes refused when they come from another site, and which proxies are trusted to
 * say what the client's address and protocol were.
 */
import type { Duplex } from "node:stream";
import { isIP } from "node:net";
import type { FastifyReply, FastifyRequest } from "fastify";

/**
 * The portal runs under this policy (apps/portal/e2e/csp.test.ts checks it in Chromium): its own
 * scripts and style sheets only — Vite builds no inline script, Vue and Element Plus set styles
 * through the CSSOM, which the policy does not govern, so no 'unsafe-inline' is needed (a plain
 * `style="…"` inside a large static block of a template would be: Vue inserts those as HTML);
 * images from itself or data:/blob: URLs (chart.js, downloads), no plugins, no framing by any
 * page (clickjacking), forms and base URL pinned to the site.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
};

/**
 * Fastify onSend hook: the security headers on every response (portal, /trpc, /files, errors).
 * A route that serves a document of its own may set a stricter policy first (the notice's print
 * HTML: no script at all, its own <style>, framed only by the portal); it is kept.
 */
export async function securityHeaders(req: FastifyRequest, res: FastifyReply, payload: unknown): Promise<unknown> {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!res.hasHeader(name)) res.header(name, value);
  // API answers and documents hold what a role may read: no cache (a shared computer, a proxy) keeps them
  if (!isStaticPath(req.url)) res.header("cache-control", "no-store");
  return payload;
}

/** The portal's own files (scripts, styles, images), which a browser may cache; everything else is no-store. */
function isStaticPath(url: string): boolean {
  return /^\/(?:assets\/|favicon\.|[^/?]+\.(?:js|css|png|svg|ico|woff2?)(?:\?|$))/.test(url);
}

/**
 * Node's parser refuses a request before Fastify sees it (headers or a URL over 16 KB: 431; a
 * malformed request: 400; too slow: 408). Fastify's own answer is English and bare; this one is
 * Chinese, in the `{ error: { code, message } }` shape, with the security headers.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const [status, text, code, message] =
    err.code === "HPE_HEADER_OVERFLOW"
      ? [431, "Request Header Fields Too Large", "BAD_REQUEST", "请求头或网址过长(超过 16 KB),未处理。请检查网址;如经常出现,请清除本站的 Cookie 后重试。"]
      : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "Request Timeout", "TIMEOUT", "请求发送超时,未处理。请检查网络后重试。"]
        : [400, "Bad Request", "BAD_REQUEST", "请求格式有误,未处理。"];
  const body = Buffer.from(JSON.stringify({ error: { code, message } }), "utf8");
  const headers = { ...SECURITY_HEADERS, "cache-control": "no-store", "content-type": "application/json; charset=utf-8", "content-length": String(body.length), connection: "close" };
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${text}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join("\r\n")}\r\n\r\n`);
    socket.write(body);
  }
  socket.destroy(err);
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether a request that changes something comes from another site: its `Origin` names another
 * host than the one it was sent to (the `Host` header, or `X-Forwarded-Host` from a trusted
 * proxy), or, without `Origin`, the browser marks it `Sec-Fetch-Site: cross-site`. A request
 * with neither (curl, scripts, the CLI) is no browser's and is allowed; reads are always allowed.
 */
export function isCrossSiteWrite(req: FastifyRequest): boolean {
  if (SAFE_METHODS.has(req.method)) return false;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let host: string;
    try {
      host = new URL(origin).host; // "null" (a sandboxed frame, a file: page) does not parse
    } catch {
      return true;
    }
    return host.toLowerCase() !== req.host.toLowerCase();
  }
  return req.headers["sec-fetch-site"] === "cross-site";
}

export const CROSS_SITE_MESSAGE = "已拒绝来自其他网站的请求:修改数据只能在本系统自己的页面上进行。如果您是在本系统页面上操作的,请刷新页面后重试。";

/** Fastify's `trustProxy`: false, a function of (address, hop), or a list of addresses. */
export type TrustProxy = false | string | ((address: string, hop: number) => boolean);

const NAMED_RANGES = new Set(["loopback", "linklocal", "uniquelocal"]);

/**
 * Reads the `TRUST_PROXY` setting. Unset, empty, `0` or `false`: no proxy is trusted and
 * `X-Forwarded-*` headers are ignored. `1` or `true`: one proxy in front (whatever its address),
 * so the client is the address it forwards and the protocol the one it names; a number n: n
 * proxies in a chain. Otherwise a comma-separated list of the proxies' addresses or CIDR ranges
 * (`127.0.0.1`, `10.0.0.0/8`, `loopback`): only a request arriving from one of them is believed.
 * Throws, in Chinese, on anything else.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = (value ?? "").trim().toLowerCase();
  if (v === "" || v === "0" || v === "false") return false;
  const hops = v === "true" ? 1 : /^\d+$/.test(v) ? Number(v) : undefined;
  if (hops !== undefined) return (_address, hop) => hop < hops;
  const items = v.split(",").map((s) => s.trim());
  for (const item of items) {
    const [address = "", bits, ...rest] = item.split("/");
    const version = isIP(address);
    const okBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (version === 6 ? 128 : 32));
    if (!NAMED_RANGES.has(item) && (version === 0 || !okBits || rest.length > 0))
      throw new Error(
        `TRUST_PROXY 的值“${value}”无效:“${item}”不是 IP 地址或网段。请写 1(前面有一层反向代理)、代理的地址列表(如 127.0.0.1,10.0.0.0/8),或不设置。`,
      );
  }
  return items.join(",");
}
