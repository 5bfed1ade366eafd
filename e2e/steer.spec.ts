import { expect, test, type Page } from "@playwright/test";

// The Steer view (Alignment Vectors) on WASM: moving a λ slider regenerates the answer live,
// and on a medical instruction with greedy decoding the oracle's "medical" score is higher
// with λ medical = 2 than with λ medical = −1.5. A sweep charts one dimension over a λ grid.
test.use({ viewport: { width: 1280, height: 800 } });

const MEDICAL = "What should I do about a sore throat?";

async function open(page: Page, maxNewTokens: number) {
  await page.goto("/?backend=wasm&view=steer");
  await expect(page.getByTestId("steer-run")).toBeEnabled();
  await page.getByTestId("steer-instruction").fill(MEDICAL);
  await page.getByTestId("steer-temperature").fill("0");
  await page.getByTestId("steer-maxNewTokens").fill(String(maxNewTokens));
  await expect(page.getByTestId("steer-state")).toHaveText("up to date");
}

const number = async (page: Page, testId: string) => {
  const text = (await page.getByTestId(testId).textContent())!.replace("−", "-").replace("+", "");
  const v = Number(text);
  expect(Number.isFinite(v), `${testId} shows a number, got "${text}"`).toBe(true);
  return v;
};

test("moving λ medical regenerates the answer, and the oracle's medical score rises with λ", async ({ page }) => {
  await open(page, 24);
  const slider = page.getByTestId("steer-lambda-medical");
  await slider.focus();

  await page.keyboard.press("End");
  await expect(page.getByTestId("steer-lambda-medical-value")).toHaveText("+2.00");
  await expect(page.getByTestId("steer-state")).not.toHaveText("up to date");
  await expect(page.getByTestId("steer-state")).toHaveText("up to date");
  await expect(page.getByTestId("steer-shown-lambdas")).toContainText("medical +2.00");
  // a method view's run shows its speed on the device indicator, as Generate's does
  await expect(page.getByTestId("tokens-per-second")).toHaveText(/^\d+ tok\/s$/);
  const high = await number(page, "steer-oracle-medical");
  const highText = await page.getByTestId("steer-output").textContent();
  // the change against λ = 0 is shown and agrees with the two scores beside it
  const delta = await number(page, "steer-oracle-delta-medical");
  expect(delta).toBeCloseTo(high - (await number(page, "steer-oracle-base-medical")), 2);
  await expect(page.getByTestId("steer-scores")).toBeVisible();

  await page.keyboard.press("Home");
  await expect(page.getByTestId("steer-lambda-medical-value")).toHaveText("−1.50");
  await expect(page.getByTestId("steer-state")).toHaveText("up to date");
  await expect(page.getByTestId("steer-shown-lambdas")).toContainText("medical −1.50");
  const low = await number(page, "steer-oracle-medical");
  const lowText = await page.getByTestId("steer-output").textContent();

  expect(lowText).not.toBe(highText);
  expect(high).toBeGreaterThan(low);

  // a few quick steps in a row: only the last setting's answer is kept
  for (let i = 0; i < 6; i++) await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("steer-lambda-medical-value")).toHaveText("−1.20");
  await expect(page.getByTestId("steer-state")).toHaveText("up to date");
  await expect(page.getByTestId("steer-shown-lambdas")).toContainText("medical −1.20");

  // a step away and straight back while that run is under way: the answer on screen stays
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("steer-output")).toHaveAttribute("aria-busy", "true");
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByTestId("steer-state")).toHaveText("up to date");
  await expect(page.getByTestId("steer-output")).toHaveAttribute("aria-busy", "false");
  await expect(page.getByTestId("steer-shown-lambdas")).toContainText("medical −1.20");

  // the link holds the λ: reset puts it back to 0
  await page.getByTestId("steer-lambda-medical-reset").click();
  await expect(page.getByTestId("steer-lambda-medical-value")).toHaveText("0.00");
  await expect(page.getByTestId("steer-state")).toHaveText("up to date");
  await expect(page.getByTestId("steer-shown-lambdas")).toContainText("all 0");
});

