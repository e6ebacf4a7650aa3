import type { Inputs } from "./trpc";

/**
 * Every query key of the portal, one factory per domain: plain JSON arrays, every input in the
 * key, so that a shorter key (`scoreKeys.all`, `noticeKeys.drafts()`) names every query under it.
 * The domain modules build their queries from these; `invalidation.ts` says which of them each
 * mutation changes.
 */

type WindowChoice = Inputs["scores"]["ranking"]["window"];
const w = (window: WindowChoice) => window ?? null;

export const authKeys = {
  all: ["auth"] as const,
  demoAccounts: () => [...authKeys.all, "demoAccounts"] as const,
};

/** the court's profile (its name, words, 版头 and 版记): every page naming the court reads it */
export const courtKeys = {
  all: ["court"] as const,
  profile: () => [...courtKeys.all, "profile"] as const,
};

export const unitKeys = {
  all: ["units"] as const,
  list: () => [...unitKeys.all, "list"] as const,
};

export const userKeys = {
  all: ["users"] as const,
  list: () => [...userKeys.all, "list"] as const,
};

export const rulebookKeys = {
  all: ["rulebooks"] as const,
  list: () => [...rulebookKeys.all, "list"] as const,
  inForce: (period: string | null) => [...rulebookKeys.all, "inForce", period] as const,
  /** every year's what-if data (the versions in force and every month's figures) */
  whatIfAll: () => [...rulebookKeys.all, "whatIfData"] as const,
  whatIfData: (year: number | null) => [...rulebookKeys.whatIfAll(), year] as const,
  detail: (id: string | null) => [...rulebookKeys.all, "detail", id] as const,
};

export const periodKeys = {
  all: ["periods"] as const,
  list: () => [...periodKeys.all, "list"] as const,
};

export const factKeys = {
  all: ["facts"] as const,
  get: (period: string | null) => [...factKeys.all, "get", period] as const,
};

export const adjustmentKeys = {
  all: ["adjustments"] as const,
  list: (period: string | null) => [...adjustmentKeys.all, "list", period] as const,
};

export const manualKeys = {
  all: ["manual"] as const,
  get: (period: string | null) => [...manualKeys.all, "get", period] as const,
};

export const scoreKeys = {
  all: ["scores"] as const,
  ranking: (period: string | null, window: WindowChoice) => [...scoreKeys.all, "ranking", period, w(window)] as const,
  unit: (unit: string, period: string | null, window: WindowChoice) => [...scoreKeys.all, "unit", unit, period, w(window)] as const,
  trend: (year: number | null, window: WindowChoice) => [...scoreKeys.all, "trend", year, w(window)] as const,
  compare: (units: readonly string[], period: string | null, window: WindowChoice) => [...scoreKeys.all, "compare", [...units], period, w(window)] as const,
  gap: (unit: string, period: string | null) => [...scoreKeys.all, "gap", unit, period] as const,
};

export const objectionKeys = {
  all: ["objections"] as const,
  list: (period: string | null) => [...objectionKeys.all, "list", period] as const,
};

export const noticeKeys = {
  all: ["notices"] as const,
  lists: () => [...noticeKeys.all, "list"] as const,
  list: (year: number | null) => [...noticeKeys.lists(), year] as const,
  get: (period: string | null, revision: number | null) => [...noticeKeys.all, "get", period, revision] as const,
  /** every month's draft (a month's figures feed the later months' 年初至当月累计 and 较上月) */
  drafts: () => [...noticeKeys.all, "draft"] as const,
  draft: (period: string | null) => [...noticeKeys.drafts(), period] as const,
};

export const summaryKeys = {
  all: ["summaries"] as const,
  list: (year: number | null) => [...summaryKeys.all, "list", year] as const,
  get: (quarter: string | null, revision: number | null) => [...summaryKeys.all, "get", quarter, revision] as const,
  drafts: () => [...summaryKeys.all, "draft"] as const,
  draft: (quarter: string | null) => [...summaryKeys.drafts(), quarter] as const,
};

export const annualKeys = {
  all: ["annual"] as const,
  list: () => [...annualKeys.all, "list"] as const,
  get: (year: number | null, revision: number | null) => [...annualKeys.all, "get", year, revision] as const,
  computed: () => [...annualKeys.all, "compute"] as const,
  compute: (year: number | null) => [...annualKeys.computed(), year] as const,
};

export const notificationKeys = {
  all: ["notifications"] as const,
  list: () => [...notificationKeys.all, "list"] as const,
};

export const supervisionKeys = {
  all: ["supervision"] as const,
  list: () => [...supervisionKeys.all, "list"] as const,
};

export const auditKeys = {
  all: ["audit"] as const,
  log: (pageSize: number) => [...auditKeys.all, "log", pageSize] as const,
};
