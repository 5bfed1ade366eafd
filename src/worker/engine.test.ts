// The worker's engine on the suite under Node (onnxruntime-web WASM): what the browser worker runs.
import { describe, expect, it } from "vitest";
import { nodeOrt, readSuiteJson, SUITE_DIR, diskFiles, type Golden } from "../runtime/suiteFixture";
import { Engine } from "./engine";
import type { GenerateEvent, GenerateRequest, LoadProgress } from "./protocol";

const golden = readSuiteJson<Golden>("golden.json");
const greedyCase = golden.models.policy[0]!;

async function loadedEngine() {
  const engine = new Engine({ ort: nodeOrt, suite: diskFiles(SUITE_DIR), crossOriginIsolated: false, hardwareThreads: 2 });
  const progress: LoadProgress[] = [];
  const info = await engine.init({ backend: "auto", threads: 0 }, (p) => progress.push(p));
  return { engine, info, progress };
}

const request = (over: Partial<GenerateRequest> = {}): GenerateRequest => ({
  prompt: greedyCase.instruction,
  maxNewTokens: greedyCase.max_new_tokens,
  temperature: 0,
  topK: 0,
  topP: 1,
  seed: 1,
  lambdas: {},
  ...over,
});

describe("engine", () => {
  it("loads the whole suite with byte progress up to the manifest's total, on WASM without a GPU", async () => {
    const { info, progress } = await loadedEngine();
    expect(info.device.backend).toBe("wasm");
    expect(info.device.threads).toBe(1); // no cross-origin isolation, no threads
    expect(info.suite.dimensions.length).toBeGreaterThanOrEqual(4);
    expect(info.suite.examplePrompts).toHaveLength(8);
    const last = progress[progress.length - 1]!;
    expect(last.loadedBytes).toBeGreaterThan(0.5 * last.totalBytes);
    expect(last.loadedBytes).toBeLessThanOrEqual(last.totalBytes);
  });

  it("streams the policy's greedy golden continuation token by token", async () => {
    const { engine } = await loadedEngine();
    const events: GenerateEvent[] = [];
    const out = await engine.generate(request(), (e) => events.push(e));
    expect(out.tokenIds).toEqual(greedyCase.greedy_ids);
    const tokenEvents = events.filter((e) => e.type === "tokens");
    expect(tokenEvents.length).toBe(out.tokenIds.length);
    expect(tokenEvents[tokenEvents.length - 1]).toMatchObject({ text: out.text });
  });

  it("gives the same sampled tokens for the same seed and steers with λ as the forge's mixed golden", async () => {
    const { engine } = await loadedEngine();
    const sampled = request({ temperature: 0.9, topK: 40, topP: 0.95, seed: 7, maxNewTokens: 20 });
    const a = await engine.generate(sampled, () => {});
    const b = await engine.generate(sampled, () => {});
    expect(b.tokenIds).toEqual(a.tokenIds);
    const mixed = golden.models.policy_mixed;
    const c = mixed.cases[0]!;
    const steered = await engine.generate(request({ prompt: c.instruction, maxNewTokens: c.max_new_tokens, lambdas: mixed.lambdas }), () => {});
    expect(steered.tokenIds).toEqual(c.greedy_ids);
    const back = await engine.generate(request(), () => {});
    expect(back.tokenIds).toEqual(greedyCase.greedy_ids);
  });

  it("a cancel stops the run, keeps the text so far, and the next run works", async () => {
    const { engine } = await loadedEngine();
    let seen = 0;
    const out = await engine.generate(request({ temperature: 1, maxNewTokens: 200 }), (e) => {
      if (e.type === "tokens" && ++seen === 3) engine.cancel();
    });
    expect(out.finish).toBe("cancelled");
    expect(out.tokenIds.length).toBe(3);
    const next = await engine.generate(request(), () => {});
    expect(next.tokenIds).toEqual(greedyCase.greedy_ids);
  });

  it("a new request cancels the one running and waits for it", async () => {
    const { engine } = await loadedEngine();
    const first = engine.generate(request({ temperature: 1, maxNewTokens: 200 }), () => {});
    const second = engine.generate(request(), () => {});
    expect((await first).finish).toBe("cancelled");
    expect((await second).tokenIds).toEqual(greedyCase.greedy_ids);
  });
});
