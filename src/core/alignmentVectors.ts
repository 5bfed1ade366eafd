/**
 * The measures around Alignment Vectors (Shahriar et al. 2024, arXiv 2410.19206). The
 * runtime mixes θ = θ_base + Σ_d λ_d·AV_d with AV_d = θ_aligned,d − θ_base; this module is
 * the arithmetic around it: λ grids to sweep, a canonical form of a λ map (a cache key for
 * the mixed weights), and the paper's preference accuracy over proficiency levels.
 *
 * Preference accuracy (the paper's evaluation measure): for prompts that each have one response
 * per proficiency level (avoid, generic, expert), the fraction of prompts on which the
 * model gives the TARGET level's response the highest likelihood among the levels. How the
 * likelihood is normalised: the paper's text was not retrievable here; forge/evaluate.py
 * (this project's Python measure, whose numbers the app should reproduce) uses the
 * per-token mean of log π over the answer and its end token, "so that longer expert
 * answers are not penalised for their length". That is the default; "sum" (the sequence
 * log-probability) is offered too. Either way the result also holds, per item and level, the
 * raw sum of log π and the number of tokens scored, so one pass gives both normalisations.
 */
import { logSumExp } from "./logits";
import type { LanguageModel } from "./languageModel";
import { sequenceLogProbs } from "./likelihood";

/** The paper's proficiency levels, lowest first (the world's Level). */
export const PROFICIENCY_LEVELS = ["avoid", "generic", "expert"] as const;
export type ProficiencyLevel = (typeof PROFICIENCY_LEVELS)[number];

/** λ per alignment-vector dimension. */
export type LambdaMap = Readonly<Record<string, number>>;

/**
 * `steps` evenly spaced values from `from` to `to`, both included (numpy.linspace's num):
 * lambdaGrid(-1, 1.5, 6) = [-1, -0.5, 0, 0.5, 1, 1.5]. Values are rounded to 12
 * significant digits so that 0.1-style steps give 0.3, not 0.30000000000000004 (the
 * values become cache keys and axis labels). One value needs from === to.
 */
export function lambdaGrid(from: number, to: number, steps: number): number[] {
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new RangeError(`λ grid ends must be finite, got ${from} and ${to}`);
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`a λ grid needs a whole number of values ≥ 1, got ${steps}`);
  if (steps === 1) {
    if (from !== to) throw new RangeError(`a one-value λ grid cannot span ${from} to ${to}; use at least 2 values`);
    return [from];
  }
  return Array.from({ length: steps }, (_, i) => {
    if (i === 0) return from;
    if (i === steps - 1) return to;
    const v = Number((from + ((to - from) * i) / (steps - 1)).toPrecision(12));
    return Object.is(v, -0) ? 0 : v;
  });
}

/**
 * The canonical form of a λ map: dimensions with λ = 0 dropped (they leave θ unchanged),
 * the rest in sorted key order, so that maps mixing the same weights compare equal.
 * Rejects a non-finite λ, naming its dimension (NaN weights would poison the whole model).
 */
export function normaliseLambdas(lambdas: LambdaMap): Record<string, number> {
  return Object.fromEntries(activeLambdas(lambdas));
}

/** A string equal for two λ maps exactly when they mix the same weights: a cache key. Built
 * from the sorted entries (an object would put integer-like keys first, whatever the order). */
export function lambdaKey(lambdas: LambdaMap): string {
  return JSON.stringify(activeLambdas(lambdas));
}

function activeLambdas(lambdas: LambdaMap): [string, number][] {
  const out: [string, number][] = [];
  for (const name of Object.keys(lambdas).sort()) {
    const lam = lambdas[name];
    if (typeof lam !== "number" || !Number.isFinite(lam)) throw new RangeError(`λ for "${name}" must be a finite number, got ${lam}`);
    if (lam !== 0) out.push([name, lam]);
  }
  return out;
}

