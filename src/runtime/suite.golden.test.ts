// The embedded suite, checked against the forge's golden outputs: the forge and the
// JavaScript stack must agree on tokens, greedy continuations and reward logits.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { AutoTokenizer, env } from "@huggingface/transformers";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { parseSafetensors } from "./safetensors";
import { SUITE_DIR, greedy, openSession, readSuiteJson, rewardLogits, type Golden, type LmGolden } from "./suiteFixture";

env.allowRemoteModels = false;
env.localModelPath = SUITE_DIR + "/";

// The committed suite is checked when it is there; CI always checks its fresh quick build
// (npm run test:quick-suite sets ALIGNSCOPE_SUITE), so the checks themselves always run.
const present = process.env.ALIGNSCOPE_SUITE !== undefined || existsSync(join(SUITE_DIR, "manifest.json"));
if (!present) console.warn(`no suite at ${SUITE_DIR}: build it with npm run forge; its golden checks are skipped`);
const golden = present ? readSuiteJson<Golden>("golden.json") : ({} as Golden);
const manifest = !present ? ({} as never) : readSuiteJson<{
  quick: boolean;
  total_bytes: number;
  models: Record<string, { files: Record<string, { bytes: number; sha256: string }> }>;
}>("manifest.json");
const LOGIT_TOLERANCE = 1e-3;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

async function expectGreedyMatches(model: string, cases: LmGolden[], feeds: Record<string, ort.Tensor> = {}, file?: string) {
  const config = readSuiteJson<Parameters<typeof greedy>[1]>(model, "config.json");
  const session = await openSession(model, file);
  for (const c of cases) {
    const { ids, firstLogits } = await greedy(session, config, c.prompt_ids, c.max_new_tokens, feeds);
    expect(ids, c.instruction).toEqual(c.greedy_ids);
    expect(maxAbsDiff(c.top_ids.map((i) => firstLogits[i]!), c.top_logits)).toBeLessThan(LOGIT_TOLERANCE);
  }
}

describe.runIf(present)(`embedded suite at ${SUITE_DIR}`, () => {
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

  it("tokenizes the golden strings with transformers.js exactly as the forge does", async () => {
    const tokenizer = await AutoTokenizer.from_pretrained("policy");
    for (const { text, ids } of golden.tokenizer) {
      expect(tokenizer.encode(text, { add_special_tokens: false }), text).toEqual(ids);
      expect(tokenizer.decode(ids, { skip_special_tokens: false })).toBe(text);
    }
  });

  it("builds the chat prompt with the tokenizer's chat template as the forge does", async () => {
    const tokenizer = await AutoTokenizer.from_pretrained("policy");
    for (const c of golden.models.policy) {
      const ids = tokenizer.apply_chat_template([{ role: "user", content: c.instruction }], {
        add_generation_prompt: true,
        tokenize: true,
        return_tensor: false,
        return_dict: false,
      });
      expect(ids).toEqual(c.prompt_ids);
    }
  });

  it("decodes the policy's golden prompts greedily to the forge's tokens", async () => {
    await expectGreedyMatches("policy", golden.models.policy);
  });

  it("decodes each ARM's golden prompts greedily to the forge's tokens", async () => {
    const arms = Object.keys(golden.models).filter((m) => m.startsWith("arm-"));
    expect(arms.length).toBeGreaterThanOrEqual(2);
    for (const arm of arms) await expectGreedyMatches(arm, golden.models[arm] as LmGolden[]);
  });

  it("mixes base weights and alignment vectors into the mixable graph as the forge does", async () => {
    const { lambdas, cases } = golden.models.policy_mixed;
    const read = (f: string) => parseSafetensors(readFileSync(join(SUITE_DIR, "policy", "av", f)).buffer as ArrayBuffer);
    const base = read("base.safetensors");
    const vectors = Object.fromEntries(Object.keys(lambdas).map((d) => [d, read(`${d}.safetensors`)]));
    const feeds: Record<string, ort.Tensor> = {};
    for (const [name, t] of base) {
      const w = t.data.slice();
      for (const [d, lam] of Object.entries(lambdas)) {
        const delta = vectors[d]!.get(name)!.data;
        for (let i = 0; i < w.length; i++) w[i]! += lam * delta[i]!;
      }
      feeds[name] = new ort.Tensor("float32", w, t.shape);
    }
    await expectGreedyMatches("policy", cases, feeds, "model_mixable.onnx");
  });

  it("gives the forge's sequence and token reward logits", async () => {
    for (const model of ["rm", "token-rm"] as const) {
      const session = await openSession(model);
      for (const c of golden.models[model]) {
        const got = await rewardLogits(session, c.input_ids);
        expect(maxAbsDiff(got, c.logits.flat())).toBeLessThan(LOGIT_TOLERANCE);
      }
    }
  });
});
