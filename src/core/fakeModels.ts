/**
 * Hand-made models for the core's unit tests: their outputs are plain functions the test
 * states, so expected results can be worked out by hand. Not used by the app.
 */
import type { DecodeSession, LanguageModel } from "./languageModel";
import type { RewardModel, ScoredPair, TokenRewardModel } from "./rewardModel";

/** Next-token logits as a function of the tokens so far in a row (prompt and decoded). */
export type NextLogits = (tokens: readonly number[]) => ArrayLike<number>;

/** A language model whose logits are `next(row so far)`; counts its starts, steps and disposals. */
export class FunctionModel implements LanguageModel {
  starts = 0;
  steps = 0;
  disposed = 0;
  /** every prompt batch passed to start, copied */
  readonly prompts: number[][][] = [];

  constructor(
    readonly vocabSize: number,
    readonly eosTokenId: number,
    private readonly next: NextLogits,
  ) {}

  async start(prompts: readonly (readonly number[])[]): Promise<DecodeSession> {
    this.starts++;
    this.prompts.push(prompts.map((p) => [...p]));
    const rows = prompts.map((p) => [...p]);
    const model = this;
    const logitsOf = () => rows.map((r) => Float32Array.from(model.next(r)));
    let logits = logitsOf();
    return {
      get logits() {
        return logits;
      },
      async step(tokens: readonly number[]) {
        model.steps++;
        tokens.forEach((t, i) => rows[i]!.push(t));
        logits = logitsOf();
      },
      dispose() {
        model.disposed++;
      },
    };
  }
}

/** Logits that make `token` the likeliest by `margin` nats over every other token. */
export function favour(vocabSize: number, token: number, margin = 4): Float32Array {
  const l = new Float32Array(vocabSize);
  l[token] = margin;
  return l;
}

/** A reward model whose heads are functions of a pair; counts the pairs it scored. */
export class FunctionRewardModel implements RewardModel {
  scored = 0;
  calls = 0;
  readonly heads: readonly string[];

  constructor(private readonly fns: Record<string, (pair: ScoredPair) => number>) {
    this.heads = Object.keys(fns);
  }

  async score(pairs: readonly ScoredPair[]): Promise<number[][]> {
    this.calls++;
    this.scored += pairs.length;
    return pairs.map((p) => this.heads.map((h) => this.fns[h]!(p)));
  }
}

/** A token reward model whose reward for a token is a function of the token id. */
export class FunctionTokenRewardModel implements TokenRewardModel {
  constructor(private readonly reward: (token: number, index: number) => number) {}

  async tokenRewards(pairs: readonly ScoredPair[]): Promise<number[][]> {
    return pairs.map((p) => p.answer.map((t, i) => this.reward(t, i)));
  }
}

/** Three scored answers and three heads that vote in a cycle, rock-paper-scissors: each answer
 * beats one other on two of the three heads (A ≻ B, B ≻ C, C ≻ A); the objective ranks A > B > C. */
export const ROCK_PAPER_SCISSORS = {
  panel: ["warmth", "concision", "relevance"],
  answers: [
    { objective: 0.3, rm: { warmth: 3, concision: 1, relevance: 2 } },
    { objective: 0.2, rm: { warmth: 2, concision: 3, relevance: 1 } },
    { objective: 0.1, rm: { warmth: 1, concision: 2, relevance: 3 } },
  ],
};
