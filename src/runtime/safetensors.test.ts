import { describe, expect, it } from "vitest";
import { parseSafetensors } from "./safetensors";

function file(header: object, data: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(JSON.stringify(header));
  const buf = new Uint8Array(8 + head.length + data.length);
  new DataView(buf.buffer).setBigUint64(0, BigInt(head.length), true);
  buf.set(head, 8);
  buf.set(data, 8 + head.length);
  return buf;
}

describe("safetensors reader", () => {
  it("reads F32 and I8 tensors at their offsets and skips metadata", () => {
    const f32 = new Float32Array([1.5, -2.25]);
    const i8 = Int8Array.from([127, -127, 3, 0]);
    const data = new Uint8Array(12);
    data.set(new Uint8Array(f32.buffer), 0);
    data.set(new Uint8Array(i8.buffer), 8);
    const parsed = parseSafetensors(
      file(
        {
          __metadata__: { role: "test" },
          a: { dtype: "F32", shape: [2], data_offsets: [0, 8] },
          b: { dtype: "I8", shape: [2, 2], data_offsets: [8, 12] },
        },
        data,
      ),
    );
    expect(Array.from(parsed.get("a")!.data)).toEqual([1.5, -2.25]);
    expect(parsed.get("b")!.shape).toEqual([2, 2]);
    expect(Array.from(parsed.get("b")!.data)).toEqual([127, -127, 3, 0]);
  });

  it("reads a file that lies at an odd offset inside a larger buffer, into aligned tensors of its own", () => {
    const f32 = new Float32Array([0.5, 4]);
    const bytes = file({ s: { dtype: "F32", shape: [2], data_offsets: [0, 8] } }, new Uint8Array(f32.buffer));
    const larger = new Uint8Array(bytes.length + 10).fill(0xff);
    larger.set(bytes, 3);
    const parsed = parseSafetensors(larger.subarray(3, 3 + bytes.length));
    expect(Array.from(parsed.get("s")!.data)).toEqual([0.5, 4]);
    expect(parsed.get("s")!.data.buffer).not.toBe(larger.buffer);
  });

  it("refuses a dtype the forge does not write, naming it", () => {
    const half = file({ h: { dtype: "F16", shape: [1], data_offsets: [0, 2] } }, new Uint8Array(2));
    expect(() => parseSafetensors(half)).toThrow(/tensor h has unsupported dtype F16/);
  });

  it("refuses a truncated file with a message naming the tensor", () => {
    const bad = file({ w: { dtype: "F32", shape: [4], data_offsets: [0, 16] } }, new Uint8Array(8));
    expect(() => parseSafetensors(bad)).toThrow(/tensor w is truncated/);
  });
});
