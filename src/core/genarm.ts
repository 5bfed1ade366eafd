/**
 * GenARM guided decoding (Xu et al. 2024, arXiv 2410.08193, Eq. 7 with several rewards):
 *   log p(y_t | x, y_<t) ∝ log π_base(y_t | ·) + Σ_i α_i log π_arm,i(y_t | ·),
 * sampled at temperature τ by the ordinary decode loop. The guided model below is a
 * LanguageModel whose logits are that sum, so plain generate() decodes it; each step runs
 * the policy's and the ARMs' passes concurrently (none waits on another), and the per-token
 * rewards r_i(y_t) = β_r,i · log π_arm,i(y_t | ·) of the tokens actually chosen are recorded.
 */
import type { DecodeSession, LanguageModel } from "./languageModel";
import { logSoftmax } from "./logits";

export interface RewardGuide {
  name: string;
  model: LanguageModel;
  /** α_i: the guidance weight */
  alpha: number;
  /** β_r of the ARM's training: its reward is β_r Σ_t log π_arm(y_t) */
  betaR: number;
}

export class VocabularyMismatchError extends Error {
  override name = "VocabularyMismatchError";
}

/** rewards[row][guide][t]: the reward guide i gave the t-th chosen token of that row */
export type RewardTrace = number[][][];

export interface GuidedModel extends LanguageModel {
  readonly trace: RewardTrace;
  /** forward passes per decoding step: the policy's plus one per ARM */
  readonly passesPerStep: number;
}

export function guidedModel(base: LanguageModel, guides: readonly RewardGuide[]): GuidedModel {
  for (const g of guides) {
    if (g.model.vocabSize !== base.vocabSize) {
      throw new VocabularyMismatchError(
        `the ARM "${g.name}" has a vocabulary of ${g.model.vocabSize} tokens and the policy ${base.vocabSize}: ` +
          `GenARM adds their log-probabilities token by token, so they must share one tokenizer`,
      );
    }
  }
  const trace: RewardTrace = [];
  return {
    vocabSize: base.vocabSize,
    eosTokenId: base.eosTokenId,
    trace,
    passesPerStep: 1 + guides.length,
    async start(prompts) {
      const sessions = await Promise.all([base, ...guides.map((g) => g.model)].map((m) => m.start(prompts)));
      const offset = trace.length;
      prompts.forEach(() => trace.push(guides.map(() => [])));
      return new GuidedSession(sessions, guides, trace, offset);
    },
  };
}

class GuidedSession implements DecodeSession {
  logits: Float32Array[] = [];
  private armLogProbs: Float32Array[][] = [];

  constructor(
    private readonly sessions: DecodeSession[],
    private readonly guides: readonly RewardGuide[],
    private readonly trace: RewardTrace,
    private readonly offset: number,
  ) {
    this.combine();
  }

  /** Σ over the base and the ARMs of α · log-probabilities (α = 1 for the base). */
  private combine() {
    const [base, ...arms] = this.sessions;
    this.armLogProbs = arms.map((s) => s.logits.map(logSoftmax));
    this.logits = base!.logits.map((row, r) => {
      const out = logSoftmax(row);
      this.guides.forEach((g, i) => {
        if (g.alpha === 0) return;
        const lp = this.armLogProbs[i]![r]!;
        for (let v = 0; v < out.length; v++) out[v]! += g.alpha * lp[v]!;
      });
      return out;
    });
  }

  async step(tokens: readonly number[]): Promise<void> {
    await Promise.all(this.sessions.map((s) => s.step(tokens)));
    this.combine();
  }

  /** Records the rewards of the chosen tokens (the end token included) from the ARMs' current log-probabilities. */
  observe(tokens: readonly number[]): void {
    tokens.forEach((t, r) => {
      if (t < 0) return;
      this.guides.forEach((g, i) => this.trace[this.offset + r]![i]!.push(g.betaR * this.armLogProbs[i]![r]![t]!));
    });
  }

  dispose(): void {
    this.sessions.forEach((s) => s.dispose());
  }
}
