// Bad models and bad sources get a clear message that names the problem (run on the suite).
import { afterEach, describe, expect, it, vi } from "vitest";
import { OnnxCausalLm } from "./causalLm";
import { ModelFileError, UnconfirmedHostError, hubFiles, urlFiles } from "./modelFiles";
import { ModelFormatError } from "./ort";
import { nodeOrt, suiteModel } from "./suiteFixture";

const open = (files: Parameters<typeof OnnxCausalLm.open>[1]) => OnnxCausalLm.open(nodeOrt, files, { backend: "wasm" });
const bytes = async (model: string, path: string) => suiteModel(model).bytes(path);
const json = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));

describe("bad models", () => {
  it("a truncated ONNX graph is refused as possibly corrupt or truncated", async () => {
    const graph = await bytes("arm-expertise", "onnx/model.onnx");
    await expect(open(suiteModel("arm-expertise", { "onnx/model.onnx": graph.slice(0, graph.length >> 1) }))).rejects.toThrow(
      /could not be opened.*corrupt or truncated/,
    );
  });

  it("garbage bytes in place of the graph are refused the same way", async () => {
    const garbage = new Uint8Array(4096).map((_, i) => (i * 37) & 0xff);
    await expect(open(suiteModel("arm-expertise", { "onnx/model.onnx": garbage }))).rejects.toThrow(ModelFormatError);
  });

  it("a missing tokenizer is named", async () => {
    await expect(open(suiteModel("arm-expertise", { "tokenizer.json": null }))).rejects.toThrow(/no usable tokenizer\.json/);
  });

  it("a tokenizer with more tokens than the model's logits is refused as not belonging to the model", async () => {
    const tok = JSON.parse(new TextDecoder().decode(await bytes("arm-expertise", "tokenizer.json")));
    const config = JSON.parse(new TextDecoder().decode(await bytes("arm-expertise", "config.json")));
    tok.added_tokens.push({ id: config.vocab_size + 50, content: "<|extra|>", single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
    await expect(open(suiteModel("arm-expertise", { "tokenizer.json": json(tok) }))).rejects.toThrow(
      /has \d+ tokens but the model's logits have \d+.*does not belong/,
    );
  });

  it("a graph without the decoder's KV-cache inputs is refused, naming what is missing", async () => {
    const armConfig = JSON.parse(new TextDecoder().decode(await bytes("arm-expertise", "config.json")));
    const files = suiteModel("arm-expertise", { "onnx/model.onnx": await bytes("rm", "onnx/model.onnx"), "config.json": json(armConfig) });
    await expect(open(files)).rejects.toThrow(/missing inputs: position_ids, past_key_values\.0\.key/);
  });
});

describe("bad sources", () => {
  afterEach(() => vi.restoreAllMocks());

  it("never fetches from a host the user has not confirmed", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const files = urlFiles("https://models.example.org/policy/", { origin: "http://localhost:5173", confirmedHosts: new Set() });
    await expect(files.bytes("config.json")).rejects.toThrow(UnconfirmedHostError);
    await expect(files.bytes("config.json")).rejects.toThrow(/not been allowed to download from models\.example\.org/);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("an unreachable confirmed host gives a message with the URL", async () => {
    const files = urlFiles("http://127.0.0.1:9/model/", { origin: "http://localhost:5173", confirmedHosts: new Set(["127.0.0.1:9"]) });
    await expect(files.bytes("config.json")).rejects.toThrow(/could not reach http:\/\/127\.0\.0\.1:9\/model\/config\.json/);
  });

  it("a hub id that is not owner/name is refused before any download", () => {
    expect(() => hubFiles("not a model id", { origin: "http://localhost", confirmedHosts: new Set() })).toThrow(ModelFileError);
    expect(() => hubFiles("../../etc", { origin: "http://localhost", confirmedHosts: new Set() })).toThrow(/owner\/name/);
  });

  it("a non-http URL is refused", () => {
    expect(() => urlFiles("javascript:alert(1)", { origin: "http://localhost", confirmedHosts: new Set() })).toThrow(/only http\(s\)/);
  });
});
