import { defineQueryOptions } from "@pinia/colada";
import { api, type Outputs } from "./trpc";

/** The months that have figures or a state (collecting, review, published), newest first. */

export type PeriodState = Outputs["periods"]["list"][number];
export type PeriodStatus = PeriodState["status"];

export const periodKeys = {
  all: ["periods"] as const,
  list: () => [...periodKeys.all, "list"] as const,
};

export const periodQueries = {
  list: () => defineQueryOptions({ key: periodKeys.list(), query: () => api.periods.list.query() }),
};
