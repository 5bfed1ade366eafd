import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Cross-origin isolation (COOP/COEP) lets onnxruntime-web's WASM backend use threads
// (SharedArrayBuffer). A static host must send the same two headers; without them the app
// still runs, on one thread, and says so.
const isolation = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

export default defineConfig({
  plugins: [react()],
  server: { headers: isolation },
  preview: { headers: isolation },
  worker: { format: "es" },
  // onnxruntime-web finds its .wasm next to its own module; pre-bundling would move it
  optimizeDeps: { exclude: ["onnxruntime-web"] },
  build: {
    target: "es2022",
    rollupOptions: { input: { main: "index.html", suite: "suite.html" } },
  },
});
