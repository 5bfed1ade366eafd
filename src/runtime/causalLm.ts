/**
 * A decoder-only model in the Hugging Face ONNX layout (transformers.js's KV-cache names),
 * run by onnxruntime-web, implementing core's LanguageModel. Batches of prompts of different
 * lengths are left-padded; the attention mask hides the padding and position ids count only
 * real tokens, so a row decodes as it would alone. On WebGPU the KV cache stays in GPU
 * buffers between steps and only the logits come back to the CPU.
 *
 * A steered policy (`OnnxCausalLm.steered`) runs the first pass of every generation on the
 * graph that takes its weights as inputs, fed the freshly mixed weights, and every later pass
 * on the graph with the weights as initializers, which opens behind that first pass. A new λ
 * thus shows its first token without waiting for a session to open (bench figure 4).
 */
import type { DecodeSession, LanguageModel } from "../core/languageModel";
import { ChatTokenizer } from "./chatTokenizer";
import { readJson, type ModelFiles, type ProgressFn } from "./modelFiles";
import { ModelFormatError, int64, oneAtATime, openSession, requireNames, type Backend, type Ort, type OrtSession, type OrtTensor } from "./ort";

export interface CausalLmConfig {
  num_hidden_layers: number;
  num_attention_heads: number;
  num_key_value_heads?: number;
  hidden_size: number;
  head_dim?: number;
  vocab_size?: number;
  eos_token_id?: number | number[];
  pad_token_id?: number | null;
  "transformers.js_config"?: { use_external_data_format?: boolean };
}

export interface OpenOptions {
  backend: Backend;
  onProgress?: ProgressFn;
  /** Replaces the weights in onnx/model.onnx_data (Alignment Vectors mix into a copy of them). */
  weights?: Uint8Array;
}

export const GRAPH = "onnx/model.onnx";
export const WEIGHTS = "onnx/model.onnx_data";

export interface CausalLmParts {
  description: string;
  config: CausalLmConfig;
  tokenizer: ChatTokenizer;
  graph: Uint8Array;
  /** the external weights (onnx/model.onnx_data), when the config says the graph has them */
  weights: Uint8Array | null;
}

/** The logits' last dimension when the graph states it as a number (ours do), else null. */
function staticLogitsWidth(session: OrtSession): number | null {
  const meta = session.outputMetadata.find((m) => m.name === "logits");
  const width = meta?.isTensor ? meta.shape[meta.shape.length - 1] : undefined;
  return typeof width === "number" && width > 0 ? width : null;
}

export class OnnxCausalLm implements LanguageModel {
  readonly vocabSize: number;
  readonly eosTokenId: number;
  private readonly layers: number;
  private readonly kvHeads: number;
  private readonly headDim: number;
  private readonly padId: number;

  private constructor(
    private readonly ort: Ort,
    private readonly decoder: Decoder,
    /** where the first pass of a generation runs instead, when not on the decoder */
    private readonly firstPass: Runner | null,
    readonly config: CausalLmConfig,
    readonly tokenizer: ChatTokenizer,
    readonly backend: Backend,
    readonly description: string,
    logitsSize: number,
  ) {
    this.layers = config.num_hidden_layers;
    this.kvHeads = config.num_key_value_heads ?? config.num_attention_heads;
    this.headDim = config.head_dim ?? config.hidden_size / config.num_attention_heads;
    const eos = config.eos_token_id;
    this.eosTokenId = Array.isArray(eos) ? eos[0]! : (eos ?? -1);
    this.padId = config.pad_token_id ?? this.eosTokenId;
    this.vocabSize = logitsSize;
  }

  static async open(ort: Ort, files: ModelFiles, opts: OpenOptions): Promise<OnnxCausalLm> {
    const parts = await OnnxCausalLm.readParts(files, opts.onProgress);
    return OnnxCausalLm.fromParts(ort, parts, opts.weights ?? parts.weights, opts.backend);
  }

  /** Everything a model folder holds for the runtime, read once. */
  static async readParts(files: ModelFiles, onProgress?: ProgressFn): Promise<CausalLmParts> {
    const config = await readJson<CausalLmConfig>(files, "config.json", onProgress);
    if (!(config.num_hidden_layers > 0 && config.num_attention_heads > 0 && config.hidden_size > 0)) {
      throw new ModelFormatError(`config.json at ${files.description} does not describe a decoder (layers, heads, hidden size)`);
    }
    const tokenizer = await ChatTokenizer.load(files, onProgress);
    const graph = await files.bytes(GRAPH, onProgress);
    const external = config["transformers.js_config"]?.use_external_data_format === true;
    const weights = external ? await files.bytes(WEIGHTS, onProgress) : null;
    return { description: files.description, config, tokenizer, graph, weights };
  }

