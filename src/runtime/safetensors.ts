// Reader for the safetensors format the forge writes for Alignment Vectors: an 8-byte
// little-endian header length, a JSON header {name: {dtype, shape, data_offsets}} and the
// raw tensor bytes. The npm registry has no maintained reader of it, and this is the whole
// format. Only the dtypes the forge writes for deltas are read: int8 steps and their
// float32 scales.

export type NamedTensor =
  | { dtype: "F32"; shape: number[]; data: Float32Array }
  | { dtype: "I8"; shape: number[]; data: Int8Array };

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/**
 * The tensors of a safetensors file, given as bytes that may lie anywhere in a larger buffer.
 * Each tensor is copied out once into its own buffer (a float32 view needs 4-byte alignment,
 * which a tensor's offset in the file does not promise), so the file's bytes can be dropped.
 */
export function parseSafetensors(file: Uint8Array): Map<string, NamedTensor> {
  if (file.byteLength < 8) throw new Error("safetensors: file shorter than its 8-byte header length");
  const headerLength = Number(new DataView(file.buffer, file.byteOffset, 8).getBigUint64(0, true));
  if (8 + headerLength > file.byteLength) throw new Error("safetensors: header runs past the end of the file");
  const header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + headerLength))) as Record<
    string,
    HeaderEntry | Record<string, string>
  >;
  const dataStart = 8 + headerLength;
  const out = new Map<string, NamedTensor>();
  for (const [name, raw] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const entry = raw as HeaderEntry;
    const [begin, end] = entry.data_offsets;
    if (dataStart + end > file.byteLength) throw new Error(`safetensors: tensor ${name} is truncated`);
    const bytes = file.slice(dataStart + begin, dataStart + end).buffer;
    if (entry.dtype === "F32") {
      out.set(name, { dtype: "F32", shape: entry.shape, data: new Float32Array(bytes) });
    } else if (entry.dtype === "I8") {
      out.set(name, { dtype: "I8", shape: entry.shape, data: new Int8Array(bytes) });
    } else {
      throw new Error(`safetensors: tensor ${name} has unsupported dtype ${entry.dtype}`);
    }
  }
  return out;
}
