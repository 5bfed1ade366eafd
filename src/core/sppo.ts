/**
 * SPPO on a finite candidate set (Wu et al. 2024, arXiv 2405.00675): a two-player
 * constant-sum game whose payoff is the preference probability P(y ≻ y'). The exact
 * multiplicative-weights update of the paper's Eq. (4.1),
 *   π_{t+1}(y) ∝ π_t(y) · exp(η · P(y ≻ π_t)),   P(y ≻ π) = Σ_y' π(y') P(y ≻ y'),
 * run round by round, reporting each round's duality gap. P may be intransitive (a panel of
 * criteria voting), where no single reward ranks the candidates consistently.
 */
import { argmax } from "./sampling";

/** P[i][j] = probability that candidate i is preferred to j; P[i][j] + P[j][i] = 1. */
export type PreferenceMatrix = readonly (readonly number[])[];

export function checkPreferenceMatrix(P: PreferenceMatrix, tolerance = 1e-9): void {
  const n = P.length;
  if (n === 0) throw new RangeError("the preference matrix is empty");
  P.forEach((row, i) => {
    if (row.length !== n) throw new RangeError(`row ${i} has ${row.length} entries, not ${n}`);
    row.forEach((p, j) => {
      if (!(p >= 0 && p <= 1)) throw new RangeError(`P[${i}][${j}] = ${p} is not a probability`);
      if (Math.abs(p + P[j]![i]! - 1) > tolerance) throw new RangeError(`P[${i}][${j}] + P[${j}][${i}] ≠ 1`);
    });
  });
}

/** Bradley-Terry preferences from scalar rewards: P(i ≻ j) = σ(r_i − r_j). */
export function bradleyTerry(rewards: readonly number[]): number[][] {
  return rewards.map((ri) => rewards.map((rj) => 1 / (1 + Math.exp(-(ri - rj)))));
}

/**
 * A panel of criteria that vote: P(i ≻ j) = the fraction of criteria on which i scores higher
 * than j (ties count half). Majorities of criteria can be intransitive (a Condorcet cycle).
 */
export function panelPreferences(scores: readonly (readonly number[])[]): number[][] {
  const criteria = scores[0]?.length ?? 0;
  if (criteria === 0) throw new RangeError("a panel needs at least one criterion");
  return scores.map((si) =>
    scores.map((sj) => si.reduce((acc, v, c) => acc + (v > sj[c]! ? 1 : v === sj[c]! ? 0.5 : 0), 0) / criteria),
  );
}

/** P(y_i ≻ π) for every candidate i. */
export function winRates(P: PreferenceMatrix, pi: readonly number[]): number[] {
  return P.map((row) => row.reduce((acc, p, j) => acc + p * pi[j]!, 0));
}

/**
 * Duality gap of the symmetric game at π: max_y P(y ≻ π) − min_y' P(π ≻ y'). As
 * P(π ≻ y') = 1 − P(y' ≻ π), it is 2·max_y P(y ≻ π) − 1: zero exactly at a Nash mixture,
 * and how much a best response would beat π otherwise.
 */
export function dualityGap(P: PreferenceMatrix, pi: readonly number[]): number {
  return 2 * Math.max(...winRates(P, pi)) - 1;
}

export interface SppoRound {
  round: number;
  /** π_t after this round's update (round 0: the start) */
  policy: number[];
  /** the average of π_0..π_t, which multiplicative weights guarantee to approach a Nash mixture */
  average: number[];
  gap: number;
  averageGap: number;
  /** the paper's regression targets at π_t: η·(P(y ≻ π_t) − ½) */
  targets: number[];
}

export interface SppoOptions {
  eta: number;
  rounds: number;
  /** π_0; uniform when absent */
  start?: readonly number[];
}

export function solveSppo(P: PreferenceMatrix, opts: SppoOptions): SppoRound[] {
  checkPreferenceMatrix(P);
  if (!(opts.eta > 0)) throw new RangeError(`eta must be > 0, got ${opts.eta}`);
  if (!Number.isInteger(opts.rounds) || opts.rounds < 0) throw new RangeError(`rounds must be a whole number ≥ 0, got ${opts.rounds}`);
  const n = P.length;
  let pi = opts.start ? normalise([...opts.start]) : Array<number>(n).fill(1 / n);
  const sum = [...pi];
  const out: SppoRound[] = [];
  for (let t = 0; t <= opts.rounds; t++) {
    if (t > 0) {
      const w = winRates(P, pi);
      pi = normalise(pi.map((p, i) => p * Math.exp(opts.eta * w[i]!)));
      pi.forEach((p, i) => (sum[i]! += p));
    }
    const average = sum.map((s) => s / (t + 1));
    out.push({
      round: t,
      policy: pi,
      average,
      gap: dualityGap(P, pi),
      averageGap: dualityGap(P, average),
      targets: winRates(P, pi).map((w) => opts.eta * (w - 0.5)),
    });
  }
  return out;
}

function normalise(xs: number[]): number[] {
  const total = xs.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new RangeError("a policy needs positive mass");
  return xs.map((x) => x / total);
}

/** Picking the single best candidate by a reward, and how exploitable that pure choice is under P. */
export function argmaxChoice(P: PreferenceMatrix, rewards: readonly number[]) {
  const best = argmax(rewards);
  const pure = rewards.map((_, i) => (i === best ? 1 : 0));
  return { index: best, gap: dualityGap(P, pure) };
}
