/**
 * One pipeline composes the methods, as a RunConfig says:
 *   policy (θ_base + Σ λ·AV, mixed by the runtime) → decoder (sample | GenARM | ARGS)
 *   → search (none | Best-of-N | DARWIN | SPPO over candidates) → scorers (RM heads, token RM, oracle).
 * Every run reports what it spent (policy and ARM passes, reward-model pairs, tokens), so
 * methods can be compared at an equal budget, and streams events for live views.
 */
import { argsModel } from "./args";
import { bestOfN } from "./bestOfN";
import type { DecoderConfig, RunConfig } from "./config";
import { runDarwin, type DarwinEvent, type DarwinResult } from "./darwin";
import { guidedModel, type GuidedModel } from "./genarm";
import { policyMutator } from "./policyMutation";
import type { FinishReason } from "./generate";
import type { LanguageModel } from "./languageModel";
import { sequenceLogProbs } from "./likelihood";
import { weightedScorer, type RewardModel, type ScoredPair, type SequenceScorer, type TextCodec, type TokenRewardModel } from "./rewardModel";
import type { Rng } from "./rng";
import { argmax } from "./sampling";
import type { SppoRound } from "./sppo";
import { sppoGame } from "./sppoGame";

export interface PipelineModels {
  /** the policy, already steered by the config's λs */
  policy: LanguageModel;
  arms: ReadonlyMap<string, { model: LanguageModel; betaR: number }>;
  rm: RewardModel;
  tokenRm?: TokenRewardModel;
  codec: TextCodec;
  /** the world's oracle: attribute scores of any answer */
  oracle?: (instruction: string, answer: string) => Readonly<Record<string, number>>;
  /** DARWIN's instruction mutation (the world's operators) */
  mutate: (instruction: string, rng: Rng) => Promise<string | null> | string | null;
  /** whether a text parses as an instruction: a policy-written mutation is kept only then */
  isInstruction?: (text: string) => boolean;
}

export interface PipelineHooks {
  signal?: AbortSignal;
  betweenSteps?: () => Promise<void>;
  onEvent?: (e: PipelineEvent) => void;
}

export type PipelineEvent =
  | { type: "stage"; stage: "decode" | "search" | "score"; detail: string }
  /** one decoding step of the candidates (none, Best-of-N, SPPO): each row's new token, -1 when done */
  | { type: "step"; step: number; tokens: number[] }
  | { type: "darwin"; event: DarwinEvent };

export interface ScoredAnswer {
  tokens: number[];
  text: string;
  /** each token decoded on its own, for per-token views (their concatenation is the text for whole-character tokens) */
  tokenTexts: string[];
  finish: FinishReason;
  /** every RM head */
  rm: Record<string, number>;
  /** Σ weight · head, what searches maximise */
  objective: number;
  oracle: Record<string, number> | null;
  /** the token RM's reward at every answer token */
  tokenRewards: number[] | null;
  /** GenARM: β_r·log π_arm of every chosen token, per ARM; ARGS: r(x, y_≤t) under "args" */
  trace: Record<string, number[]> | null;
  /** every ARM's reward of every answer token, β_r·log π_arm(y_t | x, y_<t), teacher-forced:
   * the ARMs' token rewards for any answer, however it was decoded */
  armRewards: Record<string, number[]>;
}

export interface PipelineBudget {
  policyPasses: number;
  armPasses: number;
  /** tokens the policy processed (prompts at each prefill, then one per row per step) */
  tokensProcessed: number;
  /** answer tokens sampled over the whole search */
  tokensGenerated: number;
  rewardCalls: number;
  /** (prompt, answer) pairs read by the sequence RM, final scoring included */
  rewardPairs: number;
  /** ARM passes spent scoring the answers afterwards (armRewards), not in the search's own cost */
  scoringPasses: number;
  /** of policyPasses, those DARWIN's policy-written mutations took */
  mutationPasses: number;
  milliseconds: number;
}

export interface SppoOutcome {
  matrix: number[][];
  rounds: SppoRound[];
  /** the single top-objective answer and its duality gap under the matrix */
  argmax: { index: number; gap: number };
  /** the averaged SPPO policy after the last round (approaches a Nash mixture) */
  mixture: number[];
}

export interface PipelineResult {
  answers: ScoredAnswer[];
  /** the answer the method returns */
  chosen: number;
  cancelled: boolean;
  budget: PipelineBudget;
  darwin: Pick<DarwinResult, "archive" | "events" | "iterationsCompleted"> | null;
  sppo: SppoOutcome | null;
}

