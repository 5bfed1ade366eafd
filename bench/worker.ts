/// <reference lib="webworker" />
// A bench worker: one onnxruntime-web instance with the embedded policy, its Alignment
// Vectors and, when asked, transformers.js over the same files. ort.env.wasm.numThreads is
// fixed once an instance has opened a session, so each thread count gets its own worker.
// Only the WASM backend is measured.
import * as Comlink from "comlink";
import * as ort from "onnxruntime-web/webgpu";
import { generate } from "../src/core/generate";
import type { DecodeSession } from "../src/core/languageModel";
import { GREEDY, argmax } from "../src/core/sampling";
import { AlignmentVectors, type Lambdas } from "../src/runtime/alignmentVectors";
import { OnnxCausalLm, type CausalLmParts, type WeightsAsInputs } from "../src/runtime/causalLm";
import { urlFiles } from "../src/runtime/modelFiles";
import { testInstructions } from "../src/world";

declare const self: DedicatedWorkerGlobalScope;

const PROMPT_SEED = 2024;
const now = () => performance.now();

export interface Trial {
  ms: number;
  /** tokens produced in that time, all rows together */
  tokens: number;
}

export interface WorkerInfo {
  threads: number;
  crossOriginIsolated: boolean;
  weightBytes: number;
  dimensions: string[];
  promptTokens: number[];
  /** the most decode steps every prompt has room for (max_position_embeddings) */
  maxSteps: number;
  loadMs: number;
}

export type TransformersLoad = { ok: true; ms: number } | { ok: false; error: string };

/** Masks the end token so that greedy decoding never stops early: every run has the same length. */
function maskEos(s: DecodeSession, eos: number): void {
  if (eos >= 0) for (const row of s.logits) row[eos] = -Infinity;
}

function greedyNext(s: DecodeSession, eos: number): number[] {
  maskEos(s, eos);
  return s.logits.map((l) => argmax(l));
}


/**
 * Time spent inside onnxruntime's InferenceSession.run, summed: figure 5 splits each loop's
 * time into onnxruntime's part and the loop's own. Only figure 5's worker times the calls
 * (loadTransformers installs it), so no other figure pays for the wrapper. transformers.js
 * runs on this same module instance, so its calls are counted too.
 */
let ortMs = 0;
let timing = false;
function timeSessionRuns(): void {
  if (timing) return;
  timing = true;
  // onnxruntime's types show InferenceSession as a factory; at run time it is the class itself
  const proto = (ort.InferenceSession as unknown as { prototype: ort.InferenceSession }).prototype;
  const run = proto.run;
  proto.run = async function (this: ort.InferenceSession, ...args: Parameters<typeof run>) {
    const t0 = now();
    try {
      return await run.apply(this, args);
    } finally {
      ortMs += now() - t0;
    }
  } as typeof run;
}

/** A loop's wall time, the part of it inside onnxruntime's session.run, and its tokens. */
export interface LoopTiming {
  ms: number;
  ortMs: number;
  tokens: number[];
}

async function timedLoop(loop: () => Promise<number[]>): Promise<LoopTiming> {
  const ort0 = ortMs;
  const t0 = now();
  const tokens = await loop();
  return { ms: now() - t0, ortMs: ortMs - ort0, tokens };
}

type Transformers = typeof import("@huggingface/transformers");
type TfModel = Awaited<ReturnType<Transformers["AutoModelForCausalLM"]["from_pretrained"]>>;

export class BenchWorker {
  private parts: CausalLmParts | null = null;
  private vectors: AlignmentVectors | null = null;
  private plain: OnnxCausalLm | null = null;
  private mixed: OnnxCausalLm | null = null;
  private remixed: OnnxCausalLm | null = null;
  /** the policy's weights-as-inputs graph, where a remix runs its first pass */
  private weightsAsInputs: WeightsAsInputs | null = null;
  private prompts: number[][] = [];
  private tf: { lib: Transformers; model: TfModel } | null = null;

  private get policy(): OnnxCausalLm {
    if (!this.plain) throw new Error("init() first");
    return this.plain;
  }

  async init(threads: number): Promise<WorkerInfo> {
    const t0 = now();
    ort.env.wasm.numThreads = threads;
    const origin = self.location.origin;
    const files = urlFiles(new URL(`${import.meta.env.BASE_URL}models/policy/`, origin).href, { origin, confirmedHosts: new Set() });
    const parts = await OnnxCausalLm.readParts(files);
    if (!parts.weights) throw new Error("the policy keeps no external weights (onnx/model.onnx_data)");
    this.parts = parts;
    this.vectors = await AlignmentVectors.load(files, parts.weights);
    this.plain = await OnnxCausalLm.fromParts(ort, parts, parts.weights, "wasm");
    const asInputs = this.vectors.index.weights_as_inputs_graph;
    if (!asInputs) throw new Error("the policy has no weights-as-inputs graph (av/vectors.json's weights_as_inputs_graph): rebuild the suite");
    this.weightsAsInputs = await OnnxCausalLm.openWeightsAsInputs(ort, await files.bytes(asInputs), asInputs, parts, this.vectors.index.layout, "wasm");
    this.prompts = [...testInstructions(PROMPT_SEED, 8)].map((text) => parts.tokenizer.prompt(text));
    const maxPositions = (parts.config as { max_position_embeddings?: number }).max_position_embeddings ?? 2048;
    const longest = Math.max(...this.prompts.map((p) => p.length));
    return {
      // onnxruntime-web writes 1 back when it falls back to one thread (no cross-origin isolation)
      threads: ort.env.wasm.numThreads ?? threads,
      crossOriginIsolated: self.crossOriginIsolated,
      weightBytes: parts.weights.length,
      dimensions: [...this.vectors.dimensions],
      promptTokens: this.prompts.map((p) => p.length),
      maxSteps: Math.max(maxPositions - longest - 2, 1),
      loadMs: now() - t0,
    };
  }

