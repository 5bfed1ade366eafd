import { describe, expect, it } from "vitest";
import { chooseBackend } from "./device";

const gpu = (info: object | null) => ({ requestAdapter: async () => (info ? { info } : null) });

describe("chooseBackend", () => {
  it("falls back to WASM without navigator.gpu and says why", async () => {
    const c = await chooseBackend("auto", undefined);
    expect(c.backend).toBe("wasm");
    expect(c.reason).toMatch(/no WebGPU/);
  });
  it("falls back to WASM when there is no adapter, even when WebGPU is asked for", async () => {
    expect((await chooseBackend("webgpu", gpu(null))).reason).toMatch(/no adapter/);
  });
  it("auto takes a hardware adapter and skips a software one", async () => {
    expect((await chooseBackend("auto", gpu({ vendor: "nvidia", architecture: "ampere" }))).backend).toBe("webgpu");
    const sw = await chooseBackend("auto", gpu({ vendor: "google", description: "SwiftShader Device" }));
    expect(sw.backend).toBe("wasm");
    expect(sw.reason).toMatch(/software/);
  });
  it("an explicit WebGPU choice uses a software adapter and says it is slow", async () => {
    const c = await chooseBackend("webgpu", gpu({ isFallbackAdapter: true }));
    expect(c.backend).toBe("webgpu");
    expect(c.reason).toMatch(/software adapter/);
  });
  it("WASM on request, whatever the GPU", async () => {
    expect((await chooseBackend("wasm", gpu({ vendor: "nvidia" }))).backend).toBe("wasm");
  });
});
