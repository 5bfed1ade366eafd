import { expect, test, type Page } from "@playwright/test";

// The Guide view (GenARM) on WASM: α for expertise, base and guided answers from one seed,
// and the guided answer's per-token reward trace, one value per token for each ARM.
test.use({ viewport: { width: 1280, height: 800 } });

const ARMS = ["expertise", "concision"];

async function open(page: Page) {
  await page.goto("/?backend=wasm&view=guide");
  await expect(page.getByTestId("guide-run")).toBeEnabled();
  await page.getByTestId("guide-maxNewTokens").fill("16");
}

test("set α for expertise and run: base and guided texts appear, and the trace has one value per token", async ({ page }) => {
  await open(page);
  // the reset button puts an α back to 0, and is disabled there
  await page.getByTestId("guide-alpha-concision").fill("0.75");
  await expect(page.getByTestId("guide-alpha-concision-reset")).toBeEnabled();
  await page.getByTestId("guide-alpha-concision-reset").click();
  await expect(page.getByTestId("guide-alpha-concision-value")).toHaveText("0.00");
  await expect(page.getByTestId("guide-alpha-concision-reset")).toBeDisabled();
  await page.getByTestId("guide-alpha-expertise").fill("1.5");
  await expect(page.getByTestId("guide-alpha-expertise-value")).toHaveText("1.50");
  await expect(page.getByTestId("guide-formula")).toContainText("+ 1.50·log π");
  await page.getByTestId("guide-run").click();

  const guided = page.getByTestId("guide-guided-output");
  const base = page.getByTestId("guide-base-output");
  await expect(guided).toHaveAttribute("data-token-count", /^\d+$/);
  await expect(base).toHaveAttribute("data-token-count", /^\d+$/);
  await expect(guided).not.toBeEmpty();
  await expect(base).not.toBeEmpty();
  await expect(page.getByTestId("guide-guided-scores")).toBeVisible();
  await expect(page.getByTestId("guide-base-scores")).toBeVisible();

  const n = Number(await guided.getAttribute("data-token-count"));
  expect(n).toBeGreaterThan(0);
  for (const arm of ARMS) {
    const cells = page.getByTestId(`guide-trace-${arm}`).locator("[data-token]");
    await expect(cells).toHaveCount(n);
    const values = await cells.evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-value"))));
    expect(values.every((v) => Number.isFinite(v) && v <= 1e-6)).toBe(true); // β_r·log π ≤ 0
  }
  // the tokens' texts put together are the guided text
  const joined = (await page.getByTestId("guide-trace-expertise").locator("[data-token]").allTextContents()).join("");
  expect(joined.replace(/↵/g, "\n").trim()).toBe((await guided.textContent())!.trim());

  // focusing a token reads its value out
  await page.getByTestId("guide-trace-expertise").locator("[data-token]").first().focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("guide-trace-readout")).toContainText(/expertise ARM.*token 2/);

  // the link holds the α
  await expect.poll(() => page.url()).toContain("view=guide");
});

test("the Pareto sweep plots the α grid with ARGS and Best-of-N as separate points", async ({ page }) => {
  test.setTimeout(600_000);
  await open(page);
  await page.getByTestId("guide-maxNewTokens").fill("32");
  await page.getByTestId("guide-run").click();
  await expect(page.getByTestId("guide-base-output")).toHaveAttribute("data-token-count", /^\d+$/, { timeout: 120_000 });
  await page.getByTestId("guide-pareto-run").click();
  await expect(page.getByTestId("guide-pareto-status")).toHaveText("11 points", { timeout: 540_000 });
  const chart = page.getByTestId("guide-pareto-chart");
  for (const name of ["GenARM (α grid)", "plain sampling (α = 0)", "ARGS", "Best-of-N", "Pareto front"]) await expect(chart.getByText(name, { exact: true })).toBeVisible();
  await expect(page.getByTestId("guide-pareto-table").locator("tbody tr")).toHaveCount(11);
  await chart.locator(".recharts-scatter-symbol").first().hover();
  await expect(page.locator(".guide-tip")).toContainText(/GenARM α expertise|plain sampling/);
  await page.mouse.move(0, 0);
});
