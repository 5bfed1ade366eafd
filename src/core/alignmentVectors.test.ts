import { describe, expect, it } from "vitest";
import {
  PROFICIENCY_LEVELS,
  lambdaGrid,
  lambdaKey,
  levelDistribution,
  normaliseLambdas,
  preferenceAccuracy,
  strictWinner,
  type LevelItem,
} from "./alignmentVectors";
import { FunctionModel } from "./fakeModels";

const { log } = Math;
const EOS = 4;

/** Vocabulary {0..3, 4 = end}. The prompt's first token names a favourite: it has p = .5 at
 * every position, each of the four other tokens p = .125. Log-likelihoods are exact by hand. */
const favouriteModel = () =>
  new FunctionModel(5, EOS, (tokens) => [0, 1, 2, 3, 4].map((v) => (v === tokens[0] ? log(0.5) : log(0.125))));

/** avoid → token 0, generic → token 1, expert → token 2, two of each. */
const twoOfEach = (favourite: number): LevelItem => ({ prompt: [favourite], responses: { avoid: [0, 0], generic: [1, 1], expert: [2, 2] } });

describe("lambdaGrid", () => {
  it("gives evenly spaced values with both ends included", () => {
    expect(lambdaGrid(-1, 1.5, 6)).toEqual([-1, -0.5, 0, 0.5, 1, 1.5]); // forge's av_lambdas
    expect(lambdaGrid(0, 1, 11)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]); // no 0.30000000000000004
    expect(lambdaGrid(1, -1, 3)).toEqual([1, 0, -1]);
    expect(lambdaGrid(0.25, 0.25, 1)).toEqual([0.25]);
    expect(lambdaGrid(-0.5, 0.5, 3).map((v) => Object.is(v, -0))).toEqual([false, false, false]);
  });

  it("rejects non-finite ends and a count that is not a whole number ≥ 1", () => {
    expect(() => lambdaGrid(0, 1, 0)).toThrow(RangeError);
    expect(() => lambdaGrid(0, 1, 2.5)).toThrow(RangeError);
    expect(() => lambdaGrid(0, 1, 1)).toThrow(/one-value/);
    expect(() => lambdaGrid(Number.NaN, 1, 3)).toThrow(/finite/);
    expect(() => lambdaGrid(0, Infinity, 3)).toThrow(/finite/);
  });
});

describe("normaliseLambdas and lambdaKey", () => {
  it("drop zero λ, sort dimensions, and give equal keys to maps that mix the same weights", () => {
    const n = normaliseLambdas({ medical: 0.5, legal: 0, everyday: -1, financial: -0 });
    expect(n).toEqual({ everyday: -1, medical: 0.5 });
    expect(Object.keys(n)).toEqual(["everyday", "medical"]);
    expect(lambdaKey({ medical: 0.5, everyday: -1, legal: 0 })).toBe(lambdaKey({ everyday: -1, medical: 0.5 }));
    expect(lambdaKey({})).toBe(lambdaKey({ legal: 0 }));
    expect(lambdaKey({ medical: 0.5 })).not.toBe(lambdaKey({ medical: 0.25 }));
    expect(lambdaKey({ b: 1, "10": 2 })).toBe('[["10",2],["b",1]]');
  });

  it("reject a non-finite λ, naming its dimension", () => {
    expect(() => normaliseLambdas({ medical: 1, legal: Number.NaN })).toThrow(/"legal"/);
    expect(() => lambdaKey({ warmth: Infinity })).toThrow(/"warmth".*finite/);
  });
});

