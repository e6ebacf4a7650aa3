import { InputError, type Rulebook } from "@scorecard/rules";

/**
 * Versions of one family, ordered by `effectiveFrom` (rulebook.md §7a). Refuses a set that
 * mixes families or has two versions taking effect in the same month.
 */
export function orderVersions(rulebooks: Rulebook | readonly Rulebook[]): Rulebook[] {
  const list = Array.isArray(rulebooks) ? [...(rulebooks as readonly Rulebook[])] : [rulebooks as Rulebook];
  if (list.length === 0) throw new InputError([{ zh: "没有提供考核办法(rulebook)", en: "no rulebook given" }]);
  const id = list[0]!.id;
  const problems = list
    .filter((rb) => rb.id !== id)
    .map((rb) => ({
      zh: `考核办法 ${rb.id} ${rb.version} 与 ${id} 不属于同一系列,不能一起使用`,
      en: `rulebook ${rb.id} ${rb.version} is not of family ${id}`,
    }));
  list.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
  for (let i = 1; i < list.length; i++) {
    const a = list[i - 1]!;
    const b = list[i]!;
    if (a.effectiveFrom === b.effectiveFrom)
      problems.push({
        zh: `版本 ${a.version} 与 ${b.version} 的生效月份都是 ${a.effectiveFrom},无法确定适用哪一个`,
        en: `versions ${a.version} and ${b.version} both take effect in ${a.effectiveFrom}`,
      });
  }
  if (problems.length) throw new InputError(problems);
  return list;
}
