/**
 * The core's reward-model interfaces over the suite's ONNX classifiers. Rows are built in
 * token ids exactly as the forge trains on them: a sequence RM reads chat(x, y), which is
 * the prompt ids, the answer ids and the end token (its head reads that last token); the
 * token RM reads the prompt and the answer, and its reward at a token is p_pos − p_neg
 * (forge/token_reward.py). Rows longer than the model's context are cut as the forge cuts
 * them: the sequence RM's from the left (its head reads the end), the token RM's from the
 * right, which, the model being causal, leaves the rewards of the tokens it keeps unchanged.
 */
import type { RewardModel, ScoredPair, TokenRewardModel } from "../core/rewardModel";
import type { OnnxClassifier } from "./classifier";

function lastTokens(row: number[], max: number | undefined): number[] {
  return max !== undefined && row.length > max ? row.slice(row.length - max) : row;
}

export class OnnxRewardModel implements RewardModel {
  readonly heads: readonly string[];

  private readonly endTokenId: number;

  constructor(private readonly classifier: OnnxClassifier) {
    this.heads = classifier.labels;
    const eos = classifier.config.eos_token_id;
    if (typeof eos !== "number") throw new Error("a sequence reward model's config.json must name its eos_token_id: its head reads that token");
    this.endTokenId = eos;
  }

  async score(pairs: readonly ScoredPair[]): Promise<number[][]> {
    if (pairs.length === 0) return [];
    const max = this.classifier.config.max_position_embeddings;
    const rows = pairs.map((p) => lastTokens([...p.prompt, ...p.answer, this.endTokenId], max));
    return (await this.classifier.logits(rows)).map((l) => Array.from(l));
  }
}

const NEGATIVE = "negative";
const POSITIVE = "positive";

export class OnnxTokenRewardModel implements TokenRewardModel {
  private readonly negative: number;
  private readonly positive: number;

  constructor(private readonly classifier: OnnxClassifier) {
    this.negative = classifier.labels.indexOf(NEGATIVE);
    this.positive = classifier.labels.indexOf(POSITIVE);
    if (this.negative < 0 || this.positive < 0) {
      throw new Error(`a token reward model needs "${NEGATIVE}" and "${POSITIVE}" labels; this one has ${classifier.labels.join(", ")}`);
    }
  }

  /** p_pos − p_neg at every answer token; NaN for answer tokens past the context length. */
  async tokenRewards(pairs: readonly ScoredPair[]): Promise<number[][]> {
    if (pairs.length === 0) return [];
    const max = this.classifier.config.max_position_embeddings ?? Infinity;
    const rows = pairs.map((p) => [...p.prompt, ...p.answer].slice(0, max));
    const logits = await this.classifier.logits(rows);
    const labels = this.classifier.labels.length;
    return pairs.map((p, i) => {
      const row = logits[i]!;
      return p.answer.map((_, t) => {
        const pos = p.prompt.length + t;
        return pos >= rows[i]!.length ? NaN : this.rewardAt(row.subarray(pos * labels, (pos + 1) * labels));
      });
    });
  }

  private rewardAt(logits: Float32Array): number {
    let max = -Infinity;
    for (const v of logits) max = Math.max(max, v);
    let total = 0;
    for (const v of logits) total += Math.exp(v - max);
    return (Math.exp(logits[this.positive]! - max) - Math.exp(logits[this.negative]! - max)) / total;
  }
}
