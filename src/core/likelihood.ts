/**
 * Teacher-forced log-likelihood of answers: log π(y_t | x, y_<t) for every answer token,
 * read from the KV-cached decode session. All prompts are prefilled in ONE `start` (rows of
 * different lengths), then the answers' tokens are fed in lock-step, one step per position;
 * a row whose answer is already scored is fed the end token and ignored, as `generate`
 * does for finished rows. The numbers are those of a single padded forward pass over
 * prompt + answer (forge/data.py `answer_logprobs`), at one pass per answer position.
 */
import type { LanguageModel } from "./languageModel";
import { logSumExp } from "./logits";
import type { ScoredPair } from "./rewardModel";

export interface LikelihoodOptions {
  /** Also score the end token after the answer: the likelihood of the answer as a complete
   * response rather than as a prefix (default false). */
  includeEnd?: boolean;
  /** Checked before the prefill and every step; an aborted signal rejects with its reason
   * (partial sums would look like real, too-high likelihoods). */
  signal?: AbortSignal;
  /** Awaited after every step, as in generate (a worker yields a macrotask here). */
  betweenSteps?: () => Promise<void>;
}

export interface SequenceLikelihoods {
  /** perToken[i][t] = log π(answer_t | prompt, answer_<t) for pairs[i]; the end token's
   * log-probability last when includeEnd. */
  perToken: number[][];
  /** Σ_t perToken[i][t]: log π(answer | prompt); 0 for an empty answer without includeEnd. */
  sums: number[];
  /** Forward passes of the model (the prefill counts as one) and the tokens it processed. */
  forwardPasses: number;
  tokensProcessed: number;
}

/** log π(token) under one row of logits: logit − log Σ exp(logits). */
export function tokenLogProb(logits: ArrayLike<number>, token: number): number {
  return logits[token]! - logSumExp(logits);
}

export async function sequenceLogProbs(
  model: LanguageModel,
  pairs: readonly ScoredPair[],
  opts: LikelihoodOptions = {},
): Promise<SequenceLikelihoods> {
  pairs.forEach((p, i) => {
    if (p.prompt.length === 0) throw new RangeError(`pair ${i} has an empty prompt: the first answer token needs a context`);
    for (const t of [...p.prompt, ...p.answer]) {
      if (!Number.isInteger(t) || t < 0 || t >= model.vocabSize) {
        throw new RangeError(`pair ${i} has token ${t}, outside the vocabulary of ${model.vocabSize}`);
      }
    }
  });
  const eos = model.eosTokenId;
  const targets = pairs.map((p) => (opts.includeEnd ? [...p.answer, eos] : [...p.answer]));
  const perToken: number[][] = pairs.map(() => []);
  let forwardPasses = 0;
  let tokensProcessed = 0;
  const result = (): SequenceLikelihoods => ({
    perToken,
    sums: perToken.map((lps) => lps.reduce((a, b) => a + b, 0)),
    forwardPasses,
    tokensProcessed,
  });
  opts.signal?.throwIfAborted();
  const longest = targets.reduce((n, t) => Math.max(n, t.length), 0);
  if (longest === 0) return result(); // nothing to score: no pass needed
  const session = await model.start(pairs.map((p) => p.prompt));
  forwardPasses++;
  tokensProcessed += pairs.reduce((n, p) => n + p.prompt.length, 0);
  try {
    for (let t = 0; t < longest; t++) {
      opts.signal?.throwIfAborted();
      const fed = targets.map((target, r) => {
        if (t >= target.length) return -1;
        perToken[r]!.push(tokenLogProb(session.logits[r]!, target[t]!));
        return target[t]!;
      });
      // The forced tokens are this step's "chosen" ones: a guided session (GenARM) records
      // its per-token rewards along the answer exactly as it would had it sampled them.
      session.observe?.(fed);
      if (t === longest - 1) break; // the last token's log-prob needs no further pass
      await session.step(fed.map((tok) => (tok < 0 ? eos : tok)));
      forwardPasses++;
      tokensProcessed += pairs.length;
      await opts.betweenSteps?.();
    }
    return result();
  } finally {
    session.dispose();
  }
}
