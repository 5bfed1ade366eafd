/**
 * Alignment Vectors (Shahriar et al. 2024): θ = θ_base + Σ_d λ_d·AV_d. The policy's float32
 * weights (onnx/model.onnx_data) and each dimension's float16 delta (av/<dim>.safetensors,
 * in the graph's names and layout) are downloaded once; a new set of λ mixes into a copy
 * of the base buffer, and the same graph is opened on it, so a mixed model is a plain
 * model and decodes at the same speed.
 */
import { ModelFileError, readJson, type ModelFiles, type ProgressFn } from "./modelFiles";
import { HALF_TO_FLOAT, parseSafetensors } from "./safetensors";

export interface VectorsIndex {
  dimensions: string[];
  weights_file: string;
  weights_dtype: "float32";
  layout: Record<string, { offset: number; shape: number[] }>;
  delta_dtype: "float16";
  l2_norm: Record<string, number>;
}

export type Lambdas = Readonly<Record<string, number>>;

export class AlignmentVectors {
  private constructor(
    readonly index: VectorsIndex,
    private readonly base: Uint8Array,
    /** float16 bit patterns, widened during the mix (a quarter of the memory of float32 copies) */
    private readonly deltas: ReadonlyMap<string, ReadonlyMap<string, Uint16Array>>,
  ) {}

  get dimensions(): readonly string[] {
    return this.index.dimensions;
  }

  static async load(files: ModelFiles, base: Uint8Array, onProgress?: ProgressFn): Promise<AlignmentVectors> {
    const index = await readJson<VectorsIndex>(files, "av/vectors.json", onProgress);
    const deltas = new Map<string, Map<string, Uint16Array>>();
    for (const d of index.dimensions) {
      const bytes = await files.bytes(`av/${d}.safetensors`, onProgress);
      const tensors = parseSafetensors(bytes.slice().buffer);
      const byName = new Map<string, Uint16Array>();
      for (const [name, where] of Object.entries(index.layout)) {
        const t = tensors.get(name);
        const size = where.shape.reduce((a, b) => a * b, 1);
        if (!t || t.dtype !== "F16" || t.data.length !== size) {
          throw new ModelFileError(`av/${d}.safetensors has no float16 ${name} of ${size} values to match the policy's weights`);
        }
        if (where.offset + size * 4 > base.length) throw new ModelFileError(`${name} lies past the end of ${index.weights_file}`);
        byName.set(name, t.data);
      }
      deltas.set(d, byName);
    }
    return new AlignmentVectors(index, base, deltas);
  }

  /** The weights buffer for θ_base + Σ λ_d·AV_d (dimensions with λ = 0 cost nothing). */
  mix(lambdas: Lambdas): Uint8Array {
    for (const d of Object.keys(lambdas)) {
      if (!this.deltas.has(d)) throw new RangeError(`no alignment vector named ${d}; this policy has ${this.dimensions.join(", ")}`);
    }
    const out = this.base.slice();
    const active = Object.entries(lambdas).filter(([, lam]) => lam !== 0);
    if (active.length === 0) return out;
    for (const [name, where] of Object.entries(this.index.layout)) {
      const w = new Float32Array(out.buffer, out.byteOffset + where.offset, where.shape.reduce((a, b) => a * b, 1));
      for (const [d, lam] of active) {
        const delta = this.deltas.get(d)!.get(name)!;
        for (let i = 0; i < w.length; i++) w[i]! += lam * HALF_TO_FLOAT[delta[i]!]!;
      }
    }
    return out;
  }
}
