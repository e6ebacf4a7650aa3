/**
 * What the API answers for an error, in Chinese, whoever raised it: our procedures (already
 * Chinese), zod (every problem, each naming what it received), or tRPC's own HTTP layer
 * (unknown procedure, wrong method, wrong content type, malformed JSON — English there).
 * Used by the router's errorFormatter, so /trpc and the server's /files adapter say the same.
 */
import type { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { InputError, zodProblems, type Problem } from "@scorecard/rules";

const CJK = /[\u4e00-\u9fff]/;

export interface DescribedError {
  message: string;
  problems?: Problem[];
  /** a shortened list's total (an upload with more than MAX_LISTED_PROBLEMS problems) */
  problemsTotal?: number;
  /** where that upload's whole list downloads as .xlsx */
  problemsFile?: string;
}

export function describeError(error: TRPCError, path: string | undefined, input: unknown): DescribedError {
  if (error.cause instanceof InputError) {
    const { problems, total, fullList } = error.cause;
    return { message: error.message, problems, ...(total !== undefined ? { problemsTotal: total } : {}), ...(fullList ? { problemsFile: fullList } : {}) };
  }
  if (error.cause instanceof ZodError) {
    const problems = inputProblems(error.cause, input);
    const message = `输入有误:${problems.map((p) => `${p.path && p.path !== "$" ? p.path.replace(/^\$\.?/, "") + " " : ""}${p.zh}`).join(";")}`;
    return { message, problems };
  }
  if (CJK.test(error.message)) return { message: error.message };
  return { message: adapterMessage(error, path) };
}

/** zod's problems, each saying what was received at its place (never a password). */
function inputProblems(error: ZodError, input: unknown): Problem[] {
  const problems = zodProblems(error);
  return problems.map((p, i) => {
    const issue = error.issues[i];
    if (!issue) return p;
    const value = valueAt(input, issue.path);
    const secret = issue.path.some((k) => typeof k === "string" && /password/i.test(k));
    if (issue.code === "invalid_type") {
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      if (value === undefined) return { ...p, zh: `缺少此项(应为${expected})`, en: `missing (expected ${issue.expected})` };
      if (secret) return { ...p, zh: `应为${expected}`, en: `expected ${issue.expected}` };
      const received = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
      return { ...p, zh: `应为${expected},收到的是${describeValue(value)}`, en: `expected ${issue.expected}, received ${received}` };
    }
    return value === undefined || secret ? p : { ...p, zh: `${p.zh}(收到 ${shortValue(value)})` };
  });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

const TYPE_NAMES: Record<string, string> = {
  string: "文本",
  number: "数字",
  int: "整数",
  boolean: "布尔值(true 或 false)",
  object: "对象",
  array: "数组",
  bigint: "整数",
  date: "日期",
  null: "null",
};

function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return `数组(${v.length} 项)`;
  if (v instanceof Uint8Array) return `二进制内容(${v.length} 字节)`;
  switch (typeof v) {
    case "string":
      return `文本 ${shortValue(v)}`;
    case "number":
      return `数字 ${v}`;
    case "boolean":
      return `布尔值 ${v}`;
    case "object":
      return "对象";
    default:
      return typeof v;
  }
}

function shortValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === "number" || typeof v === "boolean" || v === null) return String(v);
  return describeValue(v);
}

/** tRPC's own English messages (and anything else without Chinese), said in Chinese. */
function adapterMessage(error: TRPCError, path: string | undefined): string {
  const name = path ? `“${path}”` : "";
  switch (error.code) {
    case "NOT_FOUND":
      return `没有名为${name}的接口,请检查地址(接口名如 scores.ranking)。`;
    case "METHOD_NOT_SUPPORTED": {
      const m = /Unsupported (\w+)-request to (\w+) procedure/.exec(error.message);
      if (m?.[2] === "query") return `${name}是查询接口,请用 GET 请求(输入放在 ?input= 中),收到的是 ${m[1]} 请求。`;
      if (m?.[2] === "mutation") return `${name}是修改接口,请用 POST 请求(输入作为 JSON 正文),收到的是 ${m[1]} 请求。`;
      return "不支持这种请求方法。";
    }
    case "UNSUPPORTED_MEDIA_TYPE": {
      const m = /content-type "([^"]*)/i.exec(error.message);
      return `接口只接受 JSON 正文(Content-Type: application/json),${m ? `收到的是 ${m[1]}` : "请求没有注明 Content-Type"}。`;
    }
    case "PAYLOAD_TOO_LARGE":
      return "请求内容过大,未处理。";
    case "PARSE_ERROR":
      return `请求内容不是有效的 JSON${jsonPlace(error)},未处理。请检查引号、逗号和括号。`;
    case "BAD_REQUEST":
      if (error.cause instanceof SyntaxError) return `请求内容不是有效的 JSON${jsonPlace(error)},未处理。请检查引号、逗号和括号。`;
      return "请求有误,未处理。请检查地址和输入。";
    case "UNAUTHORIZED":
      return "请先登录。";
    case "FORBIDDEN":
      return "无权执行此操作。";
    case "TOO_MANY_REQUESTS":
      return "请求过于频繁,请稍后再试。";
    case "TIMEOUT":
      return "请求超时,请稍后重试。";
    case "CLIENT_CLOSED_REQUEST":
      return "请求已被取消。";
    default:
      // never an exception's own text (it can name tables and columns)
      return "服务器内部错误,请稍后重试;如持续出现请联系系统管理员。";
  }
}

/** Where JSON.parse stopped, as V8 says it ("… at position 12", "Unexpected end of JSON input"). */
function jsonPlace(error: TRPCError): string {
  const text = error.cause instanceof Error ? error.cause.message : error.message;
  const at = /position (\d+)/.exec(text);
  if (at) return `(第 ${Number(at[1]) + 1} 个字符处有误)`;
  if (/end of JSON input/i.test(text)) return "(内容不完整)";
  return "";
}
