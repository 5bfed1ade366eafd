/**
 * DARWIN: inference-time alignment by a reward-guided evolutionary search over instructions
 * (Hung et al. 2024, arXiv 2406.15193; code at github.com/declare-lab/darwin).
 *
 *  - Archive: instructions with rewards, seeded with the ORIGINAL instruction (whose reward is
 *    that of one response decoded from it, as in the paper's code).
 *  - Exploration (instruction mutation): each iteration picks a parent from the archive and
 *    mutates it into N instructions, one per beam; every beam decodes from its own instruction.
 *  - Exploitation (reward-guided beam replacement): every m tokens (the replacement period) all
 *    beams are scored against the ORIGINAL instruction, and every beam outside the top k gets a
 *    copy of the text of a random top-k beam, keeping its own instruction.
 *  - Archive update: at the end of an iteration, the instructions whose beams improved on the
 *    parent's reward join the archive. The best response seen over the whole run is returned.
 *
 * `replacement: false` is the paper's "mutation without replacement" ablation: the beams are
 * still decoded segment by segment and scored for the log, but never overwritten.
 *
 * Rules chosen where the paper is vague (what the paper's code does in brackets):
 *  1. The parent is drawn uniformly from the archive [the same: random.sample of the archive].
 *  2. All improving instructions join the archive, and the parent stays in it
 *     [the code offers only the 2 beams that were most often in the top k, and removes the
 *     parent when one of them beats it]. Entries never change once added: an instruction already
 *     in the archive is not added again and keeps its reward [the code overwrites it].
 *  3. "Improved" means the beam's final reward (of the text it holds when the iteration ends)
 *     is strictly greater than the parent's archive reward [the same].
 *  4. A finished beam (it emitted the end token) outside the top k is overwritten like any
 *     other and, given an unfinished text, decodes on; a beam given a finished text is finished
 *     [the code never overwrites a finished beam]. Replacement happens only while some beam
 *     still decodes: after the last segment it would only duplicate texts.
 *  5. Top k: highest reward first, ties to the lower beam index; each beam outside it copies a
 *     uniformly drawn top-k beam [the code: random.choice of the top-k states].
 *  6. Texts are copied as token ids, not re-tokenised strings. A finished beam's reward is
 *     reused rather than recomputed (the reward model is a function), so each segment scores
 *     exactly the beams it decoded, in one batched call [the code rescores every state].
 *  7. Only unfinished beams are decoded, as one batch per segment (rows in beam order).
 *  8. A failed mutation (null, empty, the parent itself, or a duplicate of an earlier beam's
 *     instruction) is retried with a freshly forked rng up to `mutationAttempts` times in all;
 *     then the beam reuses the parent unmutated [the code falls back to the parent for all 5
 *     when the policy's numbered list does not parse].
 *  9. The best response is the best-scored FINISHED text (end token or the length cap) and the
 *     seed response; unfinished prefixes at segment boundaries are not responses
 *     [the code compares the final texts of each iteration with the seed response].
 * 10. Cancel (signal aborted) does not throw: the run stops at the next check and returns what
 *     exists with `cancelled: true`. A segment cut short is counted in the budget but dropped;
 *     an unfinished iteration does not update the archive.
 */
import { generate, type Generation } from "./generate";
import type { LanguageModel } from "./languageModel";
import type { ScoredPair, TextCodec } from "./rewardModel";
import { createRng, type Rng } from "./rng";
import { validateSampling, type SamplingOptions } from "./sampling";

export interface DarwinOptions {
  /** the original instruction; every score is against it */
  instruction: string;
  /** N, the number of beams (default 5) */
  beams?: number;
  /** k, the beams kept at each replacement, 1 ≤ k ≤ N (default 3) */
  keep?: number;
  /** m, tokens decoded between replacements (default 40) */
  replacementPeriod?: number;
  /** mutation cycles after the seed response (default 3; 0 gives the seed response only) */
  iterations?: number;
  /** answer length cap per beam */
  maxNewTokens: number;
  /** default temperature 0.7, top-k 40, top-p 1 */
  sampling?: SamplingOptions;
  seed: number;
  /** false: the mutation-only ablation, beams are never overwritten (default true) */
  replacement?: boolean;
  /** calls of `mutate` per beam before it falls back to the parent (default 3) */
  mutationAttempts?: number;
  signal?: AbortSignal;
  betweenSteps?: () => Promise<void>;
  onEvent?: (e: DarwinEvent) => void;
}

