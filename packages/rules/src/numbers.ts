/**
 * Fact values as users write them: a number typed into a CSV cell or a spreadsheet (text), or
 * a spreadsheet's own number. One set of rules for every reader and for the portal's data grid.
 */

import { MAX_FIGURE } from "./bounds";

/** A checked value, or what is wrong with it (Chinese and English). */
export type NumberResult = { ok: true; value: number } | { ok: false; zh: string; en: string };

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const THOUSANDS = /^[+-]?\d{1,3}([,\uFF0C]\d{3})+(\.\d+)?$/;

/**
 * A fact value already a number (a spreadsheet cell): non-negative and finite. `shown` is how the
 * user wrote it, `name` the column's name for the message.
 */
export function checkFactValue(value: number, shown: string, name = "", limit = MAX_FIGURE): NumberResult {
  const what = name ? `${name}的值“${shown}”` : `“${shown}”`;
  if (!Number.isFinite(value))
    return { ok: false, zh: `${what}超出数字范围,不是有限的数。请填写正常大小的数字。`, en: `"${shown}" is not a finite number` };
  if (value < 0) return { ok: false, zh: `${what}是负数。各项数据不能为负,请填写 0 或正数。`, en: `"${shown}" is negative; facts must be 0 or more` };
  if (value >= limit)
    return { ok: false, zh: `${what}超出了合理范围(应小于 ${bigNumberText(limit)})。请检查是否多写了位数。`, en: `"${shown}" is out of range (must be below ${limit})` };
  return { ok: true, value: value === 0 ? 0 : value };
}

/** A fact value written as text ("12", "0.5", " 3 " trimmed by the caller): the rules of every facts file. */
export function parseFactNumber(text: string, name = ""): NumberResult {
  const what = name ? `${name}的值“${text}”` : `“${text}”`;
  if (PLAIN_NUMBER.test(text)) return checkFactValue(Number(text), text, name);
  if (/[%\uFF05\u2030]$/.test(text))
    return { ok: false, zh: `${what}带有百分号。请填写原始数字(如件数、天数、金额),不要填写百分比。`, en: `"${text}" has a percent sign; write the raw figure, not a percentage` };
  if (THOUSANDS.test(text))
    return { ok: false, zh: `${what}使用了千位分隔符。请去掉逗号,写成 ${text.replace(/[,\uFF0C]/g, "")}。`, en: `"${text}" uses a thousands separator; write it without commas` };
  if (/^[+-]?(nan|inf|infinity|\u221E)$/i.test(text))
    return { ok: false, zh: `${what}不是有限的数字。请填写数字,如 12 或 0.5。`, en: `"${text}" is not a finite number; write a number such as 12 or 0.5` };
  return { ok: false, zh: `${what}不是数字。请填写半角数字,如 12 或 0.5,没有发生的填 0。`, en: `"${text}" is not a number; write a number such as 12 or 0.5 (0 when none)` };
}


/** 10^7 → 1000万, 10^9 → 10亿, 10^12 → 1万亿: a bound as a Chinese reader says it. */
export function bigNumberText(n: number): string {
  if (n >= 1e12 && n % 1e12 === 0) return `${n / 1e12}万亿`;
  if (n >= 1e8 && n % 1e8 === 0) return `${n / 1e8}亿`;
  if (n >= 1e4 && n % 1e4 === 0) return `${n / 1e4}万`;
  return String(n);
}
