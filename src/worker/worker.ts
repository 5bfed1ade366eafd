/// <reference lib="webworker" />
// The Web Worker that owns the models: the engine over onnxruntime-web (WebGPU and WASM),
// exposed to the page through Comlink. The page never blocks on inference.
import * as Comlink from "comlink";
import * as ort from "onnxruntime-web/webgpu";
import { urlFiles } from "../runtime/modelFiles";
import { Engine } from "./engine";

declare const self: DedicatedWorkerGlobalScope;

const suiteUrl = new URL(`${import.meta.env.BASE_URL}models/`, self.location.origin).href;
const engine = new Engine({
  ort,
  suite: urlFiles(suiteUrl, { origin: self.location.origin, confirmedHosts: new Set() }),
  gpu: self.navigator.gpu,
  crossOriginIsolated: self.crossOriginIsolated,
  hardwareThreads: self.navigator.hardwareConcurrency || 1,
  origin: self.location.origin,
});

Comlink.expose(engine);
