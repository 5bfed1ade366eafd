// Reader for the safetensors format the forge writes for Alignment Vectors: an 8-byte
// little-endian header length, a JSON header {name: {dtype, shape, data_offsets}} and the
// raw tensor bytes. The npm registry has no maintained reader of it, and this is the whole
// format. Float16 tensors stay as their bit patterns (half the memory of float32; Node 20
// lacks Float16Array); HALF_TO_FLOAT widens them where they are used.

export type NamedTensor =
  | { dtype: "F32"; shape: number[]; data: Float32Array }
  | { dtype: "F16"; shape: number[]; data: Uint16Array };

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

export function parseSafetensors(buffer: ArrayBuffer): Map<string, NamedTensor> {
  if (buffer.byteLength < 8) throw new Error("safetensors: file shorter than its 8-byte header length");
  const headerLength = Number(new DataView(buffer).getBigUint64(0, true));
  if (8 + headerLength > buffer.byteLength) throw new Error("safetensors: header runs past the end of the file");
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, headerLength))) as Record<
    string,
    HeaderEntry | Record<string, string>
  >;
  const dataStart = 8 + headerLength;
  const out = new Map<string, NamedTensor>();
  for (const [name, raw] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const entry = raw as HeaderEntry;
    const [begin, end] = entry.data_offsets;
    if (dataStart + end > buffer.byteLength) throw new Error(`safetensors: tensor ${name} is truncated`);
    const bytes = buffer.slice(dataStart + begin, dataStart + end);
    if (entry.dtype === "F32") {
      out.set(name, { dtype: "F32", shape: entry.shape, data: new Float32Array(bytes) });
    } else if (entry.dtype === "F16") {
      out.set(name, { dtype: "F16", shape: entry.shape, data: new Uint16Array(bytes) });
    } else {
      throw new Error(`safetensors: tensor ${name} has unsupported dtype ${entry.dtype}`);
    }
  }
  return out;
}

/** IEEE 754 half → single precision, bit by bit (subnormals, infinities and NaN included). */
function widenFloat16(half: Uint16Array): Float32Array {
  const out = new Float32Array(half.length);
  for (let i = 0; i < half.length; i++) {
    const h = half[i]!;
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    if (exp === 0) out[i] = sign * 2 ** -14 * (frac / 1024);
    else if (exp === 31) out[i] = frac ? NaN : sign * Infinity;
    else out[i] = sign * 2 ** (exp - 15) * (1 + frac / 1024);
  }
  return out;
}

/** The float32 value of every float16 bit pattern: widening is one table lookup. */
export const HALF_TO_FLOAT: Float32Array = widenFloat16(Uint16Array.from({ length: 65536 }, (_, i) => i));