describe("preferenceAccuracy", () => {
  it("is the fraction of prompts whose target-level response is the likeliest, with per-item winners and log-likelihoods", async () => {
    const model = favouriteModel();
    const items = [twoOfEach(2), twoOfEach(2), twoOfEach(1), twoOfEach(0)];
    const out = await preferenceAccuracy(model, items, "expert", { normalise: "sum" });
    expect(out.levels).toEqual([...PROFICIENCY_LEVELS]);
    expect(out.winners).toEqual(["expert", "expert", "generic", "avoid"]);
    expect(out.accuracy).toBe(0.5);
    // item 0, favourite 2: expert = .5·.5 then the end at .125; the others .125³
    expect(out.logLikelihoods[0]!.expert).toBeCloseTo(log(0.5 * 0.5 * 0.125), 5);
    expect(out.logLikelihoods[0]!.avoid).toBeCloseTo(3 * log(0.125), 5);
    expect(out.logLikelihoods[0]!.generic).toBeCloseTo(3 * log(0.125), 5);
    // with "sum" the compared values are the raw sums; every response is 2 tokens + the end
    expect(out.sums).toEqual(out.logLikelihoods);
    expect(out.tokenCounts).toEqual(items.map(() => ({ avoid: 3, generic: 3, expert: 3 })));
    // all 12 responses in one batched call: one start, steps for the longest row (2 tokens + end)
    expect(model.starts).toBe(1);
    expect(model.prompts[0]!.length).toBe(12);
    expect(out.forwardPasses).toBe(3);
  });

  it("defaults to the per-token mean with the end token (forge/evaluate.py), which does not penalise longer responses", async () => {
    // expert: four favourite tokens (.5 each) then the end (.125); generic: one token (.125) then the end (.125)
    const item: LevelItem = { prompt: [2], responses: { avoid: [0, 0, 0], generic: [1], expert: [2, 2, 2, 2] } };
    const bySum = await preferenceAccuracy(favouriteModel(), [item], "expert", { normalise: "sum" });
    expect(bySum.logLikelihoods[0]!.expert).toBeCloseTo(log(0.5 ** 4 * 0.125), 5); // ln 1/128
    expect(bySum.logLikelihoods[0]!.generic).toBeCloseTo(log(0.125 ** 2), 5); // ln 1/64: higher
    expect(bySum.winners).toEqual(["generic"]);
    const byMean = await preferenceAccuracy(favouriteModel(), [item], "expert");
    expect(byMean.normalise).toBe("mean");
    expect(byMean.logLikelihoods[0]!.expert).toBeCloseTo(log(0.5 ** 4 * 0.125) / 5, 5);
    expect(byMean.logLikelihoods[0]!.generic).toBeCloseTo(log(0.125 ** 2) / 2, 5);
    expect(byMean.logLikelihoods[0]!.avoid).toBeCloseTo(log(0.125), 5);
    expect(byMean.winners).toEqual(["expert"]);
    expect(byMean.accuracy).toBe(1);
    const noEnd = await preferenceAccuracy(favouriteModel(), [item], "expert", { includeEnd: false });
    expect(noEnd.logLikelihoods[0]!.expert).toBeCloseTo(log(0.5), 5);
  });

  it("returns the raw sums and token counts beside the compared values, so one pass gives both normalisations", async () => {
    // the item above: expert 4 × ln .5 + ln .125 over 5 tokens, generic 2 × ln .125 over 2, avoid 4 × ln .125 over 4
    const item: LevelItem = { prompt: [2], responses: { avoid: [0, 0, 0], generic: [1], expert: [2, 2, 2, 2] } };
    const out = await preferenceAccuracy(favouriteModel(), [item], "expert");
    expect(out.tokenCounts).toEqual([{ avoid: 4, generic: 2, expert: 5 }]);
    expect(out.sums[0]!.expert).toBeCloseTo(4 * log(0.5) + log(0.125), 5);
    expect(out.sums[0]!.generic).toBeCloseTo(2 * log(0.125), 5);
    expect(out.sums[0]!.avoid).toBeCloseTo(4 * log(0.125), 5);
    for (const l of PROFICIENCY_LEVELS) expect(out.logLikelihoods[0]![l]).toBe(out.sums[0]![l] / out.tokenCounts[0]![l]);
    // the same sums and counts whatever the normalisation compared
    const bySum = await preferenceAccuracy(favouriteModel(), [item], "expert", { normalise: "sum" });
    expect(bySum.sums).toEqual(out.sums);
    expect(bySum.tokenCounts).toEqual(out.tokenCounts);
    // without the end token: the response's own tokens only
    const noEnd = await preferenceAccuracy(favouriteModel(), [item], "expert", { includeEnd: false });
    expect(noEnd.tokenCounts).toEqual([{ avoid: 3, generic: 1, expert: 4 }]);
    expect(noEnd.sums[0]!.expert).toBeCloseTo(4 * log(0.5), 5);
  });

  it("counts a tie at the top as not preferred", async () => {
    const items: LevelItem[] = [
      twoOfEach(3), // favourite 3 is in no response: all three tie
      { prompt: [2], responses: { avoid: [0, 0], generic: [2, 1], expert: [1, 2] } }, // expert ties generic
      twoOfEach(2),
    ];
    const out = await preferenceAccuracy(favouriteModel(), items, "expert");
    expect(out.winners).toEqual([null, null, "expert"]);
    expect(out.accuracy).toBeCloseTo(1 / 3, 12);
    expect(strictWinner(["a", "b", "c"], { a: 1, b: 2, c: 2 })).toBeNull();
    expect(strictWinner(["a", "b", "c"], { a: 3, b: 2, c: 2 })).toBe("a");
    expect(strictWinner(["a", "b"], { a: -Infinity, b: -Infinity })).toBeNull();
  });

  it("scores in chunks of batchSize rows, one batched call per chunk, with the same numbers", async () => {
    const items = [twoOfEach(2), twoOfEach(1), { prompt: [0, 3, 3], responses: { avoid: [0], generic: [1, 1, 1], expert: [2, 3] } }, twoOfEach(3)];
    const whole = favouriteModel();
    const all = await preferenceAccuracy(whole, items, "generic", { normalise: "sum" });
    expect(whole.starts).toBe(1);
    const chunked = favouriteModel();
    const parts = await preferenceAccuracy(chunked, items, "generic", { normalise: "sum", batchSize: 5 });
    expect(chunked.starts).toBe(3); // 12 rows in chunks of 5, 5, 2
    expect(chunked.prompts.map((b) => b.length)).toEqual([5, 5, 2]);
    expect(parts.winners).toEqual(all.winners);
    parts.logLikelihoods.forEach((ll, i) => PROFICIENCY_LEVELS.forEach((l) => expect(ll[l]).toBeCloseTo(all.logLikelihoods[i]![l], 6)));
    expect(all.accuracy).toBe(0.25);
  });

  it("batches the responses of one level together, so short answers do not wait on long ones", async () => {
    // avoid and generic answers 1 token, expert 6: with the end token, chunks of two rows take
    // 2 passes per short pair and 7 per expert pair: 2 + 2 + 7 = 11 (item by item it would be 2 + 7 + 7 = 16)
    const item = (p: number): LevelItem => ({ prompt: [p], responses: { avoid: [0], generic: [1], expert: [2, 2, 2, 2, 2, 2] } });
    const out = await preferenceAccuracy(favouriteModel(), [item(0), item(1)], "expert", { batchSize: 2 });
    expect(out.forwardPasses).toBe(11);
  });

  it("works for any level names, e.g. warm against cold", async () => {
    const items = [
      { prompt: [1], responses: { cold: [0, 0], warm: [1, 1] } },
      { prompt: [0], responses: { cold: [0, 0], warm: [1, 1] } },
    ];
    const out = await preferenceAccuracy(favouriteModel(), items, "warm");
    expect(out.levels).toEqual(["cold", "warm"]);
    expect(out.winners).toEqual(["warm", "cold"]);
    expect(out.accuracy).toBe(0.5);
  });

  it("rejects no items, an unknown target, missing responses and empty responses it cannot average", async () => {
    const model = favouriteModel();
    await expect(preferenceAccuracy(model, [], "expert")).rejects.toThrow(/at least one item/);
    await expect(preferenceAccuracy(model, [twoOfEach(1)], "novice" as "expert")).rejects.toThrow(/target level "novice"/);
    const missing = { prompt: [1], responses: { avoid: [0], generic: [1] } } as unknown as LevelItem;
    await expect(preferenceAccuracy(model, [twoOfEach(1), missing], "expert")).rejects.toThrow(/item 1 has no response for expert/);
    const empty: LevelItem = { prompt: [1], responses: { avoid: [], generic: [1], expert: [2] } };
    await expect(preferenceAccuracy(model, [empty], "expert", { includeEnd: false })).rejects.toThrow(/avoid response is empty/);
    const withEnd = await preferenceAccuracy(model, [empty], "expert");
    expect(withEnd.logLikelihoods[0]!.avoid).toBeCloseTo(log(0.125), 5); // just the end token
    await expect(preferenceAccuracy(model, [twoOfEach(1)], "expert", { batchSize: 0 })).rejects.toThrow(/batchSize/);
  });
});

