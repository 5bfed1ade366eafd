/**
 * The worker's engine: it owns the embedded suite's models and runs requests on them. It is
 * plain TypeScript over the runtime, so Node tests drive it exactly as the browser worker does.
 */
import { generate } from "../core/generate";
import { testInstructions } from "../world";
import { OnnxCausalLm, type CausalLmParts } from "../runtime/causalLm";
import { chooseBackend, type DeviceChoice } from "../runtime/device";
import { readJson, sourceFiles, type ModelFiles, type ModelSource, type ProgressFn } from "../runtime/modelFiles";
import type { Backend, Ort } from "../runtime/ort";
import { LoadedSuite, type Manifest } from "../runtime/suite";
import { checkAgainstSuite, configFrom, ConfigError } from "../core/config";
import { runOnSuite } from "./runOnSuite";
import { PauseGate } from "./pauseGate";
import { yieldToEventLoop } from "./yieldToEventLoop";
import type {
  DeviceInfo,
  EngineApi,
  GenerateEvent,
  GenerateRequest,
  GenerateResult,
  InitOptions,
  LoadProgress,
  Notice,
  PolicyInfo,
  RunEvent,
  RunResult,
  SuiteInfo,
  Tokenized,
  WarmUp,
} from "./protocol";
import { MAX_TOKENIZE_CHARS } from "./protocol";
import { wasmThreads } from "./wasmThreads";
import { warmUpConfig } from "./warmUp";

interface EngineDeps {
  ort: Ort;
  /** the suite's root folder (manifest.json, policy/, rm/, …) */
  suite: ModelFiles;
  gpu?: Parameters<typeof chooseBackend>[1];
  crossOriginIsolated: boolean;
  hardwareThreads: number;
  /** the page's origin: files there need no confirmation */
  origin: string;
}

const EXAMPLE_SEED = 2024;
/** how long a failed WebGPU run waits for the device to report itself lost, to say so plainly */
const LOSS_WAIT_MS = 100;
/** the shortest time between two load-progress messages to the page (ends of files aside) */
const PROGRESS_MS = 100;

/**
 * How the GPU device onnxruntime-web runs on was lost, once it is: pending while it works, null
 * when there is no device to watch. A lost device fails the next run with onnxruntime's long C++
 * message (a buffer download that failed); the device's own lost info says what happened.
 */
function deviceLoss(ort: Ort): Promise<GPUDeviceLostInfo | null> {
  // once a WebGPU session exists, env.webgpu.device is (or resolves to) the device it runs on
  return Promise.resolve(ort.env.webgpu?.device).then(
    (device) => device?.lost ?? null,
    () => null,
  );
}

