/**
 * Choosing the next token from logits: greedy, or sampling at a temperature after top-k and
 * top-p (nucleus) truncation, driven by a seeded stream so that a seed fixes the tokens.
 */
import type { Rng } from "./rng";

export interface SamplingOptions {
  /** 0 means greedy (argmax). */
  temperature: number;
  /** Keep the k most likely tokens; 0 keeps all. */
  topK: number;
  /** Keep the smallest set of most likely tokens whose probability reaches p; 1 keeps all. */
  topP: number;
}

export const GREEDY: SamplingOptions = { temperature: 0, topK: 0, topP: 1 };

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** Softmax of logits / temperature over the given candidate ids, as probabilities in that order. */
export function softmaxOver(logits: ArrayLike<number>, ids: readonly number[], temperature: number): number[] {
  let max = -Infinity;
  for (const i of ids) max = Math.max(max, logits[i]! / temperature);
  const exps = ids.map((i) => Math.exp(logits[i]! / temperature - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The k ids with the largest logits, most likely first (ties: lower id first). A small k takes
 * one pass with an insertion-sorted buffer (top-k 40 of 1,024 every token); a large one a sort. */
export function topKIds(logits: ArrayLike<number>, k: number): number[] {
  if (k * 8 > logits.length) return range(logits.length).sort((a, b) => logits[b]! - logits[a]! || a - b).slice(0, k);
  const top: number[] = [];
  for (let i = 0; i < logits.length; i++) {
    const v = logits[i]!;
    if (top.length === k && v <= logits[top[k - 1]!]!) continue;
    let at = top.length === k ? k - 1 : top.length;
    while (at > 0 && logits[top[at - 1]!]! < v) {
      top[at] = top[at - 1]!;
      at--;
    }
    top[at] = i;
  }
  return top;
}

/** The candidate ids that survive top-k and then top-p, most likely first, with their probabilities. */
export function truncate(logits: ArrayLike<number>, opts: SamplingOptions): { ids: number[]; probs: number[] } {
  const k = opts.topK > 0 ? Math.min(opts.topK, logits.length) : logits.length;
  let ids = topKIds(logits, k);
  let probs = softmaxOver(logits, ids, opts.temperature);
  if (opts.topP < 1) {
    let mass = 0;
    let keep = 0;
    while (keep < ids.length && mass < opts.topP) mass += probs[keep++]!;
    ids = ids.slice(0, Math.max(keep, 1));
    const total = probs.slice(0, ids.length).reduce((a, b) => a + b, 0);
    probs = probs.slice(0, ids.length).map((p) => p / total);
  }
  return { ids, probs };
}

export function validateSampling(opts: SamplingOptions): void {
  if (!(opts.temperature >= 0)) throw new RangeError(`temperature must be ≥ 0, got ${opts.temperature}`);
  if (!Number.isInteger(opts.topK) || opts.topK < 0) throw new RangeError(`topK must be a whole number ≥ 0, got ${opts.topK}`);
  if (!(opts.topP > 0 && opts.topP <= 1)) throw new RangeError(`topP must be in (0, 1], got ${opts.topP}`);
}

export function sampleToken(logits: ArrayLike<number>, opts: SamplingOptions, rng: Rng): number {
  if (opts.temperature === 0) return argmax(logits);
  if (opts.topK === 0 && opts.topP === 1) {
    // no truncation: draw from the whole softmax, no ranking needed
    return rng.weightedIndex(softmaxOver(logits, range(logits.length), opts.temperature));
  }
  const { ids, probs } = truncate(logits, opts);
  return ids[rng.weightedIndex(probs)]!;
}
