/**
 * Every bound on what a user may send, in one place (issue 17, "Bounds everywhere, one definition
 * each"): the schemas of this package, the readers of files (CSV and workbook) and the API's
 * upload handling all read them from here, so a limit is the same on every path that writes.
 * The limits are far beyond anything a court could reach; they exist so that nothing one user
 * sends can stop the server or make a figure meaningless.
 */

// ---- uploads ----

/** The largest upload read at all (the server refuses a larger body before it arrives). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** The most rows (sheet rows or CSV lines) a facts file may hold: one row per tribunal, and no court has this many. */
export const MAX_FACTS_FILE_ROWS = 1_000;
/** The most rows a committee-score file may hold (one per tribunal and indicator in a CSV). */
export const MAX_MANUAL_FILE_ROWS = 10_000;
/** The problems an upload's answer lists, in file order; the total is given and the full list downloads as .xlsx. */
export const MAX_LISTED_PROBLEMS = 200;
/** The most problems kept for the full list (a file within the row limits stays far below). */
export const MAX_KEPT_PROBLEMS = 50_000;
/** How long reading one upload may take before it is stopped. */
export const UPLOAD_TIME_LIMIT_MS = 20_000;
/** The memory (old generation) the worker reading one upload may use. */
export const UPLOAD_MEMORY_LIMIT_MB = 256;

// ---- periods ----

/** The first month any record may be of. */
export const FIRST_PERIOD = "2000-01";

/** `YYYY-MM` of a date (UTC, as the server's clock). */
function monthOf(now: Date): { y: number; m: number } {
  return { y: now.getUTCFullYear(), m: now.getUTCMonth() + 1 };
}

/** The last month facts, adjustments and committee scores may be of: the month after `now`'s. */
export function lastPeriod(now: Date): string {
  const { y, m } = monthOf(now);
  const ny = m === 12 ? y + 1 : y;
  const nm = m === 12 ? 1 : m + 1;
  return `${String(ny).padStart(4, "0")}-${String(nm).padStart(2, "0")}`;
}

/**
 * Why a month may not hold records, in Chinese with the range named, or undefined when it may:
 * from 2000-01 to the month after the current one (the dates inside a case list are not so bounded).
 */
export function periodOutOfRange(period: string, now: Date): string | undefined {
  const last = lastPeriod(now);
  if (period < FIRST_PERIOD || period > last)
    return `月份 ${period} 超出了可录入的范围(${FIRST_PERIOD} 至 ${last},即下个月为止);请检查年份和月份。`;
  return undefined;
}

// ---- keys ----

/** A key (tribunal, field, indicator, item): a letter, then letters, digits, `_` or `-`. */
export const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;
export const MAX_KEY_LENGTH = 64;

// ---- numbers ----

/** A count (件, 人, 次): below 10^7. */
export const MAX_COUNT = 10_000_000;
/** Days (天, summed over cases): below 10^9. */
export const MAX_DAYS = 1_000_000_000;
/** An amount (元, or the field's unit): below 10^12. */
export const MAX_AMOUNT = 1_000_000_000_000;
/** Any monthly figure whatever its unit: below the largest of the above. */
export const MAX_FIGURE = MAX_AMOUNT;
/** An adjustment's count of events in one month. */
export const MAX_ADJUSTMENT_COUNT = 1_000;

/** The bound of a field by its unit (件 → counts, 天 → days, 元/万元 → amounts; anything else the largest). */
export function figureLimit(unit: string | undefined): number {
  const u = (unit ?? "").trim();
  if (/天|日/.test(u)) return MAX_DAYS;
  if (/元/.test(u)) return MAX_AMOUNT;
  if (/件|人|次|个|份|起|名/.test(u)) return MAX_COUNT;
  return MAX_FIGURE;
}

// ---- text ----

/** A name (a tribunal's, a person's, a rulebook's section). */
export const MAX_NAME_LENGTH = 100;
/** A reason, note, objection or commentary (`manual.save` keeps 2,000). */
export const MAX_TEXT_LENGTH = 2_000;
/** A long text (a notice's commentary). */
export const MAX_LONG_TEXT_LENGTH = 20_000;
/** A file name as the user gave it. */
export const MAX_FILE_NAME_LENGTH = 255;
/** A username. */
export const MAX_USERNAME_LENGTH = 64;

/** Account names the system itself writes in the audit log; no account may take them. */
export const RESERVED_USERNAMES: readonly string[] = ["system", "cli", "admin-cli", "root", "scorecard", "anonymous", "nobody"];

/**
 * The names every JavaScript object already answers to: no key (of a tribunal, a field, an
 * indicator, an item) and no account may take them, so that no lookup by key ever finds
 * Object.prototype's own instead of nothing.
 */
export const PROTOTYPE_NAMES: readonly string[] = ["__proto__", "constructor", "prototype", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toString", "toLocaleString", "valueOf", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__"];

export function isPrototypeName(key: string): boolean {
  return PROTOTYPE_NAMES.some((n) => n.toLowerCase() === key.trim().toLowerCase());
}

export function isReservedUsername(name: string): boolean {
  return RESERVED_USERNAMES.includes(name.trim().toLowerCase()) || isPrototypeName(name);
}

/**
 * Characters XML 1.0 cannot hold (C0 controls except tab, newline and carriage return; lone
 * surrogates; U+FFFE and U+FFFF), which would make a docx or xlsx invalid for ever.
 */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Bidirectional controls (LRE … RLO, LRI … PDI, LRM, RLM, ALM): they reorder what a reader sees. */
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
/** Characters that show nothing: zero-width spaces and joiners, the BOM, soft hyphen, word joiner. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD\u180E]/g;

/**
 * Text as it is kept: characters XML cannot hold and bidi controls removed, line ends made `\n`.
 * Text made only of invisible characters and white space becomes empty, so "must write
 * something" holds. Applied at the boundary (schemas, CSV and workbook readers).
 */
export function normalizeText(s: string): string {
  const t = s.replace(NOT_XML, "").replace(BIDI, "").replace(/\r\n?/g, "\n");
  return t.replace(INVISIBLE, "").trim() === "" ? "" : t;
}
