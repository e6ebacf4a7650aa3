import "./zod-config";
import { z } from "zod";
import { textInput } from "./data";

/**
 * The court's own profile (product.md "Documents a court office issues unedited"; interfaces.md
 * `court.profile`): its name, per kind of document the 版头 and 版记 (发文机关标志, 文号代字, 主送,
 * 抄送, 印发机关, 署名), the words for an assessed unit, the scope word and the head's title. Every
 * document reads it from its snapshot; nothing of it is written in code but the demo court's values.
 */

/** The kinds of numbered documents, in the order a form shows them. */
export const PROFILE_KINDS = ["notice", "summary", "annual"] as const;
export type ProfileKind = (typeof PROFILE_KINDS)[number];

/** 月度通报 · 季度通报 · 年度考核结果 */
export const PROFILE_KIND_NAMES: Record<ProfileKind, string> = { notice: "月度考核通报", summary: "季度考核通报", annual: "年度考核结果通报" };

/** The longest 文号代字 (开法考: three characters; a court's 代字 is a few). */
export const MAX_DOC_PREFIX_LENGTH = 10;
/** The longest name of an organ (发文机关标志, 署名, 印发机关, 主送, an entry of 抄送). */
export const MAX_ORGAN_LENGTH = 50;
/** The most entries of an 抄送 list. */
export const MAX_COPY_TO = 20;
/** The longest unit word, scope word or head's title (法庭, 人民法庭, 全院, 庭长). */
export const MAX_WORD_LENGTH = 10;

/** A required text naming its field in Chinese when it is empty or too long. */
const named = (label: string, max: number) => textInput(max, `请填写${label}`, `${label}不能超过 ${max} 字`);

/** The 版头 and 版记 of one kind of document. */
function kindSchema(kind: ProfileKind) {
  const k = PROFILE_KIND_NAMES[kind];
  return z.strictObject({
    /** 发文机关标志 (开鲁县人民法院) */
    issuer: named(`${k}的发文机关标志`, MAX_ORGAN_LENGTH),
    /** 文号代字 (开法考): the number is `开法考〔2023〕3号` */
    docPrefix: named(`${k}的文号代字`, MAX_DOC_PREFIX_LENGTH).refine((s) => !/[〔〕[\]()()\d\s号]/.test(s), {
      message: `${k}的文号代字只写代字本身(如“开法考”),不含年份、括号、序号和“号”字`,
    }),
    /** 主送机关, without the colon (各人民法庭) */
    mainRecipient: named(`${k}的主送机关`, MAX_ORGAN_LENGTH).transform((s) => s.replace(/[::]+$/, "")),
    /** 抄送, each organ (院党组成员), without the closing 。; at least one (the 版记 prints its line) */
    copyTo: z
      .array(named(`${k}的抄送机关`, MAX_ORGAN_LENGTH).transform((s) => s.replace(/[。,,、;;]+$/, "")))
      .min(1, { message: `请至少填写一个${k}的抄送机关(版记印有抄送一行)` })
      .max(MAX_COPY_TO, { message: `${k}的抄送机关最多 ${MAX_COPY_TO} 个` }),
    /** 印发机关, the office of the court (审判管理办公室); the 版记 prints it after the court's name */
    printedBy: named(`${k}的印发机关`, MAX_ORGAN_LENGTH),
    /** 发文机关署名 (开鲁县人民法院) */
    signature: named(`${k}的署名`, MAX_ORGAN_LENGTH),
  });
}

export const CourtProfileSchema = z.strictObject({
  /** the court's name (开鲁县人民法院) */
  name: named("本院名称", MAX_ORGAN_LENGTH),
  /** the word for an assessed unit, short (法庭; 法院 at a 中院) */
  unitWord: named("考核对象简称", MAX_WORD_LENGTH),
  /** and full (人民法庭; 基层人民法院) */
  unitWordFull: named("考核对象全称", MAX_WORD_LENGTH),
  /** the scope word (全院; 全市) */
  scope: named("范围用语", MAX_WORD_LENGTH),
  /** the title of a unit's head (庭长; 院长) */
  headTitle: named("负责人职务", MAX_WORD_LENGTH),
  /** how case lists map rows to units (cases.md): by department or by court */
  unitsBy: z.enum(["department", "court"], { message: "案件清单对应方式应为“按部门”(department)或“按法院”(court)" }),
  kinds: z.strictObject({ notice: kindSchema("notice"), summary: kindSchema("summary"), annual: kindSchema("annual") }),
});
export type CourtProfile = z.output<typeof CourtProfileSchema>;
export type CourtProfileInput = z.input<typeof CourtProfileSchema>;
export type KindProfile = CourtProfile["kinds"][ProfileKind];

/** The demo court's profile (the values its documents carried before profiles existed; the annual evaluation 印发 by 政治处). */
export const DEFAULT_COURT_PROFILE: CourtProfile = Object.freeze({
  name: "开鲁县人民法院",
  unitWord: "法庭",
  unitWordFull: "人民法庭",
  scope: "全院",
  headTitle: "庭长",
  unitsBy: "department",
  kinds: {
    notice: { issuer: "开鲁县人民法院", docPrefix: "开法考", mainRecipient: "各人民法庭", copyTo: ["院党组成员"], printedBy: "审判管理办公室", signature: "开鲁县人民法院" },
    summary: { issuer: "开鲁县人民法院", docPrefix: "开法考", mainRecipient: "各人民法庭", copyTo: ["院党组成员"], printedBy: "审判管理办公室", signature: "开鲁县人民法院" },
    annual: { issuer: "开鲁县人民法院", docPrefix: "开法考", mainRecipient: "各人民法庭", copyTo: ["院党组成员", "审判管理办公室"], printedBy: "政治处", signature: "开鲁县人民法院" },
  },
}) as CourtProfile;

/** A document's number in its 代字's series of the year: 开法考〔2023〕3号 */
export function documentNumber(docPrefix: string, year: number, seq: number): string {
  return `${docPrefix}〔${year}〕${seq}号`;
}
