import { expect, test } from "@playwright/test";

interface LmGolden {
  instruction: string;
  max_new_tokens: number;
  greedy_ids: number[];
}

// The forge's golden prompts decode greedily to the forge's tokens in the browser, through
// the whole app: prompt box → worker → onnxruntime-web → streamed tokens.
test("greedy decoding in the browser gives the forge's golden tokens @webgpu", async ({ page, request }, info) => {
  const backend = String(info.project.metadata.backend);
  const golden = (await (await request.get("/models/golden.json")).json()) as { models: { policy: LmGolden[] } };
  const cases = backend === "webgpu" ? golden.models.policy.slice(0, 2) : golden.models.policy;
  await page.goto(`/?backend=${backend}`);
  await expect(page.getByTestId("generate")).toBeEnabled();
  await page.getByTestId("setting-temperature").fill("0");
  for (const c of cases) {
    await page.getByTestId("prompt").fill(c.instruction);
    await page.getByTestId("setting-maxNewTokens").fill(String(c.max_new_tokens));
    await page.getByTestId("generate").click();
    await expect(page.getByTestId("finish")).toHaveText(/tokens · (finished|length)/);
    await expect(page.getByTestId("token-ids")).toHaveText(c.greedy_ids.join(" "));
  }
});
