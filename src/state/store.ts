/**
 * The app's state (zustand): the engine's loading progress and device, the generation
 * settings and the streamed output. Views read and call this; only this talks to the worker.
 */
import { create } from "zustand";
import type { FinishReason } from "../core/generate";
import type { BackendChoice, DeviceChoice } from "../runtime/device";
import { sourceHost, type ModelSource } from "../runtime/modelFiles";
import type { DeviceInfo, GenerateRequest, PolicyInfo, SuiteInfo, Tokenized, WarmUp } from "../worker/protocol";
import { callback, startEngine, type EngineClient } from "./engineClient";

/** What the user sets for a generation; Alignment-Vector λs join with the Steer view. */
export type Settings = Omit<GenerateRequest, "lambdas">;

interface Output {
  text: string;
  tokenIds: number[];
  tokens: number;
  finish: FinishReason | null;
  running: boolean;
  notice: string | null;
}

export interface AppState {
  phase: "idle" | "loading" | "ready" | "error";
  /** the AV deltas, ARMs and reward models, which load behind the policy once it is ready */
  helpersLoaded: boolean;
  /** the engine's warm-up run once the suite is in (Engine.warmUp): null before it starts */
  warmUp: "running" | WarmUp | null;
  error: string | null;
  progress: { loadedBytes: number; totalBytes: number; file: string } | null;
  backendChoice: BackendChoice;
  threads: number;
  device: DeviceInfo | null;
  suite: SuiteInfo | null;
  settings: Settings;
  output: Output;
  /** the last run's generated tokens per second of wall time, in any view; null before one */
  speed: RunSpeed | null;
  policy: PolicyInfo | null;
  /** "loading" while another policy downloads; a message when it failed */
  policyStatus: { loading: boolean; error: string | null };
  /** hosts the user allowed downloads from, this session */
  confirmedHosts: string[];
  /** a source waiting for the user to allow its host */
  pending: { source: ModelSource; host: string } | null;
  /** threads: WASM threads, 0 = every core, up to 4 (src/worker/wasmThreads.ts) */
  load(backend: BackendChoice, threads?: number): Promise<void>;
  /** Opens a policy from a source; a remote host not yet allowed is first put to the user. */
  requestPolicy(source: ModelSource): Promise<void>;
  answerPending(allow: boolean): Promise<void>;
  setSettings(patch: Partial<Settings>): void;
  generate(): Promise<void>;
  cancel(): void;
  /** The policy tokenizer's ids and token texts of a text (see EngineApi.tokenize). */
  tokenize(text: string): Promise<Tokenized>;
}

const DEFAULT_SETTINGS: Settings = { prompt: "", maxNewTokens: 96, minNewTokens: 0, temperature: 0.7, topK: 40, topP: 0.95, seed: 1 };
const EMPTY_OUTPUT: Output = { text: "", tokenIds: [], tokens: 0, finish: null, running: false, notice: null };
const GENERATE_SPEED = "the Generate view's decode speed, live while it streams";

let client: EngineClient | null = null;

