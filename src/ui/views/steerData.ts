// The Steer view's pure logic: λ values on the slider grid, the configs it runs (steered, the
// λ = 0 baseline, a sweep over one dimension), and the rows and chart points it shows.
import type { RunConfig } from "../../core/config";
import type { ScoredAnswer } from "../../core/pipeline";

export const LAMBDA_MIN = -1.5;
export const LAMBDA_MAX = 2;
export const LAMBDA_STEP = 0.05;
/** the λs a sweep runs, for one dimension, the others held where the sliders are */
export const SWEEP_GRID: readonly number[] = [-1.5, -0.75, 0, 0.75, 1.5, 2];

/** Clamps to the slider's range and snaps to its step (no 0.15000000000000002). */
export function snapLambda(value: number): number {
  if (!Number.isFinite(value)) return 0;
  const clamped = Math.min(LAMBDA_MAX, Math.max(LAMBDA_MIN, value));
  const snapped = Math.round(clamped / LAMBDA_STEP) * LAMBDA_STEP;
  return Math.round(snapped * 100) / 100 || 0;
}

/** The λs with one dimension set; zeros are left out, so a link stays short. */
export function withLambda(lambdas: Readonly<Record<string, number>>, dimension: string, value: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(lambdas)) if (k !== dimension && v !== 0) out[k] = v;
  const v = snapLambda(value);
  if (v !== 0) out[dimension] = v;
  return out;
}

export const withLambdas = (config: RunConfig, lambdas: Record<string, number>): RunConfig => ({ ...config, policy: { ...config.policy, lambdas } });

/** The unsteered config (every λ = 0): what a change is measured against. */
export const baselineConfig = (config: RunConfig): RunConfig => withLambdas(config, {});

export const isSteered = (config: RunConfig) => Object.values(config.policy.lambdas).some((v) => v !== 0);

/** One config per grid value of `dimension`, the other λs as they are. */
export function sweepConfigs(config: RunConfig, dimension: string, grid: readonly number[] = SWEEP_GRID): { lambda: number; config: RunConfig }[] {
  return grid.map((lambda) => ({ lambda, config: withLambdas(config, withLambda(config.policy.lambdas, dimension, lambda)) }));
}

interface DeltaRow {
  attribute: string;
  /** the λ on this dimension; null for attributes that are not a dimension (overall) */
  lambda: number | null;
  oracleBase: number | null;
  oracleNow: number | null;
  oracleDelta: number | null;
  rmBase: number | null;
  rmNow: number | null;
  rmDelta: number | null;
}

const diff = (now: number | null, base: number | null) => (now === null || base === null ? null : now - base);
const pick = (r: Readonly<Record<string, number>> | null | undefined, k: string): number | null => {
  const v = r?.[k];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
};

/** The target attributes (one per AV dimension) and overall: the oracle and the RM head, at λ = 0 and now. */
export function deltaRows(dimensions: readonly string[], lambdas: Readonly<Record<string, number>>, base: ScoredAnswer | null, now: ScoredAnswer | null): DeltaRow[] {
  return [...dimensions, "overall"].map((attribute) => {
    const oracleBase = pick(base?.oracle, attribute);
    const oracleNow = pick(now?.oracle, attribute);
    const rmBase = pick(base?.rm, attribute);
    const rmNow = pick(now?.rm, attribute);
    return {
      attribute,
      lambda: dimensions.includes(attribute) ? (lambdas[attribute] ?? 0) : null,
      oracleBase,
      oracleNow,
      oracleDelta: diff(oracleNow, oracleBase),
      rmBase,
      rmNow,
      rmDelta: diff(rmNow, rmBase),
    };
  });
}

export interface SweepPoint {
  lambda: number;
  /** the oracle's score of the dimension's attribute */
  oracle: number | null;
  /** the reward model's head of the same name */
  rm: number | null;
  /** the oracle's overall score: what steering costs elsewhere */
  overall: number | null;
  text: string;
}

export const sweepPoint = (lambda: number, dimension: string, answer: ScoredAnswer): SweepPoint => ({
  lambda,
  oracle: pick(answer.oracle, dimension),
  rm: pick(answer.rm, dimension),
  overall: pick(answer.oracle, "overall"),
  text: answer.text,
});

/** Chart rows sorted by λ, one per λ (a later point replaces an earlier one). */
export function sweepChartData(points: readonly SweepPoint[]): SweepPoint[] {
  const byLambda = new Map<number, SweepPoint>();
  for (const p of points) byLambda.set(p.lambda, p);
  return [...byLambda.values()].sort((a, b) => a.lambda - b.lambda);
}
