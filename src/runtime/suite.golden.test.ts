// The embedded suite, checked against the forge's golden outputs: the forge and the runtime
// (onnxruntime-web's WASM backend, the browser's code path, here under Node) must agree on
// tokens, greedy continuations, mixed Alignment Vectors and reward logits.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generate } from "../core/generate";
import { GREEDY } from "../core/sampling";
import { AlignmentVectors } from "./alignmentVectors";
import { OnnxCausalLm, WEIGHTS } from "./causalLm";
import { ChatTokenizer } from "./chatTokenizer";
import { OnnxClassifier } from "./classifier";
import type { ModelFiles } from "./modelFiles";
import { OnnxRewardModel, OnnxTokenRewardModel } from "./rewardModels";
import { SUITE_DIR, nodeOrt, readSuiteJson, suiteModel, type Golden, type LmGolden } from "./suiteFixture";

const golden = readSuiteJson<Golden>("golden.json");
const manifest = readSuiteJson<{
  total_bytes: number;
  models: Record<string, { files: Record<string, { bytes: number; sha256: string }> }>;
}>("manifest.json");
const LOGIT_TOLERANCE = 1e-3;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

function softmax(logits: readonly number[]): number[] {
  const exps = logits.map((l) => Math.exp(l - Math.max(...logits)));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

async function expectGreedyMatches(model: OnnxCausalLm, cases: LmGolden[]) {
  for (const c of cases) {
    const out = await generate(model, [c.prompt_ids], { maxNewTokens: c.max_new_tokens, sampling: GREEDY, seed: 0 });
    expect(out.tokens[0], c.instruction).toEqual(c.greedy_ids);
    const session = await model.start([c.prompt_ids]);
    const first = session.logits[0]!;
    session.dispose();
    expect(maxAbsDiff(c.top_ids.map((i) => first[i]!), c.top_logits)).toBeLessThan(LOGIT_TOLERANCE);
  }
}

const openLm = (files: ModelFiles, weights?: Uint8Array) => OnnxCausalLm.open(nodeOrt, files, { backend: "wasm", weights });

describe(`embedded suite at ${SUITE_DIR}`, () => {
  it("lists files whose sizes and sha256 match the manifest", () => {
    for (const [name, entry] of Object.entries(manifest.models)) {
      for (const [rel, f] of Object.entries(entry.files)) {
        const bytes = readFileSync(join(SUITE_DIR, name, rel));
        expect(bytes.length, `${name}/${rel}`).toBe(f.bytes);
        expect(createHash("sha256").update(bytes).digest("hex"), `${name}/${rel}`).toBe(f.sha256);
      }
    }
  });

  it("stays within the 60 MB budget", () => {
    expect(manifest.total_bytes).toBeLessThanOrEqual(60 * 1024 * 1024);
  });

  it("tokenizes the golden strings with @huggingface/tokenizers exactly as the forge does", async () => {
    const tokenizer = await ChatTokenizer.load(suiteModel("policy"));
    for (const { text, ids } of golden.tokenizer) {
      expect(tokenizer.encode(text), text).toEqual(ids);
      expect(tokenizer.decode(ids, false)).toBe(text);
    }
  });

  it("builds chat prompts and reward-model inputs with the chat template as the forge does", async () => {
    const tokenizer = await ChatTokenizer.load(suiteModel("policy"));
    for (const c of golden.models.policy) expect(tokenizer.prompt(c.instruction)).toEqual(c.prompt_ids);
    for (const c of golden.models.rm) expect(tokenizer.chatPair(c.instruction, c.answer)).toEqual(c.input_ids);
  });

  it("decodes the policy's golden prompts greedily to the forge's tokens", async () => {
    await expectGreedyMatches(await openLm(suiteModel("policy")), golden.models.policy);
  });

  it("decodes prompts of different lengths in one batch to the same tokens as one by one", async () => {
    const model = await openLm(suiteModel("policy"));
    const cases = golden.models.policy;
    expect(new Set(cases.map((c) => c.prompt_ids.length)).size).toBeGreaterThan(1);
    const maxNew = Math.max(...cases.map((c) => c.max_new_tokens));
    const out = await generate(model, cases.map((c) => c.prompt_ids), { maxNewTokens: maxNew, sampling: GREEDY, seed: 0 });
    cases.forEach((c, i) => expect(out.tokens[i], c.instruction).toEqual(c.greedy_ids));
  });

  it("decodes each ARM's golden prompts greedily to the forge's tokens", async () => {
    const arms = Object.keys(golden.models).filter((m) => m.startsWith("arm-"));
    expect(arms.length).toBeGreaterThanOrEqual(2);
    for (const arm of arms) await expectGreedyMatches(await openLm(suiteModel(arm)), golden.models[arm] as LmGolden[]);
  });

  it("mixes alignment vectors into the base weights as the forge does", async () => {
    const { lambdas, cases } = golden.models.policy_mixed;
    const files = suiteModel("policy");
    const vectors = await AlignmentVectors.load(files, await files.bytes(WEIGHTS));
    await expectGreedyMatches(await openLm(files, vectors.mix(lambdas)), cases);
  });

  it("decodes the mixed goldens to the forge's tokens when each first pass runs on the weights-as-inputs graph", async () => {
    const { lambdas, cases } = golden.models.policy_mixed;
    const files = suiteModel("policy");
    const parts = await OnnxCausalLm.readParts(files);
    const vectors = await AlignmentVectors.load(files, parts.weights!);
    const path = vectors.index.weights_as_inputs_graph!;
    expect(path, "the forge writes the policy's weights-as-inputs graph").toBeDefined();
    const asInputs = await OnnxCausalLm.openWeightsAsInputs(nodeOrt, await files.bytes(path), path, parts, vectors.index.layout, "wasm");
    await expectGreedyMatches(OnnxCausalLm.steered(nodeOrt, parts, vectors.mix(lambdas), vectors.index.layout, asInputs, "wasm"), cases);
  });

  it("gives the forge's sequence and token reward logits", async () => {
    for (const name of ["rm", "token-rm"] as const) {
      const model = await OnnxClassifier.open(nodeOrt, suiteModel(name), "wasm");
      const cases = golden.models[name];
      const got = await model.logits(cases.map((c) => c.input_ids));
      cases.forEach((c, i) => expect(maxAbsDiff(got[i]!, c.logits.flat())).toBeLessThan(LOGIT_TOLERANCE));
    }
  });

  it("scores (prompt, answer) ids as the forge's reward models read chat(x, y): sequence heads and p_pos − p_neg per token", async () => {
    const tokenizer = await ChatTokenizer.load(suiteModel("policy"));
    const pairsOf = (cases: { instruction: string; answer: string }[]) =>
      cases.map((c) => ({ prompt: tokenizer.prompt(c.instruction), answer: tokenizer.encode(c.answer) }));
    const rm = new OnnxRewardModel(await OnnxClassifier.open(nodeOrt, suiteModel("rm"), "wasm"));
    const scores = await rm.score(pairsOf(golden.models.rm));
    golden.models.rm.forEach((c, i) => expect(maxAbsDiff(scores[i]!, c.logits.flat())).toBeLessThan(LOGIT_TOLERANCE));

    const tokenRm = new OnnxTokenRewardModel(await OnnxClassifier.open(nodeOrt, suiteModel("token-rm"), "wasm"));
    const cases = golden.models["token-rm"];
    const pairs = pairsOf(cases);
    const rewards = await tokenRm.tokenRewards(pairs);
    cases.forEach((c, i) => {
      const start = pairs[i]!.prompt.length;
      const expected = pairs[i]!.answer.map((_, t) => {
        const [neg, , pos] = softmax(c.logits[start + t] as number[]);
        return pos! - neg!;
      });
      expect(maxAbsDiff(rewards[i]!, expected)).toBeLessThan(LOGIT_TOLERANCE);
    });
    // past the 256-token context the row is cut from the right, as the forge cuts it: the kept
    // tokens' rewards do not change (the model is causal) and the rest are NaN
    const p = pairs[0]!;
    const long = { prompt: p.prompt, answer: Array.from({ length: 300 }, (_, t) => p.answer[t % p.answer.length]!) };
    const [cut] = await tokenRm.tokenRewards([long]);
    const [short] = await tokenRm.tokenRewards([{ prompt: p.prompt, answer: long.answer.slice(0, 40) }]);
    expect(maxAbsDiff(cut!.slice(0, 40), short!)).toBeLessThan(1e-5);
    expect(cut!.slice(256 - p.prompt.length).every(Number.isNaN)).toBe(true);
    expect(cut!.slice(0, 256 - p.prompt.length).some(Number.isNaN)).toBe(false);
  });
});
