import { InputError, type Problem } from "./problems";
import { parseRulebook, type Rulebook } from "./rulebook";

/**
 * Offset of the first character at which `s` stops being valid JSON (`s.length` when it ends too
 * soon); undefined when it is valid or too deeply nested to scan. Used where Node 20's JSON.parse
 * names no position ("Unexpected token …", "Unexpected end of JSON input").
 */
function jsonErrorOffset(s: string): number | undefined {
  let i = 0;
  const ws = () => {
    while (i < s.length && " \t\n\r".includes(s[i] as string)) i++;
  };
  const str = (): boolean => {
    i++; // the opening quote
    while (i < s.length) {
      const c = s[i] as string;
      if (c === '"') {
        i++;
        return true;
      }
      if (c < " ") return false;
      if (c !== "\\") i++;
      else if (s[i + 1] === "u" && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) i += 6;
      else if ('"\\/bfnrt'.includes(s[i + 1] ?? "u")) i += 2;
      else {
        i++;
        return false;
      }
    }
    return false;
  };
  const value = (): boolean => {
    ws();
    const c = s[i];
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i++;
      ws();
      if (s[i] === close) {
        i++;
        return true;
      }
      for (;;) {
        if (c === "{") {
          ws();
          if (s[i] !== '"' || !str()) return false;
          ws();
          if (s[i] !== ":") return false;
          i++;
        }
        if (!value()) return false;
        ws();
        if (s[i] === close) {
          i++;
          return true;
        }
        if (s[i] !== ",") return false;
        i++;
      }
    }
    if (c === '"') return str();
    const word = ["true", "false", "null"].find((w) => w[0] === c);
    if (word) {
      for (const ch of word) {
        if (s[i] !== ch) return false;
        i++;
      }
      return true;
    }
    const num = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    num.lastIndex = i;
    const m = num.exec(s);
    if (!m) return false;
    i += m[0].length;
    return true;
  };
  try {
    const ok = value();
    ws();
    return ok && i === s.length ? undefined : Math.min(i, s.length);
  } catch {
    return undefined; // nested too deeply for the stack
  }
}

/** Parses rulebook JSON text: malformed JSON is a problem naming the line and column. */
export function readRulebookJson(text: string, file?: string): Rulebook {
  let data: unknown;
  const body = text.replace(/^\uFEFF/, "");
  try {
    data = JSON.parse(body);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    const problem: Problem = { zh: `不是合法的 JSON:${msg}`, en: `malformed JSON: ${msg}` };
    if (file) problem.file = file;
    const offset = pos?.[1] ? Number(pos[1]) : jsonErrorOffset(body);
    if (offset !== undefined) {
      const before = body.slice(0, offset);
      problem.line = before.split("\n").length;
      problem.column = before.length - before.lastIndexOf("\n");
    }
    throw new InputError([problem]);
  }
  return parseRulebook(data, file);
}
