import type { CourtProfile, KindProfile } from "@scorecard/rules";

const kind = (docPrefix: string, printedBy: string, copyTo: string[]): KindProfile => ({
  issuer: "某中级人民法院",
  docPrefix,
  mainRecipient: "各基层人民法院",
  copyTo,
  printedBy,
  signature: "某中级人民法院",
});

/**
 * A second court's profile for the tests that no word of 开鲁 or of 法庭 is written in code: a
 * 中级人民法院 ranking its 基层法院 (unit word 法院 / 基层人民法院, scope 全市, head 院长).
 */
export const DISTRICT_COURT_PROFILE: CourtProfile = {
  name: "某中级人民法院",
  unitWord: "法院",
  unitWordFull: "基层人民法院",
  scope: "全市",
  headTitle: "院长",
  unitsBy: "court",
  kinds: { notice: kind("某中法考", "审判管理办公室", ["院党组成员"]), summary: kind("某中法考", "审判管理办公室", ["院党组成员"]), annual: kind("某中法考", "政治部", ["院党组成员", "审判管理办公室"]) },
};
