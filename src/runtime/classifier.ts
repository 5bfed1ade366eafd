/**
 * Reward models in the *ForSequenceClassification / *ForTokenClassification ONNX layout:
 * input_ids and attention_mask in, logits out, (batch, labels) or (batch, seq, labels).
 * Rows are right-padded; the sequence head reads the last real token, as the forge's does.
 */
import { ChatTokenizer } from "./chatTokenizer";
import { readJson, type ModelFiles, type ProgressFn } from "./modelFiles";
import { int64, oneAtATime, openSession, requireNames, type Backend, type Ort, type OrtSession } from "./ort";

export interface ClassifierConfig {
  id2label: Record<string, string>;
  pad_token_id?: number | null;
  eos_token_id?: number | null;
  max_position_embeddings?: number;
}

export class OnnxClassifier {
  readonly labels: string[];

  private constructor(
    private readonly ort: Ort,
    private readonly session: OrtSession,
    readonly config: ClassifierConfig,
    readonly tokenizer: ChatTokenizer,
  ) {
    this.labels = Object.keys(config.id2label)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => config.id2label[k]!);
  }

  static async open(ort: Ort, files: ModelFiles, backend: Backend, onProgress?: ProgressFn): Promise<OnnxClassifier> {
    const config = await readJson<ClassifierConfig>(files, "config.json", onProgress);
    const tokenizer = await ChatTokenizer.load(files, onProgress);
    const graph = await files.bytes("onnx/model.onnx", onProgress);
    const what = `onnx/model.onnx from ${files.description}`;
    const session = await openSession(ort, graph, what, { executionProviders: [backend], graphOptimizationLevel: "all" });
    requireNames(session, what, ["input_ids", "attention_mask"], ["logits"]);
    return new OnnxClassifier(ort, session, config, tokenizer);
  }

  /** The ids a reward model reads for an instruction and an answer (the forge's chat(x, a)), cut from the left to fit. */
  pairIds(instruction: string, answer: string): number[] {
    const ids = this.tokenizer.chatPair(instruction, answer);
    const max = this.config.max_position_embeddings ?? ids.length;
    return ids.slice(Math.max(0, ids.length - max));
  }

  /** Raw logits per row: labels for a sequence head, (tokens × labels) for a token head. */
  async logits(rows: readonly (readonly number[])[]): Promise<Float32Array[]> {
    const len = Math.max(...rows.map((r) => r.length));
    const pad = this.config.pad_token_id ?? 0;
    const ids = rows.map((r) => [...r, ...Array<number>(len - r.length).fill(pad)]);
    const mask = rows.map((r) => [...Array<number>(r.length).fill(1), ...Array<number>(len - r.length).fill(0)]);
    const feeds = { input_ids: int64(this.ort, ids), attention_mask: int64(this.ort, mask) };
    const out = await oneAtATime(() => this.session.run(feeds));
    const t = out.logits!;
    const data = t.data as Float32Array;
    const per = data.length / rows.length;
    const labels = this.labels.length;
    return rows.map((r, i) => data.slice(i * per, i * per + (t.dims.length === 3 ? r.length * labels : per)));
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
