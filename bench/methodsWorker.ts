/// <reference lib="webworker" />
// The methods' bench worker: the whole embedded suite loaded as the app loads it
// (LoadedSuite over the same-origin files), on one onnxruntime-web instance with a fixed
// thread count, and the core's methods run on it: GenARM, ARGS, DARWIN and plain decoding.
// The page (methods.ts) interleaves the calls round by round; every call here times only
// the decoding itself (the oracle's scoring is outside the timed part).
import * as Comlink from "comlink";
import * as ort from "onnxruntime-web/webgpu";
import { argsModel, type ArgsModel } from "../src/core/args";
import { DARWIN_DEFAULTS, runDarwin } from "../src/core/darwin";
import { guidedModel } from "../src/core/genarm";
import { generate } from "../src/core/generate";
import type { LanguageModel } from "../src/core/languageModel";
import { headScorer } from "../src/core/rewardModel";
import { createRng } from "../src/core/rng";
import { GREEDY, argmax } from "../src/core/sampling";
import { OnnxCausalLm } from "../src/runtime/causalLm";
import { readJson, urlFiles } from "../src/runtime/modelFiles";
import { LoadedSuite, folder, type Manifest } from "../src/runtime/suite";
import { askedTopic, scoreAnswer, testInstructions } from "../src/world";
import { mutateText } from "../src/worker/worldMutation";

declare const self: DedicatedWorkerGlobalScope;

const now = () => performance.now();
const PROMPT_SEED = 2024;
/** the ARM GenARM is guided by, and the RM head ARGS reads for it: the asked domain's */
const ARM = "expertise";

export interface MethodsSetup {
  /** domain prompts (medical, legal, financial: the expertise ARM's objective means something there) */
  prompts: number;
  /** tokens every GenARM-overhead decode produces (forced length) */
  tokens: number;
  /** DARWIN's population */
  beams: number;
  /** tokens each beam decodes in the batch-vs-serial figure (a DARWIN segment, m) */
  segment: number;
}

export interface MethodsInfo {
  threads: number;
  loadMs: number;
  instructions: string[];
  domains: string[];
  promptTokens: number[];
  /** DARWIN's population: the first prompt's instruction mutated once per beam */
  population: string[];
  populationTokens: number[];
}

export interface Timed {
  ms: number;
  /** tokens produced in that time, all rows together */
  tokens: number;
}

/** "both": the policy's and the ARM's passes one after the other each token, without GenARM's combining */
export type OverheadVariant = "policy" | "arm" | "genarm" | "both";
export type Method = "plain" | "genarm" | "args";

export interface MethodRun extends Timed {
  /** the oracle's expertise score of the answer (the target of the expertise ARM) */
  target: number;
  wellformed: number;
  armPasses: number;
  rmCalls: number;
  rmPairs: number;
  /** tokens the sequence RM read (each pair is a full pass over prompt, answer and end token) */
  rmTokens: number;
}

export interface DarwinRunStats extends Timed {
  forwardPasses: number;
  rewardCalls: number;
  pairsScored: number;
  mutateCalls: number;
  bestReward: number | null;
}

export class MethodsWorker {
  private suite: LoadedSuite | null = null;
  private policyModel: OnnxCausalLm | null = null;
  private armModel: { model: LanguageModel; betaR: number } | null = null;
  private setup: MethodsSetup | null = null;
  private instructions: string[] = [];
  private prompts: number[][] = [];
  /** the GenARM greedy token sequences, one per prompt, that the overhead figure teacher-forces */
  private forced: number[][] = [];
  private populationRows: number[][] = [];

  private get loaded(): { suite: LoadedSuite; policy: OnnxCausalLm; setup: MethodsSetup } {
    if (!this.suite || !this.policyModel || !this.setup) throw new Error("init() with the whole suite first");
    return { suite: this.suite, policy: this.policyModel, setup: this.setup };
  }

  private get policy(): OnnxCausalLm {
    if (!this.policyModel) throw new Error("init() first");
    return this.policyModel;
  }

  private arm(): { model: LanguageModel; betaR: number } {
    if (!this.armModel) throw new Error("init() first");
    return this.armModel;
  }

  private guided(alpha = 1) {
    const arm = this.arm();
    return guidedModel(this.policy, [{ name: ARM, model: arm.model, alpha, betaR: arm.betaR }]);
  }

