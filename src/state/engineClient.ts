// The page's handle on the worker: a typed Comlink proxy of the engine.
import * as Comlink from "comlink";
import type { EngineApi } from "../worker/protocol";

export interface EngineClient {
  api: Comlink.Remote<EngineApi>;
  terminate(): void;
}

export function startEngine(): EngineClient {
  const worker = new Worker(new URL("../worker/worker.ts", import.meta.url), { type: "module" });
  const api = Comlink.wrap<EngineApi>(worker);
  return {
    api,
    terminate: () => {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

export const callback = Comlink.proxy;