type Decoder = { model: LanguageModel; passesPerStep: number; trace: (row: number) => Record<string, number[]> | null };

function buildDecoder(config: DecoderConfig, models: PipelineModels, objective: SequenceScorer, minNewTokens: number): Decoder {
  switch (config.kind) {
    case "sample":
      return { model: models.policy, passesPerStep: 1, trace: () => null };
    case "genarm": {
      const guides = Object.entries(config.alphas).map(([name, alpha]) => {
        const arm = models.arms.get(name);
        if (!arm) throw new RangeError(`decoder.alphas.${name}: no ARM "${name}" (there are ${[...models.arms.keys()].join(", ")})`);
        return { name, model: arm.model, alpha, betaR: arm.betaR };
      });
      const g: GuidedModel = guidedModel(models.policy, guides);
      return {
        model: g,
        passesPerStep: g.passesPerStep,
        trace: (row) => Object.fromEntries(guides.map((guide, i) => [guide.name, g.trace[row]?.[i] ?? []])),
      };
    }
    case "args": {
      const a = argsModel(models.policy, objective, { k: config.k, w: config.w, minNewTokens });
      return { model: a, passesPerStep: 1, trace: (row) => ({ args: a.trace[row] ?? [] }) };
    }
  }
}

/** Runs a validated config; throws on models that do not fit it (names the field). */
export async function runPipeline(config: RunConfig, models: PipelineModels, hooks: PipelineHooks = {}): Promise<PipelineResult> {
  const t0 = performance.now();
  const emit = hooks.onEvent ?? (() => {});
  const objective = weightedScorer(models.rm, config.objective);
  const counted = { calls: 0, pairs: 0 };
  const countedObjective: SequenceScorer = (pairs) => {
    counted.calls++;
    counted.pairs += pairs.length;
    return objective(pairs);
  };
  const decoder = buildDecoder(config.decoder, models, countedObjective, config.minNewTokens);
  const prompt = models.codec.prompt(config.instruction);
  const generateOptions = {
    maxNewTokens: config.maxNewTokens,
    minNewTokens: config.minNewTokens,
    sampling: config.sampling,
    seed: config.seed,
    signal: hooks.signal,
    betweenSteps: hooks.betweenSteps,
    onStep: (tokens: readonly number[], step: number) => emit({ type: "step", step, tokens: [...tokens] }),
  };
  const budget: PipelineBudget = {
    policyPasses: 0,
    armPasses: 0,
    tokensProcessed: 0,
    tokensGenerated: 0,
    rewardCalls: 0,
    rewardPairs: 0,
    scoringPasses: 0,
    mutationPasses: 0,
    milliseconds: 0,
  };
  const spend = (b: { forwardPasses: number; tokensProcessed: number; tokensGenerated: number }) => {
    budget.policyPasses += b.forwardPasses;
    budget.armPasses += b.forwardPasses * (decoder.passesPerStep - 1);
    budget.tokensProcessed += b.tokensProcessed;
    budget.tokensGenerated += b.tokensGenerated;
  };

  let candidates: { tokens: number[]; finish: FinishReason }[];
  let chosenBy: (scored: ScoredAnswer[]) => number = (scored) => argmax(scored.map((a) => a.objective));
  let cancelled = false;
  let darwin: PipelineResult["darwin"] = null;
  let sppoRun: ((scored: ScoredAnswer[]) => SppoOutcome) | null = null;
  const search = config.search;

  if (search.kind === "darwin") {
    emit({ type: "stage", stage: "search", detail: `DARWIN: ${search.iterations} iterations of ${search.beams} beams` });
    const byPolicy = search.mutation === "policy" ? policyMutator(models.policy, models.codec, models.isInstruction ?? (() => false)) : null;
    const r = await runDarwin(
      { policy: decoder.model, codec: models.codec, reward: countedObjective, mutate: byPolicy ?? models.mutate },
      {
        instruction: config.instruction,
        beams: search.beams,
        keep: search.keep,
        replacementPeriod: search.replacementPeriod,
        iterations: search.iterations,
        replacement: search.replacement,
        maxNewTokens: config.maxNewTokens,
        sampling: config.sampling,
        seed: config.seed,
        signal: hooks.signal,
        betweenSteps: hooks.betweenSteps,
        onEvent: (event) => emit({ type: "darwin", event }),
      },
    );
    spend(r.budget);
    if (byPolicy) {
      // the policy's rewrites are policy passes too (not through the decoder: no ARM guides them)
      budget.policyPasses += byPolicy.spent.forwardPasses;
      budget.mutationPasses = byPolicy.spent.forwardPasses;
      budget.tokensProcessed += byPolicy.spent.tokensProcessed;
      budget.tokensGenerated += byPolicy.spent.tokensGenerated;
    }
    cancelled = r.cancelled;
    darwin = { archive: r.archive, events: r.events, iterationsCompleted: r.iterationsCompleted };
    candidates = r.best ? [{ tokens: r.best.tokens, finish: "eos" as FinishReason }] : [];
    chosenBy = () => 0;
  } else {
    const n = search.kind === "bestOfN" ? search.n : search.kind === "sppo" ? search.candidates : 1;
    emit({ type: "stage", stage: "decode", detail: n === 1 ? "decoding" : `decoding ${n} candidates as one batch` });
    // Best-of-N's scoring is the final scoring below; decode with a scorer that is never called
    const r = await bestOfN(decoder.model, prompt, { ...generateOptions, n }, async (pairs) => pairs.map(() => 0));
    spend(r.budget);
    cancelled = r.cancelled;
    candidates = r.candidates;
    if (search.kind === "sppo") sppoRun = (scored) => sppoGame(scored, search);
  }

  emit({ type: "stage", stage: "score", detail: `scoring ${candidates.length} answers` });
  const { answers: scored, passes } = await scoreAnswers(config, models, prompt, candidates, decoder, search.kind === "darwin");
  budget.scoringPasses += passes;
  budget.rewardCalls += counted.calls + (candidates.length > 0 ? 1 : 0);
  budget.rewardPairs += counted.pairs + candidates.length;
  const sppo = sppoRun && scored.length > 1 ? sppoRun(scored) : null;
  budget.milliseconds = performance.now() - t0;
  cancelled ||= hooks.signal?.aborted === true; // a cancel that came while scoring still counts
  return {
    answers: scored,
    chosen: scored.length > 0 ? (sppo ? argmax(sppo.mixture) : chosenBy(scored)) : -1,
    cancelled,
    budget,
    darwin,
    sppo,
  };
}


