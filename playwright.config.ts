import { defineConfig } from "@playwright/test";

// Debian's Chromium (the test tool's own browser download does not work here). Every spec
// runs on WASM; specs tagged @webgpu also run on WebGPU through Chromium's software adapter
// (exact but slow, so they stay short). WebGPU needs a secure context: localhost is one.
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// E2E_PORT and E2E_OUT let several checkouts or people run the suite side by side
const PORT = Number(process.env.E2E_PORT ?? 4173);
const OUT = process.env.E2E_OUT ?? "dist";

export default defineConfig({
  testDir: "e2e",
  timeout: 120_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  use: { baseURL: `http://localhost:${PORT}`, launchOptions: { executablePath: chromium } },
  webServer: {
    command: `npx vite build --logLevel warn --outDir ${OUT} && npx vite preview --port ${PORT} --strictPort --outDir ${OUT}`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
  projects: [
    { name: "wasm", use: { launchOptions: { executablePath: chromium } }, metadata: { backend: "wasm" } },
    {
      name: "webgpu",
      grep: /@webgpu/,
      metadata: { backend: "webgpu" },
      use: { launchOptions: { executablePath: chromium, args: ["--enable-unsafe-webgpu", "--enable-features=Vulkan", "--use-angle=swiftshader"] } },
    },
  ],
});
