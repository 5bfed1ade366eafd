// The worker's engine on the suite under Node (onnxruntime-web WASM): what the browser worker runs.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { nodeOrt, readSuiteJson, SUITE_DIR, diskFiles, type Golden } from "../runtime/suiteFixture";
import { Engine } from "./engine";
import { CONFIG_VERSION } from "../core/config";
import type { GenerateEvent, GenerateRequest, LoadProgress, RunEvent } from "./protocol";
import type { ModelFiles } from "../runtime/modelFiles";
import type { OrtSession } from "../runtime/ort";

/** A suite folder as the browser hands over a picked directory: Files with webkitRelativePath. */
function pickedFolder(name: string): File[] {
  const root = join(SUITE_DIR, name);
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
  return walk(root).map((path) => {
    const file = new File([readFileSync(path)], path.split("/").pop()!);
    return Object.defineProperty(file, "webkitRelativePath", { value: `${name}/${relative(root, path)}` });
  });
}

/** The suite on disk, each file reporting `chunks` progress events as a download does, chunk by chunk. */
function chunkedFiles(chunks: number): ModelFiles {
  const disk = diskFiles(SUITE_DIR);
  return {
    description: disk.description,
    async bytes(path, onProgress) {
      const bytes = await disk.bytes(path);
      for (let i = 1; i <= chunks; i++) onProgress?.({ file: path, loaded: Math.round((bytes.length * i) / chunks), total: bytes.length });
      return bytes;
    },
  };
}

const golden = readSuiteJson<Golden>("golden.json");
const greedyCase = golden.models.policy[0]!;

/** An engine with its policy ready; `whole` also waits for the ARMs and reward models, so
 * that no test's background loading competes with the next test's runs. */
async function loadedEngine(whole = true) {
  const engine = new Engine({ ort: nodeOrt, suite: diskFiles(SUITE_DIR), crossOriginIsolated: false, hardwareThreads: 2, origin: "http://localhost" });
  const progress: LoadProgress[] = [];
  const info = await engine.init({ backend: "auto", threads: 0 }, (p) => progress.push(p));
  const atReady = progress.length;
  if (whole) await engine.whenLoaded();
  return { engine, info, progress, atReady };
}

const request = (over: Partial<GenerateRequest> = {}): GenerateRequest => ({
  prompt: greedyCase.instruction,
  maxNewTokens: greedyCase.max_new_tokens,
  minNewTokens: 0,
  temperature: 0,
  topK: 0,
  topP: 1,
  seed: 1,
  lambdas: {},
  ...over,
});

