import { expect, test, type Page } from "@playwright/test";

// Bad input gets a clear message and leaves the app usable (WASM).
const ready = async (page: Page) => expect(page.getByTestId("generate")).toBeEnabled();

/** Opens the Policy panel and asks for a policy from a hub id or URL. */
async function requestPolicy(page: Page, kind: "hub" | "url", text: string) {
  await page.goto("/?backend=wasm");
  await ready(page);
  await page.getByText("Policy:").click();
  await page.getByTestId("source-kind").selectOption(kind);
  await page.getByTestId("source-text").fill(text);
  await page.getByTestId("source-open").click();
}

test("a truncated model file is reported as corrupt, and the app loads once the file is whole", async ({ page }) => {
  await page.route("**/models/policy/onnx/model.onnx", async (route) => {
    const whole = await (await route.fetch()).body();
    await route.fulfill({ body: whole.subarray(0, whole.length >> 1), contentType: "application/octet-stream" });
  });
  await page.goto("/?backend=wasm");
  await expect(page.getByTestId("error")).toContainText(/could not be opened.*corrupt or truncated/);
  await page.unroute("**/models/policy/onnx/model.onnx");
  await page.getByLabel("Backend").selectOption("wasm");
  await ready(page);
  await expect(page.getByTestId("error")).toHaveCount(0);
});

test("a missing tokenizer is named in the message", async ({ page }) => {
  await page.route("**/models/policy/tokenizer.json", (route) => route.fulfill({ status: 404, body: "not found" }));
  await page.goto("/?backend=wasm");
  await expect(page.getByTestId("error")).toContainText(/no usable tokenizer\.json.*HTTP 404/);
});

// this project's Chromium runs without --enable-unsafe-webgpu, so it offers no WebGPU adapter
test("without WebGPU the app falls back to WASM and says why", async ({ page }) => {
  await page.goto("/?backend=webgpu");
  await ready(page);
  await expect(page.getByTestId("device-backend")).toHaveText("WASM");
  await expect(page.getByTestId("device-reason")).toContainText(/no WebGPU|no adapter/);
});

// 240 tokens with the end token masked take the policy a few hundred ms on WASM; the cancel
// follows the click at once (the engine's Node test cancels after exactly 3 streamed tokens)
test("a cancel stops generation mid-way, keeps the text so far, and the next run works", async ({ page }) => {
  await page.goto("/?backend=wasm");
  await ready(page);
  await page.getByTestId("setting-maxNewTokens").fill("240");
  await page.getByTestId("setting-minNewTokens").fill("240");
  await page.getByTestId("generate").click();
  await page.getByTestId("cancel").click();
  await expect(page.getByTestId("finish")).toHaveText(/^\d+ tokens · cancelled$/);
  const kept = Number((await page.getByTestId("finish").textContent())!.split(" ")[0]);
  expect(kept).toBeLessThan(240);
  await expect(page.getByTestId("token-ids")).toHaveText(kept ? /^\d+( \d+)*$/ : "");
  await page.getByTestId("setting-minNewTokens").fill("0");
  await page.getByTestId("setting-maxNewTokens").fill("8");
  await page.getByTestId("generate").click();
  await expect(page.getByTestId("finish")).toHaveText(/tokens · (finished|length)/);
});

test("a remote host is asked about before anything is downloaded, and an unreachable one is reported", async ({ page, context }) => {
  const remote: string[] = [];
  context.on("request", (r) => r.url().includes("127.0.0.1:9") && remote.push(r.url()));
  await requestPolicy(page, "url", "http://127.0.0.1:9/some-model/");
  await expect(page.getByTestId("confirm-host")).toContainText("127.0.0.1:9");
  await page.getByTestId("confirm-deny").click();
  expect(remote).toEqual([]);
  await page.getByTestId("source-open").click();
  await page.getByTestId("confirm-allow").click();
  await expect(page.getByTestId("source-error")).toContainText(/could not reach http:\/\/127\.0\.0\.1:9\/some-model\/config\.json/);
  await expect(page.getByTestId("policy-description")).toHaveText("the embedded policy");
  await page.getByTestId("setting-maxNewTokens").fill("8");
  await page.getByTestId("generate").click();
  await expect(page.getByTestId("finish")).toHaveText(/tokens · (finished|length)/);
});

test("a hub id that is not owner/name is refused with a message", async ({ page }) => {
  await requestPolicy(page, "hub", "not a model id");
  await page.getByTestId("confirm-allow").click();
  await expect(page.getByTestId("source-error")).toContainText(/owner\/name/);
});
