// The bench page's build: its own root (bench/), the repo's public/ (so /models/ is the
// embedded suite), and the app's cross-origin isolation headers (threads need them).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import app from "../vite.config.js";

const here = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: here,
  publicDir: fileURLToPath(new URL("../public", import.meta.url)),
  server: { headers: app.server?.headers },
  preview: { headers: app.preview?.headers },
  worker: { format: "es" },
  optimizeDeps: { exclude: ["onnxruntime-web"] },
  build: { target: "es2022", outDir: fileURLToPath(new URL("dist/page", import.meta.url)), emptyOutDir: true },
});