export interface ResolvedDarwinOptions extends Required<Omit<DarwinOptions, "signal" | "betweenSteps" | "onEvent">> {
  signal?: AbortSignal;
  betweenSteps?: () => Promise<void>;
  onEvent?: (e: DarwinEvent) => void;
}

export interface DarwinDeps {
  policy: LanguageModel;
  codec: TextCodec;
  /** scalar reward of answers to the ORIGINAL instruction, one per pair, one batched call
   * (the shape of rewardModel's SequenceScorer, e.g. headScorer(model, "overall")) */
  reward: (pairs: readonly ScoredPair[]) => Promise<number[]>;
  /** proposes a variant of an instruction, or null when it cannot; may be async (a policy-written mutation) */
  mutate: (instruction: string, rng: Rng) => Promise<string | null> | string | null;
}

export const DARWIN_DEFAULTS = {
  beams: 5,
  keep: 3,
  replacementPeriod: 40,
  iterations: 3,
  sampling: { temperature: 0.7, topK: 40, topP: 1 } as SamplingOptions,
  replacement: true,
  mutationAttempts: 3,
} as const;

/** One beam as scored at the end of a segment. */
export interface BeamSnapshot {
  beam: number;
  instruction: string;
  /** the full answer so far */
  text: string;
  tokens: number[];
  /** its reward against the original instruction */
  reward: number;
  /** ended with the end token or reached maxNewTokens */
  finished: boolean;
}

/** The text of beam `from` (in the top k) was copied into beam `to`. */
export interface Replacement {
  from: number;
  to: number;
}

export interface ArchiveEntry {
  instruction: string;
  reward: number;
  /** the iteration that added it; -1 for the original instruction */
  iteration: number;
  /** the instruction it was mutated from; null for the original */
  parent: string | null;
}

export interface DarwinBest {
  /** the instruction of the beam that held the text (the original for the seed response) */
  instruction: string;
  text: string;
  tokens: number[];
  reward: number;
  /** -1 and -1 for the seed response */
  iteration: number;
  segment: number;
}

export type DarwinEvent =
  /** the original instruction's own response, which gives the archive's first reward */
  | { type: "seed"; instruction: string; text: string; tokens: number[]; reward: number }
  /** an iteration starts: its parent and the N mutated instructions; `fellBack` beams reuse the parent */
  | {
      type: "iteration";
      iteration: number;
      parent: { instruction: string; reward: number };
      instructions: string[];
      fellBack: number[];
    }
  /** a segment was decoded and scored: the beams before replacement, then the replacements applied */
  | {
      type: "segment";
      iteration: number;
      segment: number;
      /** answer tokens every still-running beam has after this segment */
      position: number;
      /** the beams decoded in this segment (the unfinished ones) */
      decoded: number[];
      beams: BeamSnapshot[];
      replacements: Replacement[];
    }
  /** the archive after an iteration, and the instructions it added */
  | { type: "archive"; iteration: number; added: string[]; archive: ArchiveEntry[] }
  | { type: "best"; best: DarwinBest };

export interface DarwinBudget {
  /** summed from generate: forward passes of the policy and the tokens it processed */
  forwardPasses: number;
  tokensProcessed: number;
  /** answer tokens sampled, end tokens not counted */
  tokensGenerated: number;
  rewardCalls: number;
  pairsScored: number;
  mutateCalls: number;
}

export interface DarwinResult {
  best: DarwinBest | null;
  archive: ArchiveEntry[];
  events: DarwinEvent[];
  budget: DarwinBudget;
  cancelled: boolean;
  iterationsCompleted: number;
}