/** The running engine's API, for the other stores; null until the suite starts loading. */
export function engineApi(): EngineClient["api"] | null {
  return client?.api ?? null;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export interface RunSpeed {
  tokensPerSecond: number;
  /** what the figure counts: a plain decode, or a method's run with its reward and ARM passes */
  what: string;
}

/** Shows a finished run's speed on the device indicator (Generate's, or a method view's). */
export function runSpeed(speed: RunSpeed): void {
  if (Number.isFinite(speed.tokensPerSecond) && speed.tokensPerSecond > 0) useApp.setState({ speed });
}

/** The engine moved to another backend mid-run (WebGPU failed): the indicator shows it and why. */
export function deviceSwitched(to: DeviceChoice): void {
  const device = useApp.getState().device;
  if (device) useApp.setState({ device: { ...device, ...to } });
}

export const useApp = create<AppState>()((set, get) => ({
  phase: "idle",
  helpersLoaded: false,
  warmUp: null,
  error: null,
  progress: null,
  backendChoice: "auto",
  threads: 0,
  device: null,
  suite: null,
  settings: DEFAULT_SETTINGS,
  output: EMPTY_OUTPUT,
  speed: null,
  policy: null,
  policyStatus: { loading: false, error: null },
  confirmedHosts: [],
  pending: null,

  async load(backend, threads = get().threads) {
    client?.terminate();
    client = startEngine();
    const mine = client;
    set({ phase: "loading", helpersLoaded: false, warmUp: null, error: null, progress: null, backendChoice: backend, threads, device: null, output: EMPTY_OUTPUT });
    try {
      const { device, suite } = await mine.api.init(
        { backend, threads },
        callback((p) => set({ progress: p })),
      );
      if (client !== mine) return;
      const prompt = get().settings.prompt || suite.examplePrompts[0] || "";
      set({ phase: "ready", device, suite, settings: { ...get().settings, prompt }, policy: { description: "the embedded policy", vocabSize: 0, steerable: true } });
      mine.api.whenLoaded().then(
        () => {
          if (client !== mine) return;
          set({ helpersLoaded: true, warmUp: "running" });
          // a request made meanwhile cancels it; a failed warm-up costs nothing but its purpose
          mine.api.warmUp().then(
            (w) => client === mine && set({ warmUp: w }),
            (e: unknown) => client === mine && set({ warmUp: { ran: false, why: `it failed: ${message(e)}` } }),
          );
        },
        (e: unknown) => client === mine && set({ error: `The alignment vectors, ARMs or reward models could not be loaded: ${message(e)}. Plain generation still works.` }),
      );
    } catch (e) {
      if (client === mine) set({ phase: "error", error: `The embedded models could not be loaded: ${message(e)}` });
    }
  },

  async requestPolicy(source) {
    const api = client?.api;
    if (!api) return;
    let host: string | null;
    try {
      host = sourceHost(source, window.location.origin);
    } catch (e) {
      set({ policyStatus: { loading: false, error: message(e) } });
      return;
    }
    if (host && !get().confirmedHosts.includes(host)) {
      set({ pending: { source, host }, policyStatus: { loading: false, error: null } });
      return;
    }
    set({ pending: null, policyStatus: { loading: true, error: null } });
    try {
      const policy = await api.openPolicy(source, get().confirmedHosts, callback((p) => set({ progress: p })));
      set({ policy, policyStatus: { loading: false, error: null }, progress: null });
    } catch (e) {
      set({ policyStatus: { loading: false, error: `That model could not be opened: ${message(e)}. The previous policy stays in use.` }, progress: null });
    }
  },

  async answerPending(allow) {
    const pending = get().pending;
    set({ pending: null });
    if (!pending || !allow) return;
    set({ confirmedHosts: [...get().confirmedHosts, pending.host] });
    await get().requestPolicy(pending.source);
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
        { ...s, lambdas: {} },
        callback((e) => {
          const out = get().output;
          if (e.type === "tokens") {
            set({ output: { ...out, text: e.text, tokens: e.tokens } });
            runSpeed({ tokensPerSecond: e.tokensPerSecond, what: GENERATE_SPEED });
          }
          else {
            set({ output: { ...out, notice: e.message } });
            if (e.device) deviceSwitched(e.device);
          }
        }),
      );
      set({ output: { ...get().output, text: result.text, tokenIds: result.tokenIds, tokens: result.tokenIds.length, finish: result.finish, running: false } });
      runSpeed({ tokensPerSecond: result.tokensPerSecond, what: GENERATE_SPEED });
    } catch (e) {
      set({ output: { ...get().output, running: false }, error: `Generation failed: ${message(e)}` });
    }
  },

  cancel() {
    void client?.api.cancel();
  },

  async tokenize(text) {
    const api = client?.api;
    if (!api || get().phase !== "ready") throw new Error("the policy is not loaded yet");
    return api.tokenize(text);
  },
}));