  /** A model from parts already in memory (a remix of Alignment Vectors reuses the graph and tokenizer). */
  static async fromParts(ort: Ort, parts: CausalLmParts, weights: Uint8Array | null, backend: Backend): Promise<OnnxCausalLm> {
    const session = await openDecoder(ort, parts, weights, backend);
    const logitsSize = await checkedLogitsWidth(session, parts);
    return new OnnxCausalLm(ort, Decoder.open(session), null, parts.config, parts.tokenizer, backend, parts.description, logitsSize);
  }

  /**
   * The graph that takes the policy's weights as inputs (written by the forge next to its
   * graph), opened once and shared by every steered model on this backend. Its inputs must
   * be the decoder's and exactly the weights in `layout`.
   */
  static async openWeightsAsInputs(ort: Ort, graph: Uint8Array, what: string, parts: CausalLmParts, layout: WeightsLayout, backend: Backend): Promise<WeightsAsInputs> {
    const session = await openSession(ort, graph, what, { executionProviders: [backend], graphOptimizationLevel: "all" });
    const expected = new Set([...decoderInputNames(parts.config.num_hidden_layers), ...Object.keys(layout)]);
    requireNames(session, what, [...expected], ["logits", ...presentNames(parts.config.num_hidden_layers)]);
    const unknown = session.inputNames.filter((n) => !expected.has(n));
    if (unknown.length) {
      await session.release();
      throw new ModelFormatError(`${what} takes inputs that are neither the decoder's nor the policy's weights: ${unknown.join(", ")}`);
    }
    return { session, logitsSize: await checkedLogitsWidth(session, parts) };
  }

  /**
   * The policy on `weights` (θ_base + Σ λ_d·AV_d), ready at once: the first pass of every
   * generation runs on `weightsAsInputs` fed `weights` (a view per tensor of `layout`), later
   * passes on the graph with `weights` as initializers, opened behind the first pass that
   * needs it. Every generation takes the same path, so the same λ and seed give the same
   * tokens whether or not that session had opened yet.
   */
  static steered(ort: Ort, parts: CausalLmParts, weights: Uint8Array, layout: WeightsLayout, { session, logitsSize }: WeightsAsInputs, backend: Backend): OnnxCausalLm {
    const constants = Object.fromEntries(
      Object.entries(layout).map(([name, { offset, shape }]) => {
        const size = shape.reduce((a, b) => a * b, 1);
        return [name, new ort.Tensor("float32", new Float32Array(weights.buffer, weights.byteOffset + offset, size), [...shape])];
      }),
    );
    const decoder = Decoder.lazy(() => openDecoder(ort, parts, weights, backend));
    return new OnnxCausalLm(ort, decoder, { session, constants }, parts.config, parts.tokenizer, backend, parts.description, logitsSize);
  }

  private emptyPast(batch: number): Record<string, OrtTensor> {
    const past: Record<string, OrtTensor> = {};
    for (let l = 0; l < this.layers; l++) {
      for (const kv of ["key", "value"]) {
        past[`past_key_values.${l}.${kv}`] = new this.ort.Tensor("float32", new Float32Array(0), [batch, this.kvHeads, 0, this.headDim]);
      }
    }
    return past;
  }

  async start(prompts: readonly (readonly number[])[]): Promise<DecodeSession> {
    const len = Math.max(...prompts.map((p) => p.length));
    if (!(len > 0)) throw new RangeError("every prompt needs at least one token");
    const ids = prompts.map((p) => [...Array<number>(len - p.length).fill(this.padId), ...p]);
    const mask = prompts.map((p) => [...Array<number>(len - p.length).fill(0), ...Array<number>(p.length).fill(1)]);
    const positions = mask.map((row) => {
      let seen = 0;
      return row.map((m) => (m ? seen++ : 0));
    });
    const session = new OnnxDecodeSession(this.ort, this.decoder, this.layers, mask);
    const first = this.firstPass ?? (await this.decoder.runner());
    const prefill = session.run(ids, positions, this.emptyPast(prompts.length), first);
    // queued behind the prefill: the decoder opens while its first token is sampled and shown
    if (this.firstPass) this.decoder.runner().catch(() => undefined); // a failure surfaces at the next step
    await prefill;
    return session;
  }

  /** Releases the decoder session if it opened (a steered model's first-pass graph is shared, and stays). */
  async release(): Promise<void> {
    await this.decoder.release();
  }
}

export type WeightsLayout = Readonly<Record<string, { offset: number; shape: readonly number[] }>>;

/** The opened weights-as-inputs graph and its logits' width, checked once. */
export interface WeightsAsInputs {
  session: OrtSession;
  logitsSize: number;
}

/** The graph with the weights as initializers: open already, or opened on first use. */
class Decoder {
  private opening: Promise<Runner> | null = null;

  private constructor(private readonly open: () => Promise<OrtSession>) {}

  static open(session: OrtSession): Decoder {
    const decoder = new Decoder(() => Promise.resolve(session));
    void decoder.runner(); // taken now, so that release() releases it even if it never ran
    return decoder;
  }

  static lazy(open: () => Promise<OrtSession>): Decoder {
    return new Decoder(open);
  }

