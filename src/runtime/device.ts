/**
 * Which backend runs the models, and why. WebGPU when the browser offers a hardware adapter;
 * WASM otherwise. A software adapter (SwiftShader, as headless Chromium has) is exact but far
 * slower than WASM for models this small, so "auto" skips it; asking for WebGPU uses it.
 */
import type { Backend } from "./ort";

export type BackendChoice = "auto" | Backend;

export interface DeviceChoice {
  backend: Backend;
  reason: string;
  adapter: string | null;
}

interface GpuLike {
  requestAdapter(): Promise<{ info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean } } | null>;
}

export async function chooseBackend(requested: BackendChoice, gpu: GpuLike | undefined): Promise<DeviceChoice> {
  if (requested === "wasm") return { backend: "wasm", reason: "WASM was chosen", adapter: null };
  if (!gpu) {
    return { backend: "wasm", reason: "this browser has no WebGPU (navigator.gpu is missing; it needs a secure context such as https or localhost)", adapter: null };
  }
  let adapter: Awaited<ReturnType<GpuLike["requestAdapter"]>> = null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (e) {
    return { backend: "wasm", reason: `WebGPU could not give an adapter (${(e as Error).message})`, adapter: null };
  }
  if (!adapter) return { backend: "wasm", reason: "WebGPU found no adapter on this machine", adapter: null };
  const info = adapter.info ?? {};
  const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(" ") || "unknown adapter";
  const software = info.isFallbackAdapter === true || /swiftshader/i.test(name);
  if (requested === "webgpu") {
    return { backend: "webgpu", reason: `WebGPU was chosen${software ? " (a software adapter: exact but slow)" : ""}`, adapter: name };
  }
  if (software) return { backend: "wasm", reason: `only a software WebGPU adapter (${name}) is available, and WASM is faster`, adapter: name };
  return { backend: "webgpu", reason: `WebGPU adapter found (${name})`, adapter: name };
}
