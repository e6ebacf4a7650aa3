import { makePeriod, type FactRow, type Period } from "@scorecard/rules";
import { apportion } from "./apportion";
import { DEMO_UNITS } from "./court";
import { stream, type Rng } from "./random";

/** The seed of every demo figure ("181": the court's 执行模式). */
export const DEMO_SEED = 181;

/**
 * What makes each tribunal itself, stable over the months: staffing, workload and two quality
 * levels (0 weak … 1 strong) from which its rates are drawn. A strong tribunal closes more of
 * what it receives, faster, with fewer appeals and reversals; the spread between them is what
 * makes the monthly ranking mean something.
 */
interface Profile {
  unit: string;
  /** 执行团队干警数 in 2022 and in 2023 (one officer moves in 2023; the court keeps 34) */
  staffEnf: [number, number];
  /** 员额法官数 in 2022 and in 2023 (one judge moves in 2023; the court keeps 10) */
  judges: [number, number];
  /** share of the court's enforcement intake */
  enfShare: number;
  /** trial cases received in an ordinary month */
  trialPerMonth: number;
  /** 首执 case size, 万元 per case */
  amountPerCase: number;
  /** usual number of cases pending over 12 months */
  pendingBase: number;
  trial: number;
  enf: number;
  /** how much both quality levels move from 2022-01 to 2023-03 (a tribunal improving or slipping) */
  trend: number;
}

const PROFILES: Profile[] = [
  { unit: "dayushu", staffEnf: [6, 5], judges: [2, 2], enfShare: 0.15, trialPerMonth: 52, amountPerCase: 5.5, pendingBase: 0, trial: 0.8, enf: 0.85, trend: 0 },
  { unit: "dongfeng", staffEnf: [5, 5], judges: [2, 1], enfShare: 0.16, trialPerMonth: 60, amountPerCase: 6.5, pendingBase: 1, trial: 0.6, enf: 0.7, trend: -0.2 },
  { unit: "heilongba", staffEnf: [4, 4], judges: [1, 2], enfShare: 0.12, trialPerMonth: 36, amountPerCase: 4, pendingBase: 1, trial: 0.75, enf: 0.45, trend: 0 },
  { unit: "maixin", staffEnf: [4, 4], judges: [1, 1], enfShare: 0.12, trialPerMonth: 30, amountPerCase: 4.5, pendingBase: 2, trial: 0.35, enf: 0.4, trend: 0 },
  { unit: "yihetala", staffEnf: [4, 4], judges: [1, 1], enfShare: 0.12, trialPerMonth: 34, amountPerCase: 3.5, pendingBase: 0, trial: 0.5, enf: 0.8, trend: 0.1 },
  { unit: "jianhua", staffEnf: [4, 4], judges: [1, 1], enfShare: 0.11, trialPerMonth: 31, amountPerCase: 5, pendingBase: 1, trial: 0.45, enf: 0.5, trend: 0.4 },
  { unit: "xiaojieji", staffEnf: [4, 4], judges: [1, 1], enfShare: 0.12, trialPerMonth: 38, amountPerCase: 4, pendingBase: 2, trial: 0.65, enf: 0.3, trend: -0.2 },
  { unit: "jirigalangtu", staffEnf: [3, 4], judges: [1, 1], enfShare: 0.1, trialPerMonth: 24, amountPerCase: 3, pendingBase: 2, trial: 0.3, enf: 0.25, trend: 0.3 },
];

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
/** A quality level in month `idx` of the demo (0 = 2022-01 … 14 = 2023-03), moved by the trend. */
function qualityAt(q: number, p: Profile, idx: number): number {
  return clamp01(q + p.trend * (idx / (DEMO_MONTHS - 1) - 0.5));
}