/** One prompt with one response (token ids, without the end token) per level. */
export interface LevelItem<L extends string = ProficiencyLevel> {
  readonly prompt: readonly number[];
  readonly responses: Readonly<Record<L, readonly number[]>>;
}

export type LikelihoodNormalisation = "sum" | "mean";

export interface PreferenceAccuracyOptions<L extends string = ProficiencyLevel> {
  /** "mean" (default, as forge/evaluate.py): per-token mean log π; "sum": log π of the whole response. */
  normalise?: LikelihoodNormalisation;
  /** Score the end token after each response (default true, as forge/evaluate.py): the
   * likelihood of the response as a complete answer, not as a prefix of a longer one. */
  includeEnd?: boolean;
  /** The levels compared, in order (default: PROFICIENCY_LEVELS when the items have exactly
   * those, else the first item's keys). Lets the same measure run on warm/cold variants. */
  levels?: readonly L[];
  /** Rows per sequenceLogProbs call (default 24: eight prompts × three levels); every
   * response of a chunk is scored in one batched prefill and one lock-step decode. */
  batchSize?: number;
  signal?: AbortSignal;
  betweenSteps?: () => Promise<void>;
}

export interface PreferenceAccuracy<L extends string = ProficiencyLevel> {
  target: L;
  levels: L[];
  normalise: LikelihoodNormalisation;
  /** Fraction of items whose winner is the target. */
  accuracy: number;
  /** Per item, the level with the strictly highest likelihood, or null when the top is tied
   * (a tie counts as the target NOT preferred: the model did not single it out). */
  winners: (L | null)[];
  /** Per item and level, the (normalised) log-likelihood compared: sums / tokenCounts for "mean", sums for "sum". */
  logLikelihoods: Record<L, number>[];
  /** Per item and level, log π of the whole response: Σ log π over its tokens (and its end token with includeEnd). */
  sums: Record<L, number>[];
  /** Per item and level, the tokens scored: the response's, plus its end token with includeEnd. */
  tokenCounts: Record<L, number>[];
  /** levelDistribution of logLikelihoods. */
  distribution: LevelDistribution<L>;
  forwardPasses: number;
  tokensProcessed: number;
}

function levelsOf<L extends string>(items: readonly LevelItem<L>[], given: readonly L[] | undefined): L[] {
  if (given) return [...given];
  const keys = Object.keys(items[0]!.responses) as L[];
  const standard: readonly string[] = PROFICIENCY_LEVELS;
  const isStandard = keys.length === standard.length && standard.every((l) => keys.includes(l as L));
  return isStandard ? (standard as L[]) : keys;
}

