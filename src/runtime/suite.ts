/**
 * The embedded model suite, loaded: the policy with its Alignment Vectors, the ARMs, the
 * sequence and token reward models, as the core's interfaces. The worker's engine and the
 * Node experiments both load it through here. Models can move to another backend (a GPU
 * that fails mid-run leaves them all on WASM).
 */
import { lambdaKey, normaliseLambdas } from "../core/alignmentVectors";
import { AlignmentVectors, type Lambdas, type VectorsIndex } from "./alignmentVectors";
import { OnnxCausalLm, type CausalLmParts, type WeightsAsInputs } from "./causalLm";
import type { ChatTokenizer } from "./chatTokenizer";
import { OnnxClassifier, type ClassifierConfig } from "./classifier";
import { readJson, type ModelFiles, type ProgressFn } from "./modelFiles";
import type { Backend, Ort } from "./ort";
import { OnnxRewardModel, OnnxTokenRewardModel } from "./rewardModels";

export interface ManifestEntry {
  kind: "policy" | "arm" | "sequence_reward" | "token_reward" | string;
  path: string;
  params: number;
  bytes: number;
  /** an ARM's training records β_r: its reward is β_r Σ_t log π_arm(y_t) */
  training?: { beta_r?: number };
}

export interface Manifest {
  models: Record<string, ManifestEntry>;
}

/** The files of one model folder inside the suite. */
export function folder(root: ModelFiles, name: string): ModelFiles {
  return {
    description: `${root.description}${name}/`,
    bytes: (path, onProgress) => root.bytes(`${name}/${path}`, onProgress && ((p) => onProgress({ ...p, file: `${name}/${p.file}` }))),
  };
}

export interface Arm {
  model: OnnxCausalLm;
  betaR: number;
}

/** how long after opening the deltas and helpers start loading when no run has asked for them */
const BACKGROUND_AFTER_MS = 1000;

/** The models a search needs besides the policy, loaded after it (as are the AV deltas). */
interface Helpers {
  arms: Map<string, Arm>;
  rm: OnnxClassifier;
  tokenRm: OnnxClassifier;
}

export class LoadedSuite {
  private policyKey = lambdaKey({});
  private helpers: Helpers | null = null;
  private vectorsLoaded = false;
  private readonly helpersLoading: Promise<void>;
  private readonly vectorsLoading: Promise<AlignmentVectors>;
  /** the policy's weights-as-inputs graph, opened once on WASM (null: the suite has none) */
  private weightsAsInputsOpening: Promise<WeightsAsInputs | null> | null = null;
  private startLoading!: () => void;

  private constructor(
    private readonly ort: Ort,
    private readonly root: ModelFiles,
    readonly manifest: Manifest,
    private readonly policyParts: CausalLmParts & { weights: Uint8Array },
    private readonly vectorsIndex: VectorsIndex,
    private policyModel: OnnxCausalLm,
    private currentBackend: Backend,
    /** the sequence RM's heads, from its config, known before it loads */
    readonly heads: readonly string[],
    private readonly onProgress?: ProgressFn,
  ) {
    // The deltas (a few MiB per vector) and then the helpers load behind a policy that already
    // decodes, from the first run that needs them or BACKGROUND_AFTER_MS after opening,
    // whichever comes first. Loaded at once, they kept a cold page's first click waiting
    // 0.4-0.9 s in this worker (a timeline of cold loads in Chromium).
    const start = new Promise<void>((resolve) => (this.startLoading = resolve));
    this.vectorsLoading = start.then(() => AlignmentVectors.fromIndex(vectorsIndex, LoadedSuite.folderOf(root, manifest, "policy"), policyParts.weights, onProgress));
    this.vectorsLoading.then(() => (this.vectorsLoaded = true)).catch(() => undefined); // reported by whenComplete() and policy()
    // the helpers open after the deltas: opening a model holds this thread for a while
    const settled = this.vectorsLoading.then(() => this.weightsAsInputs()).then(() => undefined, () => undefined);
    this.helpersLoading = settled.then(() => this.loadHelpers(onProgress));
    this.helpersLoading.catch(() => undefined); // reported by whenComplete()
    setTimeout(this.startLoading, BACKGROUND_AFTER_MS);
  }

