/**
 * The embedded model suite, loaded: the policy with its Alignment Vectors, the ARMs, the
 * sequence and token reward models, as the core's interfaces. The worker's engine and the
 * Node experiments both load it through here. Models can move to another backend (a GPU
 * that fails mid-run leaves them all on WASM).
 */
import { lambdaKey, normaliseLambdas } from "../core/alignmentVectors";
import { AlignmentVectors, type Lambdas } from "./alignmentVectors";
import { OnnxCausalLm, type CausalLmParts } from "./causalLm";
import type { ChatTokenizer } from "./chatTokenizer";
import { OnnxClassifier } from "./classifier";
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

export class LoadedSuite {
  private policyKey = lambdaKey({});

  private constructor(
    private readonly ort: Ort,
    private readonly root: ModelFiles,
    readonly manifest: Manifest,
    private readonly policyParts: CausalLmParts,
    private readonly vectors: AlignmentVectors,
    private policyModel: OnnxCausalLm,
    readonly arms: Map<string, Arm>,
    private rmClassifier: OnnxClassifier,
    private tokenRmClassifier: OnnxClassifier,
    private currentBackend: Backend,
  ) {}

  /** Loads every model the manifest lists; progress is per file, in bytes. */
  static async load(ort: Ort, root: ModelFiles, backend: Backend, onProgress?: ProgressFn): Promise<LoadedSuite> {
    const manifest = await readJson<Manifest>(root, "manifest.json");
    const entries = Object.entries(manifest.models);
    const only = (kind: string) => {
      const found = entries.filter(([, e]) => e.kind === kind);
      if (found.length !== 1) throw new Error(`the suite's manifest must list exactly one ${kind} model, it lists ${found.length}`);
      return folder(root, found[0]![1].path);
    };
    const policyFiles = only("policy");
    const parts = await OnnxCausalLm.readParts(policyFiles, onProgress);
    if (!parts.weights) throw new Error(`${policyFiles.description} keeps no external weights to mix Alignment Vectors into`);
    const policy = await OnnxCausalLm.fromParts(ort, parts, parts.weights, backend);
    const vectors = await AlignmentVectors.load(policyFiles, parts.weights, onProgress);
    const arms = new Map<string, Arm>();
    for (const [name, e] of entries.filter(([, e]) => e.kind === "arm")) {
      const model = await OnnxCausalLm.open(ort, folder(root, e.path), { backend, onProgress });
      const betaR = e.training?.beta_r;
      if (typeof betaR !== "number") throw new Error(`the manifest entry of the ARM ${name} records no training.beta_r`);
      arms.set(name.replace(/^arm-/, ""), { model, betaR });
    }
    const rm = await OnnxClassifier.open(ort, only("sequence_reward"), backend, onProgress);
    const tokenRm = await OnnxClassifier.open(ort, only("token_reward"), backend, onProgress);
    return new LoadedSuite(ort, root, manifest, parts, vectors, policy, arms, rm, tokenRm, backend);
  }

  get backend(): Backend {
    return this.currentBackend;
  }
  get dimensions(): readonly string[] {
    return this.vectors.dimensions;
  }
  get codec(): ChatTokenizer {
    return this.policyParts.tokenizer;
  }
  get rm(): OnnxRewardModel {
    return new OnnxRewardModel(this.rmClassifier);
  }
  get tokenRm(): OnnxTokenRewardModel {
    return new OnnxTokenRewardModel(this.tokenRmClassifier);
  }

  /** What a run config may name: AV dimensions, ARMs, reward heads. */
  names(): { dimensions: readonly string[]; arms: readonly string[]; heads: readonly string[] } {
    return { dimensions: this.dimensions, arms: [...this.arms.keys()], heads: this.rmClassifier.labels };
  }

  /** The policy with θ = θ_base + Σ λ_d·AV_d, remixed only when the λs change. */
  async policy(lambdas: Lambdas = {}): Promise<OnnxCausalLm> {
    const key = lambdaKey(lambdas);
    if (key === this.policyKey && this.policyModel.backend === this.currentBackend) return this.policyModel;
    const next = await OnnxCausalLm.fromParts(this.ort, this.policyParts, this.vectors.mix(normaliseLambdas(lambdas)), this.currentBackend);
    await this.policyModel.release();
    this.policyModel = next;
    this.policyKey = key;
    return next;
  }

  /** Reopens every model on another backend (the policy lazily, at its next use). */
  async moveTo(backend: Backend): Promise<void> {
    if (backend === this.currentBackend) return;
    this.currentBackend = backend;
    for (const [name, arm] of this.arms) {
      const path = this.manifest.models[`arm-${name}`]?.path ?? `arm-${name}`;
      const model = await OnnxCausalLm.open(this.ort, folder(this.root, path), { backend });
      await arm.model.release();
      this.arms.set(name, { ...arm, model });
    }
    const reopen = async (old: OnnxClassifier, kind: string) => {
      const entry = Object.values(this.manifest.models).find((e) => e.kind === kind)!;
      const next = await OnnxClassifier.open(this.ort, folder(this.root, entry.path), backend);
      await old.release();
      return next;
    };
    this.rmClassifier = await reopen(this.rmClassifier, "sequence_reward");
    this.tokenRmClassifier = await reopen(this.tokenRmClassifier, "token_reward");
  }
}
