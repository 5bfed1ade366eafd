// The Guide view's pure logic: the base and guided configs of a comparison, and the Pareto
// sweep (a small grid of α pairs, plain sampling, ARGS and Best-of-N), its points and front.
import type { RunConfig, RunConfigInput } from "../../core/config";
import type { ScoredAnswer } from "../../core/pipeline";
import { configKey } from "../../state/configKey";

/** Answers per sweep point: each point is the mean over this many samples (one batch). */
export const PARETO_SAMPLES = 4;
/** Best-of-N's N; its point is the mean of PARETO_SAMPLES independent Best-of-N draws. */
export const PARETO_BON_N = 4;
const PARETO_ARGS = { k: 5, w: 1 } as const;
/** α levels of the first and the second objective (the concision ARM cuts answers short above ~0.5) */
const PARETO_LEVELS: readonly [readonly number[], readonly number[]] = [
  [0, 0.5, 1.5],
  [0, 0.25, 0.5],
];

export type SweepKind = "base" | "genarm" | "args" | "bestOfN";

interface SweepItem {
  id: string;
  kind: SweepKind;
  label: string;
  alphas: Record<string, number> | null;
  config: RunConfigInput;
}

export interface ParetoPoint {
  id: string;
  kind: SweepKind;
  label: string;
  alphas: Record<string, number> | null;
  /** mean oracle score of the first and the second objective */
  x: number;
  y: number;
  /** answers the mean is over */
  n: number;
  tokens: number;
}

/** The guided run: GenARM with every ARM named (α = 0 where the config names none). */
export function guidedConfig(config: RunConfig, alphas: Record<string, number>): RunConfig {
  return { ...config, decoder: { kind: "genarm", alphas }, search: { kind: "none" } };
}

/** The base run: the same config and seed, plain sampling. */
export function baseConfig(config: RunConfig): RunConfig {
  return { ...config, decoder: { kind: "sample" }, search: { kind: "none" } };
}

/** The two objectives a Pareto chart plots: the first two ARMs (oracle keys of the same names). */
export function paretoAxes(arms: readonly string[]): [string, string] | null {
  return arms.length >= 2 ? [arms[0]!, arms[1]!] : null;
}

const alphaText = (a: number) => (Number.isInteger(a) ? String(a) : a.toFixed(2).replace(/0$/, ""));

/** The sweep's runs, in order: the α grid (0, 0 is plain sampling), then ARGS and Best-of-N. */
export function paretoPlan(config: RunConfig, axes: readonly [string, string], levels = PARETO_LEVELS): SweepItem[] {
  const [a, b] = axes;
  const common = { ...config, decoder: { kind: "sample" as const }, search: { kind: "bestOfN" as const, n: PARETO_SAMPLES } };
  const items: SweepItem[] = [];
  for (const x of levels[0]) {
    for (const y of levels[1]) {
      const alphas = { [a]: x, [b]: y };
      if (x === 0 && y === 0) items.push({ id: "base", kind: "base", label: "plain sampling (α = 0, 0)", alphas, config: common });
      else
        items.push({
          id: `genarm-${x}-${y}`,
          kind: "genarm",
          label: `GenARM α ${a} ${alphaText(x)}, ${b} ${alphaText(y)}`,
          alphas,
          config: { ...common, decoder: { kind: "genarm", alphas } },
        });
    }
  }
  items.push({ id: "args", kind: "args", label: `ARGS (k = ${PARETO_ARGS.k}, w = ${PARETO_ARGS.w})`, alphas: null, config: { ...common, decoder: { kind: "args", ...PARETO_ARGS } } });
  items.push({
    id: "bestOfN",
    kind: "bestOfN",
    label: `Best-of-${PARETO_BON_N} (RM objective)`,
    alphas: null,
    config: { ...common, search: { kind: "bestOfN", n: PARETO_SAMPLES * PARETO_BON_N } },
  });
  return items;
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((s, v) => s + v, 0) / xs.length : NaN);

