import { describe, expect, it } from "vitest";
import { bestOfN } from "./bestOfN";
import { FunctionModel, favour } from "./fakeModels";
import { generate } from "./generate";
import type { ScoredPair } from "./rewardModel";
import { GREEDY, type SamplingOptions } from "./sampling";

const sampling: SamplingOptions = { temperature: 1, topK: 0, topP: 1 };
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
/** 5 tokens, 4 the end token: the four others equally likely, the end a little less. */
const randomPolicy = () => new FunctionModel(5, 4, () => [1, 1, 1, 1, 0.5]);
/** A scorer that counts its calls and pairs and scores an answer by the sum of its tokens. */
function countingScorer(reward: (pair: ScoredPair, i: number) => number = (p) => sum(p.answer)) {
  const seen = { calls: 0, pairs: 0 };
  const score = async (pairs: readonly ScoredPair[]) => {
    seen.calls++;
    seen.pairs += pairs.length;
    return pairs.map(reward);
  };
  return { seen, score };
}

describe("best-of-N", () => {
  it("picks the top-scored candidate, and the lowest index among ties", async () => {
    const { score } = countingScorer();
    const out = await bestOfN(randomPolicy(), [0, 1], { n: 6, maxNewTokens: 6, sampling, seed: 11 }, score);
    const scores = out.candidates.map((c) => c.score);
    expect(scores).toEqual(out.candidates.map((c) => sum(c.tokens)));
    const top = Math.max(...(scores as number[]));
    expect(out.best).toBe(scores.indexOf(top));
    expect(new Set(scores).size).toBeGreaterThan(1); // the candidates do differ

    const fixed = [1, 3, 3, 2, 0];
    const tied = await bestOfN(randomPolicy(), [0], { n: 5, maxNewTokens: 3, sampling, seed: 1 }, async (pairs) => pairs.map((_, i) => fixed[i]!));
    expect(tied.best).toBe(1);
    expect(tied.candidates.map((c) => c.score)).toEqual(fixed);
  });

  it("gives candidate i independently of n: the first 3 of n = 5 are n = 3", async () => {
    const { score } = countingScorer();
    const opts = { maxNewTokens: 8, sampling, seed: 2024 };
    const five = await bestOfN(randomPolicy(), [2, 3], { ...opts, n: 5 }, score);
    const three = await bestOfN(randomPolicy(), [2, 3], { ...opts, n: 3 }, score);
    expect(five.candidates.slice(0, 3)).toEqual(three.candidates);
  });

  it("is plain sampling at n = 1: the tokens generate gives with the same seed", async () => {
    const { score } = countingScorer();
    const opts = { maxNewTokens: 8, sampling, seed: 5 };
    const one = await bestOfN(randomPolicy(), [1], { ...opts, n: 1 }, score);
    const plain = await generate(randomPolicy(), [[1]], opts);
    expect(one.candidates.map((c) => c.tokens)).toEqual(plain.tokens);
    expect(one.best).toBe(0);
  });

  it("decodes all N candidates in one batched start and scores them in one call", async () => {
    const policy = randomPolicy();
    const { seen, score } = countingScorer();
    await bestOfN(policy, [0, 2], { n: 4, maxNewTokens: 5, sampling, seed: 9 }, score);
    expect(policy.starts).toBe(1);
    expect(policy.prompts).toEqual([[[0, 2], [0, 2], [0, 2], [0, 2]]]);
    expect(policy.disposed).toBe(1);
    expect(seen).toEqual({ calls: 1, pairs: 4 });
  });

  it("reports the exact budget", async () => {
    // says 1, 1 and then ends; prompt of 3 tokens, n = 4, greedy:
    //   prefill: 1 pass, 4 × 3 = 12 tokens; two steps feeding the two 1s: +2 passes, +4 +4 tokens;
    //   the end token is sampled from the last logits and needs no pass → 3 passes, 20 tokens;
    //   answers [1, 1] × 4 → 8 tokens generated; one reward call of 4 pairs.
    const policy = new FunctionModel(5, 4, (row) => (row.length < 5 ? favour(5, 1) : favour(5, 4)));
    const { score } = countingScorer();
    const out = await bestOfN(policy, [0, 0, 0], { n: 4, maxNewTokens: 10, sampling: GREEDY, seed: 0 }, score);
    expect(out.candidates).toEqual(Array.from({ length: 4 }, () => ({ tokens: [1, 1], finish: "eos", score: 2 })));
    expect(out.budget).toEqual({ forwardPasses: 3, tokensProcessed: 20, tokensGenerated: 8, rewardCalls: 1, pairsScored: 4 });
    expect(out.cancelled).toBe(false);

    const sampled = await bestOfN(randomPolicy(), [0], { n: 6, maxNewTokens: 7, sampling, seed: 3 }, score);
    expect(sampled.budget.tokensGenerated).toBe(sum(sampled.candidates.map((c) => c.tokens.length)));
  });

  it("returns a cancelled run's candidates as they stand, flagged and unscored", async () => {
    const policy = new FunctionModel(5, 4, () => [1, 1, 1, 1, -9]); // never ends
    const { seen, score } = countingScorer();
    const abort = new AbortController();
    const out = await bestOfN(
      policy,
      [0, 1],
      { n: 3, maxNewTokens: 10, sampling, seed: 4, signal: abort.signal, onStep: (_, step) => step === 1 && abort.abort() },
      score,
    );
    // aborted during the 2nd step's callback: that step is fed, and the loop stops before the 3rd token
    expect(out.cancelled).toBe(true);
    expect(out.best).toBeNull();
    expect(out.candidates.map((c) => c.tokens.length)).toEqual([2, 2, 2]);
    expect(out.candidates.map((c) => c.finish)).toEqual(["cancelled", "cancelled", "cancelled"]);
    expect(out.candidates.map((c) => c.score)).toEqual([null, null, null]);
    expect(seen.calls).toBe(0);
    // prefill (3 × 2 tokens) and two steps of 3 rows
    expect(out.budget).toEqual({ forwardPasses: 3, tokensProcessed: 12, tokensGenerated: 6, rewardCalls: 0, pairsScored: 0 });
    expect(policy.disposed).toBe(1);

    const before = new AbortController();
    before.abort();
    const none = await bestOfN(policy, [0], { n: 2, maxNewTokens: 4, sampling, seed: 4, signal: before.signal }, score);
    expect(none.cancelled).toBe(true);
    expect(none.candidates).toEqual([
      { tokens: [], finish: "cancelled", score: null },
      { tokens: [], finish: "cancelled", score: null },
    ]);
    expect(none.budget.forwardPasses).toBe(0);
    expect(policy.starts).toBe(1); // the pre-aborted run never started the policy
  });

  it("refuses a bad n, naming the option, and a scorer that returns the wrong number of scores", async () => {
    const { score } = countingScorer();
    for (const n of [0, -2, 2.5, Number.NaN]) {
      await expect(bestOfN(randomPolicy(), [0], { n, maxNewTokens: 2, sampling, seed: 0 }, score)).rejects.toThrow(
        /option n must be a whole number ≥ 1/,
      );
    }
    await expect(bestOfN(randomPolicy(), [0], { n: 3, maxNewTokens: 2, sampling, seed: 0 }, async () => [1, 2])).rejects.toThrow(
      /2 scores for 3 candidates/,
    );
  });
});
