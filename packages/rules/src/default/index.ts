import { parseRulebook, type Rulebook, type RulebookInput } from "../rulebook";
import raw from "./kailu-tribunals-2022.1.json" with { type: "json" };

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
