import "./zod-config";
import { z } from "zod";
import { KeySchema, PeriodSchema } from "./rulebook";
import { MAX_ADJUSTMENT_COUNT, MAX_FIGURE, MAX_TEXT_LENGTH, normalizeText } from "./bounds";
import { bigNumberText } from "./numbers";

/** A non-negative finite figure, as every monthly fact must be. */
export const FactValueSchema = z.number().finite().min(0).lt(MAX_FIGURE, { message: `数值超出了合理范围(应小于 ${bigNumberText(MAX_FIGURE)})` });

/** The monthly figures of one unit: one non-negative finite number per declared field. */
export const FactValuesSchema = z.record(KeySchema, FactValueSchema);
export type FactValues = z.infer<typeof FactValuesSchema>;

/** The facts of one unit for one period. */
export const FactRowSchema = z.strictObject({
  period: PeriodSchema,
  unit: KeySchema,
  values: FactValuesSchema,
});
export type FactRow = z.infer<typeof FactRowSchema>;

/** A bonus, penalty or veto event of a unit in a period. */
export const AdjustmentRowSchema = z.strictObject({
  period: PeriodSchema,
  unit: KeySchema,
  item: KeySchema,
  count: z.number().int().min(1).max(MAX_ADJUSTMENT_COUNT, { message: `次数最多 ${MAX_ADJUSTMENT_COUNT} 次` }),
  note: z.string().max(MAX_TEXT_LENGTH).optional(),
});
export type AdjustmentRow = z.infer<typeof AdjustmentRowSchema>;

/** An assessed body: one tribunal. */
export const UnitSchema = z.strictObject({
  key: KeySchema,
  name: z.string().trim().min(1),
});
export type Unit = z.infer<typeof UnitSchema>;

/** A committee's score of one unit on a manual indicator for one month (评议打分, rulebook.md §9). */
export const ManualRowSchema = z.strictObject({
  period: PeriodSchema,
  unit: KeySchema,
  indicator: KeySchema,
  score: z.number().finite().min(0),
  reason: z.string().transform(normalizeText).pipe(z.string().trim().min(1, { message: "评议打分必须写明理由" }).max(MAX_TEXT_LENGTH, { message: `理由最长 ${MAX_TEXT_LENGTH} 字` })),
});
export type ManualRow = z.infer<typeof ManualRowSchema>;

/**
 * A text a user writes (a reason, a note, a commentary, a name), as every path keeps it:
 * normalised at the boundary (`normalizeText`: no character XML cannot hold, no bidi control;
 * invisible-only text is empty), trimmed, then at most `max` characters; with `required`, empty
 * text is refused with that sentence.
 */
export function textInput(max: number, required?: string, tooLong = `不能超过 ${max} 字`) {
  const checked = z.string().max(max, { message: tooLong });
  return z
    .string()
    .transform((s) => normalizeText(s).trim())
    .pipe(required ? checked.min(1, { message: required }) : checked);
}