function wholeNumber(name: string, value: number, min: number, max = Infinity): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Infinity ? `≥ ${min}` : `in [${min}, ${max}]`;
    throw new RangeError(`${name} must be a whole number ${range}, got ${value}`);
  }
}

/** Fills in the defaults and checks every option; RangeErrors name the option. */
export function resolveDarwinOptions(opts: DarwinOptions): ResolvedDarwinOptions {
  const o: ResolvedDarwinOptions = {
    ...DARWIN_DEFAULTS,
    ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)),
  } as ResolvedDarwinOptions;
  if (typeof o.instruction !== "string" || o.instruction.trim() === "") {
    throw new RangeError("instruction must be a non-empty string");
  }
  wholeNumber("beams", o.beams, 1);
  wholeNumber("keep", o.keep, 1, o.beams);
  wholeNumber("replacementPeriod", o.replacementPeriod, 1);
  wholeNumber("iterations", o.iterations, 0);
  wholeNumber("maxNewTokens", o.maxNewTokens, 1);
  wholeNumber("mutationAttempts", o.mutationAttempts, 1);
  if (!Number.isFinite(o.seed)) throw new RangeError(`seed must be a finite number, got ${o.seed}`);
  validateSampling(o.sampling);
  return o;
}

/** A beam between segments; its arrays are never mutated, only replaced. */
interface Beam {
  readonly instruction: string;
  readonly tokens: readonly number[];
  readonly reward: number;
  readonly finished: boolean;
}

/** Thrown inside a run when the signal is aborted; the run turns it into `cancelled: true`. */
class Cancelled extends Error {}

/** A seed for generate drawn from a stream. */
const seedFrom = (rng: Rng): number => rng.int(0, 0x7fffffff);

/**
 * Exploitation's choice: the k best beams (reward, then lower index) stay; every other beam,
 * in index order, copies a uniformly drawn one of them.
 */
export function chooseReplacements(rewards: readonly number[], keep: number, rng: Rng): Replacement[] {
  const order = rewards.map((_, i) => i).sort((a, b) => rewards[b]! - rewards[a]! || a - b);
  const top = order.slice(0, keep);
  const losers = order.slice(keep).sort((a, b) => a - b);
  return losers.map((to) => ({ from: rng.pick(top), to }));
}

/** Copies the text (and with it the reward and finished flag) of each `from` into its `to`; instructions stay. */
function applyReplacements(beams: readonly Beam[], replacements: readonly Replacement[]): Beam[] {
  const out = beams.slice();
  for (const { from, to } of replacements) {
    const src = beams[from]!;
    out[to] = { instruction: beams[to]!.instruction, tokens: src.tokens, reward: src.reward, finished: src.finished };
  }
  return out;
}

class DarwinRun {
  readonly events: DarwinEvent[] = [];
  readonly archive: ArchiveEntry[] = [];
  readonly budget: DarwinBudget = {
    forwardPasses: 0,
    tokensProcessed: 0,
    tokensGenerated: 0,
    rewardCalls: 0,
    pairsScored: 0,
    mutateCalls: 0,
  };
  best: DarwinBest | null = null;
  iterationsCompleted = 0;
  private readonly root: Rng;
  private readonly prompts = new Map<string, readonly number[]>();
  private readonly originalPrompt: readonly number[];

  constructor(
    private readonly deps: DarwinDeps,
    private readonly opts: ResolvedDarwinOptions,
  ) {
    this.root = createRng(opts.seed);
    this.originalPrompt = this.promptOf(opts.instruction);
  }

  async run(): Promise<boolean> {
    try {
      await this.seedArchive();
      for (let i = 0; i < this.opts.iterations; i++) {
        await this.iterate(i);
        this.iterationsCompleted++;
      }
      return false;
    } catch (e) {
      if (e instanceof Cancelled) return true;
      throw e;
    }
  }