describe("engine", () => {
  it("is ready once the policy is loaded, then loads the rest of the suite with byte progress up to the manifest's total, on WASM without a GPU", async () => {
    const { engine, info, progress } = await loadedEngine(false);
    expect(info.device.backend).toBe("wasm");
    expect(info.device.threads).toBe(1); // no cross-origin isolation, no threads
    expect(info.suite.dimensions.length).toBeGreaterThanOrEqual(4);
    // checkpoint groups ({} for a suite without them) name only the policy's dimensions
    expect(Object.values(info.suite.checkpoints).flat().filter((d) => !info.suite.dimensions.includes(d))).toEqual([]);
    expect(info.suite.arms).toEqual(["expertise", "concision"]);
    expect(info.suite.heads).toContain("overall");
    expect(info.suite.examplePrompts).toHaveLength(8);
    const atReady = progress[progress.length - 1]!;
    expect(progress.some((p) => p.file.startsWith("policy/"))).toBe(true);
    await engine.whenLoaded();
    const last = progress[progress.length - 1]!;
    expect(last.loadedBytes).toBeGreaterThanOrEqual(atReady.loadedBytes);
    expect(last.loadedBytes).toBeGreaterThan(0.95 * last.totalBytes);
    expect(last.loadedBytes).toBeLessThanOrEqual(last.totalBytes);
    expect(progress.some((p) => p.file.startsWith("rm/"))).toBe(true);
  });

  it("loads no delta, ARM or RM before a run asks or a second has passed, and sends at most one progress message per 100 ms besides files' ends", async () => {
    const engine = new Engine({ ort: nodeOrt, suite: chunkedFiles(50), crossOriginIsolated: false, hardwareThreads: 2, origin: "http://localhost" });
    const progress: LoadProgress[] = [];
    await engine.init({ backend: "wasm", threads: 0 }, (p) => progress.push(p));
    const files = (ps: LoadProgress[]) => new Set(ps.map((p) => p.file));
    expect([...files(progress)].filter((f) => /\.safetensors$|^(arm-|rm\/|token-rm\/)/.test(f))).toEqual([]);
    await engine.whenLoaded();
    const all = files(progress);
    expect([...all].some((f) => f.endsWith(".safetensors"))).toBe(true);
    expect([...all].some((f) => f.startsWith("arm-"))).toBe(true);
    expect(progress.at(-1)!.loadedBytes).toBeGreaterThan(0.95 * progress.at(-1)!.totalBytes); // every file's end is sent
    // 50 chunk reports per file would be 50 messages per file; the page hears of far fewer
    expect(progress.length).toBeLessThan(5 * all.size);
  });

  it("is ready before the AV deltas load: a corrupt delta fails steering and the background load, naming its file, and plain generation works", async () => {
    const dim = readSuiteJson<{ dimensions: string[] }>("policy", "av", "vectors.json").dimensions[0]!;
    const corrupt = new Uint8Array(64).fill(7);
    const engine = new Engine({ ort: nodeOrt, suite: diskFiles(SUITE_DIR, { [`policy/av/${dim}.safetensors`]: corrupt }), crossOriginIsolated: false, hardwareThreads: 2, origin: "http://localhost" });
    const info = await engine.init({ backend: "wasm", threads: 0 }, () => {});
    expect(info.suite.dimensions).toContain(dim);
    await expect(engine.whenLoaded()).rejects.toThrow(new RegExp(`av/${dim}\\.safetensors`));
    expect((await engine.generate(request(), () => {})).tokenIds).toEqual(greedyCase.greedy_ids);
    await expect(engine.generate(request({ lambdas: { [dim]: 1 } }), () => {})).rejects.toThrow(new RegExp(`av/${dim}\\.safetensors`));
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

  it("tokenizes texts as the forge's tokenizer does, at once even while a run decodes", async () => {
    const { engine } = await loadedEngine();
    for (const { text, ids } of golden.tokenizer) {
      const t = await engine.tokenize(text);
      expect(t.ids, text).toEqual(ids);
      expect(t.tokens).toHaveLength(ids.length);
      if (/^[\x20-\x7e]*$/.test(text)) expect(t.tokens.join(""), text).toBe(text); // whole-character tokens join to the text
    }
    let generated = false;
    const run = engine.generate(request({ maxNewTokens: 48, minNewTokens: 48 }), () => {}).then(() => (generated = true));
    const t = await engine.tokenize("Rest and drink warm water.");
    expect(generated).toBe(false); // not queued behind the run
    expect(t.tokens.join("")).toBe("Rest and drink warm water.");
    await run;
    await expect(engine.tokenize("x".repeat(20_001))).rejects.toThrow(/too long/);
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
    const out = await engine.generate(request({ temperature: 1, maxNewTokens: 200, minNewTokens: 200 }), (e) => {
      if (e.type === "tokens" && ++seen === 3) engine.cancel();
    });
    expect(out.finish).toBe("cancelled");
    expect(out.tokenIds.length).toBe(3);
    const next = await engine.generate(request(), () => {});
    expect(next.tokenIds).toEqual(greedyCase.greedy_ids);
  });

  it("a new request cancels the one running and waits for it", async () => {
    const { engine } = await loadedEngine();
    const first = engine.generate(request({ temperature: 1, maxNewTokens: 200, minNewTokens: 200 }), () => {});
    const second = engine.generate(request(), () => {});
    expect((await first).finish).toBe("cancelled");
    expect((await second).tokenIds).toEqual(greedyCase.greedy_ids);
  });
});

describe("engine warm-up", () => {
  it("runs the whole warm-up run on WASM once the suite is in, and none while a request runs", async () => {
    const { engine } = await loadedEngine();
    expect(await engine.warmUp()).toMatchObject({ ran: true, cancelled: false });
    const long = engine.generate(request({ temperature: 1, maxNewTokens: 200, minNewTokens: 200 }), () => {});
    expect(await engine.warmUp()).toEqual({ ran: false, why: "a request is running" });
    engine.cancel();
    expect((await long).finish).toBe("cancelled");
  });

  it("gives way to a request made while it runs: the warm-up is cancelled, and the request gets its own golden tokens", async () => {
    const { engine } = await loadedEngine();
    const warm = engine.warmUp();
    // the warm-up has taken the engine's one request slot (what a request then cancels)
    await vi.waitFor(() => expect((engine as unknown as { running: AbortController | null }).running).not.toBeNull());
    const out = await engine.generate(request(), () => {});
    expect(out.tokenIds).toEqual(greedyCase.greedy_ids);
    expect(await warm).toMatchObject({ ran: true, cancelled: true });
  });
});

describe("engine running pipelines", () => {
  const base = { version: CONFIG_VERSION, instruction: greedyCase.instruction, maxNewTokens: 24, seed: 4 };

  it("runs Best-of-N with GenARM on the suite: streamed texts, every scorer, the budget, and the same tokens for the same seed", async () => {
    const { engine } = await loadedEngine();
    const config = { ...base, decoder: { kind: "genarm", alphas: { expertise: 1 } }, search: { kind: "bestOfN", n: 3 } };
    const events: RunEvent[] = [];
    const r = await engine.run(config, (e) => events.push(e));
    expect(r.answers).toHaveLength(3);
    expect(r.answers[r.chosen]!.objective).toBe(Math.max(...r.answers.map((a) => a.objective)));
    for (const a of r.answers) {
      expect(Object.keys(a.rm)).toContain("overall");
      expect(a.oracle!.wellformed).toBeGreaterThanOrEqual(0);
      expect(a.tokenRewards).toHaveLength(a.tokens.length);
      expect(a.trace!.expertise!.length).toBeGreaterThanOrEqual(a.tokens.length);
    }
    expect(r.budget.armPasses).toBe(r.budget.policyPasses);
    expect(r.backend).toBe("wasm");
    expect(events.some((e) => e.type === "partial")).toBe(true);
    const again = await engine.run(config, () => {});
    expect(again.answers.map((a) => a.tokens)).toEqual(r.answers.map((a) => a.tokens));
  });

  it("runs DARWIN with the world's mutations and streams its event log", async () => {
    const { engine } = await loadedEngine();
    const events: RunEvent[] = [];
    const r = await engine.run({ ...base, search: { kind: "darwin", beams: 3, keep: 2, replacementPeriod: 8, iterations: 1 } }, (e) => events.push(e));
    const darwin = events.flatMap((e) => (e.type === "darwin" ? [e.event] : []));
    expect(darwin.map((e) => e.type)).toContain("segment");
    const iteration = darwin.find((e) => e.type === "iteration");
    expect(iteration && iteration.type === "iteration" && iteration.instructions.length).toBe(3);
    expect(r.answers).toHaveLength(1);
  });

  it("pauses a DARWIN run between steps, lets one segment through on step(m), and finishes on resume", async () => {
    const { engine } = await loadedEngine();
    const segments: number[] = [];
    let paused = false;
    const run = engine.run({ ...base, maxNewTokens: 24, search: { kind: "darwin", beams: 2, keep: 1, replacementPeriod: 8, iterations: 1 } }, (e) => {
      if (e.type !== "darwin") return;
      if (e.event.type === "segment") segments.push(e.event.segment);
      if (!paused && e.event.type === "iteration") {
        paused = true;
        engine.pause();
      }
    });
    const wait = () => new Promise((r) => setTimeout(r, 300));
    await wait();
    expect(segments).toEqual([]); // held before the first segment ends
    engine.step(8);
    await vi.waitFor(() => expect(segments).toEqual([0]), { timeout: 20_000 }); // one segment's 8 steps…
    await wait();
    expect(segments).toEqual([0]); // …then held again
    engine.resume();
    const r = await run;
    expect(r.cancelled).toBe(false);
    expect(segments).toEqual([0, 1, 2]);
  });

  it("refuses a bad config or one naming what the suite lacks, with the field in the message", async () => {
    const { engine } = await loadedEngine();
    await expect(engine.run({ ...base, maxNewTokens: -1 }, () => {})).rejects.toThrow(/maxNewTokens/);
    await expect(engine.run({ ...base, decoder: { kind: "genarm", alphas: { humour: 1 } } }, () => {})).rejects.toThrow(/decoder\.alphas\.humour/);
    await expect(engine.run({ ...base, policy: { lambdas: { poetry: 1 } } }, () => {})).rejects.toThrow(/policy\.lambdas\.poetry/);
  });

  it("a cancel stops a pipeline run with what it has, and the next run works", async () => {
    const { engine } = await loadedEngine();
    const r = await engine.run({ ...base, maxNewTokens: 200, minNewTokens: 200, search: { kind: "bestOfN", n: 4 } }, (e) => {
      if (e.type === "partial") engine.cancel();
    });
    expect(r.cancelled).toBe(true);
    const next = await engine.run(base, () => {});
    expect(next.cancelled).toBe(false);
  });
});

describe("engine with another policy", () => {
  it("opens a model folder from local files, generates with it, refuses λ for it, and switches back", async () => {
    const { engine } = await loadedEngine();
    const arm = (golden.models["arm-expertise"] as typeof golden.models.policy)[0]!;
    const info = await engine.openPolicy({ kind: "local", files: pickedFolder("arm-expertise") }, [], () => {});
    expect(info.steerable).toBe(false);
    const out = await engine.generate(request({ prompt: arm.instruction, maxNewTokens: arm.max_new_tokens }), () => {});
    expect(out.tokenIds).toEqual(arm.greedy_ids);
    await expect(engine.generate(request({ lambdas: { medical: 1 } }), () => {})).rejects.toThrow(/embedded policy only/);
    await engine.openPolicy({ kind: "embedded" }, [], () => {});
    expect((await engine.generate(request(), () => {})).tokenIds).toEqual(greedyCase.greedy_ids);
  });

  it("asks before any download from a host the user has not confirmed", async () => {
    const { engine } = await loadedEngine();
    await expect(engine.openPolicy({ kind: "hub", id: "someone/some-model" }, [], () => {})).rejects.toThrow(/not been allowed to download from huggingface\.co/);
  });
});

describe("engine on a GPU that fails", () => {
  /**
   * onnxruntime-web whose "webgpu" sessions run on WASM until the device is lost after a few
   * runs; with `lostInfo`, env.webgpu.device is a device whose `lost` resolves with it then, as
   * a real GPUDevice's does before onnxruntime's run fails with its long C++ message.
   */
  function losingGpu(runsBeforeLoss: number, lostInfo?: { reason: string; message: string }) {
    let lose: (info: { reason: string; message: string }) => void = () => {};
    const device = { lost: new Promise((r) => (lose = r)) };
    const create = nodeOrt.InferenceSession.create.bind(nodeOrt.InferenceSession);
    const InferenceSession = {
      create: async (graph: Uint8Array, opts: { executionProviders?: string[] }) => {
        const gpu = opts.executionProviders?.[0] === "webgpu";
        const session = await create(graph, { ...opts, executionProviders: ["wasm"], preferredOutputLocation: undefined } as never);
        if (!gpu) return session;
        let runs = 0;
        const run = session.run.bind(session);
        return Object.assign(session, {
          run: (...args: Parameters<typeof run>) => {
            if (++runs <= runsBeforeLoss) return run(...args);
            if (!lostInfo) return Promise.reject(new Error("GPU device lost"));
            lose(lostInfo);
            return Promise.reject(new Error("failed to call OrtRun(). ERROR_CODE: 1, ERROR_MESSAGE: buffer_manager.cc:643 … Failed to download data from buffer.\n"));
          },
        });
      },
    };
    const env = lostInfo ? { ...nodeOrt.env, webgpu: { device } } : nodeOrt.env;
    return { ...nodeOrt, env, InferenceSession } as unknown as typeof nodeOrt;
  }

  const gpu = { requestAdapter: async () => ({ info: { vendor: "test", architecture: "gpu" } }) };
  const notices = (events: GenerateEvent[]) => events.flatMap((e) => (e.type === "notice" ? [e] : []));

  it("falls back to WASM when the device is lost mid-run, says so with the new device, and gives the WASM tokens", async () => {
    const engine = new Engine({ ort: losingGpu(8), suite: diskFiles(SUITE_DIR), gpu, crossOriginIsolated: false, hardwareThreads: 1, origin: "http://localhost" });
    const { device } = await engine.init({ backend: "webgpu", threads: 0 }, () => {});
    expect(device.backend).toBe("webgpu");
    const events: GenerateEvent[] = [];
    const out = await engine.generate(request(), (e) => events.push(e));
    expect(notices(events)).toEqual([
      {
        type: "notice",
        message: "WebGPU failed (GPU device lost); switched to WASM",
        device: { backend: "wasm", reason: "WebGPU failed mid-run (GPU device lost), so WASM runs", adapter: null },
      },
    ]);
    expect(out.backend).toBe("wasm");
    expect(out.tokenIds).toEqual(greedyCase.greedy_ids);
    const next: GenerateEvent[] = [];
    expect((await engine.generate(request(), (e) => next.push(e))).backend).toBe("wasm");
    expect(notices(next)).toEqual([]);
  });

  it("makes no warm-up run on WebGPU: the browser's compiling it saves is WASM's", async () => {
    const base = losingGpu(Infinity);
    let runs = 0;
    const countingRuns = async (...args: Parameters<typeof base.InferenceSession.create>) => {
      const session = await (base.InferenceSession.create as (...a: unknown[]) => Promise<OrtSession>)(...args);
      const run = session.run.bind(session);
      return Object.assign(session, { run: (...a: Parameters<typeof run>) => (runs++, run(...a)) });
    };
    const ort = { ...base, InferenceSession: { create: countingRuns } } as unknown as typeof nodeOrt;
    const engine = new Engine({ ort, suite: diskFiles(SUITE_DIR), gpu, crossOriginIsolated: false, hardwareThreads: 1, origin: "http://localhost" });
    await engine.init({ backend: "webgpu", threads: 0 }, () => {});
    await engine.whenLoaded();
    const before = runs;
    expect(await engine.warmUp()).toEqual({ ran: false, why: "it helps WASM only, and webgpu runs" });
    expect(runs).toBe(before);
  });

  it("says plainly that the device was lost, from the device's own lost info rather than onnxruntime's message", async () => {
    const lost = { reason: "unknown", message: "the GPU driver was reset" };
    const engine = new Engine({ ort: losingGpu(3, lost), suite: diskFiles(SUITE_DIR), gpu, crossOriginIsolated: false, hardwareThreads: 1, origin: "http://localhost" });
    await engine.init({ backend: "webgpu", threads: 0 }, () => {});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {}); // onnxruntime's error goes to the console
    const events: GenerateEvent[] = [];
    const out = await engine.generate(request(), (e) => events.push(e));
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
    expect(notices(events).map((n) => [n.message, n.device?.reason])).toEqual([
      ["WebGPU failed (the GPU device was lost: the GPU driver was reset); switched to WASM", "WebGPU failed mid-run (the GPU device was lost: the GPU driver was reset), so WASM runs"],
    ]);
    expect(out.tokenIds).toEqual(greedyCase.greedy_ids);
  });
});
