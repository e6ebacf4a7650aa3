export { BUSY_MESSAGE, busy, configurePool, defaultPoolOptions, pool, poolSizeFrom, RETRY_AFTER_SECONDS, WorkerPool, type PoolOptions } from "./pool";
export { draftStats, forgetDrafts, keptDraft, renderDocument, type DraftKey } from "./documents";
export type { RenderFormat, RenderKind, TaskName, Tasks } from "./tasks";