/**
 * A sweep item's point: the mean oracle scores of its answers; for Best-of-N, the answers
 * come in groups of PARETO_BON_N and each group contributes the one with the highest
 * objective (that is, independent Best-of-N draws). Null when no answer has oracle scores.
 */
export function paretoPoint(item: SweepItem, answers: readonly ScoredAnswer[], axes: readonly [string, string]): ParetoPoint | null {
  let used: readonly ScoredAnswer[] = answers;
  if (item.kind === "bestOfN") {
    const picked: ScoredAnswer[] = [];
    for (let g = 0; g + PARETO_BON_N <= answers.length; g += PARETO_BON_N) {
      const group = answers.slice(g, g + PARETO_BON_N);
      picked.push(group.reduce((best, a) => (a.objective > best.objective ? a : best)));
    }
    used = picked;
  }
  const scored = used.filter((a) => a.oracle && Number.isFinite(a.oracle[axes[0]]) && Number.isFinite(a.oracle[axes[1]]));
  if (scored.length === 0) return null;
  return {
    id: item.id,
    kind: item.kind,
    label: item.label,
    alphas: item.alphas,
    x: mean(scored.map((a) => a.oracle![axes[0]]!)),
    y: mean(scored.map((a) => a.oracle![axes[1]]!)),
    n: scored.length,
    tokens: mean(scored.map((a) => a.tokens.length)),
  };
}

/** The points no other point beats on both objectives (ties kept), by increasing x. */
export function paretoFront<P extends { x: number; y: number }>(points: readonly P[]): P[] {
  const dominated = (p: P) => points.some((q) => q !== p && q.x >= p.x && q.y >= p.y && (q.x > p.x || q.y > p.y));
  return points.filter((p) => !dominated(p)).sort((p, q) => p.x - q.x || q.y - p.y);
}

/** α pair as a short tag for a chart label, e.g. "1.5/0.25" (first/second objective). */
export function alphaTag(alphas: Record<string, number> | null): string {
  return alphas ? Object.values(alphas).map(alphaText).join("/") : "";
}

/**
 * The points that get a text label, so that labels do not pile up where points crowd: front
 * points first, then the rest, each labelled only when no labelled point lies within `gap` of
 * it (a share of each axis' span, which the label's size on screen is roughly).
 */
export function labelledPoints<P extends { id: string; x: number; y: number }>(points: readonly P[], front: readonly P[], span: { x: number; y: number }, gap = { x: 0.08, y: 0.06 }): Set<string> {
  const onFront = new Set(front.map((p) => p.id));
  const order = [...points].sort((p, q) => Number(onFront.has(q.id)) - Number(onFront.has(p.id)));
  const kept: P[] = [];
  for (const p of order) {
    const crowded = kept.some((q) => Math.abs(q.x - p.x) < gap.x * span.x && Math.abs(q.y - p.y) < gap.y * span.y);
    if (!crowded) kept.push(p);
  }
  return new Set(kept.map((p) => p.id));
}

/** An axis for mean oracle scores (in [0, 1]) that fits the points: from a round value under the lowest to 1. */
export function scoreAxis(values: readonly number[]): { domain: [number, number]; ticks: number[] } {
  const finite = values.filter(Number.isFinite);
  const min = finite.length ? Math.min(...finite) : 0;
  const lo = Math.max(0, Math.floor((min - 0.05) * 10) / 10);
  const step = lo === 0 ? 0.25 : 1 - lo <= 0.3 + 1e-9 ? 0.05 : 0.1;
  const ticks: number[] = [];
  for (let t = lo; t <= 1 + 1e-9; t += step) ticks.push(Math.round(t * 100) / 100);
  return { domain: [lo, Math.round((1 + (1 - lo) * 0.03) * 1000) / 1000], ticks };
}

/** What a sweep's points depend on besides α: when it changes, the chart is out of date. */
export const sweepKey = (config: RunConfig): string => configKey(config, SWEEP_FIELDS);
const SWEEP_FIELDS = ["instruction", "seed", "maxNewTokens", "minNewTokens", "sampling", "policy", "objective"] as const;