async function scoreAnswers(
  config: RunConfig,
  models: PipelineModels,
  prompt: number[],
  candidates: readonly { tokens: number[]; finish: FinishReason }[],
  decoder: Decoder,
  searched: boolean,
): Promise<{ answers: ScoredAnswer[]; passes: number }> {
  if (candidates.length === 0) return { answers: [], passes: 0 };
  const pairs: ScoredPair[] = candidates.map((c) => ({ prompt, answer: c.tokens }));
  const heads = await models.rm.score(pairs);
  const tokenRewards = models.tokenRm ? await models.tokenRm.tokenRewards(pairs) : null;
  let passes = 0;
  const traces = searched ? null : candidates.map((_, i) => decoder.trace(i));
  const armRewards = new Map<string, number[][]>();
  for (const [name, arm] of models.arms) {
    // an ARM that guided the decoding already gave β_r·log π_arm of every chosen token: reuse it
    const traced = traces?.map((t, i) => t?.[name]?.slice(0, candidates[i]!.tokens.length));
    if (traced?.every((t, i) => t?.length === candidates[i]!.tokens.length)) {
      armRewards.set(name, traced as number[][]);
      continue;
    }
    const lp = await sequenceLogProbs(arm.model, pairs);
    passes += lp.forwardPasses;
    armRewards.set(name, lp.perToken.map((row) => row.map((l) => arm.betaR * l)));
  }
  const weights = Object.entries(config.objective).map(([h, w]) => [models.rm.heads.indexOf(h), w] as const);
  const answers = candidates.map((c, i) => {
    const text = models.codec.decode(c.tokens);
    return {
      tokens: c.tokens,
      text,
      tokenTexts: c.tokens.map((t) => models.codec.decode([t])),
      finish: c.finish,
      rm: Object.fromEntries(models.rm.heads.map((h, j) => [h, heads[i]![j]!])),
      objective: weights.reduce((acc, [j, w]) => acc + w * heads[i]![j]!, 0),
      oracle: models.oracle ? { ...models.oracle(config.instruction, text) } : null,
      tokenRewards: tokenRewards?.[i] ?? null,
      // a DARWIN answer was stitched from several segments' rows: no single trace row is its own
      trace: traces?.[i] ?? null,
      armRewards: Object.fromEntries([...armRewards].map(([name, rows]) => [name, rows[i]!])),
    };
  });
  return { answers, passes };
}
