// Test fixture: the embedded suite (or the one named by ALIGNSCOPE_SUITE, e.g. the forge's
// quick build) read from disk, and onnxruntime-web's WASM backend under Node, so the tests
// run the same runtime code as the browser.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as ort from "onnxruntime-web";
import { ModelFileError, type ModelFiles } from "./modelFiles";
import type { Ort } from "./ort";

export const SUITE_DIR = resolve(process.env.ALIGNSCOPE_SUITE ?? "public/models");
ort.env.wasm.numThreads = 1;
export const nodeOrt: Ort = ort;

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

/** A model folder on disk, optionally with some files replaced or removed (for bad-input tests). */
export function diskFiles(dir: string, overrides: Record<string, Uint8Array | null> = {}): ModelFiles {
  return {
    description: dir,
    async bytes(path, onProgress) {
      const file = join(dir, path);
      const bytes = path in overrides ? overrides[path] : existsSync(file) ? new Uint8Array(readFileSync(file)) : null;
      if (!bytes) throw new ModelFileError(`${path} is missing from ${dir}`);
      onProgress?.({ file: path, loaded: bytes.length, total: bytes.length });
      return bytes;
    },
  };
}

export const suiteModel = (name: string, overrides: Record<string, Uint8Array | null> = {}) => diskFiles(join(SUITE_DIR, name), overrides);
