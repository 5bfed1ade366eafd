// A steered policy (θ_base + Σλ·AV) answers a new λ without waiting for a session to open:
// its first pass runs on the graph that takes the weights as inputs, and the graph with the
// weights as initializers opens behind it. Which session runs which pass must not depend on
// timing, or the same λ and seed could give other tokens.
import { describe, expect, it } from "vitest";
import { generate } from "../core/generate";
import { GREEDY } from "../core/sampling";
import { AlignmentVectors } from "./alignmentVectors";
import { OnnxCausalLm } from "./causalLm";
import type { Ort, OrtSession } from "./ort";
import { LoadedSuite } from "./suite";
import { diskFiles, nodeOrt, SUITE_DIR } from "./suiteFixture";

/** nodeOrt, with every session creation and run written to `events` ("create decoder", "run as-inputs", …). */
function recordingOrt(events: string[]): Ort {
  const kind = (s: OrtSession) => (s.inputNames.includes("embed_tokens.weight") ? "as-inputs" : s.inputNames.includes("past_key_values.0.key") ? "decoder" : "other");
  const create = async (...args: Parameters<Ort["InferenceSession"]["create"]>) => {
    const session = await (nodeOrt.InferenceSession.create as (...a: unknown[]) => Promise<OrtSession>)(...args);
    events.push(`create ${kind(session)}`);
    const run = session.run.bind(session);
    session.run = ((...a: Parameters<OrtSession["run"]>) => {
      events.push(`run ${kind(session)}`);
      return run(...a);
    }) as OrtSession["run"];
    return session;
  };
  return { ...nodeOrt, InferenceSession: { ...nodeOrt.InferenceSession, create } } as unknown as Ort;
}

const LAMBDAS = { medical: 0.8, warmth: -0.4 };

describe("a steered policy on WASM", () => {
  it("runs a new λ's first pass on the weights-as-inputs graph before the decoder opens, and every later pass on the decoder", async () => {
    const events: string[] = [];
    const suite = await LoadedSuite.open(recordingOrt(events), diskFiles(SUITE_DIR), "wasm");
    await suite.whenComplete();
    const policy = await suite.policy(LAMBDAS);
    const prompt = suite.codec.prompt("What should I do about a persistent cough?");
    events.length = 0;
    const out = await generate(policy, [prompt], { maxNewTokens: 4, minNewTokens: 4, sampling: GREEDY, seed: 0 });
    expect(out.tokens[0]).toHaveLength(4);
    expect(events).toEqual(["run as-inputs", "create decoder", "run decoder", "run decoder", "run decoder"]);
    events.length = 0;
    await generate(policy, [prompt], { maxNewTokens: 2, sampling: GREEDY, seed: 0 });
    expect(events, "the decoder is open now; the first pass still runs on the weights-as-inputs graph").toEqual(["run as-inputs", "run decoder"]);
  });

  it("opens no decoder for a λ that a newer λ replaced before it decoded", async () => {
    const events: string[] = [];
    const suite = await LoadedSuite.open(recordingOrt(events), diskFiles(SUITE_DIR), "wasm");
    await suite.whenComplete();
    events.length = 0;
    await suite.policy(LAMBDAS); // a slider passing through…
    const policy = await suite.policy({ medical: 0.2 }); // …to where it stops: the first model is released unopened
    expect(events).toEqual([]);
    await generate(policy, [suite.codec.prompt("What should I do about a persistent cough?")], { maxNewTokens: 2, minNewTokens: 2, sampling: GREEDY, seed: 0 });
    expect(events).toEqual(["run as-inputs", "create decoder", "run decoder"]);
  });

  it("gives the same tokens and first logits whether or not the decoder had opened", async () => {
    const suite = await LoadedSuite.open(nodeOrt, diskFiles(SUITE_DIR), "wasm");
    await suite.whenComplete();
    const prompts = ["How do I read a lease before signing?", "Explain compound interest to me."].map((t) => suite.codec.prompt(t));
    const sample = { temperature: 0.9, topK: 40, topP: 0.95 };
    const runOnce = async () => {
      const policy = await suite.policy(LAMBDAS);
      const session = await policy.start(prompts);
      const first = session.logits.map((l) => Array.from(l));
      session.dispose();
      return { first, out: await generate(policy, prompts, { maxNewTokens: 24, sampling: sample, seed: 7 }) };
    };
    const fresh = await runOnce(); // the decoder opens during this one
    await suite.policy({}); // back to the base, then the same λ again: a new mix, a new decoder
    const again = await runOnce();
    const warm = await runOnce(); // the same steered model, its decoder open from the start
    expect(again.out.tokens).toEqual(fresh.out.tokens);
    expect(warm.out.tokens).toEqual(fresh.out.tokens);
    expect(warm.first).toEqual(fresh.first);
  });

  it("names a corrupt weights-as-inputs graph when a λ asks for it, and the base policy still decodes", async () => {
    const corrupt = new Uint8Array(4096).fill(7);
    const suite = await LoadedSuite.open(nodeOrt, diskFiles(SUITE_DIR, { "policy/onnx/model_weights_as_inputs.onnx": corrupt }), "wasm");
    await expect(suite.policy(LAMBDAS)).rejects.toThrow(/model_weights_as_inputs\.onnx.*could not be opened/);
    const base = await suite.policy({});
    const out = await generate(base, [suite.codec.prompt("What is a lease?")], { maxNewTokens: 3, minNewTokens: 3, sampling: GREEDY, seed: 0 });
    expect(out.tokens[0]).toHaveLength(3);
  });

  it("refuses a weights-as-inputs graph whose inputs are not the decoder's plus the weights layout, naming the odd one", async () => {
    const files = diskFiles(`${SUITE_DIR}/policy`);
    const parts = await OnnxCausalLm.readParts(files);
    const index = await AlignmentVectors.readIndex(files);
    const graph = await files.bytes(index.weights_as_inputs_graph!);
    const { ["norm.weight"]: _dropped, ...short } = index.layout;
    await expect(OnnxCausalLm.openWeightsAsInputs(nodeOrt, graph, "as-inputs", parts, short, "wasm")).rejects.toThrow(/neither the decoder's nor the policy's weights: norm\.weight/);
    const extra = { ...index.layout, "not.a.weight": { offset: 0, shape: [1] } };
    await expect(OnnxCausalLm.openWeightsAsInputs(nodeOrt, graph, "as-inputs", parts, extra, "wasm")).rejects.toThrow(/missing inputs: not\.a\.weight/);
  });
});
