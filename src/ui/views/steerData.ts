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

/** `attribute`: the oracle score and RM head the sweep follows (see `sweepTargets`) */
export const sweepPoint = (lambda: number, attribute: string, answer: ScoredAnswer): SweepPoint => ({
  lambda,
  oracle: pick(answer.oracle, attribute),
  rm: pick(answer.rm, attribute),
  overall: pick(answer.oracle, "overall"),
  text: answer.text,
});

/** Chart rows sorted by λ, one per λ (a later point replaces an earlier one). */
export function sweepChartData(points: readonly SweepPoint[]): SweepPoint[] {
  const byLambda = new Map<number, SweepPoint>();
  for (const p of points) byLambda.set(p.lambda, p);
  return [...byLambda.values()].sort((a, b) => a.lambda - b.lambda);
}

/** A training-time checkpoint among the λ controls: its dimension and what its control reads. */
export interface CheckpointMember {
  dimension: string;
  label: string;
}

/**
 * A group of checkpoints (vectors.json's `checkpoints`): "iterations" (SPPO) shows an
 * iteration picker and one λ for the chosen iteration; "members" one slider per checkpoint.
 */
export interface CheckpointGroup {
  name: string;
  kind: "iterations" | "members";
  /** what the group's controls are headed with */
  title: string;
  members: CheckpointMember[];
}

export interface SteerDimensions {
  /** the ordinary preference dimensions (in no checkpoint group), in the suite's order */
  preference: string[];
  groups: CheckpointGroup[];
}

/** "ppo_sequence" → "PPO, sequence-level reward"; other names read as they are. */
function memberLabel(group: string, dimension: string): string {
  const m = group === "ppo" ? /^ppo_(.+)$/.exec(dimension) : null;
  return m ? `PPO, ${m[1]!.replace(/_/g, " ")}-level reward` : dimension;
}

/**
 * Splits the suite's dimensions into the preference ones and the checkpoint groups. A group
 * name or member the dimensions lack is left out (the worker checks them; an empty group shows
 * nothing); absent groups leave every dimension a preference dimension.
 */
export function steerDimensions(suite: { dimensions: readonly string[]; checkpoints?: Readonly<Record<string, readonly string[]>> }): SteerDimensions {
  const groups: CheckpointGroup[] = [];
  const grouped = new Set<string>();
  for (const [name, names] of Object.entries(suite.checkpoints ?? {})) {
    const members = names.filter((d) => suite.dimensions.includes(d) && !grouped.has(d));
    members.forEach((d) => grouped.add(d));
    if (members.length === 0) continue;
    const iterations = name === "sppo";
    groups.push({
      name,
      kind: iterations ? "iterations" : "members",
      title: iterations ? "SPPO" : name === "ppo" ? "PPO" : name,
      members: members.map((dimension, i) => ({ dimension, label: iterations ? `SPPO iteration ${i + 1}` : memberLabel(name, dimension) })),
    });
  }
  return { preference: suite.dimensions.filter((d) => !grouped.has(d)), groups };
}

/**
 * The iteration (1-based) an iterations group's λ sits on: the first member with λ ≠ 0, or
 * null when every member is 0 (the picker then keeps what the user chose).
 */
export function chosenIteration(group: CheckpointGroup, lambdas: Readonly<Record<string, number>>): number | null {
  const i = group.members.findIndex((m) => (lambdas[m.dimension] ?? 0) !== 0);
  return i < 0 ? null : i + 1;
}

/**
 * The λs with an iterations group set to λ on iteration `iteration` (1-based, clamped to the
 * group) and 0 on its other iterations; other dimensions are kept, zeros left out.
 */
export function withIteration(lambdas: Readonly<Record<string, number>>, group: CheckpointGroup, iteration: number, value: number): Record<string, number> {
  const members = new Set(group.members.map((m) => m.dimension));
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(lambdas)) if (!members.has(k) && v !== 0) out[k] = v;
  if (group.members.length === 0) return out;
  const k = Math.min(group.members.length, Math.max(1, Math.round(iteration) || 1));
  const v = snapLambda(value);
  if (v !== 0) out[group.members[k - 1]!.dimension] = v;
  return out;
}

/** What a sweep can run over: a dimension, what its options read, and the attribute it charts. */
export interface SweepTarget {
  dimension: string;
  label: string;
  /** the oracle score and RM head of that name: the dimension itself, or overall for a checkpoint */
  attribute: string;
  /** the checkpoint group's title; null for a preference dimension */
  group: string | null;
}

/**
 * Every dimension a sweep can move, in option groups: the preference dimensions (group null)
 * first, then each checkpoint group. A preference dimension charts its own attribute; a
 * training-time checkpoint has no attribute of its own (SPPO and PPO trained on the overall
 * reward), so its sweep charts the oracle's overall score against the RM's overall head.
 */
export function sweepTargets({ preference, groups }: SteerDimensions): { group: string | null; targets: SweepTarget[] }[] {
  return [
    { group: null, targets: preference.map((d) => ({ dimension: d, label: d, attribute: d, group: null })) },
    ...groups.map((g) => ({ group: g.title, targets: g.members.map((m) => ({ dimension: m.dimension, label: m.label, attribute: "overall", group: g.title })) })),
  ];
}
