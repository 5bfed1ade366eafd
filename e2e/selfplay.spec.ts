import { expect, test } from "@playwright/test";
import { expectFitsWidth } from "./narrow";

// The Self-play view (SPPO) on WASM: 4 candidates of 24 tokens and 300 rounds of
// multiplicative weights bring the average policy's duality gap below 0.05; the game's
// settings then apply at once to the sampled answers.
test.use({ viewport: { width: 1280, height: 800 } });

const gap = async (page: import("@playwright/test").Page, testId: string) => {
  const text = (await page.getByTestId(testId).textContent())!;
  const v = Number(text);
  expect(Number.isFinite(v), `${testId} shows a number, got "${text}"`).toBe(true);
  return v;
};

test("SPPO on 4 candidates reaches a small duality gap, and the preference model switches live", async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto("/?backend=wasm&view=selfplay");
  await expect(page.getByTestId("selfplay-run")).toBeEnabled();
  await page.getByTestId("selfplay-candidates").fill("4");
  await page.getByTestId("selfplay-rounds").fill("300");
  await page.getByTestId("selfplay-maxNewTokens").fill("24");
  await page.getByTestId("selfplay-run").click();
  await expect(page.getByTestId("selfplay-status")).toHaveText(/done in/, { timeout: 240_000 });

  await expect(page.getByTestId("selfplay-candidate-list").locator("li")).toHaveCount(4);
  await expect(page.getByTestId("selfplay-heatmap").locator("tbody td")).toHaveCount(16);
  expect(await gap(page, "selfplay-final-gap")).toBeLessThan(0.05);
  await expect(page.getByTestId("selfplay-round")).toHaveText("300");

  // a heatmap cell read by keyboard
  await page.getByTestId("selfplay-heatmap").locator("tbody td[tabindex='0']").focus();
  // to row A, column B, wherever the roving cell was left
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowUp");
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("selfplay-readout")).toContainText(/P\(A ≻ B\) = \d\.\d{3}/);
  await page.keyboard.press("ArrowDown");
  await expect(page.getByTestId("selfplay-readout")).toContainText(/P\(B ≻ B\) = 0\.500/);

  // the round slider moves π_t back to the uniform start
  await page.getByTestId("selfplay-round-slider").fill("0");
  await expect(page.getByTestId("selfplay-pi")).toContainText("25%");
  await page.getByTestId("selfplay-round-slider").fill("30");
  await expect(page.getByTestId("selfplay-round")).toHaveText("30");

  // Bradley-Terry is transitive: the objective's argmax is unbeaten (gap 0), applied without a new run
  await page.getByTestId("selfplay-pref-bt").check();
  await expect(page.getByTestId("selfplay-argmax-gap")).toHaveText("0.000");
  await expect(page.getByTestId("selfplay-structure")).toContainText("Condorcet winner");
  expect(await gap(page, "selfplay-final-gap")).toBeLessThan(0.05);
});

test("the Self-play view fits a 400px-wide screen", async ({ page }, info) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 400, height: 800 });
  await page.goto("/?backend=wasm&view=selfplay");
  await expect(page.getByTestId("selfplay-run")).toBeEnabled();
  await page.getByTestId("selfplay-candidates").fill("5");
  await page.getByTestId("selfplay-maxNewTokens").fill("16");
  await page.getByTestId("selfplay-run").click();
  await expect(page.getByTestId("selfplay-status")).toHaveText(/done in/, { timeout: 240_000 });
  await expect(page.getByTestId("selfplay-heatmap").locator("tbody td")).toHaveCount(25);
  const view = page.locator("section.selfplay");
  await page.screenshot({ path: info.outputPath("selfplay-400.png"), fullPage: true });
  await expectFitsWidth(view, 400);
});
