/** The demo court: eight tribunals of 开鲁县人民法院, their leaders and heads (default-rulebook.md). */

export interface DemoUnit {
  key: string;
  name: string;
}
export interface DemoLeader {
  username: string;
  name: string;
  /** the tribunals this 党组成员 oversees (分管) */
  units: string[];
}
export interface DemoHead {
  username: string;
  name: string;
  unit: string;
}

/** The eight tribunals, in the order of default-rulebook.md. */
export const DEMO_UNITS: DemoUnit[] = [
  { key: "dayushu", name: "大榆树人民法庭" },
  { key: "dongfeng", name: "东风人民法庭" },
  { key: "heilongba", name: "黑龙坝人民法庭" },
  { key: "maixin", name: "麦新人民法庭" },
  { key: "yihetala", name: "义和塔拉人民法庭" },
  { key: "jianhua", name: "建华人民法庭" },
  { key: "xiaojieji", name: "小街基人民法庭" },
  { key: "jirigalangtu", name: "吉日嘎郎吐人民法庭" },
];

/** Five party-group members (党组成员); each oversees at least one tribunal, together all eight. */
export const DEMO_LEADERS: DemoLeader[] = [
  { username: "leader1", name: "王振国", units: ["dayushu", "dongfeng"] },
  { username: "leader2", name: "包海峰", units: ["heilongba", "maixin"] },
  { username: "leader3", name: "李秀芝", units: ["yihetala"] },
  { username: "leader4", name: "张立军", units: ["jianhua", "xiaojieji"] },
  { username: "leader5", name: "白银花", units: ["jirigalangtu"] },
];

const HEAD_NAMES: Record<string, string> = {
  dayushu: "刘建华",
  dongfeng: "孙志强",
  heilongba: "韩玉梅",
  maixin: "赵德胜",
  yihetala: "乌日娜",
  jianhua: "陈宏伟",
  xiaojieji: "杨春雨",
  jirigalangtu: "宝音图",
};

/** The head (庭长) of each tribunal, `head-<tribunal key>`, in tribunal order. */
export const DEMO_HEADS: DemoHead[] = DEMO_UNITS.map((u) => ({
  username: `head-${u.key}`,
  name: HEAD_NAMES[u.key]!,
  unit: u.key,
}));