describe("levelDistribution", () => {
  it("is the softmax over levels per item, averaged, and reported with preferenceAccuracy", async () => {
    const out = await preferenceAccuracy(favouriteModel(), [twoOfEach(2), twoOfEach(3)], "expert", { normalise: "sum" });
    // item 0: expert 1/32 against 1/512 twice → 16/18; item 1: a three-way tie → 1/3 each
    expect(out.distribution.perItem[0]!.expert).toBeCloseTo(16 / 18, 6);
    expect(out.distribution.perItem[0]!.avoid).toBeCloseTo(1 / 18, 6);
    expect(out.distribution.perItem[1]!.generic).toBeCloseTo(1 / 3, 6);
    expect(out.distribution.mean.expert).toBeCloseTo((16 / 18 + 1 / 3) / 2, 6);
    const total = PROFICIENCY_LEVELS.reduce((a, l) => a + out.distribution.mean[l], 0);
    expect(total).toBeCloseTo(1, 12);
  });

  it("moves smoothly where the argmax accuracy does not, and is uniform where no level is possible", () => {
    const levels = ["a", "b"] as const;
    const closer = levelDistribution([{ a: -1, b: -3 }], levels);
    const further = levelDistribution([{ a: -1, b: -5 }], levels);
    expect(strictWinner(levels, { a: -1, b: -3 })).toBe(strictWinner(levels, { a: -1, b: -5 }));
    expect(further.mean.a).toBeGreaterThan(closer.mean.a);
    expect(closer.mean.a).toBeCloseTo(1 / (1 + Math.exp(-2)), 12);
    expect(levelDistribution([{ a: -Infinity, b: -Infinity }], levels).mean).toEqual({ a: 0.5, b: 0.5 });
  });
});
