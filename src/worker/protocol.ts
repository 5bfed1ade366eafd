/**
 * The typed surface between the UI's state and the worker that owns the models. Comlink
 * carries calls and callbacks; everything here is structured-clonable data.
 */
import type { FinishReason } from "../core/generate";
import type { DarwinEvent } from "../core/darwin";
import type { PipelineResult } from "../core/pipeline";
import type { BackendChoice, DeviceChoice } from "../runtime/device";
import type { ModelSource } from "../runtime/modelFiles";
import type { Backend } from "../runtime/ort";

export interface LoadProgress {
  /** the file being fetched, e.g. "policy/onnx/model.onnx_data" */
  file: string;
  loadedBytes: number;
  totalBytes: number;
}

export interface DeviceInfo {
  backend: Backend;
  reason: string;
  adapter: string | null;
  threads: number;
  /** why that many WASM threads */
  threadsWhy: string;
  crossOriginIsolated: boolean;
}

interface SuiteModel {
  name: string;
  kind: string;
  params: number;
  bytes: number;
}

export interface SuiteInfo {
  models: SuiteModel[];
  /** the policy's Alignment Vector dimensions */
  dimensions: string[];
  /**
   * training-time checkpoints among `dimensions`, by group in the group's order (e.g. sppo:
   * sppo_1..sppo_3); a dimension in no group is a preference dimension; {} when there are none
   */
  checkpoints: Record<string, string[]>;
  /** the ARMs GenARM can be guided by, and the sequence reward model's heads */
  arms: string[];
  heads: string[];
  examplePrompts: string[];
}

export interface InitOptions {
  backend: BackendChoice;
  /** WASM threads; 0 = every core, up to 4 (1 without cross-origin isolation) */
  threads: number;
}

export interface GenerateRequest {
  prompt: string;
  maxNewTokens: number;
  /** the end token is masked until this many tokens are out */
  minNewTokens: number;
  temperature: number;
  topK: number;
  topP: number;
  seed: number;
  /** λ per Alignment Vector dimension; missing dimensions are 0 */
  lambdas: Record<string, number>;
}

/**
 * Something the user should be told about a request. `device` comes with a notice that the
 * engine has moved to another backend (WebGPU failed mid-run): the device from then on.
 */
export interface Notice {
  type: "notice";
  message: string;
  device?: DeviceChoice;
}

export type GenerateEvent =
  | { type: "tokens"; text: string; tokens: number; tokensPerSecond: number }
  | Notice;

export interface GenerateResult {
  text: string;
  tokenIds: number[];
  finish: FinishReason;
  tokensPerSecond: number;
  forwardPasses: number;
  milliseconds: number;
  backend: Backend;
}

/** Streamed while a pipeline runs. */
export type RunEvent =
  | { type: "stage"; stage: "decode" | "search" | "score"; detail: string }
  /** the candidates' texts so far (none, Best-of-N, SPPO), at most every PARTIAL_MS */
  | { type: "partial"; texts: string[]; step: number }
  | { type: "darwin"; event: DarwinEvent }
  | Notice;

export interface RunResult extends PipelineResult {
  backend: Backend;
}

/** A text as the embedded policy's tokenizer splits it (the token reward model reads the same tokens). */
export interface Tokenized {
  /** the token ids, no special tokens added: what the forge's `tok.encode(text)` gives */
  ids: number[];
  /** each token decoded on its own (joined, they are the text wherever tokens hold whole characters) */
  tokens: string[];
}

/** the longest text tokenize takes */
export const MAX_TOKENIZE_CHARS = 20_000;

export interface PolicyInfo {
  /** where the policy came from, in words */
  description: string;
  vocabSize: number;
  /** whether Alignment Vectors can steer it (only the embedded policy has them) */
  steerable: boolean;
}

/** What the engine's warm-up run did (Engine.warmUp, warmUp.ts). */
export type WarmUp = { ran: false; why: string } | { ran: true; ms: number; cancelled: boolean };

export interface EngineApi {
  init(opts: InitOptions, onProgress: (p: LoadProgress) => void): Promise<{ device: DeviceInfo; suite: SuiteInfo }>;
  generate(req: GenerateRequest, onEvent: (e: GenerateEvent) => void): Promise<GenerateResult>;
  /** Runs the pipeline a RunConfig (see core/config.ts) describes; refuses a bad config with field-named messages. */
  run(config: unknown, onEvent: (e: RunEvent) => void): Promise<RunResult>;
  /** The policy tokenizer's ids and token texts of a text; answers at once, even while a run is under way. */
  tokenize(text: string): Promise<Tokenized>;
  /** Resolves once the AV deltas, ARMs and reward models have loaded (init returns when the policy has). */
  whenLoaded(): Promise<void>;
  /** Once the suite has loaded: an untimed run so the browser compiles the WASM kernels before the user's first run. */
  warmUp(): Promise<WarmUp>;
  /** Holds a running pipeline between decoding steps (a cancel still stops it). */
  pause(): void;
  resume(): void;
  /** While paused: let this many more decoding steps run (DARWIN's m = one segment), then hold. */
  step(tokens: number): void;
  cancel(): void;
  /** Switches generation to another policy; remote hosts must be confirmed by the user first. */
  openPolicy(source: ModelSource, confirmedHosts: string[], onProgress: (p: LoadProgress) => void): Promise<PolicyInfo>;
}