/** The rates a quality level stands for. */
function trialRates(q: number) {
  return {
    closeRatio: 0.88 + 0.14 * q,
    lateRate: 0.035 * (1 - q) + 0.002,
    avgDays: 78 - 38 * q,
    mediation: 0.36 + 0.3 * q,
    reversal: 0.062 - 0.05 * q,
    appeal: 0.13 - 0.09 * q,
  };
}
function enfRates(q: number) {
  return {
    closeFactor: 0.92 + 0.14 * q,
    lateWeight: (1 - q) ** 2 + 0.02,
    terminatedShare: 0.32 - 0.06 * q,
    terminatedDefect: 0.03 * (1 - q) + 0.002,
    assetShare: 0.55 + 0.1 * q,
    firstShare: 0.58 + 0.08 * q,
    daysFactor: 1.3 - 0.55 * q,
    completion: 0.18 + 0.22 * q,
    recovery: 0.38 + 0.35 * q,
  };
}

/**
 * One block of months whose court totals reproduce the paper (default-rulebook.md):
 * the year 2022 and the first quarter of 2023.
 */
interface Block {
  year: number;
  /** index of the block's first month among all demo months */
  offset: number;
  months: number[];
  /** seasonal weights per month of the block */
  enfReceivedSeason: number[];
  enfClosedSeason: number[];
  trialReceivedSeason: number[];
  trialClosedSeason: number[];
  firstDaysSeason: number[];
  enfReceived: number;
  enfClosed: number;
  assetClosed: number;
  /** asset cases closed beyond the legal time limit */
  assetLate: number;
  firstClosed: number;
  firstDaysAverage: number;
  /** exact court total where the paper gives 首执完毕率, else drawn */
  firstCompleted?: number;
  /** court 首执到位率 where the paper gives it, else drawn */
  recoveryRate?: number;
}

const BLOCKS: Block[] = [
  {
    year: 2022,
    offset: 0,
    months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    // Spring Festival in February, half-year and year-end pushes to close (6月、12月集中结案)
    enfReceivedSeason: [0.95, 0.6, 1.15, 1.05, 1, 1.05, 0.95, 0.9, 1, 0.85, 1.1, 1.2],
    enfClosedSeason: [0.75, 0.55, 0.9, 0.95, 1, 1.15, 0.9, 0.9, 1, 0.9, 1.15, 1.75],
    trialReceivedSeason: [1, 0.65, 1.2, 1.1, 1, 1, 0.9, 0.85, 1, 0.9, 1.05, 1.1],
    trialClosedSeason: [0.8, 0.85, 0.9, 0.95, 1, 1.1, 0.95, 1, 1, 1, 1.05, 1.3],
    firstDaysSeason: [0.71, 0.77, 0.83, 0.89, 0.95, 1.01, 1.07, 1.13, 1.19, 1.25, 1.31, 1.37],
    // 2022 全年:收案 3979,结案 3929,执结率 98.74%,有财产可供执行案件法定期限内执结率 99.38%,首执平均用时 61.68 天
    enfReceived: 3979,
    enfClosed: 3929,
    assetClosed: 1620,
    assetLate: 10,
    firstClosed: 2450,
    firstDaysAverage: 61.68,
  },
  {
    year: 2023,
    offset: 12,
    months: [1, 2, 3],
    // Spring Festival on 22 January 2023
    enfReceivedSeason: [0.85, 0.95, 1.2],
    enfClosedSeason: [0.8, 0.85, 1.25],
    trialReceivedSeason: [0.8, 1, 1.2],
    trialClosedSeason: [0.75, 0.85, 0.95],
    firstDaysSeason: [0.9, 1, 1.1],
    // 2023 年 1—3 月:收案 1147,结案 976,执结率 85.09%,法定期限内执结率 98.18%,
    // 首执平均用时 37.4 天,首执完毕率 30.3%,首执到位率 57.39%
    enfReceived: 1147,
    enfClosed: 976,
    assetClosed: 440,
    assetLate: 8,
    firstClosed: 650,
    firstDaysAverage: 37.4,
    firstCompleted: 197,
    recoveryRate: 0.5739,
  },
];

/** Every month the demo covers, 2022-01 … 2023-03. */
export const DEMO_PERIODS: Period[] = BLOCKS.flatMap((b) => b.months.map((m) => makePeriod(b.year, m)));
const DEMO_MONTHS = DEMO_PERIODS.length;

