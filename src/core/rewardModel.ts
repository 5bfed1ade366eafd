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

/** Scores a reward model gives, read at one head. */
export function headIndex(model: RewardModel, head: string): number {
  const i = model.heads.indexOf(head);
  if (i < 0) throw new RangeError(`the reward model has no head "${head}"; it has ${model.heads.join(", ")}`);
  return i;
}
