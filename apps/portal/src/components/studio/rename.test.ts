import { DEFAULT_RULEBOOK, RulebookSchema, type RulebookInput } from "@scorecard/rules";
import { describe, expect, it } from "vitest";
import { renameFieldRefs } from "./studio";

const draft = () => structuredClone(DEFAULT_RULEBOOK) as RulebookInput;

describe("renaming a field in the studio", () => {
  it("carries every formula, weighted term, minimum base and data check that read it; the draft stays valid", () => {
    const rb = draft();
    const t5 = rb.sections[0]!.indicators.find((i) => i.key === "T1")!;
    t5.formula = { type: "ratio", num: [{ field: "trial_closed", weight: 1 }, { field: "trial_mediated", weight: 0.5 }], den: "trial_received" };
    t5.minBase = { field: "trial_closed", min: 5 };
    const uses = JSON.stringify(rb).split('"trial_closed"').length - 1;
    rb.fields.find((f) => f.key === "trial_closed")!.key = "trial_done";
    expect(RulebookSchema.safeParse(rb).success).toBe(false);
    const n = renameFieldRefs(rb, "trial_closed", "trial_done");
    expect(n).toBe(uses - 1); // every use but the field's own key
    expect(JSON.stringify(rb)).not.toContain('"trial_closed"');
    expect(RulebookSchema.safeParse(rb).success).toBe(true);
  });

  it("changes nothing when the new key is empty, unchanged or already another field's", () => {
    const rb = draft();
    const before = JSON.stringify(rb);
    expect(renameFieldRefs(rb, "trial_closed", "")).toBe(0);
    expect(renameFieldRefs(rb, "trial_closed", "trial_closed")).toBe(0);
    rb.fields.find((f) => f.key === "trial_closed")!.key = "enf_closed";
    expect(renameFieldRefs(rb, "trial_closed", "enf_closed")).toBe(0);
    rb.fields.find((f) => f.key === "enf_closed" && f.label.includes("审判"))!.key = "trial_closed";
    expect(JSON.stringify(rb)).toBe(before);
  });
});
