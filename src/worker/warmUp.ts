/**
 * The run the engine makes once the whole suite has loaded on WASM, before the user's first.
 *
 * Why: V8 first compiles onnxruntime's WASM with its baseline compiler and recompiles each
 * function that turns hot with its optimizing one, on background threads. The kernels the
 * methods use beyond plain generation (batched rows of different lengths, the ARMs, the reward
 * models) turned hot during the user's first DARWIN run: a trace of that run on this 2-core
 * machine showed 0.9 s of CPU spent on optimizing compilation beside the decoding, and the
 * page's main thread waited for a core (tasks of 93-122 ms wall held 5-24 ms of its own work).
 * A run made for the purpose does that compiling while the user reads the page.
 *
 * The run composes what the views use: DARWIN (batched beams from mutated instructions of
 * different lengths, replacement) over GenARM (every ARM), scored by the reward model, the
 * token reward model and the oracle. Its results are thrown away.
 */
import { CONFIG_VERSION, type RunConfigInput } from "../core/config";

export function warmUpConfig(instruction: string, arms: readonly string[]): RunConfigInput {
  return {
    version: CONFIG_VERSION,
    instruction,
    seed: 1,
    maxNewTokens: 32,
    decoder: arms.length ? { kind: "genarm", alphas: Object.fromEntries(arms.map((a) => [a, 0.5])) } : { kind: "sample" },
    search: { kind: "darwin", beams: 4, keep: 2, replacementPeriod: 8, iterations: 2, replacement: true, mutation: "world" },
  };
}
