import type { MethodType } from "./rulebook";

/**
 * The scoring methods' names, as every explanation, the compare view and the studio name them.
 * A module of its own, free of the schemas, so that a page showing explanations does not load
 * zod (whose object schemas probe `new Function` at definition, which the portal's CSP forbids).
 */
export const METHOD_NAMES: Record<MethodType, string> = {
  efficacy: "功效系数法",
  rank: "排名赋分法",
  target: "达标线法",
  ratioToBest: "与最优值比例法",
  band: "合理区间法",
  manual: "评议打分",
};