export class Engine implements EngineApi {
  private device: DeviceChoice | null = null;
  /** while on WebGPU: resolves when its device is lost (see deviceLoss) */
  private gpuLoss: Promise<GPUDeviceLostInfo | null> | null = null;
  private suite: LoadedSuite | null = null;
  /** a policy the user opened from the hub, a URL or local files; null = the embedded one */
  private custom: { parts: CausalLmParts; model: OnnxCausalLm } | null = null;
  private running: AbortController | null = null;
  /** pause, resume and step for pipeline runs */
  private readonly gate = new PauseGate();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: EngineDeps) {}

  async init(opts: InitOptions, onProgress: (p: LoadProgress) => void): Promise<{ device: DeviceInfo; suite: SuiteInfo }> {
    const { ort, suite } = this.deps;
    const { threads, why: threadsWhy } = wasmThreads(opts.threads, this.deps.hardwareThreads, this.deps.crossOriginIsolated);
    ort.env.wasm.numThreads = threads;
    this.device = await chooseBackend(opts.backend, this.deps.gpu);
    const manifest = await readJson<Manifest>(suite, "manifest.json");
    const totalBytes = Object.values(manifest.models).reduce((n, m) => n + m.bytes, 0);
    const loaded = new Map<string, number>();
    let sentAt = -Infinity;
    const progress: ProgressFn = (p) => {
      loaded.set(p.file, p.loaded);
      // a download reports every chunk it reads (hundreds per file); the page hears of a file's
      // end and, between, of at most one chunk per PROGRESS_MS: each message re-renders it
      const now = performance.now();
      if (now - sentAt < PROGRESS_MS && !(p.total !== null && p.loaded >= p.total)) return;
      sentAt = now;
      onProgress({ file: p.file, loadedBytes: [...loaded.values()].reduce((a, b) => a + b, 0), totalBytes });
    };
    // the policy first: Generate can start while the AV deltas, ARMs and reward models load behind it
    this.suite = await LoadedSuite.open(ort, suite, this.device.backend, progress);
    if (this.device.backend === "webgpu") {
      this.gpuLoss = deviceLoss(ort);
    }
    return {
      device: { ...this.device, threads, threadsWhy, crossOriginIsolated: this.deps.crossOriginIsolated },
      suite: {
        models: Object.entries(manifest.models).map(([name, m]) => ({ name, kind: m.kind, params: m.params, bytes: m.bytes })),
        dimensions: [...this.suite.dimensions],
        checkpoints: Object.fromEntries(Object.entries(this.suite.checkpoints).map(([group, names]) => [group, [...names]])),
        arms: [...this.suite.armNames],
        heads: [...this.suite.heads],
        examplePrompts: [...testInstructions(EXAMPLE_SEED, 8)],
      },
    };
  }

  /** Runs one request at a time: a new request cancels the one before and waits for it to stop. */
  private exclusive<T>(work: (signal: AbortSignal, backend: Backend) => Promise<T>, notice: (n: Notice) => void): Promise<T> {
    this.running?.abort();
    const ctrl = new AbortController();
    this.running = ctrl;
    const job = this.queue.then(() => this.withFallback(work, notice, ctrl));
    this.queue = job.catch(() => undefined);
    return job;
  }

  private async withFallback<T>(
    work: (signal: AbortSignal, backend: Backend) => Promise<T>,
    notice: (n: Notice) => void,
    ctrl: AbortController,
  ): Promise<T> {
    const backend = this.device?.backend ?? "wasm";
    try {
      return await work(ctrl.signal, backend);
    } catch (e) {
      if (backend !== "webgpu" || ctrl.signal.aborted) throw e;
      // a lost or failing GPU device: carry on with the same request on WASM, and say so, with
      // the device the page's indicator shows from now on
      const lost = await Promise.race([this.gpuLoss, new Promise<null>((r) => setTimeout(() => r(null), LOSS_WAIT_MS))]);
      const why = lost ? `the GPU device was lost: ${lost.message || lost.reason}` : (e as Error).message;
      if (lost) console.warn("a WebGPU run failed on the lost device:", e);
      this.device = { backend: "wasm", reason: `WebGPU failed mid-run (${why}), so WASM runs`, adapter: null };
      this.gpuLoss = null;
      notice({ type: "notice", message: `WebGPU failed (${why}); switched to WASM`, device: this.device });
      await this.loaded().moveTo("wasm");
      return work(ctrl.signal, "wasm");
    } finally {
      if (this.running === ctrl) this.running = null;
    }
  }

  generate(req: GenerateRequest, onEvent: (e: GenerateEvent) => void): Promise<GenerateResult> {
    return this.exclusive((signal, backend) => this.decode(req, onEvent, signal, backend), onEvent);
  }

  /** Runs the pipeline a config describes; a bad config is refused with one message per field. */
  async run(input: unknown, onEvent: (e: RunEvent) => void): Promise<RunResult> {
    const config = configFrom(input);
    const problems = checkAgainstSuite(config, this.loaded().names());
    if (problems.length > 0) throw new ConfigError(problems);
    return this.exclusive(
      async (signal, backend) => {
        this.gate.reset();
        return { ...(await runOnSuite(this.loaded(), config, onEvent, signal, () => this.gate.between(signal))), backend };
      },
      onEvent,
    );
  }

  async openPolicy(source: ModelSource, confirmedHosts: string[], onProgress: (p: LoadProgress) => void): Promise<PolicyInfo> {
    this.cancel();
    await this.queue;
    if (source.kind === "embedded") {
      await this.custom?.model.release();
      this.custom = null;
      const policy = await this.loaded().policy();
      return { description: "the embedded policy", vocabSize: policy.vocabSize, steerable: true };
    }
    const files = sourceFiles(source, { origin: this.deps.origin, confirmedHosts: new Set(confirmedHosts) });
    const progress: ProgressFn = (p) => onProgress({ file: p.file, loadedBytes: p.loaded, totalBytes: p.total ?? 0 });
    const parts = await OnnxCausalLm.readParts(files, progress);
    const model = await OnnxCausalLm.fromParts(this.deps.ort, parts, parts.weights, this.device?.backend ?? "wasm");
    await this.custom?.model.release();
    this.custom = { parts, model };
    return { description: files.description, vocabSize: model.vocabSize, steerable: false };
  }

  private async customOn(backend: Backend): Promise<OnnxCausalLm> {
    const custom = this.custom!;
    if (custom.model.backend !== backend) {
      await custom.model.release();
      custom.model = await OnnxCausalLm.fromParts(this.deps.ort, custom.parts, custom.parts.weights, backend);
    }
    return custom.model;
  }

  private async decode(req: GenerateRequest, onEvent: (e: GenerateEvent) => void, signal: AbortSignal, backend: Backend): Promise<GenerateResult> {
    if (this.custom && Object.values(req.lambdas).some((v) => v !== 0)) {
      throw new Error("Alignment Vectors steer the embedded policy only; switch back to it to use them");
    }
    const model = this.custom ? await this.customOn(backend) : await this.loaded().policy(req.lambdas);
    const prompt = model.tokenizer.prompt(req.prompt);
    const ids: number[] = [];
    const t0 = performance.now();
    const rate = () => (ids.length / Math.max(performance.now() - t0, 1e-3)) * 1000;
    const out = await generate(model, [prompt], {
      maxNewTokens: req.maxNewTokens,
      minNewTokens: req.minNewTokens,
      sampling: { temperature: req.temperature, topK: req.topK, topP: req.topP },
      seed: req.seed,
      signal,
      betweenSteps: yieldToEventLoop,
      onStep: ([t]) => {
        if (t === undefined || t < 0 || t === model.eosTokenId) return;
        ids.push(t);
        onEvent({ type: "tokens", text: model.tokenizer.decode(ids), tokens: ids.length, tokensPerSecond: rate() });
      },
    });
    return {
      text: model.tokenizer.decode(out.tokens[0]!),
      tokenIds: out.tokens[0]!,
      finish: out.finish[0]!,
      tokensPerSecond: rate(),
      forwardPasses: out.forwardPasses,
      milliseconds: performance.now() - t0,
      backend,
    };
  }

  /**
   * The text as the embedded policy's tokenizer splits it: the tokens the token reward model
   * reads and the forge labels (forge/token_reward.py encodes each answer with the same
   * tokenizer). Not queued behind runs: it touches no model, and a run yields between steps.
   */
  async tokenize(text: string): Promise<Tokenized> {
    if (typeof text !== "string") throw new TypeError("tokenize takes a text");
    if (text.length > MAX_TOKENIZE_CHARS) throw new RangeError(`the text is too long to tokenize here (${text.length} characters, at most ${MAX_TOKENIZE_CHARS})`);
    const codec = this.loaded().codec;
    const ids = codec.encode(text);
    return { ids, tokens: ids.map((id) => codec.decode([id], false)) };
  }

  private loaded(): LoadedSuite {
    if (!this.suite) throw new Error("the engine has not loaded its suite yet");
    return this.suite;
  }

  /** Resolves once the AV deltas, ARMs and reward models have loaded behind the policy. */
  async whenLoaded(): Promise<void> {
    await this.loaded().whenLoadedInBackground();
  }

  /**
   * A small composed run, its results thrown away, so that V8 compiles onnxruntime's hot WASM
   * kernels now rather than during the user's first run (see warmUp.ts). The page asks once the
   * whole suite has loaded. Only on WASM and only when no request runs; any request cancels it.
   */
  async warmUp(): Promise<WarmUp> {
    const suite = this.loaded();
    await suite.whenLoadedInBackground();
    const backend = this.device?.backend ?? "wasm";
    if (backend !== "wasm") return { ran: false, why: `it helps WASM only, and ${backend} runs` };
    if (this.running) return { ran: false, why: "a request is running" };
    const config = configFrom(warmUpConfig([...testInstructions(EXAMPLE_SEED, 1)][0]!, suite.armNames));
    const t0 = performance.now();
    const r = await this.exclusive((signal) => runOnSuite(suite, config, () => {}, signal), () => {});
    return { ran: true, ms: performance.now() - t0, cancelled: r.cancelled };
  }

  pause(): void {
    this.gate.pause();
  }

  resume(): void {
    this.gate.resume();
  }

  step(tokens: number): void {
    this.gate.step(tokens);
  }

  cancel(): void {
    this.running?.abort();
  }
}
