/**
 * What the algorithms need from reward models, in token ids: the runtime implements these
 * over the suite's ONNX classifiers, tests with hand-made fakes. A prompt is the policy's
 * chat prompt for an instruction (what LanguageModel.start is given); an answer is the
 * tokens decoded after it, without the end token.
 */

export interface ScoredPair {
  readonly prompt: readonly number[];
  readonly answer: readonly number[];
}

/** A sequence reward model with one scalar head per objective (Bradley-Terry scores). */
export interface RewardModel {
  /** head names in order, e.g. ["medical", …, "overall"] */
  readonly heads: readonly string[];
  /** One score per head for each pair; one batched pass. */
  score(pairs: readonly ScoredPair[]): Promise<number[][]>;
}

/** A token-level reward model: a reward for every answer token (fine-grained supervision). */
export interface TokenRewardModel {
  /** rewards[i][t] for the t-th token of pairs[i].answer; one batched pass. */
  tokenRewards(pairs: readonly ScoredPair[]): Promise<number[][]>;
}

/** Turns instructions into prompts and answers into text, for methods that work on text (DARWIN, the oracle). */
export interface TextCodec {
  /** the chat prompt ids for an instruction */
  prompt(instruction: string): number[];
  decode(ids: readonly number[]): string;
  encode(text: string): number[];
}

/** One scalar reward per (prompt, answer) pair, in one batched call. */
export type SequenceScorer = (pairs: readonly ScoredPair[]) => Promise<number[]>;

/** The position of a head; refuses an unknown one, naming the heads the model has. */
export function headIndex(model: RewardModel, head: string): number {
  const i = model.heads.indexOf(head);
  if (i < 0) throw new RangeError(`the reward model has no head "${head}"; it has ${model.heads.join(", ")}`);
  return i;
}

/** A scalar scorer reading one head of a reward model. */
export function headScorer(model: RewardModel, head: string): SequenceScorer {
  return weightedScorer(model, { [head]: 1 });
}

/** A scalar scorer Σ_h weight_h · head_h (a search's objective); refuses unknown heads. */
export function weightedScorer(model: RewardModel, weights: Readonly<Record<string, number>>): SequenceScorer {
  const terms = Object.entries(weights).map(([head, w]) => [headIndex(model, head), w] as const);
  return async (pairs) => (await model.score(pairs)).map((scores) => terms.reduce((acc, [i, w]) => acc + w * scores[i]!, 0));
}
