// Test fixture: reads the embedded suite (or the one named by ALIGNSCOPE_SUITE, e.g. the
// forge's quick build) and runs its ONNX graphs with onnxruntime-node. The runtime issue
// replaces the little decode loop here with the real engine; the goldens stay the same.
import { readFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import * as ort from "onnxruntime-node";

export const SUITE_DIR = resolve(process.env.ALIGNSCOPE_SUITE ?? "public/models");

export interface LmGolden {
  instruction: string;
  prompt_ids: number[];
  /** greedy_ids stops at the end token or at this many tokens */
  max_new_tokens: number;
  greedy_ids: number[];
  top_ids: number[];
  top_logits: number[];
}
export interface RmGolden {
  instruction: string;
  answer: string;
  input_ids: number[];
  logits: number[] | number[][];
}
export interface Golden {
  tokenizer: { text: string; ids: number[] }[];
  models: Record<string, unknown> & {
    policy: LmGolden[];
    policy_mixed: { lambdas: Record<string, number>; cases: LmGolden[] };
    rm: RmGolden[];
    "token-rm": RmGolden[];
  };
}

export function readSuiteJson<T>(...path: string[]): T {
  const file = join(SUITE_DIR, ...path);
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: build the suite with \`npm run forge\` (or set ALIGNSCOPE_SUITE)`);
  }
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

const i64 = (rows: number[][]) =>
  new ort.Tensor("int64", BigInt64Array.from(rows.flat().map(BigInt)), [rows.length, rows[0]?.length ?? 0]);

export async function openSession(model: string, file = "model.onnx") {
  return ort.InferenceSession.create(join(SUITE_DIR, model, "onnx", file));
}

interface LmConfig {
  num_hidden_layers: number;
  num_attention_heads: number;
  head_dim: number;
  eos_token_id: number;
}

/** Greedy decoding of one prompt with the KV cache, as transformers.js feeds it. Returns the
 * new ids (without the end token) and the logits after the prompt. */
export async function greedy(
  session: ort.InferenceSession,
  config: LmConfig,
  prompt: number[],
  maxNew: number,
  extraFeeds: Record<string, ort.Tensor> = {},
): Promise<{ ids: number[]; firstLogits: Float32Array }> {
  let past: Record<string, ort.Tensor> = {};
  for (let l = 0; l < config.num_hidden_layers; l++) {
    for (const kv of ["key", "value"]) {
      past[`past_key_values.${l}.${kv}`] = new ort.Tensor("float32", new Float32Array(0), [
        1,
        config.num_attention_heads,
        0,
        config.head_dim,
      ]);
    }
  }
  let step = prompt;
  let total = 0;
  const out: number[] = [];
  let firstLogits = new Float32Array(0);
  for (let i = 0; i < maxNew; i++) {
    const positions = step.map((_, j) => total + j);
    total += step.length;
    const result = await session.run({
      input_ids: i64([step]),
      attention_mask: i64([new Array(total).fill(1)]),
      position_ids: i64([positions]),
      ...past,
      ...extraFeeds,
    });
    const logits = result.logits!;
    const vocab = logits.dims[2]!;
    const last = (logits.data as Float32Array).subarray((step.length - 1) * vocab, step.length * vocab);
    if (i === 0) firstLogits = last.slice();
    let best = 0;
    for (let v = 1; v < vocab; v++) if (last[v]! > last[best]!) best = v;
    if (best === config.eos_token_id) break;
    out.push(best);
    past = {};
    for (const [name, t] of Object.entries(result)) {
      if (name.startsWith("present.")) past[name.replace("present.", "past_key_values.")] = t;
    }
    step = [best];
  }
  return { ids: out, firstLogits };
}

export async function rewardLogits(session: ort.InferenceSession, ids: number[]): Promise<Float32Array> {
  const result = await session.run({ input_ids: i64([ids]), attention_mask: i64([ids.map(() => 1)]) });
  return result.logits!.data as Float32Array;
}