type Values = Record<string, number>;

/** A block's cells, month-major: cell k·8 + i is month k of the block, tribunal i. */
function cells<T>(block: Block, f: (k: number, p: Profile, i: number) => T): T[] {
  return block.months.flatMap((_, k) => PROFILES.map((p, i) => f(k, p, i)));
}

const toWan = (cents: number) => cents / 100;

function enforcementBlock(block: Block, seed: number): Values[] {
  const rng = (what: string): Rng => stream(seed, `${block.year}:${what}`);
  const rates = cells(block, (k, p) => enfRates(qualityAt(p.enf, p, block.offset + k)));
  const r = (k: number, i: number) => rates[k * PROFILES.length + i]!;
  const n = block.months.length * PROFILES.length;

  const rRecv = rng("enf_received");
  const received = apportion(block.enfReceived, cells(block, (k, p) => rRecv.jitter(p.enfShare * block.enfReceivedSeason[k]!, 0.15)));
  const rClosed = rng("enf_closed");
  const closed = apportion(block.enfClosed, cells(block, (k, p, i) => rClosed.jitter(p.enfShare * r(k, i).closeFactor * block.enfClosedSeason[k]!, 0.15)));

  const rTerm = rng("enf_terminated");
  const terminated = cells(block, (k, _p, i) => {
    const c = closed[k * PROFILES.length + i]!;
    return Math.min(c, rTerm.roundStochastic(rTerm.jitter(c * r(k, i).terminatedShare, 0.2)));
  });
  const compliant = cells(block, (k, _p, i) => {
    const t = terminated[k * PROFILES.length + i]!;
    return t - Math.min(t, rTerm.roundStochastic(rTerm.jitter(t * r(k, i).terminatedDefect, 0.5)));
  });

  const rAsset = rng("enf_asset");
  const assetRoom = closed.map((c, j) => c - terminated[j]!);
  const asset = apportion(block.assetClosed, cells(block, (k, _p, i) => rAsset.jitter(assetRoom[k * PROFILES.length + i]! * r(k, i).assetShare, 0.15)), assetRoom);
  const late = apportion(block.assetLate, cells(block, (k, _p, i) => rAsset.jitter(asset[k * PROFILES.length + i]! * r(k, i).lateWeight, 0.5)), asset);

  const rFirst = rng("enf_first");
  const first = apportion(block.firstClosed, cells(block, (k, _p, i) => rFirst.jitter(closed[k * PROFILES.length + i]! * r(k, i).firstShare, 0.1)), closed);
  const days = apportion(
    Math.round(block.firstDaysAverage * block.firstClosed),
    cells(block, (k, _p, i) => rFirst.jitter(first[k * PROFILES.length + i]! * r(k, i).daysFactor * block.firstDaysSeason[k]!, 0.15)),
  );
  const completedRaw = cells(block, (k, _p, i) => rFirst.jitter(first[k * PROFILES.length + i]! * r(k, i).completion, 0.2));
  const completed =
    block.firstCompleted !== undefined
      ? apportion(block.firstCompleted, completedRaw, first)
      : completedRaw.map((x, j) => Math.min(first[j]!, rFirst.roundStochastic(x)));

  const rAmount = rng("enf_amount");
  const appliedCents = cells(block, (k, p, i) => Math.round(rAmount.jitter(first[k * PROFILES.length + i]! * p.amountPerCase, 0.4) * 100));
  const recoveredRaw = cells(block, (k, _p, i) => {
    const a = appliedCents[k * PROFILES.length + i]!;
    return Math.min(a, rAmount.jitter(a * r(k, i).recovery, 0.2));
  });
  const recoveredCents =
    block.recoveryRate !== undefined
      ? apportion(Math.round(block.recoveryRate * appliedCents.reduce((a, b) => a + b, 0)), recoveredRaw, appliedCents)
      : recoveredRaw.map((x) => Math.round(x));

  const out: Values[] = [];
  for (let j = 0; j < n; j++) {
    const i = j % PROFILES.length;
    const p = PROFILES[i]!;
    out.push({
      enf_received: received[j]!,
      enf_closed: closed[j]!,
      enf_asset_closed: asset[j]!,
      enf_asset_closed_in_limit: asset[j]! - late[j]!,
      enf_first_closed: first[j]!,
      enf_first_days_total: days[j]!,
      enf_first_completed: completed[j]!,
      enf_first_amount_applied: toWan(appliedCents[j]!),
      enf_first_amount_recovered: toWan(recoveredCents[j]!),
      enf_terminated: terminated[j]!,
      enf_terminated_compliant: compliant[j]!,
      staff_enf: p.staffEnf[block.year === 2022 ? 0 : 1],
    });
  }
  return out;
}

