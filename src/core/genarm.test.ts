import { describe, expect, it } from "vitest";
import { generate } from "./generate";
import { guidedModel, VocabularyMismatchError } from "./genarm";
import type { DecodeSession, LanguageModel } from "./languageModel";
import { GREEDY } from "./sampling";

/** Steps in flight across all models, and the most seen at once. */
const steps = { active: 0, most: 0 };

/** A model whose next-token logits are the same fixed row at every step. */
class FixedModel implements LanguageModel {
  readonly eosTokenId = 3;
  constructor(private readonly row: number[], readonly vocabSize = row.length) {}
  async start(prompts: readonly (readonly number[])[]): Promise<DecodeSession> {
    const model = this;
    return {
      logits: prompts.map(() => Float32Array.from(model.row)),
      async step() {
        steps.most = Math.max(steps.most, ++steps.active);
        await new Promise((r) => setTimeout(r, 1));
        steps.active--;
      },
      dispose() {},
    };
  }
}

const ln = Math.log;

describe("GenARM guided decoding", () => {
  it("adds α·log π_arm to log π_base: the hand-computed argmax flips with α", async () => {
    const base = new FixedModel([ln(0.5), ln(0.3), ln(0.1), ln(0.1)]); // prefers token 0
    const arm = new FixedModel([ln(0.1), ln(0.8), ln(0.05), ln(0.05)]); // prefers token 1
    const pick = async (alpha: number) =>
      (await generate(guidedModel(base, [{ name: "a", model: arm, alpha, betaR: 1 }]), [[0]], { maxNewTokens: 1, sampling: GREEDY, seed: 0 }))
        .tokens[0];
    // token 0: ln .5 + α ln .1 ; token 1: ln .3 + α ln .8 → token 1 wins once α > ln(5/3)/ln(8) ≈ 0.246
    expect(await pick(0)).toEqual([0]);
    expect(await pick(0.2)).toEqual([0]);
    expect(await pick(0.3)).toEqual([1]);
  });

  it("records β_r · log π_arm of each chosen token, the end token included", async () => {
    const base = new FixedModel([0, 5, 0, 0]); // always token 1 … never ends
    const arm = new FixedModel([ln(0.25), ln(0.5), ln(0.125), ln(0.125)]);
    const model = guidedModel(base, [{ name: "a", model: arm, alpha: 0, betaR: 0.5 }]);
    await generate(model, [[0], [2]], { maxNewTokens: 3, sampling: GREEDY, seed: 0 });
    expect(model.trace).toHaveLength(2);
    model.trace[0]![0]!.forEach((r) => expect(r).toBeCloseTo(0.5 * ln(0.5), 6));
    expect(model.trace[0]![0]).toHaveLength(3);
    const ends = guidedModel(new FixedModel([0, 0, 0, 9]), [{ name: "a", model: arm, alpha: 1, betaR: 2 }]);
    await generate(ends, [[0]], { maxNewTokens: 5, sampling: GREEDY, seed: 0 });
    expect(ends.trace[0]![0]).toHaveLength(1);
    expect(ends.trace[0]![0]![0]).toBeCloseTo(2 * ln(0.125), 6);
  });

  it("steps the policy and the ARMs concurrently", async () => {
    const base = new FixedModel([0, 5, 0, 0]);
    const arms = [new FixedModel([0, 0, 0, 0]), new FixedModel([0, 0, 0, 0])];
    steps.most = 0;
    await generate(guidedModel(base, arms.map((m, i) => ({ name: `a${i}`, model: m, alpha: 1, betaR: 1 }))), [[0]], {
      maxNewTokens: 6,
      sampling: GREEDY,
      seed: 0,
    });
    expect(steps.most).toBe(3);
  });

  it("refuses an ARM whose vocabulary differs from the policy's, by name", () => {
    const base = new FixedModel([0, 0, 0, 0]);
    expect(() => guidedModel(base, [{ name: "concision", model: new FixedModel([0, 0, 0, 0, 0]), alpha: 1, betaR: 1 }])).toThrow(
      VocabularyMismatchError,
    );
    expect(() => guidedModel(base, [{ name: "concision", model: new FixedModel([0, 0, 0, 0, 0]), alpha: 1, betaR: 1 }])).toThrow(
      /"concision" has a vocabulary of 5 tokens and the policy 4/,
    );
  });
});
