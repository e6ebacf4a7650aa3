/**
 * Test support, `@scorecard/scoring/testing`: what scoring's own tests and the demo court's
 * (packages/demo, which depends on scoring) check results with — the reader that redoes every
 * explanation's arithmetic, the checks of every 差距测算 answer, and a rulebook with its points
 * perturbed (sensitivity's full rescoring). Not part of the engine.
 */
export { auditAll } from "./explain-reader";
export { agreesWithScan, changed, checkOptions, newErrors, rankOf, rowOf, scan, stepped, unreachableOf, type Case } from "./gap-checks";
export { perturbed } from "./perturbed";
