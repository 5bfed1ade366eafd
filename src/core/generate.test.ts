import { describe, expect, it } from "vitest";
import { generate } from "./generate";
import type { DecodeSession, LanguageModel } from "./languageModel";
import { GREEDY } from "./sampling";

/** A hand-made model over 4 tokens: after token t the most likely next token is table[t]; 3 is the end token. */
class FakeModel implements LanguageModel {
  readonly vocabSize = 4;
  readonly eosTokenId = 3;
  disposed = 0;
  starts: number[][][] = [];
  constructor(private readonly table: number[]) {}
  private row(last: number): Float32Array {
    const l = new Float32Array(4).fill(0);
    l[this.table[last]!] = 2; // p(next) = e²/(e²+3) ≈ 0.71
    return l;
  }
  async start(prompts: readonly (readonly number[])[]): Promise<DecodeSession> {
    this.starts.push(prompts.map((p) => [...p]));
    const model = this;
    const last = prompts.map((p) => p[p.length - 1]!);
    return {
      get logits() {
        return last.map((t) => model.row(t));
      },
      async step(tokens: readonly number[]) {
        tokens.forEach((t, i) => (last[i] = t));
      },
      dispose() {
        model.disposed++;
      },
    };
  }
}

describe("generate", () => {
  it("decodes greedily until the end token or the length limit, per row", async () => {
    const model = new FakeModel([1, 2, 0, 3]); // 0→1→2→0… never ends; 2 on its own row would too
    const endsSoon = new FakeModel([1, 3, 0, 3]); // 0→1→end
    const a = await generate(model, [[0], [2]], { maxNewTokens: 4, sampling: GREEDY, seed: 1 });
    expect(a.tokens).toEqual([[1, 2, 0, 1], [0, 1, 2, 0]]);
    expect(a.finish).toEqual(["length", "length"]);
    expect(a.forwardPasses).toBe(4); // the prefill and three steps: the 4th token needs no further pass
    const b = await generate(endsSoon, [[0]], { maxNewTokens: 10, sampling: GREEDY, seed: 1 });
    expect(b.tokens).toEqual([[1]]);
    expect(b.finish).toEqual(["eos"]);
    expect(endsSoon.disposed).toBe(1);
  });

  it("masks the end token until minNewTokens tokens are out", async () => {
    const endsSoon = new FakeModel([1, 3, 0, 3]); // 0→1→end, unless the end is masked
    const out = await generate(endsSoon, [[0]], { maxNewTokens: 4, minNewTokens: 3, sampling: GREEDY, seed: 1 });
    expect(out.tokens[0]).toEqual([1, 0, 1]); // after 1 the end is masked: the next best is token 0
    expect(out.finish).toEqual(["eos"]);
  });

  it("streams every step's tokens, with -1 for rows already finished", async () => {
    const model = new FakeModel([3, 2, 0, 3]); // row [0] ends at once, row [1] goes 2,0,end
    const seen: number[][] = [];
    await generate(model, [[0], [1]], { maxNewTokens: 5, sampling: GREEDY, seed: 1, onStep: (t) => seen.push([...t]) });
    expect(seen).toEqual([[3, 2], [-1, 0], [-1, 3]]);
  });

  it("gives the same sampled tokens for the same seed, and a row's tokens do not depend on its batch mates", async () => {
    const model = new FakeModel([1, 2, 0, 0]);
    const opts = { maxNewTokens: 12, sampling: { temperature: 1, topK: 0, topP: 1 }, seed: 42 };
    const alone = await generate(model, [[0]], opts);
    const again = await generate(model, [[0]], opts);
    const batched = await generate(model, [[0], [2], [1]], opts);
    expect(again.tokens).toEqual(alone.tokens);
    expect(batched.tokens[0]).toEqual(alone.tokens[0]);
    const other = await generate(model, [[0]], { ...opts, seed: 43 });
    expect(other.tokens).not.toEqual(alone.tokens);
  });

  it("stops at a cancel, keeps what it decoded and frees the session", async () => {
    const model = new FakeModel([1, 2, 0, 3]);
    const ctrl = new AbortController();
    const out = await generate(model, [[0]], {
      maxNewTokens: 50,
      sampling: GREEDY,
      seed: 1,
      signal: ctrl.signal,
      onStep: (_, step) => step === 2 && ctrl.abort(),
    });
    expect(out.tokens[0]).toEqual([1, 2, 0]);
    expect(out.finish).toEqual(["cancelled"]);
    expect(model.disposed).toBe(1);
  });

  it("a cancel that arrives as a message is taken between steps when the loop yields to the event loop", async () => {
    const model = new FakeModel([1, 2, 0, 3]); // never ends; its steps resolve as microtasks only
    const run = (betweenSteps?: () => Promise<void>) => {
      const ctrl = new AbortController();
      setTimeout(() => ctrl.abort(), 0); // like a cancel message reaching a worker
      return generate(model, [[0]], { maxNewTokens: 2000, sampling: GREEDY, seed: 1, signal: ctrl.signal, betweenSteps });
    };
    expect((await run()).finish).toEqual(["length"]); // the message waits until the loop is done
    const yielding = await run(() => new Promise((r) => setImmediate(r)));
    expect(yielding.finish).toEqual(["cancelled"]);
    expect(yielding.tokens[0]!.length).toBeLessThan(2000);
  });

  it("refuses a negative token budget by name", async () => {
    await expect(generate(new FakeModel([0, 0, 0, 0]), [[0]], { maxNewTokens: -1, sampling: GREEDY, seed: 1 })).rejects.toThrow(
      /maxNewTokens/,
    );
  });
});
