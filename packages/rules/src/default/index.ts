import { parseRulebook, type Rulebook, type RulebookInput } from "../rulebook";
import raw from "./kailu-tribunals-2022.1.json" with { type: "json" };
import draftRaw from "./kailu-tribunals-2023.1.json" with { type: "json" };

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The shipped rulebook exactly as written in `kailu-tribunals-2022.1.json`
 * (开鲁县人民法院人民法庭审判执行工作目标绩效考核办法(2022年修订)), e.g. to write it out as a file.
 * Frozen: copy it (structuredClone) before editing.
 */
export const DEFAULT_RULEBOOK_JSON: RulebookInput = deepFreeze(raw as RulebookInput);

/** The shipped rulebook, validated (family `kailu-tribunals`, version `2022.1`). Frozen. */
export const DEFAULT_RULEBOOK: Rulebook = deepFreeze(parseRulebook(DEFAULT_RULEBOOK_JSON, "kailu-tribunals-2022.1.json"));

/**
 * The second demo version, `2023.1` (effective 2023-01), exactly as written in
 * `kailu-tribunals-2023.1.json`: shipped as a draft, never activated (default-rulebook.md: the
 * demo's months up to 2023-02 are published). Frozen.
 */
export const DEFAULT_DRAFT_RULEBOOK_JSON: RulebookInput = deepFreeze(draftRaw as RulebookInput);

/**
 * The 2023.1 draft, validated: 结收比, 平均审理天数 and 调解撤诉率 scored against reasonable ranges
 * (合理区间, `band`) as the Supreme People's Court's 2024 审判质量管理指标体系 does ("在区间范围内即为
 * 达标,防止盲目攀比"), 人均结案数 dropped and its 4 points moved to 改发率 and 服判息诉率, 首执完毕率
 * by 功效系数法 instead of 排名赋分; full score still 100. Each change's reason is its indicator's
 * `note`. Frozen.
 */
export const defaultDraftRulebook: Rulebook = deepFreeze(parseRulebook(DEFAULT_DRAFT_RULEBOOK_JSON, "kailu-tribunals-2023.1.json"));
