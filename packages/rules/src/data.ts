import "./zod-config";
import { z } from "zod";
import { KeySchema, PeriodSchema } from "./rulebook";

/** A non-negative finite figure, as every monthly fact must be. */
export const FactValueSchema = z.number().finite().min(0);

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
  count: z.number().int().min(1),
  note: z.string().optional(),
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
  reason: z.string().trim().min(1, { message: "评议打分必须写明理由" }),
});
export type ManualRow = z.infer<typeof ManualRowSchema>;
