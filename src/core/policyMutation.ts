/**
 * DARWIN's other mutation operator: the policy itself rewrites the instruction from a
 * mutation prompt (the paper asks its policy for variants of the instruction). The answer is
 * kept only if it parses as an instruction; otherwise the mutation fails (null) and DARWIN
 * retries and then falls back to the parent, as the paper's code does when its parse fails.
 * Our embedded policy was trained to answer, not to rewrite, so expect it to fall back often:
 * the operator is here for policies that can, and to make that visible.
 */
import { generate } from "./generate";
import type { LanguageModel } from "./languageModel";
import type { TextCodec } from "./rewardModel";
import type { Rng } from "./rng";
import type { SamplingOptions } from "./sampling";

export const MUTATION_PROMPT = "Rewrite this request in other words, keeping what it asks: ";

export interface PolicyMutator {
  (instruction: string, rng: Rng): Promise<string | null>;
  /** what the rewrites cost the policy, for the run's budget */
  readonly spent: { forwardPasses: number; tokensProcessed: number; tokensGenerated: number; parsed: number; failed: number };
}

export function policyMutator(
  policy: LanguageModel,
  codec: TextCodec,
  isInstruction: (text: string) => boolean,
  opts: { maxNewTokens: number; sampling: SamplingOptions } = { maxNewTokens: 48, sampling: { temperature: 0.9, topK: 40, topP: 1 } },
): PolicyMutator {
  const spent = { forwardPasses: 0, tokensProcessed: 0, tokensGenerated: 0, parsed: 0, failed: 0 };
  const mutate = async (instruction: string, rng: Rng) => {
    const out = await generate(policy, [codec.prompt(`${MUTATION_PROMPT}${instruction}`)], { ...opts, seed: rng.int(0, 2 ** 31 - 1) });
    spent.forwardPasses += out.forwardPasses;
    spent.tokensProcessed += out.tokensProcessed;
    spent.tokensGenerated += out.tokens[0]!.length;
    const text = codec.decode(out.tokens[0]!).split("\n")[0]!.trim();
    const ok = text.length > 0 && isInstruction(text);
    if (ok) spent.parsed++;
    else spent.failed++;
    return ok ? text : null;
  };
  return Object.assign(mutate, { spent });
}
