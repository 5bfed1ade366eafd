import { describe, expect, it } from "vitest";
import { createRng } from "./rng";
import { argmax, sampleToken, softmaxOver, topKIds, truncate, validateSampling } from "./sampling";

const logits = Float32Array.from([Math.log(1), Math.log(4), Math.log(2), Math.log(3)]); // probs 0.1 0.4 0.2 0.3

describe("sampling", () => {
  it("greedy picks the largest logit, the first on ties", () => {
    expect(argmax([1, 3, 3, 2])).toBe(1);
    expect(sampleToken(logits, { temperature: 0, topK: 0, topP: 1 }, createRng(1))).toBe(1);
  });

  it("softmax at temperature 1 gives the hand-computed probabilities", () => {
    const p = softmaxOver(logits, [0, 1, 2, 3], 1);
    [0.1, 0.4, 0.2, 0.3].forEach((q, i) => expect(p[i]).toBeCloseTo(q, 6));
  });

  it("temperature 2 flattens: probabilities go as sqrt of the weights", () => {
    const p = softmaxOver(logits, [0, 1, 2, 3], 2);
    const w = [1, 4, 2, 3].map(Math.sqrt);
    const s = w.reduce((a, b) => a + b);
    w.forEach((x, i) => expect(p[i]).toBeCloseTo(x / s, 6));
  });

  it("top-k selection equals a full sort, ties to the lower id, for small and large k", () => {
    const rng = createRng(5);
    const row = Float32Array.from({ length: 1024 }, () => Math.round(rng.next() * 50)); // many ties
    const sorted = Array.from({ length: 1024 }, (_, i) => i).sort((a, b) => row[b]! - row[a]! || a - b);
    for (const k of [1, 40, 127, 128, 500, 1024]) expect(topKIds(row, k)).toEqual(sorted.slice(0, k));
  });

  it("top-k keeps the k most likely tokens, renormalised", () => {
    const { ids, probs } = truncate(logits, { temperature: 1, topK: 2, topP: 1 });
    expect(ids).toEqual([1, 3]);
    expect(probs[0]).toBeCloseTo(4 / 7, 6);
  });

  it("top-p keeps the smallest prefix reaching p (0.4 + 0.3 ≥ 0.65)", () => {
    const { ids, probs } = truncate(logits, { temperature: 1, topK: 0, topP: 0.65 });
    expect(ids).toEqual([1, 3]);
    expect(probs[1]).toBeCloseTo(3 / 7, 6);
  });

  it("sampled frequencies follow the distribution (20,000 draws)", () => {
    const rng = createRng(7);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 20000; i++) counts[sampleToken(logits, { temperature: 1, topK: 0, topP: 1 }, rng)]!++;
    [0.1, 0.4, 0.2, 0.3].forEach((q, i) => expect(counts[i]! / 20000).toBeCloseTo(q, 1));
  });

  it("the same seed gives the same draws", () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 50 }, () => sampleToken(logits, { temperature: 0.8, topK: 3, topP: 0.95 }, rng));
    };
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
  });

  it("refuses settings outside their ranges with the setting's name", () => {
    expect(() => validateSampling({ temperature: -1, topK: 0, topP: 1 })).toThrow(/temperature/);
    expect(() => validateSampling({ temperature: 1, topK: 1.5, topP: 1 })).toThrow(/topK/);
    expect(() => validateSampling({ temperature: 1, topK: 0, topP: 0 })).toThrow(/topP/);
  });
});