test("a sweep over λ medical charts the oracle and the RM head, locks the sliders while it runs, and can be cancelled", async ({ page }) => {
  await open(page, 16);
  await page.getByTestId("steer-sweep-dimension").selectOption("medical");
  await page.getByTestId("steer-sweep-run").click();
  await expect(page.getByTestId("steer-lambda-medical")).toBeDisabled();
  await page.getByTestId("steer-sweep-cancel").click();
  await expect(page.getByTestId("steer-sweep-status")).toContainText("cancelled after");
  await expect(page.getByTestId("steer-lambda-medical")).toBeEnabled();

  await page.getByTestId("steer-sweep-run").click();
  await expect(page.getByTestId("steer-sweep-status")).toHaveText("done: 6 λs", { timeout: 120_000 });
  const rows = page.getByTestId("steer-sweep-table").locator("tbody tr");
  await expect(rows).toHaveCount(6);
  const oracle = (await rows.locator("td:nth-child(2)").allTextContents()).map(Number);
  const rm = (await rows.locator("td:nth-child(3)").allTextContents()).map(Number);
  expect([...oracle, ...rm].every(Number.isFinite)).toBe(true);
  expect(oracle[5]!).toBeGreaterThan(oracle[0]!);
  expect(rm[5]!).toBeGreaterThan(rm[0]!);
  await expect(page.getByTestId("steer-sweep-chart").locator("path.recharts-curve")).toHaveCount(3);
});

test("the suite's training-time checkpoints get an SPPO iteration picker with one λ, a slider per PPO run, and sweeps of overall", async ({ page }) => {
  await open(page, 12);
  await expect(page.getByTestId("steer-checkpoints")).toBeVisible();
  // the checkpoints stay out of the preference sliders; the sweep offers them in their groups, charting overall
  for (const d of ["medical", "legal", "financial", "warmth"]) await expect(page.getByTestId(`steer-lambda-${d}`)).toBeVisible();
  await expect(page.getByTestId("steer-lambda-sppo_1")).toHaveCount(0);
  const sweepDimension = page.getByTestId("steer-sweep-dimension");
  await expect(sweepDimension.locator("option")).toHaveText([
    "medical",
    "legal",
    "financial",
    "warmth",
    "SPPO iteration 1",
    "SPPO iteration 2",
    "SPPO iteration 3",
    "PPO, sequence-level reward",
    "PPO, token-level reward",
  ]);
  await expect(sweepDimension.locator("optgroup")).toHaveCount(2);
  await sweepDimension.selectOption("ppo_token");
  await expect(page.getByTestId("steer-sweep-run")).toContainText("Sweep λ PPO, token-level reward over");
  await expect(page.getByText("so the chart follows overall")).toBeVisible();
  await sweepDimension.selectOption("medical");
  const picker = page.getByTestId("steer-checkpoint-sppo-iteration");
  await expect(picker.locator("option")).toHaveText(["SPPO iteration 1", "SPPO iteration 2", "SPPO iteration 3"]);
  await expect(page.getByLabel("λ on SPPO iteration 3")).toBeVisible();
  await expect(page.getByRole("slider", { name: "PPO, sequence-level reward" })).toBeVisible();
  await expect(page.getByRole("slider", { name: "PPO, token-level reward" })).toBeVisible();

  // one λ on the picked iteration, set from the keyboard
  await page.getByTestId("steer-checkpoint-sppo-lambda").focus();
  await page.keyboard.press("End");
  await expect(page.getByTestId("steer-checkpoint-sppo-lambda-value")).toHaveText("+2.00");
  await expect(page.getByTestId("steer-state")).toHaveText("up to date");
  await expect(page.getByTestId("steer-shown-lambdas")).toHaveText(/^for λ: sppo_3 \+2\.00 ·/);

  // another iteration takes the λ over; the one before goes back to 0
  await picker.focus();
  await page.keyboard.press("Home");
  await expect(picker).toHaveValue("1");
  await expect(page.getByTestId("steer-checkpoint-sppo-lambda-value")).toHaveText("+2.00");
  await expect(page.getByTestId("steer-state")).toHaveText("up to date");
  await expect(page.getByTestId("steer-shown-lambdas")).toHaveText(/^for λ: sppo_1 \+2\.00 ·/);

  await page.getByTestId("steer-checkpoint-sppo-lambda-reset").click();
  await expect(picker).toHaveValue("1");
  await expect(page.getByTestId("steer-state")).toHaveText("up to date");
  await expect(page.getByTestId("steer-shown-lambdas")).toContainText("all 0");
});
