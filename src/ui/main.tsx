import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import type { BackendChoice } from "../runtime/device";
import { useApp } from "../state/store";
import { App } from "./App";
import "./app.css";

const CHOICES: readonly BackendChoice[] = ["auto", "wasm", "webgpu"];

/** ?backend=wasm|webgpu|auto chooses the backend; anything else is ignored with a note in the console. */
function backendFromUrl(): BackendChoice {
  const raw = new URLSearchParams(window.location.search).get("backend");
  if (raw === null) return "auto";
  if ((CHOICES as readonly string[]).includes(raw)) return raw as BackendChoice;
  console.warn(`ignoring ?backend=${raw}: expected one of ${CHOICES.join(", ")}`);
  return "auto";
}

void useApp.getState().load(backendFromUrl());
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
