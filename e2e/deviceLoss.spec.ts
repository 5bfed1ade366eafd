import { expect, test } from "@playwright/test";

interface LmGolden {
  instruction: string;
  max_new_tokens: number;
  greedy_ids: number[];
}

// A real lost device, not a mocked error: once armed, the next command encoder onnxruntime-web
// asks its GPUDevice for (every session run records one) first destroys that device.
// GPUDevice.destroy() loses the device for good (device.lost resolves with reason "destroyed"),
// exactly as a driver reset or an unplugged GPU would leave it.
test("a WebGPU device lost mid-run falls back to WASM, says so, gives the WASM tokens and stays usable @webgpu", async ({ page, request }) => {
  test.skip(test.info().project.metadata.backend !== "webgpu", "loses a WebGPU device");
  const golden = (await (await request.get("/models/golden.json")).json()) as { models: { policy: LmGolden[] } };
  const [first, second] = golden.models.policy as [LmGolden, LmGolden];

  // the page's first worker owns the engine, and onnxruntime-web's GPUDevice with it (the
  // WASM threads it starts later load the same script, but block and cannot be evaluated in)
  const firstWorker = page.waitForEvent("worker");
  await page.goto("/?backend=webgpu");
  const worker = await firstWorker;
  await expect(page.getByTestId("device-backend")).toHaveText("WebGPU");
  await expect(page.getByTestId("generate")).toBeEnabled();
  await worker.evaluate(() => {
    const scope = self as unknown as { loseDevice: boolean; lostDevices: number };
    scope.loseDevice = false;
    scope.lostDevices = 0;
    const create = GPUDevice.prototype.createCommandEncoder;
    GPUDevice.prototype.createCommandEncoder = function (this: GPUDevice, ...args: Parameters<typeof create>) {
      if (scope.loseDevice) {
        scope.loseDevice = false;
        scope.lostDevices++;
        this.destroy();
      }
      return create.apply(this, args);
    };
  });

  // greedy decoding of a golden prompt: the forge's tokens, which WASM reproduces (golden.spec)
  await page.getByTestId("setting-temperature").fill("0");
  await page.getByTestId("prompt").fill(first.instruction);
  await page.getByTestId("setting-maxNewTokens").fill(String(first.max_new_tokens));
  await page.getByTestId("generate").click();
  await expect(page.getByTestId("output")).not.toBeEmpty(); // tokens are streaming on WebGPU
  await expect(page.getByTestId("finish")).toHaveText("generating…");
  await worker.evaluate(() => ((self as unknown as { loseDevice: boolean }).loseDevice = true));

  // the device's own lost info, not onnxruntime's C++ message about a failed buffer download
  await expect(page.getByTestId("notice")).toHaveText(/^WebGPU failed \(the GPU device was lost: .+\); switched to WASM$/);
  await expect(page.getByTestId("finish")).toHaveText(/tokens · (finished|length)/);
  expect(await worker.evaluate(() => (self as unknown as { lostDevices: number }).lostDevices)).toBe(1);
  await expect(page.getByTestId("token-ids")).toHaveText(first.greedy_ids.join(" "));
  await expect(page.getByTestId("device-backend")).toHaveText("WASM");
  await expect(page.getByTestId("device-reason")).toContainText(/^WebGPU failed mid-run \(the GPU device was lost: .+\), so WASM runs/);

  // the app stays usable: the next generation runs on WASM from the start, with no notice
  await page.getByTestId("prompt").fill(second.instruction);
  await page.getByTestId("setting-maxNewTokens").fill(String(second.max_new_tokens));
  await page.getByTestId("generate").click();
  await expect(page.getByTestId("finish")).toHaveText(/tokens · (finished|length)/);
  await expect(page.getByTestId("token-ids")).toHaveText(second.greedy_ids.join(" "));
  await expect(page.getByTestId("notice")).toHaveCount(0);
  await expect(page.getByTestId("device-backend")).toHaveText("WASM");
  await expect(page.getByTestId("error")).toHaveCount(0);
});
