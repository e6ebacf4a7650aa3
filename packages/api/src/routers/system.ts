import { authedProcedure, router } from "../trpc";

export const systemRouter = router({
  /** Does nothing but pass the same session check as every other procedure (the bench's baseline). */
  ping: authedProcedure.query(() => ({ ok: true as const })),
});
