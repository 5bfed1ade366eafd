/**
 * Best-of-N (rejection sampling against a reward): decode N samples of one prompt, score
 * them with a sequence reward, keep the best. Plain sampling is N = 1.
 *
 * The N samples are ONE batch of generate(): row i draws from createRng(seed).fork(i), so
 * candidate i is the same whatever N is (raising N only adds candidates), and the policy is
 * started once. The candidates are scored in one reward call.
 *
 * Cancellation: generate() returns, on abort, the tokens each row has so far, rows not done
 * marked "cancelled". Best-of-N then returns every candidate as it stands with
 * `cancelled: true`, and does not score: nothing is scored (score null, best null, no reward
 * call) if any row was cancelled, or if the signal was aborted by the time decoding ended,
 * so that a cancel never waits on the reward model. Finished rows of a cancelled run are
 * returned too, unscored.
 */
import { generate, type FinishReason, type GenerateOptions } from "./generate";
import type { LanguageModel } from "./languageModel";
import type { ScoredPair, SequenceScorer } from "./rewardModel";

export interface BestOfNOptions extends GenerateOptions {
  /** candidates to decode (a whole number ≥ 1; 1 is plain sampling) */
  n: number;
}

export interface BestOfNCandidate {
  /** the answer, without the end token */
  tokens: number[];
  finish: FinishReason;
  /** its reward; null when the run was cancelled and nothing was scored */
  score: number | null;
}

/** What a decoding method spent, in the units every method in AlignScope reports. */
export interface DecodingBudget {
  /** forward passes of the policy (the prefill counts as one) */
  forwardPasses: number;
  /** tokens the policy processed (prompts at the prefill, then one per row per step) */
  tokensProcessed: number;
  /** tokens in the answers (their lengths summed, end tokens excluded) */
  tokensGenerated: number;
  rewardCalls: number;
  pairsScored: number;
}

export interface BestOfNResult {
  candidates: BestOfNCandidate[];
  /** index of the best-scored candidate (ties: the lowest index); null when nothing was scored */
  best: number | null;
  cancelled: boolean;
  budget: DecodingBudget;
}

export async function bestOfN(
  policy: LanguageModel,
  prompt: readonly number[],
  opts: BestOfNOptions,
  score: SequenceScorer,
): Promise<BestOfNResult> {
  if (!Number.isInteger(opts.n) || opts.n < 1) throw new RangeError(`best-of-N option n must be a whole number ≥ 1, got ${opts.n}`);
  const { n, ...generateOptions } = opts;
  const prompts = Array.from({ length: n }, () => prompt);
  const out = await generate(policy, prompts, generateOptions);
  const budget: DecodingBudget = {
    forwardPasses: out.forwardPasses,
    tokensProcessed: out.tokensProcessed,
    tokensGenerated: out.tokens.reduce((sum, t) => sum + t.length, 0),
    rewardCalls: 0,
    pairsScored: 0,
  };
  const candidates: BestOfNCandidate[] = out.tokens.map((tokens, i) => ({ tokens, finish: out.finish[i]!, score: null }));
  const cancelled = out.finish.includes("cancelled") || opts.signal?.aborted === true;
  if (cancelled) return { candidates, best: null, cancelled, budget };

  const pairs: ScoredPair[] = candidates.map((c) => ({ prompt, answer: c.tokens }));
  budget.rewardCalls++;
  budget.pairsScored += pairs.length;
  const scores = await score(pairs);
  if (!Array.isArray(scores) || scores.length !== pairs.length) {
    throw new RangeError(`the scorer returned ${scores?.length} scores for ${pairs.length} candidates`);
  }
  let best = 0;
  scores.forEach((s, i) => {
    if (typeof s !== "number" || Number.isNaN(s)) throw new RangeError(`the scorer gave ${s} for candidate ${i}`);
    candidates[i]!.score = s;
    if (s > scores[best]!) best = i;
  });
  return { candidates, best, cancelled: false, budget };
}
