/**
 * The `scorecard` command. Output goes to stdout; every error to stderr in Chinese and English,
 * with exit status 2 for bad input and 1 for anything else (nothing on stdout then).
 */
import { parseArgs } from "node:util";
import { InputError, formatProblem } from "@scorecard/rules";
import { DatabaseError, type DatabaseErrorCode } from "@scorecard/db";
import { backup, dbMigrate, restore, userCreate } from "./admin-commands";
import { notice } from "./notice-command";
import { annual, summary, type DocumentFlags } from "./period-documents-command";
import { demo, evaluate, replay, score, validate, type Flags } from "./scoring-commands";
import { sensitivityCommand, type SensitivityFlags } from "./whatif-commands";
import { gapCommand } from "./gap-command";

/** Database errors that are the operator's input (the backup file, the database address): exit 2. */
const DATABASE_INPUT_ERRORS = new Set<DatabaseErrorCode>(["BACKUP_INVALID", "BACKUP_READ_FAILED", "RESTORE_FAILED", "DB_URL_UNSUPPORTED", "DB_NOT_A_DATABASE", "DB_TOO_NEW"]);

const USAGE = `用法 (usage):
  scorecard score    --rulebook R.json --facts F.csv [--adjustments A.csv] [--manual M.csv] [--units U.csv] --period YYYY-MM [--window month|ytd|quarter|year] [--format json|table]
  scorecard evaluate --rulebook R.json --facts F.csv [--adjustments A.csv] [--manual M.csv] [--units U.csv] --year YYYY [--format json|table]
  scorecard validate --rulebook R.json [--facts F.csv] [--adjustments A.csv] [--manual M.csv]
  scorecard replay   --rulebook CURRENT.json --draft DRAFT.json --facts F.csv [--adjustments A.csv] [--manual M.csv] [--units U.csv] --year YYYY [--format json|table]
  scorecard gap      --period YYYY-MM --unit KEY --rulebook R.json --facts F.csv [--adjustments A.csv] [--manual M.csv] [--units U.csv] [--format json|table]
  scorecard sensitivity (--period YYYY-MM | --year YYYY) --rulebook R.json --facts F.csv [--adjustments A.csv] [--manual M.csv] [--units U.csv] [--trials N] [--seed S] [--spread 0.1] [--format json|table]
  scorecard notice   --period YYYY-MM --format docx|xlsx|html --out FILE [--rulebook R.json --facts F.csv [--adjustments A.csv] [--manual M.csv] [--units U.csv] | --demo]
  scorecard summary  --quarter YYYY-Qn --format docx|xlsx|html --out FILE [--rulebook R.json --facts F.csv [--adjustments A.csv] [--manual M.csv] [--units U.csv] | --demo]
  scorecard annual   --year YYYY --format docx|xlsx|html --out FILE [--rulebook R.json --facts F.csv [--adjustments A.csv] [--manual M.csv] [--units U.csv] | --demo]
  scorecard demo     --out DIR [--variant kailu|grouped|internal]
  scorecard user create --username U --role admin|hr|stats|leader|head [--unit K]… [--name 姓名]   (密码从终端或标准输入读取)
  scorecard db migrate
  scorecard backup   --out FILE
  scorecard restore  --from FILE
--rulebook 可重复,给出同一系列的多个版本;--manual 为考评委员会评议打分(period,unit,indicator,score,reason);score/evaluate/notice/summary/annual 可用 --demo 代替文件,直接使用内置演示法院(--variant 选择演示考核办法:kailu 本院办法,grouped 分类考核示例,internal 不通报排名的分类考核示例);notice/summary/annual 从文件生成的是草稿(无文号;缺12月数据的年度考核为预估);notice/summary/annual 不给文件选项则从数据库(DATABASE_URL)读取,与门户下载的文件相同:已发布的取最新一版,未发布的为草稿或预估。`;

type AllFlags = Flags & DocumentFlags & SensitivityFlags & { draft?: string; username?: string; role?: string; unit?: string[]; name?: string; from?: string };
const COMMANDS: Record<string, (f: AllFlags) => Promise<string>> = {
  score,
  evaluate,
  replay,
  gap: gapCommand,
  sensitivity: sensitivityCommand,
  validate,
  notice,
  summary,
  annual,
  demo,
  "user create": userCreate,
  "db migrate": dbMigrate,
  backup,
  restore,
};

export async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let [command, ...rest] = argv;
  if ((command === "user" || command === "db") && rest[0] && !rest[0].startsWith("-")) {
    command = `${command} ${rest[0]}`;
    rest = rest.slice(1);
  }
  if (!command || command === "help" || command === "--help" || command === "-h") return { code: command ? 0 : 2, stdout: command ? USAGE : "", stderr: command ? "" : USAGE };
  const handler = COMMANDS[command];
  if (!handler) return { code: 2, stdout: "", stderr: `未知命令 "${command}" (unknown command)\n${USAGE}` };
  let flags: AllFlags;
  try {
    const { values } = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: false,
      options: {
        rulebook: { type: "string", multiple: true },
        facts: { type: "string" },
        adjustments: { type: "string" },
        manual: { type: "string" },
        units: { type: "string" },
        period: { type: "string" },
        quarter: { type: "string" },
        window: { type: "string" },
        year: { type: "string" },
        format: { type: "string" },
        out: { type: "string" },
        demo: { type: "boolean" },
        variant: { type: "string" },
        username: { type: "string" },
        role: { type: "string" },
        unit: { type: "string", multiple: true },
        name: { type: "string" },
        from: { type: "string" },
        draft: { type: "string" },
        trials: { type: "string" },
        seed: { type: "string" },
        spread: { type: "string" },
      },
    });
    flags = { ...values, rulebook: values.rulebook ?? [] } as AllFlags;
  } catch (e) {
    return { code: 2, stdout: "", stderr: `参数错误:${e instanceof Error ? e.message : String(e)} (bad arguments)\n${USAGE}` };
  }
  try {
    return { code: 0, stdout: await handler(flags), stderr: "" };
  } catch (e) {
    if (e instanceof InputError) return { code: 2, stdout: "", stderr: e.problems.map(formatProblem).join("\n") };
    // a sentence for a person (a damaged backup, a database that cannot be opened): said as it is, no stack;
    // a bad file or database is exit 2 like bad input, anything else the database refused exit 1
    if (e instanceof DatabaseError) return { code: DATABASE_INPUT_ERRORS.has(e.code) ? 2 : 1, stdout: "", stderr: `${e.message} (${e.code})` };
    return { code: 1, stdout: "", stderr: `内部错误 (internal error): ${e instanceof Error ? e.stack ?? e.message : String(e)}` };
  }
}