  /** Opens the policy a second time, on θ_base + Σ λ·AV mixed into a copy of its weights. */
  async openMixed(lambdas: Lambdas): Promise<void> {
    if (!this.parts || !this.vectors) throw new Error("init() first");
    await this.mixed?.release();
    this.mixed = await OnnxCausalLm.fromParts(ort, this.parts, this.vectors.mix(lambdas), "wasm");
  }

  /**
   * Decode throughput: `reps` times, prefill the first `batch` prompts (not timed), then time
   * `steps` greedy steps; the trial is the sum of the timed parts.
   */
  async decode(which: "plain" | "mixed", batch: number, steps: number, reps = 1): Promise<Trial> {
    const model = which === "plain" ? this.policy : this.mixed;
    if (!model) throw new Error("openMixed() first");
    let ms = 0;
    for (let r = 0; r < reps; r++) {
      // rows beyond the 8 prompts repeat them (figure 2's compute-bound ceiling decodes 32)
      const s = await model.start(Array.from({ length: batch }, (_, i) => this.prompts[i % this.prompts.length]!));
      try {
        let next = greedyNext(s, model.eosTokenId);
        const t0 = now();
        for (let i = 0; i < steps; i++) {
          await s.step(next);
          next = greedyNext(s, model.eosTokenId);
        }
        ms += now() - t0;
      } finally {
        s.dispose();
      }
    }
    return { ms, tokens: steps * batch * reps };
  }

  /** Prefill of the first prompt and its first token: the tail of a remix, on a model already open. */
  async firstToken(model: OnnxCausalLm = this.policy): Promise<number> {
    const t0 = now();
    const s = await model.start([this.prompts[0]!]);
    try {
      greedyNext(s, model.eosTokenId);
      return now() - t0;
    } finally {
      s.dispose();
    }
  }

  /**
   * AV remix latency, as the app does it when a slider moves (LoadedSuite.policy): mix the
   * weights, run the first pass on the weights-as-inputs graph fed them, and take the first
   * token. Then one more token, which waits for the graph with the new weights as
   * initializers to open (queued behind the first pass), and drop the previous mix.
   */
  async remix(lambdas: Lambdas): Promise<{ mixMs: number; firstPassMs: number; totalMs: number; secondTokenMs: number }> {
    if (!this.parts || !this.vectors || !this.weightsAsInputs) throw new Error("init() first");
    const t0 = now();
    const weights = this.vectors.mix(lambdas);
    const t1 = now();
    const model = OnnxCausalLm.steered(ort, this.parts, weights, this.vectors.index.layout, this.weightsAsInputs, "wasm");
    const s = await model.start([this.prompts[0]!]);
    try {
      const first = greedyNext(s, model.eosTokenId);
      const t2 = now();
      await s.step(first);
      greedyNext(s, model.eosTokenId);
      const t3 = now();
      await this.remixed?.release();
      this.remixed = model;
      return { mixMs: t1 - t0, firstPassMs: t2 - t1, totalMs: t2 - t0, secondTokenMs: t3 - t0 };
    } finally {
      s.dispose();
    }
  }

  /** Our decode loop (core's generate over OnnxCausalLm), greedy, exactly `newTokens` tokens, prefill included. */
  async ours(newTokens: number): Promise<LoopTiming> {
    return timedLoop(async () => {
      const out = await generate(this.policy, [this.prompts[0]!], { maxNewTokens: newTokens, minNewTokens: newTokens, sampling: GREEDY, seed: 1 });
      return out.tokens[0]!;
    });
  }

  /** transformers.js on the same served folder, same onnxruntime-web instance (same threads), WASM, fp32. */
  async loadTransformers(): Promise<TransformersLoad> {
    timeSessionRuns();
    const t0 = now();
    try {
      // transformers.js points onnxruntime-web at a CDN unless wasmPaths is set; {} keeps ort's own (bundled) files
      ort.env.wasm.wasmPaths ??= {};
      const lib = await import("@huggingface/transformers");
      lib.env.allowRemoteModels = false;
      lib.env.allowLocalModels = true;
      lib.env.localModelPath = new URL(`${import.meta.env.BASE_URL}models/`, self.location.origin).href;
      lib.env.useBrowserCache = false;
      const model = await lib.AutoModelForCausalLM.from_pretrained("policy", { device: "wasm", dtype: "fp32" });
      this.tf = { lib, model };
      return { ok: true, ms: now() - t0 };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
    }
  }

  /** transformers.js generate(): greedy, min_new_tokens = max_new_tokens so it cannot stop early. */
  async theirs(newTokens: number): Promise<LoopTiming> {
    if (!this.tf) throw new Error("loadTransformers() first");
    const { lib, model } = this.tf;
    const prompt = this.prompts[0]!;
    const ids = new lib.Tensor("int64", BigInt64Array.from(prompt, (t) => BigInt(t)), [1, prompt.length]);
    const mask = new lib.Tensor("int64", new BigInt64Array(prompt.length).fill(1n), [1, prompt.length]);
    const timed = await timedLoop(async () => {
      const out = await model.generate({ inputs: ids, attention_mask: mask, max_new_tokens: newTokens, min_new_tokens: newTokens, do_sample: false });
      if (!(out instanceof lib.Tensor)) throw new Error("transformers.js generate() returned no tensor of ids");
      return Array.from(out.data as BigInt64Array, (v) => Number(v));
    });
    return { ...timed, tokens: timed.tokens.slice(prompt.length) };
  }
}

Comlink.expose(new BenchWorker());
