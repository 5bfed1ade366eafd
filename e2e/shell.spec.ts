import { expect, test } from "@playwright/test";

const backendOf = (info: { project: { metadata: Record<string, unknown> } }) => String(info.project.metadata.backend);

test("loads the suite with progress, streams an answer and says which backend runs @webgpu", async ({ page }, info) => {
  const backend = backendOf(info);
  await page.goto(`/?backend=${backend}`);
  await expect(page.getByTestId("device-backend")).toHaveText(backend === "webgpu" ? "WebGPU" : "WASM");
  await expect(page.getByTestId("generate")).toBeEnabled();
  await page.getByTestId("setting-maxNewTokens").fill("12");
  await page.getByTestId("generate").click();
  await expect(page.getByTestId("finish")).toHaveText(/tokens · (finished|length)/);
  await expect(page.getByTestId("output")).not.toBeEmpty();
});