  /**
   * Loads the whole suite as the app does (LoadedSuite), or with `whole` false only the policy
   * and the expertise ARM (all the GenARM-overhead figure needs), and prepares the prompts.
   */
  async init(threads: number, setup: MethodsSetup, whole = true): Promise<MethodsInfo> {
    const t0 = now();
    ort.env.wasm.numThreads = threads;
    const origin = self.location.origin;
    const root = urlFiles(new URL(`${import.meta.env.BASE_URL}models/`, origin).href, { origin, confirmedHosts: new Set() });
    const manifest = await readJson<Manifest>(root, "manifest.json");
    if (whole) {
      const suite = await LoadedSuite.load(ort, root, "wasm");
      this.suite = suite;
      this.policyModel = await suite.policy();
      this.armModel = suite.arms.get(ARM) ?? null;
    } else {
      const path = (name: string) => manifest.models[name]?.path ?? name;
      this.policyModel = await OnnxCausalLm.open(ort, folder(root, path("policy")), { backend: "wasm" });
      const betaR = manifest.models[`arm-${ARM}`]?.training?.beta_r;
      if (typeof betaR !== "number") throw new Error(`the manifest records no training.beta_r for arm-${ARM}`);
      this.armModel = { model: await OnnxCausalLm.open(ort, folder(root, path(`arm-${ARM}`)), { backend: "wasm" }), betaR };
    }
    if (!this.armModel) throw new Error(`the suite has no "${ARM}" ARM`);
    this.setup = setup;
    const codec = this.policyModel.tokenizer;
    this.instructions = [...testInstructions(PROMPT_SEED, 8 * setup.prompts + 16)]
      .filter((i) => (askedTopic(i)?.domain ?? "everyday") !== "everyday")
      .slice(0, setup.prompts);
    if (this.instructions.length < setup.prompts) throw new Error(`only ${this.instructions.length} domain prompts found`);
    this.prompts = this.instructions.map((i) => codec.prompt(i));

    // GenARM's own greedy answers, at a forced length (the end token masked): the sequences every
    // variant of the overhead figure is fed, so all three process exactly the same tokens
    const guided = this.guided();
    this.forced = [];
    for (const p of this.prompts) {
      const out = await generate(guided, [p], { maxNewTokens: setup.tokens, minNewTokens: setup.tokens, sampling: GREEDY, seed: 1 });
      this.forced.push(out.tokens[0]!);
    }

    // DARWIN's population: the first instruction mutated once per beam (distinct), as runDarwin's exploration does
    const parent = this.instructions[0]!;
    const variants: string[] = [];
    const rng = createRng(7);
    for (let i = 0; variants.length < setup.beams && i < 50 * setup.beams; i++) {
      const v = mutateText(parent, rng.fork(i));
      if (v && v !== parent && !variants.includes(v)) variants.push(v);
    }
    while (variants.length < setup.beams) variants.push(parent);
    this.populationRows = variants.map((v) => codec.prompt(v));

    return {
      threads: ort.env.wasm.numThreads ?? threads,
      loadMs: now() - t0,
      instructions: this.instructions,
      domains: this.instructions.map((i) => askedTopic(i)?.domain ?? "everyday"),
      promptTokens: this.prompts.map((p) => p.length),
      population: variants,
      populationTokens: this.populationRows.map((p) => p.length),
    };
  }

  /**
   * GenARM overhead: `reps` times over every prompt, the variant's model is started on the
   * prompt (prefill, timed) and fed the GenARM greedy sequence token by token (teacher forcing),
   * reading each step's argmax as a decoder would; GenARM also records its per-token rewards
   * (observe), as generate() makes it do. Every variant produces prompts × tokens × reps tokens.
   */
  async overhead(variant: OverheadVariant, prompts: number, reps = 1): Promise<Timed> {
    const policy = this.policy;
    const model: LanguageModel =
      variant === "policy" ? policy : variant === "arm" ? this.arm().model : variant === "genarm" ? this.guided() : lockstep(policy, this.arm().model);
    let tokens = 0;
    const t0 = now();
    for (let r = 0; r < reps; r++) {
      for (const [i, prompt] of this.prompts.slice(0, prompts).entries()) {
        const forced = this.forced[i]!;
        const s = await model.start([prompt]);
        try {
          for (let t = 0; t < forced.length; t++) {
            argmax(s.logits[0]!);
            s.observe?.([forced[t]!]);
            tokens++;
            if (t < forced.length - 1) await s.step([forced[t]!]);
          }
        } finally {
          s.dispose();
        }
      }
    }
    return { ms: now() - t0, tokens };
  }

