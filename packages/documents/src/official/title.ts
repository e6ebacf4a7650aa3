/**
 * The title's lines (GB/T 9704-2012 7.3.1: 标题 "回行时,要做到词意完整,排列对称,长短适宜,间距恰当",
 * in a trapezoid or a diamond): broken only between words, into as few lines as the width allows,
 * the lines as even as the words let them be, a longer line never under a shorter one's half.
 */

/** Width of a text in characters of the title's size: half for ASCII (digits, Latin), one for the rest. */
export function widthInChars(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) < 0x80 ? 0.5 : 1;
  return w;
}

/** Terms of the court's titles that read as one word, though the segmenter cuts them in two. */
const TERMS = ["审判执行", "绩效考核", "人民法庭", "人民法院", "工作目标", "考核结果", "考核情况", "季度总结"];

/** Words of a Chinese text, as the platform's segmenter cuts them, then joined where a break would split a term. */
function words(text: string): string[] {
  const segs = [...new Intl.Segmenter("zh-CN", { granularity: "word" }).segment(text)].map((s) => s.segment);
  // a term cut by the segmenter is one segment again
  for (let i = 0; i + 1 < segs.length; i++) {
    if (TERMS.includes(segs[i]! + segs[i + 1]!)) segs.splice(i, 2, segs[i]! + segs[i + 1]!);
  }
  const out: string[] = [];
  for (const s of segs) {
    const prev = out.at(-1);
    if (prev !== undefined && !breakable(prev, s)) out[out.length - 1] = prev + s;
    else out.push(s);
  }
  return out;
}

/**
 * Whether a line may end after `before` and the next begin with `after`: never inside a number and
 * its unit (2023年, 2月, 第1名, 〔2023〕), nor before a particle or a closing mark, nor after an
 * opening one, nor around a space.
 */
function breakable(before: string, after: string): boolean {
  if (/\s$/.test(before) || /^\s/.test(after)) return false;
  if (/[0-9A-Za-z.%]$/.test(before) && /^[0-9A-Za-z.%年月日号期季度个名件天]/.test(after)) return false;
  if (/[第〔(《“‘「【]$/.test(before)) return false;
  if (/^[的之和与及、,,。;;::)〕》”’」】!?]/.test(after)) return false;
  if (/^(年|月|日|号|季度|年度)/.test(after) && /[0-9一二三四五六七八九十]$/.test(before)) return false;
  return true;
}

/**
 * The title in lines of at most `maxChars` characters (a word longer than a line stands alone).
 * Among the breaks between words that give the fewest lines, the one whose longest line is the
 * shortest; on a tie, the one whose lines narrow downwards (an inverted trapezoid reads best).
 */
export function titleLines(title: string, maxChars: number): string[] {
  const text = title.trim();
  if (widthInChars(text) <= maxChars) return [text];
  const ws = words(text);
  const n = ws.length;
  // best[i]: the best split of ws[i..] as [lines, longest, shape]
  type Plan = { lines: string[]; longest: number; drops: number };
  const memo = new Map<number, Plan | null>();
  const plan = (i: number): Plan | null => {
    if (i === n) return { lines: [], longest: 0, drops: 0 };
    const seen = memo.get(i);
    if (seen !== undefined) return seen;
    let best: Plan | null = null;
    let line = "";
    for (let j = i; j < n; j++) {
      line += ws[j]!;
      const w = widthInChars(line);
      if (w > maxChars && j > i) break;
      const rest = plan(j + 1);
      if (!rest) continue;
      const first = rest.lines[0];
      const cand: Plan = { lines: [line, ...rest.lines], longest: Math.max(w, rest.longest), drops: rest.drops + (first !== undefined && widthInChars(first) <= w ? 1 : 0) };
      if (!best || better(cand, best)) best = cand;
    }
    memo.set(i, best);
    return best;
  };
  return plan(0)?.lines ?? [text];
}

function better(a: { lines: string[]; longest: number; drops: number }, b: { lines: string[]; longest: number; drops: number }): boolean {
  if (a.lines.length !== b.lines.length) return a.lines.length < b.lines.length;
  if (a.longest !== b.longest) return a.longest < b.longest;
  return a.drops > b.drops;
}
