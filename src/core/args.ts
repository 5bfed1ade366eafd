/**
 * ARGS, reward-guided search at decoding time (Khanov et al. 2024, "ARGS: Alignment as
 * Reward-Guided Search", arXiv 2402.01694). At every step the policy's top-k tokens are the
 * candidates, and each candidate v is scored
 *   s(v) = logit(v | x, y_<t) + w · r(x, y_<t ∘ v),
 * where r is a sequence reward model read on the answer so far extended with v. ARGS-greedy
 * takes the best-scored candidate; ARGS-sampled draws from softmax(s / τ) over the k.
 *
 * As GenARM (genarm.ts) does, ARGS is written as a wrapper: `argsModel(base, reward, opts)` is
 * itself a LanguageModel whose logits are −Infinity outside the k candidates and s(v) on them,
 * so the plain decode loop, generate(), runs it: GREEDY gives ARGS-greedy, a temperature
 * ARGS-sampled, and seeds, cancellation and streaming come with it. (Using the raw logit or
 * log π(v) gives the same decoding: they differ by one constant per row, which neither the
 * argmax nor a softmax over the candidates sees.)
 *
 * Cost: k reward-model evaluations per row per token, the cost GenARM's autoregressive
 * reward model removes. All rows' candidates are scored in ONE reward call per step; the
 * model counts its calls, its pairs and the tokens the reward model read for them. A
 * sequence RM has no cache across calls: each pair is a full pass over the prompt, the
 * answer and the end token its head reads (src/runtime/rewardModels.ts), so a pair costs
 * |prompt| + |answer| + 1 tokens.
 *
 * The end token: answers exclude it (rewardModel.ts), so the pair for the candidate v = end is
 * the prefix itself, (x, y_<t): "the reward of the answer if it stopped here". A reward that
 * prefers shorter answers can therefore end one.
 *
 * Finished rows: generate() keeps stepping a finished row with the end token. Once a row has
 * been stepped with its end token it is finished for good; its candidates are no longer
 * scored (no pairs, no cost) and its logits put all mass on the end token, so a decoder that
 * still samples it only repeats the end. This matches generate(), which marks a row finished
 * exactly when it samples the end token, and never samples it again.
 *
 * minNewTokens: generate() masks the end token until a row has minNewTokens new tokens. The
 * wrapper cannot see generate's options, so pass the same minNewTokens here: until a row may
 * end, its candidates are the top-k of the other tokens (k reward evaluations are never spent
 * on a masked candidate). Without it, an end token masked by generate could leave a row with
 * no candidate (k = 1); observe() then refuses the out-of-candidate token with an error
 * naming minNewTokens rather than let the decoder pick an arbitrary token.
 */
import type { DecodeSession, LanguageModel } from "./languageModel";
import { headScorer, type RewardModel, type ScoredPair, type SequenceScorer } from "./rewardModel";
import { topKIds } from "./sampling";

/** A scalar scorer, or a multi-head reward model read at one named head. */
export type ArgsReward = SequenceScorer | { model: RewardModel; head: string };

export interface ArgsOptions {
  /** candidates per step: the policy's top-k tokens (a whole number ≥ 1; more than the vocabulary means all of it) */
  k: number;
  /** the reward weight w (finite; 0 is greedy/sampled decoding of the policy) */
  w: number;
  /** the minNewTokens given to generate(): the end token is no candidate until a row has this many tokens */
  minNewTokens?: number;
}

export interface ArgsModel extends LanguageModel {
  /** trace[row][t] = r(x, y_≤t), the reward of the t-th chosen token's prefix (the end token's: of the answer itself);
   * rows are appended per start(), in order; recorded from observe(), which generate() calls every step */
  readonly trace: number[][];
  /** reward-model calls so far (one per decoding step with any unfinished row) */
  readonly rewardCalls: number;
  /** (prompt, answer) pairs scored so far: k per unfinished row per step */
  readonly pairsScored: number;
  /** tokens the reward model read for those pairs: Σ |prompt| + |answer| + 1 (the end token its head reads) */
  readonly tokensScored: number;
  /** the effective k: min(k, vocabSize) */
  readonly k: number;
  readonly w: number;
}

export function validateArgsOptions(opts: ArgsOptions): void {
  if (!Number.isInteger(opts.k) || opts.k < 1) throw new RangeError(`ARGS option k must be a whole number ≥ 1, got ${opts.k}`);
  if (!Number.isFinite(opts.w)) throw new RangeError(`ARGS option w must be a finite number, got ${opts.w}`);
  const min = opts.minNewTokens;
  if (min !== undefined && (!Number.isInteger(min) || min < 0)) {
    throw new RangeError(`ARGS option minNewTokens must be a whole number ≥ 0, got ${min}`);
  }
}

