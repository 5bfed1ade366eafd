import { describe, expect, it } from "vitest";
import { HALF_TO_FLOAT, parseSafetensors } from "./safetensors";

function file(header: object, data: Uint8Array): ArrayBuffer {
  const head = new TextEncoder().encode(JSON.stringify(header));
  const buf = new Uint8Array(8 + head.length + data.length);
  new DataView(buf.buffer).setBigUint64(0, BigInt(head.length), true);
  buf.set(head, 8);
  buf.set(data, 8 + head.length);
  return buf.buffer;
}

describe("safetensors reader", () => {
  it("widens float16 bit patterns to the values they encode", () => {
    // 0x3c00 = 1, 0xc000 = -2, 0x3555 ≈ 0.33325, 0x0001 = smallest subnormal, 0x7c00 = inf
    const out = Float32Array.from([0x3c00, 0xc000, 0x3555, 0x0001, 0x7c00], (bits) => HALF_TO_FLOAT[bits]!);
    expect(Array.from(out.slice(0, 2))).toEqual([1, -2]);
    expect(out[2]).toBeCloseTo(0.33325, 5);
    expect(out[3]).toBe(2 ** -24);
    expect(out[4]).toBe(Infinity);
  });

  it("reads F32 and F16 tensors at their offsets and skips metadata", () => {
    const f32 = new Float32Array([1.5, -2.25]);
    const f16 = Uint16Array.from([0x3c00, 0x4000]);
    const data = new Uint8Array(12);
    data.set(new Uint8Array(f32.buffer), 0);
    data.set(new Uint8Array(f16.buffer), 8);
    const parsed = parseSafetensors(
      file(
        {
          __metadata__: { role: "test" },
          a: { dtype: "F32", shape: [2], data_offsets: [0, 8] },
          b: { dtype: "F16", shape: [1, 2], data_offsets: [8, 12] },
        },
        data,
      ),
    );
    expect(Array.from(parsed.get("a")!.data)).toEqual([1.5, -2.25]);
    expect(parsed.get("b")!.shape).toEqual([1, 2]);
    expect(Array.from(parsed.get("b")!.data, (bits) => HALF_TO_FLOAT[bits]!)).toEqual([1, 2]);
  });

  it("refuses a truncated file with a message naming the tensor", () => {
    const bad = file({ w: { dtype: "F32", shape: [4], data_offsets: [0, 16] } }, new Uint8Array(8));
    expect(() => parseSafetensors(bad)).toThrow(/tensor w is truncated/);
  });
});
