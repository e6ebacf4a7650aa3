import { z } from "zod";
import { authedProcedure, fail, router } from "../trpc";
import { keptProblems, problemsWorkbook } from "../upload-worker-run";
import { workbookFile } from "../uploads";

/** What is kept of an upload for its owner: the whole list of a refused file's problems. */
export const uploadsRouter = router({
  /**
   * The whole list of a refused upload's problems as .xlsx (序号, 位置, 问题), for whoever
   * uploaded it, for an hour after. Served at GET /files/import-problems?id=…; not callable over /trpc.
   */
  problems: authedProcedure.input(z.object({ id: z.string().uuid({ message: "清单编号无效" }) })).query(async ({ ctx, input }) => {
    const list = keptProblems(input.id, ctx.user.username);
    if (!list) fail("NOT_FOUND", "找不到这份问题清单(只保留一小时,且只给上传文件的人),请重新上传文件以查看问题。");
    const data = await problemsWorkbook(list.problems);
    return workbookFile(`导入问题清单${list.file ? `-${list.file.replace(/\.[^.]*$/, "")}` : ""}.xlsx`, data);
  }),
});