export function argsModel(base: LanguageModel, reward: ArgsReward, opts: ArgsOptions): ArgsModel {
  validateArgsOptions(opts);
  const scorer = typeof reward === "function" ? reward : headScorer(reward.model, reward.head);
  const k = Math.min(opts.k, base.vocabSize);
  const trace: number[][] = [];
  const counts = { calls: 0, pairs: 0, tokens: 0 };
  const score: SequenceScorer = async (pairs) => {
    counts.calls++;
    counts.pairs += pairs.length;
    for (const p of pairs) counts.tokens += p.prompt.length + p.answer.length + 1;
    const rewards = await scorer(pairs);
    if (!Array.isArray(rewards) || rewards.length !== pairs.length) {
      throw new RangeError(`the reward scorer returned ${rewards?.length} scores for ${pairs.length} pairs`);
    }
    rewards.forEach((r, i) => {
      if (typeof r !== "number" || !Number.isFinite(r)) throw new RangeError(`the reward scorer gave ${r} for pair ${i}; ARGS needs finite rewards`);
    });
    return rewards;
  };
  const config: SessionConfig = { k, w: opts.w, minNewTokens: opts.minNewTokens ?? 0, eos: base.eosTokenId, score };
  return {
    vocabSize: base.vocabSize,
    eosTokenId: base.eosTokenId,
    trace,
    k,
    w: opts.w,
    get rewardCalls() {
      return counts.calls;
    },
    get pairsScored() {
      return counts.pairs;
    },
    get tokensScored() {
      return counts.tokens;
    },
    async start(prompts) {
      const session = await base.start(prompts);
      const offset = trace.length;
      prompts.forEach(() => trace.push([]));
      const args = new ArgsSession(session, prompts, config, trace, offset);
      try {
        await args.rescore();
      } catch (e) {
        session.dispose();
        throw e;
      }
      return args;
    },
  };
}

interface SessionConfig {
  k: number;
  w: number;
  minNewTokens: number;
  eos: number;
  score: SequenceScorer;
}

class ArgsSession implements DecodeSession {
  logits: Float32Array[] = [];
  /** each row's answer so far (without the end token) */
  private readonly answers: number[][];
  /** rows stepped with their end token */
  private readonly ended: boolean[];
  /** each row's current candidates and their rewards r(x, y_<t ∘ v), in the same order */
  private candidates: number[][] = [];
  private rewards: number[][] = [];

  constructor(
    private readonly base: DecodeSession,
    private readonly prompts: readonly (readonly number[])[],
    private readonly config: SessionConfig,
    private readonly trace: number[][],
    private readonly offset: number,
  ) {
    this.answers = prompts.map(() => []);
    this.ended = prompts.map(() => false);
  }

  /** Picks every unfinished row's candidates from the base's logits, scores them all in one call, and sets the ARGS logits. */
  async rescore(): Promise<void> {
    const { k, w, eos, minNewTokens } = this.config;
    const baseLogits = this.base.logits;
    this.candidates = baseLogits.map((row, r) => {
      if (this.ended[r]) return [];
      if (this.answers[r]!.length >= minNewTokens) return topKIds(row, k);
      const masked = row.slice();
      masked[eos] = -Infinity;
      const kept = Math.min(k, row.length - 1);
      return kept > 0 ? topKIds(masked, kept) : [];
    });
    const pairs: ScoredPair[] = [];
    this.candidates.forEach((ids, r) => {
      const prompt = this.prompts[r]!;
      const answer = this.answers[r]!;
      // the end token's pair is the prefix itself: answers never contain the end token
      for (const v of ids) pairs.push({ prompt, answer: v === eos ? answer.slice() : [...answer, v] });
    });
    const flat = pairs.length > 0 ? await this.config.score(pairs) : [];
    let at = 0;
    this.rewards = this.candidates.map((ids) => ids.map(() => flat[at++]!));
    this.logits = baseLogits.map((row, r) => {
      const out = new Float32Array(row.length).fill(-Infinity);
      if (this.ended[r]) {
        out[eos] = 0;
        return out;
      }
      this.candidates[r]!.forEach((v, i) => (out[v] = row[v]! + w * this.rewards[r]![i]!));
      return out;
    });
  }

  /** Records r(x, y_≤t) of each unfinished row's chosen token. */
  observe(tokens: readonly number[]): void {
    tokens.forEach((t, r) => {
      if (t < 0 || this.ended[r]) return;
      const i = this.candidates[r]!.indexOf(t);
      if (i < 0) {
        throw new RangeError(
          `ARGS row ${r} was given token ${t}, which is not among its ${this.config.k} candidates ` +
            `(${this.candidates[r]!.join(", ")}); if generate() masked the end token, pass the same minNewTokens to argsModel`,
        );
      }
      this.trace[this.offset + r]!.push(this.rewards[r]![i]!);
    });
  }

  async step(tokens: readonly number[]): Promise<void> {
    tokens.forEach((t, r) => {
      if (this.ended[r]) return;
      if (t === this.config.eos) this.ended[r] = true;
      else this.answers[r]!.push(t);
    });
    await this.base.step(tokens);
    await this.rescore();
  }

  dispose(): void {
    this.base.dispose();
  }
}
