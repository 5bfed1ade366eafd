import { describe, expect, it } from "vitest";
import { argsModel } from "./args";
import { headScorer, type SequenceScorer } from "./rewardModel";
import { FunctionModel, FunctionRewardModel, favour } from "./fakeModels";
import { generate } from "./generate";
import type { ScoredPair } from "./rewardModel";
import { GREEDY, type SamplingOptions } from "./sampling";

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const last = (xs: readonly number[]) => xs[xs.length - 1];

/** A scalar scorer that records every batch of pairs it is given (copied). */
function recordingScorer(reward: (pair: ScoredPair) => number) {
  const batches: ScoredPair[][] = [];
  const score: SequenceScorer = async (pairs) => {
    batches.push(pairs.map((p) => ({ prompt: [...p.prompt], answer: [...p.answer] })));
    return pairs.map(reward);
  };
  return { batches, score };
}

/** A base whose logits depend on the whole row (prompt and answer): 6 tokens, 5 the end token.
 * l[v] = ((v + 3·last + length) mod 6) / 2: distinct values, so no ties, and the argmax moves around. */
const wanderingBase = () =>
  new FunctionModel(6, 5, (row) => Float32Array.from({ length: 6 }, (_, v) => ((v + 3 * last(row)! + row.length) % 6) / 2));

