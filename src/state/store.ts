/**
 * The app's state (zustand): the engine's loading progress and device, the generation
 * settings and the streamed output. Views read and call this; only this talks to the worker.
 */
import { create } from "zustand";
import type { FinishReason } from "../core/generate";
import type { BackendChoice } from "../runtime/device";
import type { DeviceInfo, SuiteInfo } from "../worker/protocol";
import { callback, startEngine, type EngineClient } from "./engineClient";

export interface Settings {
  prompt: string;
  maxNewTokens: number;
  temperature: number;
  topK: number;
  topP: number;
  seed: number;
}

export interface Output {
  text: string;
  tokenIds: number[];
  tokens: number;
  tokensPerSecond: number;
  finish: FinishReason | null;
  running: boolean;
  notice: string | null;
}

export interface AppState {
  phase: "idle" | "loading" | "ready" | "error";
  error: string | null;
  progress: { loadedBytes: number; totalBytes: number; file: string } | null;
  backendChoice: BackendChoice;
  device: DeviceInfo | null;
  suite: SuiteInfo | null;
  settings: Settings;
  output: Output;
  load(backend: BackendChoice): Promise<void>;
  setSettings(patch: Partial<Settings>): void;
  generate(): Promise<void>;
  cancel(): void;
}

export const DEFAULT_SETTINGS: Settings = { prompt: "", maxNewTokens: 96, temperature: 0.7, topK: 40, topP: 0.95, seed: 1 };
const EMPTY_OUTPUT: Output = { text: "", tokenIds: [], tokens: 0, tokensPerSecond: 0, finish: null, running: false, notice: null };

let client: EngineClient | null = null;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const useApp = create<AppState>()((set, get) => ({
  phase: "idle",
  error: null,
  progress: null,
  backendChoice: "auto",
  device: null,
  suite: null,
  settings: DEFAULT_SETTINGS,
  output: EMPTY_OUTPUT,

  async load(backend) {
    client?.terminate();
    client = startEngine();
    const mine = client;
    set({ phase: "loading", error: null, progress: null, backendChoice: backend, device: null, output: EMPTY_OUTPUT });
    try {
      const { device, suite } = await mine.api.init(
        { backend, threads: 0 },
        callback((p) => set({ progress: p })),
      );
      if (client !== mine) return;
      const prompt = get().settings.prompt || suite.examplePrompts[0] || "";
      set({ phase: "ready", device, suite, settings: { ...get().settings, prompt } });
    } catch (e) {
      if (client === mine) set({ phase: "error", error: `The embedded models could not be loaded: ${message(e)}` });
    }
  },

  setSettings(patch) {
    set({ settings: { ...get().settings, ...patch } });
  },

  async generate() {
    const api = client?.api;
    if (!api || get().phase !== "ready") return;
    const s = get().settings;
    set({ output: { ...EMPTY_OUTPUT, running: true }, error: null });
    try {
      const result = await api.generate(
        { prompt: s.prompt, maxNewTokens: s.maxNewTokens, temperature: s.temperature, topK: s.topK, topP: s.topP, seed: s.seed, lambdas: {} },
        callback((e) => {
          const out = get().output;
          if (e.type === "tokens") set({ output: { ...out, text: e.text, tokens: e.tokens, tokensPerSecond: e.tokensPerSecond } });
          else set({ output: { ...out, notice: e.message } });
        }),
      );
      set({ output: { ...get().output, text: result.text, tokenIds: result.tokenIds, tokens: result.tokenIds.length, tokensPerSecond: result.tokensPerSecond, finish: result.finish, running: false } });
      if (get().device && get().device!.backend !== result.backend) set({ device: { ...get().device!, backend: result.backend } });
    } catch (e) {
      set({ output: { ...get().output, running: false }, error: `Generation failed: ${message(e)}` });
    }
  },

  cancel() {
    void client?.api.cancel();
  },
}));