  // ── Archive initialisation: the original instruction, rewarded by one response to it ──
  private async seedArchive(): Promise<void> {
    const gen = await this.decode([this.originalPrompt], this.opts.maxNewTokens, seedFrom(this.root.fork("seed response")));
    const tokens = gen.tokens[0]!;
    const [reward] = await this.score([tokens]);
    const instruction = this.opts.instruction;
    this.archive.push({ instruction, reward: reward!, iteration: -1, parent: null });
    this.emit({ type: "seed", instruction, text: this.deps.codec.decode(tokens), tokens: [...tokens], reward: reward! });
    this.consider([{ instruction, tokens, reward: reward!, finished: true }], -1, -1);
  }

  private async iterate(iteration: number): Promise<void> {
    const rng = this.root.fork(`iteration ${iteration}`);
    // ── Exploration: sample a parent from the archive and mutate it into N instructions ──
    const parent = rng.fork("parent").pick(this.archive);
    const { instructions, fellBack } = await this.mutateAll(parent.instruction, rng.fork("mutate"));
    this.emit({
      type: "iteration",
      iteration,
      parent: { instruction: parent.instruction, reward: parent.reward },
      instructions: [...instructions],
      fellBack,
    });
    let beams: Beam[] = instructions.map((instruction) => ({ instruction, tokens: [], reward: -Infinity, finished: false }));
    for (let segment = 0; beams.some((b) => !b.finished); segment++) {
      beams = await this.segment(iteration, segment, beams, rng);
    }
    this.updateArchive(iteration, parent, beams);
  }

  /** One mutated instruction per beam, the parent for beams whose every attempt failed. */
  private async mutateAll(parent: string, rng: Rng): Promise<{ instructions: string[]; fellBack: number[] }> {
    const instructions: string[] = [];
    const fellBack: number[] = [];
    for (let b = 0; b < this.opts.beams; b++) {
      const variant = await this.mutateOnce(parent, instructions, rng.fork(b));
      if (variant === null) fellBack.push(b);
      instructions.push(variant ?? parent);
    }
    return { instructions, fellBack };
  }

  /** A new instruction (not the parent, not one already taken), or null after every attempt failed. */
  private async mutateOnce(parent: string, taken: readonly string[], rng: Rng): Promise<string | null> {
    for (let attempt = 0; attempt < this.opts.mutationAttempts; attempt++) {
      this.checkpoint();
      this.budget.mutateCalls++;
      const v = await this.deps.mutate(parent, rng.fork(attempt));
      if (v !== null && v.trim() !== "" && v !== parent && !taken.includes(v)) return v;
    }
    return null;
  }

  /** Decode m tokens for every unfinished beam (one batch), score them, then replace. */
  private async segment(iteration: number, segment: number, beams: readonly Beam[], rng: Rng): Promise<Beam[]> {
    const { replacementPeriod: m, maxNewTokens: cap } = this.opts;
    const start = segment * m; // every unfinished beam holds exactly this many tokens
    const length = Math.min(m, cap - start);
    const running = beams.flatMap((b, i) => (b.finished ? [] : [i]));
    const rows = running.map((i) => [...this.promptOf(beams[i]!.instruction), ...beams[i]!.tokens]);
    const gen = await this.decode(rows, length, seedFrom(rng.fork("decode").fork(segment)));
    const position = start + length;
    const extended = running.map((i, row) => ({
      ...beams[i]!,
      tokens: [...beams[i]!.tokens, ...gen.tokens[row]!],
      finished: gen.finish[row] === "eos" || position >= cap,
    }));
    // ── Evaluation: the new texts are scored as answers to the ORIGINAL instruction ──
    const rewards = await this.score(extended.map((b) => b.tokens));
    const scored = beams.slice();
    running.forEach((i, row) => (scored[i] = { ...extended[row]!, reward: rewards[row]! }));
    // ── Exploitation: reward-guided replacement, while some beam still decodes ──
    const replacements =
      this.opts.replacement && scored.some((b) => !b.finished)
        ? chooseReplacements(scored.map((b) => b.reward), this.opts.keep, rng.fork("replace").fork(segment))
        : [];
    this.emit({
      type: "segment",
      iteration,
      segment,
      position,
      decoded: running,
      beams: scored.map((b, i) => this.snapshot(b, i)),
      replacements,
    });
    this.consider(running.map((i) => scored[i]!), iteration, segment);
    return applyReplacements(scored, replacements);
  }