export async function preferenceAccuracy<L extends string = ProficiencyLevel>(
  model: LanguageModel,
  items: readonly LevelItem<L>[],
  target: NoInfer<L>,
  opts: PreferenceAccuracyOptions<L> = {},
): Promise<PreferenceAccuracy<L>> {
  if (items.length === 0) throw new RangeError("preference accuracy needs at least one item");
  const normalise = opts.normalise ?? "mean";
  const includeEnd = opts.includeEnd ?? true;
  const batchSize = opts.batchSize ?? 24;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a whole number ≥ 1, got ${batchSize}`);
  const levels = levelsOf(items, opts.levels);
  if (new Set(levels).size !== levels.length || levels.length < 2) {
    throw new RangeError(`preference accuracy compares at least two distinct levels, got ${levels.join(", ")}`);
  }
  if (!levels.includes(target)) throw new RangeError(`the target level "${target}" is not among ${levels.join(", ")}`);
  items.forEach((item, i) => {
    const keys = Object.keys(item.responses);
    const missing = levels.filter((l) => !keys.includes(l));
    if (missing.length > 0) throw new RangeError(`item ${i} has no response for ${missing.join(", ")}`);
    if (normalise === "mean" && !includeEnd) {
      const empty = levels.find((l) => item.responses[l].length === 0);
      if (empty !== undefined) throw new RangeError(`item ${i}'s ${empty} response is empty: a mean over no tokens is undefined`);
    }
  });

  // Every (item, level) response as one row, level-major: a level's responses have similar
  // lengths (expert ones run ~2.5x longer), so a chunk's rows stop together and few steps are
  // spent feeding finished rows. Chunks are scored one after another.
  const rows = levels.flatMap((level) => items.map((item, i) => ({ item: i, level, pair: { prompt: item.prompt, answer: item.responses[level] } })));
  const sums = items.map(() => ({}) as Record<L, number>);
  const tokenCounts = items.map(() => ({}) as Record<L, number>);
  let forwardPasses = 0;
  let tokensProcessed = 0;
  for (let at = 0; at < rows.length; at += batchSize) {
    const chunk = rows.slice(at, at + batchSize);
    const lp = await sequenceLogProbs(model, chunk.map((r) => r.pair), { includeEnd, signal: opts.signal, betweenSteps: opts.betweenSteps });
    forwardPasses += lp.forwardPasses;
    tokensProcessed += lp.tokensProcessed;
    chunk.forEach((r, k) => {
      sums[r.item]![r.level] = lp.sums[k]!;
      tokenCounts[r.item]![r.level] = lp.perToken[k]!.length;
    });
  }
  const logLikelihoods = sums.map((s, i) => {
    if (normalise === "sum") return { ...s };
    const out = {} as Record<L, number>;
    for (const l of levels) out[l] = s[l] / tokenCounts[i]![l];
    return out;
  });

  const winners = logLikelihoods.map((ll) => strictWinner(levels, ll));
  return {
    target,
    levels,
    normalise,
    accuracy: winners.filter((w) => w === target).length / items.length,
    winners,
    logLikelihoods,
    sums,
    tokenCounts,
    distribution: levelDistribution(logLikelihoods, levels),
    forwardPasses,
    tokensProcessed,
  };
}

/** The level with the strictly highest score; null when two or more share the top. */
export function strictWinner<L extends string>(levels: readonly L[], scores: Readonly<Record<L, number>>): L | null {
  let best: L | null = null;
  let top = -Infinity;
  let tied = false;
  for (const l of levels) {
    const s = scores[l];
    if (Number.isNaN(s)) throw new RangeError(`the score of level "${l}" is NaN`);
    if (best === null || s > top) {
      best = l;
      top = s;
      tied = false;
    } else if (s === top) tied = true;
  }
  return tied ? null : best;
}

export interface LevelDistribution<L extends string = ProficiencyLevel> {
  /** Per item, softmax over the levels of their log-likelihoods. */
  perItem: Record<L, number>[];
  /** The per-item distributions averaged over items. */
  mean: Record<L, number>;
}

/**
 * A smoother view than the argmax accuracy: per item, softmax over the levels of their
 * log-likelihoods (with "sum" scores, P(level | prompt, the response is one of these)),
 * then averaged over items. It moves with λ even while no argmax flips. An item whose
 * levels are all -Infinity (none possible) contributes the uniform distribution.
 */
export function levelDistribution<L extends string>(
  logLikelihoods: readonly Readonly<Record<L, number>>[],
  levels: readonly L[],
): LevelDistribution<L> {
  if (levels.length === 0) throw new RangeError("a level distribution needs at least one level");
  const perItem = logLikelihoods.map((ll) => {
    const xs = levels.map((l) => ll[l]);
    const z = logSumExp(xs);
    const out = {} as Record<L, number>;
    levels.forEach((l, j) => (out[l] = z === -Infinity ? 1 / levels.length : Math.exp(xs[j]! - z)));
    return out;
  });
  const mean = {} as Record<L, number>;
  for (const l of levels) mean[l] = perItem.length === 0 ? NaN : perItem.reduce((a, p) => a + p[l], 0) / perItem.length;
  return { perItem, mean };
}