  /**
   * DARWIN's population, one segment: the beams' rows decoded for `tokens` tokens (end token
   * masked, so every row makes them all) with DARWIN's sampling, either as one batch (what
   * runDarwin does) or as one single-row generate() per beam.
   */
  async population(mode: "batch" | "serial", tokens: number, seed: number, reps = 1): Promise<Timed> {
    const policy = this.policy;
    const opts = { maxNewTokens: tokens, minNewTokens: tokens, sampling: DARWIN_DEFAULTS.sampling, seed };
    let made = 0;
    const t0 = now();
    for (let r = 0; r < reps; r++) {
      const outs = mode === "batch" ? [await generate(policy, this.populationRows, opts)] : [];
      if (mode === "serial") for (const row of this.populationRows) outs.push(await generate(policy, [row], opts));
      made += outs.reduce((n, o) => n + o.tokens.reduce((m, t) => m + t.length, 0), 0);
    }
    return { ms: now() - t0, tokens: made };
  }

  /**
   * Whether the batch decodes each row as it would alone: greedy, the population as one batch
   * and each row alone; returns how many rows came out token for token the same. (Sampled rows
   * cannot be compared this way: generate() forks a row's stream by its index in the call.)
   */
  async populationCheck(tokens: number): Promise<{ identical: number; rows: number }> {
    const policy = this.policy;
    const opts = { maxNewTokens: tokens, minNewTokens: tokens, sampling: GREEDY, seed: 1 };
    const batch = await generate(policy, this.populationRows, opts);
    let identical = 0;
    for (const [i, row] of this.populationRows.entries()) {
      const alone = (await generate(policy, [row], opts)).tokens[0]!;
      const together = batch.tokens[i]!;
      if (alone.length === together.length && alone.every((t, j) => t === together[j])) identical++;
    }
    return { identical, rows: this.populationRows.length };
  }

  /** A whole small DARWIN run on the first prompt: the world's mutation, the RM's overall head as reward. */
  async darwin(opts: { beams: number; keep: number; replacementPeriod: number; iterations: number; maxNewTokens: number; seed: number }): Promise<DarwinRunStats> {
    const { suite, policy } = this.loaded;
    const t0 = now();
    const result = await runDarwin(
      {
        policy,
        codec: suite.codec,
        reward: headScorer(suite.rm, "overall"),
        mutate: mutateText,
      },
      { instruction: this.instructions[0]!, ...opts },
    );
    const ms = now() - t0;
    const b = result.budget;
    return {
      ms,
      tokens: b.tokensGenerated,
      forwardPasses: b.forwardPasses,
      rewardCalls: b.rewardCalls,
      pairsScored: b.pairsScored,
      mutateCalls: b.mutateCalls,
      bestReward: result.best?.reward ?? null,
    };
  }

  /**
   * One answer to prompt `i` by a method, sampled (τ 0.7, top-k 40) up to `maxNewTokens`:
   * plain policy sampling, GenARM (policy + the expertise ARM at α) or ARGS (top-k candidates
   * rescored with the RM head of the prompt's domain at weight w). Times generate() only.
   */
  async method(method: Method, i: number, seed: number, o: { maxNewTokens: number; alpha: number; k: number; w: number }): Promise<MethodRun> {
    const { suite, policy } = this.loaded;
    const instruction = this.instructions[i]!;
    let model: LanguageModel = policy;
    let args: ArgsModel | null = null;
    if (method === "genarm") model = this.guided(o.alpha);
    if (method === "args") {
      args = argsModel(policy, { model: suite.rm, head: askedTopic(instruction)?.domain ?? "overall" }, { k: o.k, w: o.w });
      model = args;
    }
    const t0 = now();
    const out = await generate(model, [this.prompts[i]!], { maxNewTokens: o.maxNewTokens, sampling: { temperature: 0.7, topK: 40, topP: 1 }, seed });
    const ms = now() - t0;
    const s = scoreAnswer(instruction, suite.codec.decode(out.tokens[0]!));
    return {
      ms,
      tokens: out.tokens[0]!.length,
      target: s.expertise,
      wellformed: s.wellformed,
      armPasses: method === "genarm" ? out.forwardPasses : 0,
      rmCalls: args?.rewardCalls ?? 0,
      rmPairs: args?.pairsScored ?? 0,
      rmTokens: args?.tokensScored ?? 0,
    };
  }
}

/**
 * The policy and the ARM stepped one after the other at every token, the policy's logits read
 * as they are: both passes of GenARM without its combining (log-softmax, sum, trace).
 */
function lockstep(policy: LanguageModel, arm: LanguageModel): LanguageModel {
  return {
    vocabSize: policy.vocabSize,
    eosTokenId: policy.eosTokenId,
    async start(prompts) {
      const p = await policy.start(prompts);
      const a = await arm.start(prompts);
      return {
        get logits() {
          return p.logits;
        },
        async step(tokens) {
          await p.step(tokens);
          await a.step(tokens);
        },
        dispose() {
          p.dispose();
          a.dispose();
        },
      };
    },
  };
}

Comlink.expose(new MethodsWorker());
