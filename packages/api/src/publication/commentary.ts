/**
 * A correction keeps what the statistician wrote (product.md): the editor starts from the text
 * published in the revision being corrected, and the fresh machine draft of the corrected figures
 * is shown beside it, each sentence marked where it differs from the machine's draft of the
 * revision corrected — the sentences whose numbers changed — so that they merge by choice.
 */

/** The drafted 情况分析 of the figures now, sentence by sentence, each marked where it changed. */
export interface DraftedCommentary {
  text: string;
  sentences: Array<{ text: string; changed: boolean }>;
}

/** A text's sentences, each with its closing mark (。;!?) or line break, in order; joined they give the text back. */
export function sentencesOf(text: string): string[] {
  return text.match(/[^。;;!?!?\n]+[。;;!?!?]*\n?|\n/g) ?? [];
}

const key = (s: string) => s.replace(/\s+/g, "");

/**
 * `fresh` split in sentences, a sentence marked `changed` when the earlier draft (`before`) has no
 * sentence that reads the same; without an earlier draft nothing is marked.
 */
export function markChanges(fresh: string, before: string | null): DraftedCommentary {
  const known = new Set(before === null ? [] : sentencesOf(before).map(key));
  return {
    text: fresh,
    sentences: sentencesOf(fresh).map((s) => ({ text: s, changed: before !== null && key(s) !== "" && !known.has(key(s)) })),
  };
}
