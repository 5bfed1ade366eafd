import { defineConfig } from "vite";

// Cross-origin isolation (COOP/COEP) lets onnxruntime-web use threads; the runtime issue
// relies on it, and a static host must send the same two headers.
const isolation = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

export default defineConfig({
  server: { headers: isolation, open: true },
  preview: { headers: isolation },
});
