/**
 * A model folder's tokenizer: tokenizer.json through @huggingface/tokenizers and the chat
 * template of tokenizer_config.json through @huggingface/jinja, the two pieces
 * transformers.js itself uses, without pulling the rest of transformers.js into the app.
 */
import { Template } from "@huggingface/jinja";
import { Tokenizer } from "@huggingface/tokenizers";
import { ModelFileError, readJson, type ModelFiles, type ProgressFn } from "./modelFiles";
import type { TextCodec } from "../core/rewardModel";

interface TokenizerConfig {
  chat_template?: string;
  eos_token?: string | { content: string } | null;
  pad_token?: string | { content: string } | null;
}

const tokenText = (t: TokenizerConfig["eos_token"]) => (typeof t === "string" ? t : (t?.content ?? null));

export class ChatTokenizer implements TextCodec {
  private readonly template: Template | null;

  private constructor(
    private readonly tokenizer: Tokenizer,
    private readonly config: TokenizerConfig,
    readonly vocabSize: number,
  ) {
    this.template = config.chat_template ? new Template(config.chat_template) : null;
  }

  static async load(files: ModelFiles, onProgress?: ProgressFn): Promise<ChatTokenizer> {
    let json: { model?: { vocab?: Record<string, number> }; added_tokens?: { id: number }[] };
    try {
      json = await readJson(files, "tokenizer.json", onProgress);
    } catch (e) {
      throw new ModelFileError(`the model at ${files.description} has no usable tokenizer.json: ${(e as Error).message}`);
    }
    const config = await readJson<TokenizerConfig>(files, "tokenizer_config.json", onProgress).catch(() => ({}) as TokenizerConfig);
    const ids = [...Object.values(json.model?.vocab ?? {}), ...(json.added_tokens ?? []).map((t) => t.id)];
    if (ids.length === 0) throw new ModelFileError(`tokenizer.json at ${files.description} has an empty vocabulary`);
    let tokenizer: Tokenizer;
    try {
      tokenizer = new Tokenizer(json, config);
    } catch (e) {
      throw new ModelFileError(`tokenizer.json at ${files.description} could not be read: ${(e as Error).message}`);
    }
    return new ChatTokenizer(tokenizer, config, Math.max(...ids) + 1);
  }

  encode(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false }).ids;
  }

  decode(ids: readonly number[], skipSpecial = true): string {
    if (ids.length === 0) return "";
    return this.tokenizer.decode([...ids], { skip_special_tokens: skipSpecial });
  }

  /** The prompt ids for a user instruction, ready for the assistant's answer. */
  prompt(instruction: string): number[] {
    if (!this.template) return this.encode(instruction);
    return this.encode(this.render([{ role: "user", content: instruction }], true));
  }

  private render(messages: { role: string; content: string }[], addGenerationPrompt: boolean): string {
    return this.template!.render({
      messages,
      add_generation_prompt: addGenerationPrompt,
      eos_token: tokenText(this.config.eos_token),
      bos_token: "",
    });
  }

  /** An instruction and its answer as one conversation, as reward models read it. */
  chatPair(instruction: string, answer: string): number[] {
    if (!this.template) return this.encode(instruction + answer);
    return this.encode(
      this.render(
        [
          { role: "user", content: instruction },
          { role: "assistant", content: answer },
        ],
        false,
      ),
    );
  }

  tokenId(text: string): number | undefined {
    return this.tokenizer.token_to_id(text) ?? undefined;
  }
}
