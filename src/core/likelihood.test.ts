import { describe, expect, it } from "vitest";
import { FunctionModel } from "./fakeModels";
import { sequenceLogProbs, tokenLogProb } from "./likelihood";

const { log } = Math;

/** Vocabulary {0, 1, 2 = end}: after token 0 the next is 0/1/end with p = .5/.25/.25, after
 * 1 it is .25/.5/.25, after the end token .25/.25/.5. Log-probabilities are exact by hand. */
const halves = (tokens: readonly number[]) => {
  const last = tokens[tokens.length - 1]!;
  return [0, 1, 2].map((v) => (v === last ? log(0.5) : log(0.25)));
};

/** Logits that depend on the whole row (its length and its sum), so a row fed the wrong
 * token or at the wrong position gives different numbers. */
const wholeRow = (tokens: readonly number[]) => {
  const s = tokens.reduce((a, b) => a + b, 0);
  return [Math.sin(s + tokens.length), 0.3 * tokens.length, Math.cos(3 * s), (s % 5) - 2];
};

describe("sequenceLogProbs", () => {
  it("gives each answer token's log-probability given the prompt and the answer before it", async () => {
    const model = new FunctionModel(3, 2, halves);
    const out = await sequenceLogProbs(model, [{ prompt: [1, 0], answer: [0, 1, 1] }]);
    // p(0 | …0) = .5, p(1 | …0) = .25, p(1 | …1) = .5
    expect(out.perToken[0]!.length).toBe(3);
    [log(0.5), log(0.25), log(0.5)].forEach((lp, t) => expect(out.perToken[0]![t]).toBeCloseTo(lp, 6));
    expect(out.sums[0]).toBeCloseTo(log(0.5 * 0.25 * 0.5), 6);
    expect(out.forwardPasses).toBe(3); // the prefill and two steps: the last token needs no pass
    expect(out.tokensProcessed).toBe(2 + 2);
    expect(model.starts).toBe(1);
    expect(model.disposed).toBe(1);
  });

  it("includeEnd also scores the end token after the answer (a complete response)", async () => {
    const model = new FunctionModel(3, 2, halves);
    const out = await sequenceLogProbs(model, [{ prompt: [0], answer: [0, 1] }], { includeEnd: true });
    // .5 (0 after 0), .25 (1 after 0), .25 (end after 1)
    expect(out.perToken[0]!.map((x) => Number(x.toFixed(6)))).toEqual([log(0.5), log(0.25), log(0.25)].map((x) => Number(x.toFixed(6))));
    expect(out.sums[0]).toBeCloseTo(log(0.5 * 0.25 * 0.25), 6);
    expect(out.forwardPasses).toBe(3);
  });

  it("an empty answer sums to 0 without a pass, or to the end token's log-prob with includeEnd", async () => {
    const model = new FunctionModel(3, 2, halves);
    const none = await sequenceLogProbs(model, [{ prompt: [0], answer: [] }, { prompt: [1, 1], answer: [] }]);
    expect(none.sums).toEqual([0, 0]);
    expect(none.perToken).toEqual([[], []]);
    expect(none.forwardPasses).toBe(0);
    expect(model.starts).toBe(0);
    const end = await sequenceLogProbs(model, [{ prompt: [2], answer: [] }], { includeEnd: true });
    expect(end.sums[0]).toBeCloseTo(log(0.5), 6); // end after end: .5
    expect(end.forwardPasses).toBe(1);
    expect(await sequenceLogProbs(model, [])).toEqual({ perToken: [], sums: [], forwardPasses: 0, tokensProcessed: 0 });
  });

  it("batching rows of different lengths gives the same numbers as one row at a time, in one start", async () => {
    const pairs = [
      { prompt: [1, 2, 3], answer: [0, 3, 1, 1, 2] },
      { prompt: [2], answer: [] },
      { prompt: [0, 0], answer: [3] },
      { prompt: [3, 1, 0, 2, 2, 1], answer: [2, 2] },
    ];
    for (const includeEnd of [false, true]) {
      const batched = new FunctionModel(4, 3, wholeRow);
      const together = await sequenceLogProbs(batched, pairs, { includeEnd });
      expect(batched.starts).toBe(1);
      expect(batched.prompts[0]).toEqual(pairs.map((p) => p.prompt));
      const longest = 5 + (includeEnd ? 1 : 0);
      expect(together.forwardPasses).toBe(longest);
      expect(batched.steps).toBe(longest - 1);
      expect(together.tokensProcessed).toBe(3 + 1 + 2 + 6 + pairs.length * (longest - 1));
      for (const [i, pair] of pairs.entries()) {
        const alone = await sequenceLogProbs(new FunctionModel(4, 3, wholeRow), [pair], { includeEnd });
        expect(together.perToken[i]!.length).toBe(pair.answer.length + (includeEnd ? 1 : 0));
        together.perToken[i]!.forEach((lp, t) => expect(lp).toBeCloseTo(alone.perToken[0]![t]!, 6));
        expect(together.sums[i]).toBeCloseTo(alone.sums[0]!, 6);
      }
    }
  });

  it("feeds rows whose answer is done the end token, and hands the forced tokens to observe", async () => {
    const rowsSeen: number[][] = [];
    const model = new FunctionModel(3, 2, (tokens) => {
      rowsSeen.push([...tokens]);
      return halves(tokens);
    });
    const observed: number[][] = [];
    const spied = {
      vocabSize: 3,
      eosTokenId: 2,
      async start(prompts: readonly (readonly number[])[]) {
        const s = await model.start(prompts);
        return Object.assign(s, { observe: (t: readonly number[]) => observed.push([...t]) });
      },
    };
    await sequenceLogProbs(spied, [
      { prompt: [0], answer: [1, 1, 0] },
      { prompt: [1], answer: [0] },
    ]);
    // the last logits computed are after two steps: row 1 got its answer token, then the end token
    expect(rowsSeen.slice(-2)).toEqual([
      [0, 1, 1],
      [1, 0, 2],
    ]);
    expect(observed).toEqual([
      [1, 0],
      [1, -1],
      [0, -1],
    ]);
  });

  it("rejects when aborted, disposing the session", async () => {
    const model = new FunctionModel(3, 2, halves);
    const ctrl = new AbortController();
    const run = sequenceLogProbs(model, [{ prompt: [0], answer: [0, 0, 0, 0, 0] }], {
      signal: ctrl.signal,
      betweenSteps: async () => {
        if (model.steps === 2) ctrl.abort();
      },
    });
    await expect(run).rejects.toThrow(/abort/i);
    expect(model.disposed).toBe(1);
    const already = new AbortController();
    already.abort();
    await expect(sequenceLogProbs(model, [{ prompt: [0], answer: [1] }], { signal: already.signal })).rejects.toThrow();
    expect(model.starts).toBe(1);
  });

  it("rejects empty prompts and tokens outside the vocabulary", async () => {
    const model = new FunctionModel(3, 2, halves);
    await expect(sequenceLogProbs(model, [{ prompt: [], answer: [1] }])).rejects.toThrow(/empty prompt/);
    await expect(sequenceLogProbs(model, [{ prompt: [0], answer: [3] }])).rejects.toThrow(/vocabulary/);
    await expect(sequenceLogProbs(model, [{ prompt: [0.5], answer: [] }])).rejects.toThrow(/vocabulary/);
  });

  it("tokenLogProb is the log-softmax entry, and -Infinity for a masked token", () => {
    expect(tokenLogProb([log(0.5), log(0.25), log(0.25)], 0)).toBeCloseTo(log(0.5), 12);
    expect(tokenLogProb([0, -Infinity], 1)).toBe(-Infinity);
  });
});