  // ── Archive update: instructions whose beams beat the parent's reward join the archive ──
  private updateArchive(iteration: number, parent: ArchiveEntry, beams: readonly Beam[]): void {
    const added: string[] = [];
    for (const b of beams) {
      if (!(b.reward > parent.reward) || this.archive.some((e) => e.instruction === b.instruction)) continue;
      this.archive.push({ instruction: b.instruction, reward: b.reward, iteration, parent: parent.instruction });
      added.push(b.instruction);
    }
    this.emit({ type: "archive", iteration, added, archive: this.archiveCopy() });
  }

  /** Records the best finished candidate if it beats the best seen (first wins ties). */
  private consider(candidates: readonly Beam[], iteration: number, segment: number): void {
    let top: Beam | null = null;
    for (const c of candidates) if (c.finished && (top === null || c.reward > top.reward)) top = c;
    if (top === null || (this.best !== null && !(top.reward > this.best.reward))) return;
    const { instruction, tokens, reward } = top;
    this.best = { instruction, text: this.deps.codec.decode(tokens), tokens: [...tokens], reward, iteration, segment };
    this.emit({ type: "best", best: { ...this.best, tokens: [...tokens] } });
  }

  private async decode(prompts: readonly (readonly number[])[], maxNewTokens: number, seed: number): Promise<Generation> {
    this.checkpoint();
    const gen = await generate(this.deps.policy, prompts, {
      maxNewTokens,
      sampling: this.opts.sampling,
      seed,
      signal: this.opts.signal,
      betweenSteps: this.opts.betweenSteps,
    });
    this.budget.forwardPasses += gen.forwardPasses;
    this.budget.tokensProcessed += gen.tokensProcessed;
    this.budget.tokensGenerated += gen.tokens.reduce((n, t) => n + t.length, 0);
    this.checkpoint(); // a segment cut short is dropped
    return gen;
  }

  /** Rewards of answers to the original instruction, in one batched call. */
  private async score(answers: readonly (readonly number[])[]): Promise<number[]> {
    const pairs: ScoredPair[] = answers.map((answer) => ({ prompt: this.originalPrompt, answer }));
    const rewards = await this.deps.reward(pairs);
    this.budget.rewardCalls++;
    this.budget.pairsScored += pairs.length;
    if (rewards.length !== pairs.length || rewards.some((r) => typeof r !== "number" || Number.isNaN(r))) {
      throw new Error(`the reward returned ${rewards.length} values for ${pairs.length} pairs, or a value that is not a number`);
    }
    return rewards;
  }

  private promptOf(instruction: string): readonly number[] {
    let p = this.prompts.get(instruction);
    if (!p) this.prompts.set(instruction, (p = this.deps.codec.prompt(instruction)));
    return p;
  }

  private snapshot(b: Beam, beam: number): BeamSnapshot {
    const { instruction, reward, finished } = b;
    return { beam, instruction, text: this.deps.codec.decode(b.tokens), tokens: [...b.tokens], reward, finished };
  }

  archiveCopy(): ArchiveEntry[] {
    return this.archive.map((e) => ({ ...e }));
  }

  private checkpoint(): void {
    if (this.opts.signal?.aborted) throw new Cancelled();
  }

  private emit(e: DarwinEvent): void {
    this.events.push(e);
    this.opts.onEvent?.(e);
  }
}

/**
 * Runs DARWIN. Deterministic: the same options, seed and models give the same events and result
 * (every random choice comes from a stream forked from the seed by a fixed label).
 */
export async function runDarwin(deps: DarwinDeps, options: DarwinOptions): Promise<DarwinResult> {
  const opts = resolveDarwinOptions(options);
  const run = new DarwinRun(deps, opts);
  const cancelled = await run.run();
  return {
    best: run.best ? { ...run.best, tokens: [...run.best.tokens] } : null,
    archive: run.archiveCopy(),
    events: run.events,
    budget: { ...run.budget },
    cancelled,
    iterationsCompleted: run.iterationsCompleted,
  };
}
