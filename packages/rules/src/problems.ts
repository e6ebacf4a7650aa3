/**
 * A problem found in user input: where it is (file, line or JSON path, field) and what is wrong,
 * in Chinese for the court's users and in English for logs and scripts.
 */
export interface Problem {
  /** file name as the user gave it, when the input came from a file */
  file?: string;
  /** 1-based line of a CSV file (the header is line 1) */
  line?: number;
  /** 1-based column of a spreadsheet or CSV row */
  column?: number;
  /** JSON path into a rulebook, e.g. `$.sections[0].indicators[2].points` */
  path?: string;
  /** the field, column or key concerned */
  field?: string;
  zh: string;
  en: string;
}

/** Thrown when input is invalid; carries every problem found, never just the first. */
export class InputError extends Error {
  readonly problems: Problem[];
  /** when `problems` is only the first part of the list: how many there are in all */
  readonly total: number | undefined;
  /** where the whole list downloads (an upload's, as .xlsx) */
  readonly fullList: string | undefined;
  constructor(problems: Problem[], more?: { total: number; fullList?: string }) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "InputError";
    this.problems = problems;
    this.total = more?.total;
    this.fullList = more?.fullList;
  }
}

/** The sentence after a shortened list of problems: how many there are and where the whole list is. */
export function moreProblemsText(e: InputError): string | undefined {
  if (e.total === undefined || e.total <= e.problems.length) return undefined;
  return `以上只列出前 ${e.problems.length} 个问题,共 ${e.total} 个${e.fullList ? `;完整清单可下载(Excel):${e.fullList}` : ""}。`;
}

/** Where a problem is, in the user's words: `facts.csv 第 3 行 字段 enf_closed`. */
export function problemPlace(p: Problem): string {
  const parts: string[] = [];
  if (p.file) parts.push(p.file);
  if (p.line !== undefined) parts.push(`第 ${p.line} 行`);
  if (p.column !== undefined) parts.push(`第 ${p.column} 列`);
  if (p.path) parts.push(p.path);
  if (p.field) parts.push(`字段 ${p.field}`);
  return parts.join(" ");
}

/**
 * One line for people (the portal, an API error's message): where (file, line, column, JSON path)
 * and the Chinese sentence, which names the tribunal and field in words — no keys, no English.
 */
export function problemText(p: Problem): string {
  const place = problemPlace({ ...p, field: undefined });
  return `${place ? place + ":" : ""}${p.zh}`;
}

/** One line: place, Chinese message, English message. */
export function formatProblem(p: Problem): string {
  const place = problemPlace(p);
  return `${place ? place + ":" : ""}${p.zh} (${p.en})`;
}

/** Renders a zod-style path as a JSON path: `$.sections[0].key`. */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "$";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += `.${String(seg)}`;
  }
  return out;
}
