import { describe, expect, it } from "vitest";
import { AlignmentVectors, type VectorsIndex } from "./alignmentVectors";
import { ModelFileError, type ModelFiles } from "./modelFiles";

/** A safetensors file of the given tensors (I8 or F32, by array type). */
function safetensors(tensors: Record<string, { shape: number[]; data: Int8Array | Float32Array }>): Uint8Array {
  let offset = 0;
  const header: Record<string, object> = {};
  const blobs: Uint8Array[] = [];
  for (const [name, t] of Object.entries(tensors)) {
    const bytes = new Uint8Array(t.data.buffer.slice(0));
    header[name] = { dtype: t.data instanceof Int8Array ? "I8" : "F32", shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    blobs.push(bytes);
    offset += bytes.length;
  }
  const head = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const b of blobs) (out.set(b, at), (at += b.length));
  return out;
}

function filesOf(contents: Record<string, Uint8Array>): ModelFiles {
  return {
    description: "test files",
    bytes: (path) => (contents[path] ? Promise.resolve(contents[path]!) : Promise.reject(new Error(`no ${path}`))),
  };
}

// A 2×3 weight stored by rows and its transposed 3×2 copy (scales along columns), as the
// forge stores a tied embedding and LM head; base weights are all 1.
const INDEX: VectorsIndex = {
  dimensions: ["d"],
  weights_file: "onnx/model.onnx_data",
  weights_dtype: "float32",
  layout: { w: { offset: 0, shape: [2, 3] }, "w.T": { offset: 24, shape: [3, 2] } },
  delta_dtype: "int8",
  scale_axis: { w: 0, "w.T": 1 },
  l2_norm: { d: 1 },
};
const STEPS = Int8Array.from([127, -64, 0, 10, 20, -127]);
const SCALE = Float32Array.from([0.01, 0.5]);

function suiteFiles(index: VectorsIndex = INDEX): ModelFiles {
  const transposed = Int8Array.from([0, 3, 1, 4, 2, 5], (i) => STEPS[i]!);
  return filesOf({
    "av/vectors.json": new TextEncoder().encode(JSON.stringify(index)),
    "av/d.safetensors": safetensors({
      w: { shape: [2, 3], data: STEPS },
      "w.scale": { shape: [2], data: SCALE },
      "w.T": { shape: [3, 2], data: transposed },
      "w.T.scale": { shape: [2], data: SCALE },
    }),
  });
}

const ones = (n: number) => new Uint8Array(new Float32Array(n).fill(1).buffer);

describe("Alignment Vectors from int8 deltas", () => {
  it("adds λ·steps·scale per row, and per column for a transposed copy, so both copies mix alike", async () => {
    const av = await AlignmentVectors.load(suiteFiles(), ones(12));
    const mixed = new Float32Array(av.mix({ d: 2 }).buffer);
    const expected = [1 + 2 * 1.27, 1 - 2 * 0.64, 1, 1 + 2 * 5, 1 + 2 * 10, 1 - 2 * 63.5];
    expected.forEach((v, i) => expect(mixed[i]).toBeCloseTo(v, 5));
    // the transposed copy holds the same values, column-major
    [0, 3, 1, 4, 2, 5].forEach((from, i) => expect(mixed[6 + i]).toBeCloseTo(expected[from]!, 5));
  });

  it("leaves the base untouched at λ = 0 and returns a copy", async () => {
    const base = ones(12);
    const av = await AlignmentVectors.load(suiteFiles(), base);
    const out = av.mix({ d: 0 });
    expect(out).not.toBe(base);
    expect(Array.from(new Float32Array(out.buffer))).toEqual(new Array(12).fill(1));
  });

  it("refuses a suite with float16 deltas, saying to rebuild it", async () => {
    const old = { ...INDEX, delta_dtype: "float16" } as unknown as VectorsIndex;
    await expect(AlignmentVectors.load(suiteFiles(old), ones(12))).rejects.toThrow(/float16 deltas; this app reads int8/);
  });

  it("refuses a delta whose scales do not fit the weight's shape", async () => {
    const wrongAxis: VectorsIndex = { ...INDEX, scale_axis: { w: 1, "w.T": 1 } };
    await expect(AlignmentVectors.load(suiteFiles(wrongAxis), ones(12))).rejects.toThrow(/no int8 w of 6 values with 3 scales/);
  });

  it("names an unknown dimension", async () => {
    const av = await AlignmentVectors.load(suiteFiles(), ones(12));
    expect(() => av.mix({ medical: 1 })).toThrow(/no alignment vector named medical; this policy has d/);
  });

  it("reads no checkpoint groups when vectors.json has none", async () => {
    const av = await AlignmentVectors.load(suiteFiles(), ones(12));
    expect(av.checkpoints).toEqual({});
  });

  it("keeps the checkpoint groups vectors.json lists, in order", async () => {
    const av = await AlignmentVectors.load(suiteFiles({ ...INDEX, checkpoints: { sppo: ["d"] } }), ones(12));
    expect(av.checkpoints).toEqual({ sppo: ["d"] });
  });

  it("refuses a checkpoint that is not one of the dimensions, naming it", async () => {
    const index: VectorsIndex = { ...INDEX, checkpoints: { sppo: ["d", "sppo_9"] } };
    const load = AlignmentVectors.load(suiteFiles(index), ones(12));
    await expect(load).rejects.toBeInstanceOf(ModelFileError);
    await expect(AlignmentVectors.load(suiteFiles(index), ones(12))).rejects.toThrow(/checkpoint group sppo lists sppo_9, which is not one of its dimensions \(d\)/);
  });

  it("refuses a checkpoint group that is not a list, or a checkpoint in two groups", async () => {
    const notList = { ...INDEX, checkpoints: { ppo: "d" } } as unknown as VectorsIndex;
    await expect(AlignmentVectors.load(suiteFiles(notList), ones(12))).rejects.toThrow(/checkpoint group ppo must be a list/);
    const twice: VectorsIndex = { ...INDEX, checkpoints: { sppo: ["d"], ppo: ["d"] } };
    await expect(AlignmentVectors.load(suiteFiles(twice), ones(12))).rejects.toThrow(/checkpoint d in both sppo and ppo/);
  });
});