  /** The decoder as a pass runs on it (no inputs besides its own), one object for every step. */
  runner(): Promise<Runner> {
    return (this.opening ??= this.open().then((session) => ({ session, constants: {} })));
  }

  async release(): Promise<void> {
    const opened = await this.opening?.catch(() => null);
    await opened?.session.release();
  }
}

/** A graph a pass runs on, and the inputs it takes on every pass besides the decoder's own. */
interface Runner {
  session: OrtSession;
  constants: Readonly<Record<string, OrtTensor>>;
}

/** The KV cache's output names, layer by layer (the inputs are past_key_values.N.*). */
function presentNames(layers: number): string[] {
  return Array.from({ length: layers }, (_, l) => [`present.${l}.key`, `present.${l}.value`]).flat();
}

/** A decoder's inputs: the tokens, mask and positions, and the KV cache so far. */
function decoderInputNames(layers: number): string[] {
  return ["input_ids", "attention_mask", "position_ids", ...presentNames(layers).map((n) => n.replace("present.", "past_key_values."))];
}

/** Opens the decoder graph on `weights` and checks its inputs and outputs. */
async function openDecoder(ort: Ort, parts: CausalLmParts, weights: Uint8Array | null, backend: Backend): Promise<OrtSession> {
  const { description, config, graph } = parts;
  const what = `${GRAPH} from ${description}`;
  const session = await openSession(ort, graph, what, {
    executionProviders: [backend],
    graphOptimizationLevel: "all",
    ...(weights ? { externalData: [{ path: WEIGHTS.split("/").pop()!, data: weights }] } : {}),
    ...(backend === "webgpu" ? { preferredOutputLocation: Object.fromEntries(presentNames(config.num_hidden_layers).map((n) => [n, "gpu-buffer" as const])) } : {}),
  });
  requireNames(session, what, decoderInputNames(config.num_hidden_layers), ["logits", ...presentNames(config.num_hidden_layers)]);
  return session;
}

/** The logits' width, checked against config.json and the tokenizer; releases the session when they do not fit. */
async function checkedLogitsWidth(session: OrtSession, { description, config, tokenizer }: CausalLmParts): Promise<number> {
  const logitsSize = staticLogitsWidth(session) ?? config.vocab_size;
  if (logitsSize === undefined) {
    await session.release();
    throw new ModelFormatError(`neither ${GRAPH} nor config.json at ${description} says how wide the logits are`);
  }
  if (tokenizer.vocabSize > logitsSize || (config.vocab_size !== undefined && config.vocab_size !== logitsSize)) {
    await session.release();
    throw new ModelFormatError(
      `the tokenizer at ${description} has ${tokenizer.vocabSize} tokens but the model's logits have ${logitsSize}` +
        (config.vocab_size !== undefined ? ` (config.json says ${config.vocab_size})` : "") +
        `: the tokenizer does not belong to this model`,
    );
  }
  return logitsSize;
}

class OnnxDecodeSession implements DecodeSession {
  logits: Float32Array[] = [];
  private past: Record<string, OrtTensor> = {};
  private disposed = false;
  /** real (unpadded) tokens per row so far: the next token's position id */
  private realTokens: number[];

  constructor(
    private readonly ort: Ort,
    private readonly decoder: Decoder,
    private readonly layers: number,
    private readonly mask: number[][],
  ) {
    this.realTokens = mask.map((row) => row.reduce((a, b) => a + b, 0));
  }

  async run(ids: number[][], positions: number[][], past: Record<string, OrtTensor>, on: Runner): Promise<void> {
    if (this.disposed) throw new Error("this decoding session has been disposed");
    const feeds = {
      ...on.constants,
      input_ids: int64(this.ort, ids),
      attention_mask: int64(this.ort, this.mask),
      position_ids: int64(this.ort, positions),
      ...past,
    };
    const out = await oneAtATime(() => on.session.run(feeds));
    for (const t of Object.values(past)) t.dispose();
    const logits = out.logits!;
    const [batch, steps, vocab] = logits.dims as [number, number, number];
    const data = logits.data as Float32Array; // the only read-back: what sampling needs
    this.logits = Array.from({ length: batch }, (_, b) => data.subarray((b * steps + steps - 1) * vocab, (b * steps + steps) * vocab));
    this.past = {};
    for (let l = 0; l < this.layers; l++) {
      for (const kv of ["key", "value"]) this.past[`past_key_values.${l}.${kv}`] = out[`present.${l}.${kv}`]!;
    }
  }

  async step(tokens: readonly number[]): Promise<void> {
    const decoder = await this.decoder.runner();
    const positions = this.realTokens.map((n) => [n]);
    this.mask.forEach((row) => row.push(1));
    this.realTokens = this.realTokens.map((n) => n + 1);
    const past = this.past;
    this.past = {};
    await this.run(tokens.map((t) => [t]), positions, past, decoder);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of Object.values(this.past)) t.dispose();
    this.past = {};
    this.logits = [];
  }
}