  /**
   * Loads the policy and returns as soon as it can decode; the Alignment Vectors' deltas, the
   * ARMs and the reward models go on loading in the background (`whenComplete`). Progress is
   * per file.
   */
  static async open(ort: Ort, root: ModelFiles, backend: Backend, onProgress?: ProgressFn): Promise<LoadedSuite> {
    const manifest = await readJson<Manifest>(root, "manifest.json");
    const policyFiles = LoadedSuite.folderOf(root, manifest, "policy");
    const parts = await OnnxCausalLm.readParts(policyFiles, onProgress);
    const weights = parts.weights;
    if (!weights) throw new Error(`${policyFiles.description} keeps no external weights to mix Alignment Vectors into`);
    const policy = await OnnxCausalLm.fromParts(ort, parts, weights, backend);
    const vectorsIndex = await AlignmentVectors.readIndex(policyFiles, onProgress);
    const rmConfig = await readJson<ClassifierConfig>(LoadedSuite.folderOf(root, manifest, "sequence_reward"), "config.json");
    const heads = Object.keys(rmConfig.id2label)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => rmConfig.id2label[k]!);
    return new LoadedSuite(ort, root, manifest, { ...parts, weights }, vectorsIndex, policy, backend, heads, onProgress);
  }

  /** Loads every model the manifest lists before returning. */
  static async load(ort: Ort, root: ModelFiles, backend: Backend, onProgress?: ProgressFn): Promise<LoadedSuite> {
    const suite = await LoadedSuite.open(ort, root, backend, onProgress);
    await suite.whenComplete();
    return suite;
  }

  private static folderOf(root: ModelFiles, manifest: Manifest, kind: string): ModelFiles {
    const found = Object.values(manifest.models).filter((e) => e.kind === kind);
    if (found.length !== 1) throw new Error(`the suite's manifest must list exactly one ${kind} model, it lists ${found.length}`);
    return folder(root, found[0]!.path);
  }

  private async loadHelpers(onProgress?: ProgressFn): Promise<void> {
    const { ort, root, manifest } = this;
    const backend = this.currentBackend;
    const arms = new Map<string, Arm>();
    for (const [name, e] of Object.entries(manifest.models).filter(([, e]) => e.kind === "arm")) {
      const model = await OnnxCausalLm.open(ort, folder(root, e.path), { backend, onProgress });
      const betaR = e.training?.beta_r;
      if (typeof betaR !== "number") throw new Error(`the manifest entry of the ARM ${name} records no training.beta_r`);
      arms.set(name.replace(/^arm-/, ""), { model, betaR });
    }
    const rm = await OnnxClassifier.open(ort, LoadedSuite.folderOf(root, manifest, "sequence_reward"), backend, onProgress);
    const tokenRm = await OnnxClassifier.open(ort, LoadedSuite.folderOf(root, manifest, "token_reward"), backend, onProgress);
    this.helpers = { arms, rm, tokenRm };
  }

  get isComplete(): boolean {
    return this.helpers !== null && this.vectorsLoaded;
  }

  /** Loads the AV deltas, ARMs and reward models now if they have not started; rejects with why they could not be. */
  async whenComplete(): Promise<void> {
    this.startLoading();
    await this.whenLoadedInBackground();
  }

  /** Resolves once the AV deltas, ARMs and reward models are loaded, without hurrying them. */
  async whenLoadedInBackground(): Promise<void> {
    await Promise.all([this.vectorsLoading, this.helpersLoading]);
  }

  /** The ARMs' objective names, from the manifest (known before they load). */
  get armNames(): string[] {
    return Object.entries(this.manifest.models)
      .filter(([, e]) => e.kind === "arm")
      .map(([name]) => name.replace(/^arm-/, ""));
  }

  private loadedHelpers(): Helpers {
    if (!this.helpers) throw new Error("the ARMs and reward models are still loading (await whenComplete())");
    return this.helpers;
  }

  get backend(): Backend {
    return this.currentBackend;
  }
  get dimensions(): readonly string[] {
    return this.vectorsIndex.dimensions;
  }
  /** Training-time checkpoint groups among the dimensions, in order (empty when the suite has none). */
  get checkpoints(): Readonly<Record<string, readonly string[]>> {
    return this.vectorsIndex.checkpoints ?? {};
  }
  get codec(): ChatTokenizer {
    return this.policyParts.tokenizer;
  }
  get arms(): ReadonlyMap<string, Arm> {
    return this.loadedHelpers().arms;
  }
  get rm(): OnnxRewardModel {
    return new OnnxRewardModel(this.loadedHelpers().rm);
  }
  get tokenRm(): OnnxTokenRewardModel {
    return new OnnxTokenRewardModel(this.loadedHelpers().tokenRm);
  }

  /** What a run config may name: AV dimensions, ARMs, reward heads. */
  names(): { dimensions: readonly string[]; arms: readonly string[]; heads: readonly string[] } {
    return { dimensions: this.dimensions, arms: this.armNames, heads: this.heads };
  }

  /**
   * The policy with θ = θ_base + Σ λ_d·AV_d, remixed only when the λs change. The base needs
   * no deltas; other λs wait for them if they are still loading.
   */
  async policy(lambdas: Lambdas = {}): Promise<OnnxCausalLm> {
    const key = lambdaKey(lambdas);
    if (key === this.policyKey && this.policyModel.backend === this.currentBackend) return this.policyModel;
    const active = normaliseLambdas(lambdas);
    const steered = Object.keys(active).length > 0;
    if (steered) this.startLoading();
    const weights = steered ? (await this.vectorsLoading).mix(active) : this.policyParts.weights;
    const asInputs = steered ? await this.weightsAsInputs() : null;
    const next = asInputs
      ? OnnxCausalLm.steered(this.ort, this.policyParts, weights, this.vectorsIndex.layout, asInputs, this.currentBackend)
      : await OnnxCausalLm.fromParts(this.ort, this.policyParts, weights, this.currentBackend);
    await this.policyModel.release();
    this.policyModel = next;
    this.policyKey = key;
    return next;
  }

  /**
   * The graph that takes the policy's weights as inputs, on WASM only: on WebGPU its 12 MB of
   * inputs would be uploaded on every first pass, and a remix reopens the graph instead.
   */
  private weightsAsInputs(): Promise<WeightsAsInputs | null> {
    const path = this.vectorsIndex.weights_as_inputs_graph;
    if (path === undefined || this.currentBackend !== "wasm") return Promise.resolve(null);
    return (this.weightsAsInputsOpening ??= (async () => {
      const files = LoadedSuite.folderOf(this.root, this.manifest, "policy");
      const graph = await files.bytes(path, this.onProgress);
      return OnnxCausalLm.openWeightsAsInputs(this.ort, graph, `${path} from ${files.description}`, this.policyParts, this.vectorsIndex.layout, "wasm");
    })());
  }

  /** Reopens every model on another backend (the policy lazily, at its next use). */
  async moveTo(backend: Backend): Promise<void> {
    if (backend === this.currentBackend) return;
    this.currentBackend = backend;
    await this.whenComplete();
    const helpers = this.loadedHelpers();
    for (const [name, arm] of helpers.arms) {
      const path = this.manifest.models[`arm-${name}`]?.path ?? `arm-${name}`;
      const model = await OnnxCausalLm.open(this.ort, folder(this.root, path), { backend });
      await arm.model.release();
      helpers.arms.set(name, { ...arm, model });
    }
    const reopen = async (old: OnnxClassifier, kind: string) => {
      const next = await OnnxClassifier.open(this.ort, LoadedSuite.folderOf(this.root, this.manifest, kind), backend);
      await old.release();
      return next;
    };
    helpers.rm = await reopen(helpers.rm, "sequence_reward");
    helpers.tokenRm = await reopen(helpers.tokenRm, "token_reward");
  }

}