function trialBlock(block: Block, seed: number, pending: Map<string, number>): Values[] {
  const rng = stream(seed, `${block.year}:trial`);
  const rPending = stream(seed, `${block.year}:pending`);
  return cells(block, (k, p) => {
    const t = trialRates(qualityAt(p.trial, p, block.offset + k));
    const received = rng.roundStochastic(rng.jitter(p.trialPerMonth * block.trialReceivedSeason[k]!, 0.15));
    const closed = rng.roundStochastic(rng.jitter(received * t.closeRatio * block.trialClosedSeason[k]!, 0.1));
    const late = Math.min(closed, rng.roundStochastic(rng.jitter(closed * t.lateRate, 0.5)));
    const days = Math.round(rng.jitter(closed * t.avgDays, 0.12));
    const mediated = Math.min(closed, rng.roundStochastic(rng.jitter(closed * t.mediation, 0.12)));
    const judged = Math.min(closed - mediated, rng.roundStochastic(rng.jitter((closed - mediated) * 0.8, 0.1)));
    const reversed = Math.min(judged, rng.roundStochastic(rng.jitter(judged * t.reversal, 0.5)));
    const appealed = Math.min(judged, rng.roundStochastic(rng.jitter(closed * t.appeal, 0.3)));
    // a stock figure: drifts a step at a time around the tribunal's usual level
    let over12 = pending.get(p.unit) ?? p.pendingBase;
    const u = rPending.next();
    if (u < 0.2) over12 -= 1;
    else if (u > 0.8) over12 += 1;
    if (over12 > p.pendingBase + 1) over12 = p.pendingBase + 1;
    if (over12 < p.pendingBase - 1) over12 = p.pendingBase - 1;
    over12 = Math.max(0, over12);
    pending.set(p.unit, over12);
    return {
      trial_received: received,
      trial_closed: closed,
      trial_closed_in_limit: closed - late,
      trial_days_total: days,
      trial_mediated: mediated,
      trial_judged_first: judged,
      trial_reversed: reversed,
      trial_appealed: appealed,
      trial_pending_over12m: over12,
      judges_trial: p.judges[block.year === 2022 ? 0 : 1],
    };
  });
}

/** The monthly facts of the eight tribunals, 2022-01 … 2023-03, period by period in tribunal order. */
export function demoFacts(fieldOrder: readonly string[], seed = DEMO_SEED): FactRow[] {
  if (PROFILES.map((p) => p.unit).join() !== DEMO_UNITS.map((u) => u.key).join()) throw new Error("demo profiles out of step with DEMO_UNITS");
  const rows: FactRow[] = [];
  const pending = new Map<string, number>();
  for (const block of BLOCKS) {
    const enf = enforcementBlock(block, seed);
    const trial = trialBlock(block, seed, pending);
    block.months.forEach((m, k) => {
      PROFILES.forEach((p, i) => {
        const j = k * PROFILES.length + i;
        const all: Values = { ...trial[j]!, ...enf[j]! };
        const values: Values = {};
        for (const key of fieldOrder) {
          const v = all[key];
          if (v === undefined) throw new Error(`demo generator has no figure for field "${key}"`);
          values[key] = v;
        }
        rows.push({ period: makePeriod(block.year, m), unit: p.unit, values });
      });
    });
  }
  return rows;
}
