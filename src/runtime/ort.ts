/**
 * The onnxruntime-web module is passed in rather than imported here, so one runtime serves
 * the browser worker ("onnxruntime-web/webgpu": WebGPU and WASM) and Node tests and
 * experiments ("onnxruntime-web": its WASM backend), with the single copy transformers.js pins.
 */
import type * as OrtModule from "onnxruntime-web";

export type Ort = typeof OrtModule;
export type OrtTensor = OrtModule.Tensor;
export type OrtSession = OrtModule.InferenceSession;
export type Backend = "wasm" | "webgpu";

export function int64(ort: Ort, rows: readonly (readonly number[])[]): OrtTensor {
  const width = rows[0]?.length ?? 0;
  const data = new BigInt64Array(rows.length * width);
  rows.forEach((r, i) => r.forEach((v, j) => (data[i * width + j] = BigInt(v))));
  return new ort.Tensor("int64", data, [rows.length, width]);
}

export class ModelFormatError extends Error {
  override name = "ModelFormatError";
}

/** Opens a graph, turning onnxruntime's errors into a message that says which file failed and why it may have. */
/**
 * onnxruntime-web work is done one call at a time, creations and runs alike. It mounts
 * external data files in one shared table while a session is created, so two creations at
 * once (the suite loading in the background while a slider remixes the policy) fail with
 * "MountedFiles is not available"; and on WebGPU a run issued while another session is being
 * created never settled in our tests. One backend instance serves one call at a time anyway.
 */
let busy: Promise<unknown> = Promise.resolve();

export function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const done = busy.then(work);
  busy = done.catch(() => undefined);
  return done;
}

export async function openSession(
  ort: Ort,
  graph: Uint8Array,
  what: string,
  options: OrtModule.InferenceSession.SessionOptions,
): Promise<OrtSession> {
  try {
    return await oneAtATime(() => ort.InferenceSession.create(graph, options));
  } catch (e) {
    throw new ModelFormatError(
      `${what} could not be opened by onnxruntime-web on ${String(options.executionProviders?.[0] ?? "wasm")}; ` +
        `the file may be corrupt or truncated (${(e as Error).message.split("\n")[0]})`,
    );
  }
}

/** Checks that a session has the inputs and outputs a caller relies on, naming what is missing. */
export function requireNames(session: OrtSession, what: string, inputs: readonly string[], outputs: readonly string[]): void {
  const missingIn = inputs.filter((n) => !session.inputNames.includes(n));
  const missingOut = outputs.filter((n) => !session.outputNames.includes(n));
  if (missingIn.length || missingOut.length) {
    throw new ModelFormatError(
      `${what} does not have the inputs and outputs AlignScope needs` +
        (missingIn.length ? `; missing inputs: ${missingIn.join(", ")}` : "") +
        (missingOut.length ? `; missing outputs: ${missingOut.join(", ")}` : "") +
        `; it has inputs ${session.inputNames.join(", ")} and outputs ${session.outputNames.join(", ")}`,
    );
  }
}
