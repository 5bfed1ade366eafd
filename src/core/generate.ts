/**
 * The decoding loop: batched, seeded, streamed and cancellable. Each row samples from its
 * own stream forked from the seed by row index, so a row's tokens do not depend on which
 * other rows share its batch.
 */
import type { LanguageModel } from "./languageModel";
import { createRng } from "./rng";
import { sampleToken, validateSampling, type SamplingOptions } from "./sampling";

export interface GenerateOptions {
  maxNewTokens: number;
  /** The end token is masked out until a row has this many new tokens (0: it may end at once). */
  minNewTokens?: number;
  sampling: SamplingOptions;
  seed: number;
  /** Called after every step with the token each still-running row produced (-1 for finished rows). */
  onStep?: (tokens: readonly number[], step: number) => void;
  signal?: AbortSignal;
  /** Awaited after every step: a worker passes a macrotask yield here so that messages such as
   * a cancel are handled between steps (awaiting the model alone only runs microtasks). */
  betweenSteps?: () => Promise<void>;
}

export type FinishReason = "eos" | "length" | "cancelled";

export interface Generation {
  /** New tokens per row, without the end token. */
  tokens: number[][];
  finish: FinishReason[];
  /** Forward passes of the model (the prefill counts as one) and the tokens it processed. */
  forwardPasses: number;
  tokensProcessed: number;
}

export async function generate(
  model: LanguageModel,
  prompts: readonly (readonly number[])[],
  opts: GenerateOptions,
): Promise<Generation> {
  validateSampling(opts.sampling);
  if (!Number.isInteger(opts.maxNewTokens) || opts.maxNewTokens < 0) {
    throw new RangeError(`maxNewTokens must be a whole number ≥ 0, got ${opts.maxNewTokens}`);
  }
  const rows = prompts.length;
  const minNew = opts.minNewTokens ?? 0;
  const rngs = prompts.map((_, i) => createRng(opts.seed).fork(i));
  const tokens: number[][] = prompts.map(() => []);
  const finish: (FinishReason | null)[] = prompts.map(() => null);
  const result = (): Generation => ({
    tokens,
    finish: finish.map((f) => f ?? "cancelled"),
    forwardPasses,
    tokensProcessed,
  });
  let forwardPasses = 0;
  let tokensProcessed = 0;
  if (rows === 0 || opts.signal?.aborted) return result();
  const session = await model.start(prompts);
  forwardPasses++;
  tokensProcessed += prompts.reduce((n, p) => n + p.length, 0);
  try {
    for (let step = 0; step < opts.maxNewTokens; step++) {
      if (opts.signal?.aborted) return result();
      const next = session.logits.map((logits, r) => {
        if (finish[r]) return -1;
        const t = sampleToken(tokens[r]!.length < minNew ? withoutEnd(logits, model.eosTokenId) : logits, opts.sampling, rngs[r]!);
        if (t === model.eosTokenId) finish[r] = "eos";
        else tokens[r]!.push(t);
        return t;
      });
      session.observe?.(next);
      opts.onStep?.(next, step);
      if (finish.every((f) => f)) break;
      if (step === opts.maxNewTokens - 1) break;
      await session.step(next.map((t) => (t < 0 ? model.eosTokenId : t)));
      forwardPasses++;
      tokensProcessed += rows;
      await opts.betweenSteps?.();
    }
    finish.forEach((f, r) => (finish[r] = f ?? "length"));
    return result();
  } finally {
    session.dispose();
  }
}

function withoutEnd(logits: Float32Array, eos: number): Float32Array {
  const out = logits.slice();
  out[eos] = -Infinity;
  return out;
}
