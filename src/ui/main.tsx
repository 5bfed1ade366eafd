import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import type { BackendChoice } from "../runtime/device";
import { readLink, syncLinkToAddressBar } from "../state/share";
import { useApp } from "../state/store";
import { App } from "./App";
import "./app.css";

const CHOICES: readonly BackendChoice[] = ["auto", "wasm", "webgpu"];

const params = new URLSearchParams(window.location.search);

/** ?backend=wasm|webgpu|auto chooses the backend; anything else is ignored with a note in the console. */
function backendFromUrl(): BackendChoice {
  const raw = params.get("backend");
  if (raw === null) return "auto";
  if ((CHOICES as readonly string[]).includes(raw)) return raw as BackendChoice;
  console.warn(`ignoring ?backend=${raw}: expected one of ${CHOICES.join(", ")}`);
  return "auto";
}

/** ?threads=N sets the WASM threads (0 or absent: every core, up to 4; src/worker/wasmThreads.ts). */
function threadsFromUrl(): number {
  const raw = params.get("threads");
  const n = Number(raw);
  if (raw === null || (Number.isInteger(n) && n >= 0 && n <= 64)) return raw === null ? 0 : n;
  console.warn(`ignoring ?threads=${raw}: expected a whole number from 0 to 64`);
  return 0;
}

readLink(window.location.search);
syncLinkToAddressBar();
void useApp.getState().load(backendFromUrl(), threadsFromUrl());
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
