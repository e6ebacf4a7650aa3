import type { AdjustmentRow } from "@scorecard/rules";

/**
 * The demo court's 加减分 and 一票否决 events, 2022-01 … 2023-03: a few of every item of the
 * default rulebook, the stronger tribunals earning most of the bonuses, and exactly one veto.
 */
export const DEMO_ADJUSTMENTS: AdjustmentRow[] = [
  // B1 受到上级法院通报表扬 (1 分/次)
  { period: "2022-03", unit: "dayushu", item: "B1", count: 1, note: "审判执行双轨并行试点工作受到市中级人民法院通报表扬" },
  { period: "2022-07", unit: "yihetala", item: "B1", count: 1, note: "涉民生案件集中执行行动受到市中级人民法院通报表扬" },
  { period: "2022-11", unit: "dongfeng", item: "B1", count: 1, note: "诉源治理工作受到市中级人民法院通报表扬" },
  { period: "2023-02", unit: "heilongba", item: "B1", count: 1, note: "春节前农民工工资案件专项执行受到通报表扬" },
  // B2 工作经验被上级法院推广 (2 分/次)
  { period: "2022-09", unit: "dayushu", item: "B2", count: 1, note: "“审执双轨并行”工作经验被自治区高级人民法院推广" },
  { period: "2023-03", unit: "yihetala", item: "B2", count: 1, note: "执行网格化工作做法被市中级人民法院推广" },
  // B3 信息宣传稿件被市级以上媒体采用 (0.5 分/篇)
  { period: "2022-04", unit: "dongfeng", item: "B3", count: 2, note: "巡回审判稿件被《通辽日报》采用" },
  { period: "2022-06", unit: "heilongba", item: "B3", count: 1, note: "调解稿件被“北疆法苑”公众号采用" },
  { period: "2022-10", unit: "dayushu", item: "B3", count: 1, note: "执行稿件被《人民法院报》采用" },
  { period: "2023-01", unit: "jianhua", item: "B3", count: 1, note: "法治宣传稿件被通辽广播电视台采用" },
  // B4 "执行110"财产线索查实并控制 (0.2 分/条)
  { period: "2022-05", unit: "yihetala", item: "B4", count: 3, note: "查实被执行人车辆线索并扣押" },
  { period: "2022-08", unit: "dongfeng", item: "B4", count: 2, note: "查实被执行人银行存款线索并冻结" },
  { period: "2022-12", unit: "xiaojieji", item: "B4", count: 1, note: "查实被执行人粮食款线索并提取" },
  { period: "2023-03", unit: "dayushu", item: "B4", count: 2, note: "查实被执行人农机线索并查封" },
  // P1 有效投诉、涉执信访 (1 分/件)
  { period: "2022-04", unit: "maixin", item: "P1", count: 1, note: "当事人有效投诉" },
  { period: "2022-09", unit: "jirigalangtu", item: "P1", count: 1, note: "涉执信访" },
  { period: "2023-02", unit: "maixin", item: "P1", count: 1, note: "当事人有效投诉" },
  // P2 督办事项逾期未办结 (0.5 分/项)
  { period: "2022-06", unit: "jirigalangtu", item: "P2", count: 1, note: "院领导督办事项逾期未办结" },
  { period: "2022-10", unit: "xiaojieji", item: "P2", count: 2, note: "长期未结案件清理督办逾期未办结" },
  { period: "2023-03", unit: "jianhua", item: "P2", count: 1, note: "信访督办事项逾期未办结" },
  // P3 案件评查不合格 (2 分/件)
  { period: "2022-07", unit: "maixin", item: "P3", count: 1, note: "案件质量评查不合格" },
  { period: "2022-12", unit: "jirigalangtu", item: "P3", count: 1, note: "终本案件专项评查不合格" },
  // V1 发生违法违纪问题被追责 (一票否决)
  { period: "2022-08", unit: "heilongba", item: "V1", count: 1, note: "干警违反廉政纪律私下会见当事人,被追究责任" },
];