describe("ARGS reward-guided decoding", () => {
  it("with w = 0 decodes exactly as greedy decoding of the base", async () => {
    const prompts = [[0], [1, 2], [3, 3, 3]];
    const opts = { maxNewTokens: 6, sampling: GREEDY, seed: 0 };
    const plain = await generate(wanderingBase(), prompts, opts);
    const model = argsModel(wanderingBase(), async (pairs) => pairs.map((p) => sum(p.answer)), { k: 3, w: 0 });
    const guided = await generate(model, prompts, opts);
    expect(guided.tokens).toEqual(plain.tokens);
    expect(guided.finish).toEqual(plain.finish);
    expect(plain.finish).toContain("eos"); // the case covers the end token too
    // the trace still records the reward of each chosen prefix (the end token's: the answer's own)
    guided.tokens.forEach((answer, r) => {
      const expected = answer.map((_, t) => sum(answer.slice(0, t + 1)));
      if (guided.finish[r] === "eos") expected.push(sum(answer));
      expect(model.trace[r]).toEqual(expected);
    });
  });

  it("never chooses a token outside the policy's top-k, however much the reward favours it", async () => {
    const base = () => new FunctionModel(6, 5, () => [3, 2, 1, 0, 0, -5]);
    const reward = async (pairs: readonly ScoredPair[]) => pairs.map((p) => (last(p.answer) === 3 ? 100 : 0));
    const opts = { maxNewTokens: 5, sampling: GREEDY, seed: 0 };
    const narrow = await generate(argsModel(base(), reward, { k: 2, w: 1 }), [[0]], opts);
    expect(narrow.tokens[0]).toEqual([0, 0, 0, 0, 0]); // candidates {0, 1}: 3 + 0 beats 2 + 0
    const sampled = await generate(argsModel(base(), reward, { k: 2, w: 1 }), [[0], [1]], {
      ...opts,
      sampling: { temperature: 1, topK: 0, topP: 1 },
    });
    sampled.tokens.flat().forEach((t) => expect([0, 1]).toContain(t));
    // sanity: once 3 is in the top-4 (tokens 3 and 4 tie at logit 0; the lower id ranks first), it wins: 0 + 100 > 3
    const wide = await generate(argsModel(base(), reward, { k: 4, w: 1 }), [[0]], opts);
    expect(wide.tokens[0]).toEqual([3, 3, 3, 3, 3]);
  });

  it("flips between two candidates where w crosses the hand-computed threshold, reading the named head", async () => {
    // logits: token 0 → 2, token 1 → 1.5 (the top-2); head "b" rewards an answer ending in 1 with 1, else 0.
    // s(0) = 2 + w·0 = 2 ; s(1) = 1.5 + w·1  →  token 1 wins once w > 0.5:
    //   w = 0.4: s(1) = 1.9 < 2 → token 0 ;  w = 0.6: s(1) = 2.1 > 2 → token 1.
    // Head "a" would reward token 0 with 5 (s(0) = 2 + 0.6·5 = 5 at w = 0.6): reading it would keep token 0.
    const rm = new FunctionRewardModel({
      a: (p) => (last(p.answer) === 0 ? 5 : 0),
      b: (p) => (last(p.answer) === 1 ? 1 : 0),
    });
    const pick = async (w: number) => {
      const base = new FunctionModel(4, 3, () => [2, 1.5, 0, -1]);
      return (await generate(argsModel(base, { model: rm, head: "b" }, { k: 2, w }), [[0]], { maxNewTokens: 1, sampling: GREEDY, seed: 0 }))
        .tokens[0];
    };
    expect(await pick(0)).toEqual([0]);
    expect(await pick(0.4)).toEqual([0]);
    expect(await pick(0.6)).toEqual([1]);
  });

  it("scores exactly k pairs per row per step, in one reward call per step", async () => {
    const base = new FunctionModel(6, 5, () => [0, 1, 2, 3, 4, -9]); // never ends
    const rm = new FunctionRewardModel({ r: (p) => sum(p.answer) });
    const model = argsModel(base, { model: rm, head: "r" }, { k: 3, w: 1 });
    await generate(model, [[0], [1]], { maxNewTokens: 4, sampling: GREEDY, seed: 0 });
    // 4 tokens: scored after the prefill and after each of the 3 steps → 4 calls × 2 rows × 3 candidates
    expect(rm.calls).toBe(4);
    expect(rm.scored).toBe(24);
    expect(model.rewardCalls).toBe(4);
    expect(model.pairsScored).toBe(24);
    // each call scores 6 pairs of a 1-token prompt, an answer of (call + 1) tokens and the end token
    expect(model.tokensScored).toBe(6 * (3 + 4 + 5 + 6));
    expect(base.starts).toBe(1);
    expect(base.disposed).toBe(1);

    const { batches, score } = recordingScorer(() => 0);
    await generate(argsModel(new FunctionModel(6, 5, () => [0, 1, 2, 3, 4, -9]), score, { k: 3, w: 1 }), [[0], [1]], {
      maxNewTokens: 4,
      sampling: GREEDY,
      seed: 0,
    });
    expect(batches.map((b) => b.length)).toEqual([6, 6, 6, 6]);
  });

  it("stops scoring a row once it has ended, and keeps tracing the other", async () => {
    // row [0] says 4 and then ends; row [2] never ends (its end logit is −9)
    const base = new FunctionModel(6, 5, (row) => (row[0] === 0 && row.length >= 2 ? favour(6, 5) : [0, 1, 2, 3, 4, -9]));
    const { batches, score } = recordingScorer((p) => sum(p.answer));
    const model = argsModel(base, score, { k: 2, w: 0 });
    const out = await generate(model, [[0], [2]], { maxNewTokens: 4, sampling: GREEDY, seed: 0 });
    expect(out.tokens).toEqual([[4], [4, 4, 4, 4]]);
    expect(out.finish).toEqual(["eos", "length"]);
    // 2 rows × k = 2 while both run (the prefill, and after step 1), then only row [2]
    expect(batches.map((b) => b.length)).toEqual([4, 4, 2, 2]);
    expect(model.pairsScored).toBe(12);
    // tokens read, each pair |prompt| + |answer| + 1 (its end token), prompts of one token:
    //   prefill: 4 pairs, the empty prefix + a candidate: 4 × (1 + 1 + 1) = 12
    //   step 1:  row [0]'s candidates are the end (its pair is the prefix [4] itself: 1 + 1 + 1) and
    //            one token ([4, v]: 1 + 2 + 1); row [2]'s two are [4, v]: 2 × 4 → 3 + 4 + 8 = 15
    //   step 2:  row [2] alone, [4, 4, v]: 2 × (1 + 3 + 1) = 10
    //   step 3:  row [2], [4, 4, 4, v]: 2 × (1 + 4 + 1) = 12
    expect(model.tokensScored).toBe(12 + 15 + 10 + 12);
    expect(model.tokensScored).toBe(sum(batches.flat().map((p) => p.prompt.length + p.answer.length + 1)));
    expect(model.trace[0]).toEqual([4, 4]); // r([4]) for 4, then the end token: r of the answer [4] itself
    expect(model.trace[1]).toEqual([4, 8, 12, 16]);
  });

  it("builds each pair from the row's own prompt and its prefix extended with the candidate", async () => {
    const base = new FunctionModel(10, 9, () => [0, 3, 2, 0, 0, 0, 0, 0, 0, -5]); // top-2: 1, then 2
    const { batches, score } = recordingScorer(() => 0);
    await generate(argsModel(base, score, { k: 2, w: 0 }), [[7, 8], [6]], { maxNewTokens: 2, sampling: GREEDY, seed: 0 });
    expect(batches).toEqual([
      [
        { prompt: [7, 8], answer: [1] },
        { prompt: [7, 8], answer: [2] },
        { prompt: [6], answer: [1] },
        { prompt: [6], answer: [2] },
      ],
      [
        { prompt: [7, 8], answer: [1, 1] },
        { prompt: [7, 8], answer: [1, 2] },
        { prompt: [6], answer: [1, 1] },
        { prompt: [6], answer: [1, 2] },
      ],
    ]);
  });

  it("scores the end-token candidate on the prefix itself, so a reward for brevity can end the answer", async () => {
    const base = () => new FunctionModel(4, 3, () => [0, 2, 0, 1]); // top-2: token 1 (logit 2), the end (logit 1)
    const { batches, score } = recordingScorer(() => 0);
    await generate(argsModel(base(), score, { k: 2, w: 0 }), [[0]], { maxNewTokens: 2, sampling: GREEDY, seed: 0 });
    expect(batches).toEqual([
      [
        { prompt: [0], answer: [1] },
        { prompt: [0], answer: [] },
      ],
      [
        { prompt: [0], answer: [1, 1] },
        { prompt: [0], answer: [1] },
      ],
    ]);
    // r = −(answer length). With a prefix of length n:
    //   s(1) = 2 + w·(−(n+1)) ,  s(end) = 1 + w·(−n)  →  s(end) − s(1) = w − 1.
    // w = 2: the end wins at once (the empty answer, r = 0); w = 0.4: token 1 always wins.
    const brevity = async (pairs: readonly ScoredPair[]) => pairs.map((p) => 0 - p.answer.length);
    const short = argsModel(base(), brevity, { k: 2, w: 2 });
    const a = await generate(short, [[0]], { maxNewTokens: 3, sampling: GREEDY, seed: 0 });
    expect(a.tokens).toEqual([[]]);
    expect(a.finish).toEqual(["eos"]);
    expect(short.trace).toEqual([[0]]);
    const long = argsModel(base(), brevity, { k: 2, w: 0.4 });
    const b = await generate(long, [[0]], { maxNewTokens: 3, sampling: GREEDY, seed: 0 });
    expect(b.tokens).toEqual([[1, 1, 1]]);
    expect(long.trace).toEqual([[-1, -2, -3]]);
  });

  it("keeps batched rows of different prompt lengths independent", async () => {
    const base = () => new FunctionModel(7, 6, (row) => Float32Array.from({ length: 7 }, (_, v) => Math.sin(v * (row.length + 1) + last(row)!)));
    const reward = async (pairs: readonly ScoredPair[]) => pairs.map((p) => Math.cos(p.prompt.length + sum(p.answer)));
    const prompts = [[1], [2, 3, 4], [0, 0]];
    const opts = { maxNewTokens: 6, sampling: GREEDY, seed: 3 };
    const batched = argsModel(base(), reward, { k: 3, w: 1.5 });
    const together = await generate(batched, prompts, opts);
    for (const [r, prompt] of prompts.entries()) {
      const alone = argsModel(base(), reward, { k: 3, w: 1.5 });
      const single = await generate(alone, [prompt], opts);
      expect(together.tokens[r]).toEqual(single.tokens[0]);
      expect(together.finish[r]).toEqual(single.finish[0]);
      expect(batched.trace[r]).toEqual(alone.trace[0]);
    }
    expect(new Set(together.tokens.map((t) => t.join(","))).size).toBeGreaterThan(1); // the rows do differ
  });

  it("ARGS-sampled is deterministic under a seed and draws only among the candidates", async () => {
    const sampling: SamplingOptions = { temperature: 1, topK: 0, topP: 1 };
    const run = async (seed: number) => {
      const model = argsModel(new FunctionModel(6, 5, () => [1, 1.2, 0.8, -3, -3, -9]), async (pairs) => pairs.map((p) => (last(p.answer) === 2 ? 0.5 : 0)), {
        k: 3,
        w: 1,
      });
      const out = await generate(model, [[0], [0], [0], [0]], { maxNewTokens: 8, sampling, seed });
      return { tokens: out.tokens, trace: model.trace };
    };
    const first = await run(42);
    expect(await run(42)).toEqual(first);
    first.tokens.flat().forEach((t) => expect([0, 1, 2]).toContain(t));
    expect(new Set(first.tokens.map((t) => t.join(","))).size).toBeGreaterThan(1); // it does sample
  });

  it("leaves the end token out of the candidates until minNewTokens, when told the same minNewTokens as generate", async () => {
    const base = () => new FunctionModel(4, 3, () => favour(4, 3, 5)); // wants to end at once; ties at 0 rank token 0 next
    const { batches, score } = recordingScorer(() => 0);
    const out = await generate(argsModel(base(), score, { k: 1, w: 1, minNewTokens: 2 }), [[1]], {
      maxNewTokens: 5,
      minNewTokens: 2,
      sampling: GREEDY,
      seed: 0,
    });
    expect(out.tokens).toEqual([[0, 0]]);
    expect(out.finish).toEqual(["eos"]);
    expect(batches.map((b) => b.map((p) => p.answer))).toEqual([[[0]], [[0, 0]], [[0, 0]]]); // the 3rd: the end, r(x, [0, 0])
    // not told: the only candidate is the end, which generate masks — refused, naming the option
    await expect(
      generate(argsModel(base(), score, { k: 1, w: 1 }), [[1]], { maxNewTokens: 5, minNewTokens: 2, sampling: GREEDY, seed: 0 }),
    ).rejects.toThrow(/minNewTokens/);
  });

  it("refuses bad options, naming the option, and an unknown head, naming the heads", () => {
    const base = new FunctionModel(4, 3, () => [0, 0, 0, 0]);
    const zero = async (pairs: readonly ScoredPair[]) => pairs.map(() => 0);
    for (const k of [0, -1, 1.5, Number.NaN]) expect(() => argsModel(base, zero, { k, w: 1 })).toThrow(/option k must be a whole number ≥ 1/);
    for (const w of [Number.NaN, Infinity, -Infinity]) expect(() => argsModel(base, zero, { k: 2, w })).toThrow(/option w must be a finite number/);
    expect(() => argsModel(base, zero, { k: 2, w: 1, minNewTokens: -1 })).toThrow(/option minNewTokens/);
    const rm = new FunctionRewardModel({ helpful: () => 0, harmless: () => 0 });
    expect(() => argsModel(base, { model: rm, head: "honest" }, { k: 2, w: 1 })).toThrow(/no head "honest"; it has helpful, harmless/);
    expect(() => headScorer(rm, "honest")).toThrow(/helpful, harmless/);
    expect(argsModel(base, zero, { k: 10, w: -1 }).k).toBe(4); // k beyond the vocabulary means all of it; negative w is allowed
  });

  it("refuses a reward scorer that returns the wrong number of scores or a non-finite one", async () => {
    const base = new FunctionModel(4, 3, () => [0, 1, 0, 0]);
    const opts = { maxNewTokens: 2, sampling: GREEDY, seed: 0 };
    await expect(generate(argsModel(base, async () => [1], { k: 2, w: 1 }), [[0]], opts)).rejects.toThrow(/1 scores for 2 pairs/);
    await expect(generate(argsModel(base, async (p) => p.map(() => Number.NaN), { k: 2, w: 1 }), [[0]], opts)).rejects.toThrow(/finite/);
    expect(base.disposed).toBe(2); // a failed prefill scoring still frees the base's session
  });
});
