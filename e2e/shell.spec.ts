import { expect, test } from "@playwright/test";

const backendOf = (info: { project: { metadata: Record<string, unknown> } }) => String(info.project.metadata.backend);

test("loads the suite with progress, streams an answer and says which backend runs @webgpu", async ({ page }, info) => {
  const backend = backendOf(info);
  // hold the largest file back a moment so that the progress bar can be read mid-load
  await page.route("**/models/policy/onnx/model.onnx_data", async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.goto(`/?backend=${backend}`);
  await expect(page.getByTestId("load-progress")).toContainText(/Loading the embedded models: policy\/.* of \d+\.\d MiB/);
  await expect(page.getByTestId("device-backend")).toHaveText(backend === "webgpu" ? "WebGPU" : "WASM");
  await expect(page.getByTestId("generate")).toBeEnabled();
  await page.getByTestId("setting-maxNewTokens").fill("12");
  await page.getByTestId("generate").click();
  await expect(page.getByTestId("finish")).toHaveText(/tokens · (finished|length)/);
  await expect(page.getByTestId("output")).not.toBeEmpty();
  await expect(page.getByTestId("tokens-per-second")).toHaveText(/^\d+ tok\/s$/);
  // the warm-up run is WASM's; WebGPU skips it once the suite is in
  if (backend === "webgpu") await expect(page.locator("[data-warmup]")).toHaveAttribute("data-warmup", "skipped", { timeout: 60_000 });
});

test("?threads=1 runs WASM on one thread, and an example prompt fills the prompt box", async ({ page }) => {
  await page.goto("/?backend=wasm&threads=1");
  await expect(page.getByTestId("generate")).toBeEnabled();
  await expect(page.getByTestId("device-threads")).toHaveText("1 thread");
  await expect(page.getByTestId("device-threads")).toHaveAttribute("title", "as asked for");
  const examples = page.getByTestId("examples").locator("option");
  await expect(examples).toHaveCount(9); // "choose one…" and 8 held-out prompts
  const second = (await examples.nth(2).textContent())!;
  await page.getByTestId("examples").selectOption(second);
  await expect(page.getByTestId("prompt")).toHaveValue(second);
});

test("once the whole suite is in, a warm-up run says so on WASM, and a generation started during it goes first", async ({ page }) => {
  await page.goto("/?backend=wasm");
  await expect(page.getByTestId("load-warmup")).toBeVisible({ timeout: 60_000 });
  await page.getByTestId("setting-maxNewTokens").fill("12");
  await page.getByTestId("generate").click();
  await expect(page.getByTestId("finish")).toHaveText(/tokens · (finished|length)/);
  await expect(page.getByTestId("load-warmup")).toHaveCount(0);
  await expect(page.locator("[data-warmup]")).toHaveAttribute("data-warmup", "cancelled"); // it gave way, not merely ended
});
