/**
 * Alignment Vectors (Shahriar et al. 2024): θ = θ_base + Σ_d λ_d·AV_d. The policy's float32
 * weights (onnx/model.onnx_data) and each dimension's delta (av/<dim>.safetensors, in the
 * graph's names and layout) are downloaded once; a new set of λ mixes into a copy of the
 * base buffer, and the same graph is opened on it, so a mixed model is a plain model and
 * decodes at the same speed. Deltas are int8 steps with a float32 scale per row of the
 * model's parameter (forge/quantize.py): a quarter of the bytes of float32, in the download
 * and in memory.
 */
import { ModelFileError, readJson, type ModelFiles, type ProgressFn } from "./modelFiles";
import { parseSafetensors } from "./safetensors";

export interface VectorsIndex {
  dimensions: string[];
  weights_file: string;
  weights_dtype: "float32";
  layout: Record<string, { offset: number; shape: number[] }>;
  delta_dtype: "int8";
  /**
   * Which axis of the stored weight the scales run along: 0, a scale per row; 1, a scale
   * per column (a transposed copy of a parameter, such as the tied LM head, keeps its
   * parameter's row scales).
   */
  scale_axis: Record<string, 0 | 1>;
  l2_norm: Record<string, number>;
  /**
   * Training-time checkpoints shipped as extra vectors, by group, in the group's order (such
   * as SPPO's iterations: `{"sppo": ["sppo_1", "sppo_2", "sppo_3"]}`). Every name is one of
   * `dimensions`; a dimension in no group is an ordinary preference dimension. Absent: no groups.
   */
  checkpoints?: Record<string, string[]>;
  /**
   * The policy's graph with every weight of `layout` as an input rather than an initializer
   * (such as "onnx/model_weights_as_inputs.onnx"): a remix decodes its first pass there while
   * the graph reopens on the new weights. Absent: a remix waits for the reopening.
   */
  weights_as_inputs_graph?: string;
}

export type Lambdas = Readonly<Record<string, number>>;

/** One weight's delta: value i is steps[i] · scale[i's row, or i's column for axis 1]. */
interface Delta {
  steps: Int8Array;
  scale: Float32Array;
  axis: 0 | 1;
}

export class AlignmentVectors {
  private constructor(
    readonly index: VectorsIndex,
    private readonly base: Uint8Array,
    private readonly deltas: ReadonlyMap<string, ReadonlyMap<string, Delta>>,
  ) {}

  get dimensions(): readonly string[] {
    return this.index.dimensions;
  }

  /** The checkpoint groups (empty when vectors.json lists none). */
  get checkpoints(): Readonly<Record<string, readonly string[]>> {
    return this.index.checkpoints ?? {};
  }

  static async load(files: ModelFiles, base: Uint8Array, onProgress?: ProgressFn): Promise<AlignmentVectors> {
    return AlignmentVectors.fromIndex(await AlignmentVectors.readIndex(files, onProgress), files, base, onProgress);
  }

  /** av/vectors.json, checked: what the vectors are called and how they are grouped, before any delta loads. */
  static async readIndex(files: ModelFiles, onProgress?: ProgressFn): Promise<VectorsIndex> {
    const index = await readJson<VectorsIndex>(files, "av/vectors.json", onProgress);
    if (index.delta_dtype !== "int8") {
      throw new ModelFileError(`av/vectors.json stores ${String(index.delta_dtype)} deltas; this app reads int8 deltas (rebuild the suite with the forge)`);
    }
    checkCheckpoints(index);
    return index;
  }

  /** The deltas `index` lists, downloaded side by side. */
  static async fromIndex(index: VectorsIndex, files: ModelFiles, base: Uint8Array, onProgress?: ProgressFn): Promise<AlignmentVectors> {
    const loaded = await Promise.all(index.dimensions.map(async (d) => [d, readDeltas(index, d, await files.bytes(`av/${d}.safetensors`, onProgress), base)] as const));
    return new AlignmentVectors(index, base, new Map(loaded));
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
      for (const [d, lam] of active) addScaled(w, this.deltas.get(d)!.get(name)!, lam);
    }
    return out;
  }
}

/** One dimension's deltas from its safetensors file, checked against the policy's layout. */
function readDeltas(index: VectorsIndex, d: string, bytes: Uint8Array, base: Uint8Array): Map<string, Delta> {
  let tensors: ReturnType<typeof parseSafetensors>;
  try {
    tensors = parseSafetensors(bytes);
  } catch (e) {
    throw new ModelFileError(`av/${d}.safetensors is not a readable safetensors file (${(e as Error).message})`);
  }
  const byName = new Map<string, Delta>();
  for (const [name, where] of Object.entries(index.layout)) {
    const size = where.shape.reduce((a, b) => a * b, 1);
    const axis = index.scale_axis[name] ?? 0;
    const scales = axis === 1 ? where.shape[where.shape.length - 1]! : where.shape.length > 1 ? where.shape[0]! : 1;
    const steps = tensors.get(name);
    const scale = tensors.get(`${name}.scale`);
    if (steps?.dtype !== "I8" || steps.data.length !== size || scale?.dtype !== "F32" || scale.data.length !== scales) {
      throw new ModelFileError(`av/${d}.safetensors has no int8 ${name} of ${size} values with ${scales} scales to match the policy's weights`);
    }
    if (where.offset + size * 4 > base.length) throw new ModelFileError(`${name} lies past the end of ${index.weights_file}`);
    byName.set(name, { steps: steps.data, scale: scale.data, axis });
  }
  return byName;
}

/** Every checkpoint group is a list of the index's dimensions, each in one group at most. */
function checkCheckpoints({ checkpoints, dimensions }: VectorsIndex): void {
  if (checkpoints === undefined) return;
  if (checkpoints === null || typeof checkpoints !== "object" || Array.isArray(checkpoints)) {
    throw new ModelFileError("av/vectors.json's checkpoints must map each group to a list of dimensions");
  }
  const seen = new Map<string, string>();
  for (const [group, names] of Object.entries(checkpoints) as [string, unknown][]) {
    if (!Array.isArray(names) || names.some((n) => typeof n !== "string")) {
      throw new ModelFileError(`av/vectors.json's checkpoint group ${group} must be a list of dimension names`);
    }
    for (const name of names as string[]) {
      if (!dimensions.includes(name)) {
        throw new ModelFileError(`av/vectors.json's checkpoint group ${group} lists ${name}, which is not one of its dimensions (${dimensions.join(", ")})`);
      }
      const other = seen.get(name);
      if (other !== undefined) throw new ModelFileError(`av/vectors.json lists the checkpoint ${name} in both ${other} and ${group}`);
      seen.set(name, group);
    }
  }
}

/** w += λ·delta, with the scale folded into λ once per row or column. */
function addScaled(w: Float32Array, { steps, scale, axis }: Delta, lam: number): void {
  const factors = Float32Array.from(scale, (s) => lam * s);
  if (axis === 1) {
    // a factor per column: walk row by row so the inner loop needs no modulo
    const cols = factors.length;
    for (let i = 0; i < w.length; i += cols) {
      for (let c = 0; c < cols; c++) w[i + c]! += factors[c]! * steps[i + c]!;
    }
    return;
  }
  const cols = w.length / factors.length;
  for (let r = 0, i = 0; r < factors.length; r++) {
    const f = factors[r]!;
    for (const end = i + cols; i < end; i++) w[i]! += f * steps[i]!;
  }
}
