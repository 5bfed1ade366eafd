/**
 * What the algorithms need from a language model, and nothing about how it runs: the
 * runtime implements these over onnxruntime-web, tests implement them with hand-made fakes.
 */

/** One batch of sequences being decoded together, each with its own KV cache row. */
export interface DecodeSession {
  /** Logits after the last token fed to each row (one vocabulary-sized row per sequence). */
  readonly logits: readonly Float32Array[];
  /** Told each step's sampled tokens (-1 for rows already finished) before anything advances; optional. */
  observe?(tokens: readonly number[]): void;
  /** Feeds one token per row and advances every row by one position. */
  step(tokens: readonly number[]): Promise<void>;
  /** Frees the cache; the session cannot step afterwards. */
  dispose(): void;
}

export interface LanguageModel {
  readonly vocabSize: number;
  readonly eosTokenId: number;
  /** Runs the prompts (of any lengths) through the model and returns a session positioned after them. */
  start(prompts: readonly (readonly number[])[]): Promise<DecodeSession>;
}
