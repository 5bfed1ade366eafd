import { expect, test } from "@playwright/test";
import { expectFitsWidth } from "./narrow";

// The Evolve view (DARWIN) on WASM with small settings: 3 beams, keep 2, replacement every
// 8 tokens, 2 iterations of 24 tokens. Both iterations appear, replacements are drawn as
// links, Best-of-N runs by itself at DARWIN's token budget, and the replay steps through
// the event log.
test.use({ viewport: { width: 1280, height: 800 } });

test("a small DARWIN run shows two iterations with replacements drawn, then Best-of-N at the same budget", async ({ page }) => {
  test.setTimeout(480_000);
  await page.goto("/?backend=wasm&view=evolve");
  await expect(page.getByTestId("evolve-run")).toBeEnabled();
  await page.getByTestId("evolve-beams").fill("3");
  await page.getByTestId("evolve-keep").fill("2");
  await page.getByTestId("evolve-period").fill("8");
  await page.getByTestId("evolve-iterations").fill("2");
  await page.getByTestId("evolve-maxNewTokens").fill("24");
  await expect(page.getByTestId("evolve-replacement")).toBeChecked();
  await page.getByTestId("evolve-run").click();

  // the display follows the search live: the first iteration's rows arrive before the end
  await expect(page.getByTestId("darwin-iteration").first()).toBeVisible({ timeout: 240_000 });
  await expect(page.getByTestId("evolve-status")).toHaveText(/done in/, { timeout: 300_000 });

  expect(await page.getByTestId("darwin-iteration").count()).toBeGreaterThanOrEqual(2);
  expect(await page.getByTestId("darwin-link").count()).toBeGreaterThan(0);
  // three beams per segment row, and the archive holds at least the original instruction
  expect((await page.getByTestId("darwin-beam").count()) % 3).toBe(0);
  await expect(page.getByTestId("darwin-archive").locator("tbody tr").first()).toContainText("the original");
  await expect(page.getByTestId("evolve-answer")).not.toBeEmpty();

  // Best-of-N at the same token budget runs by itself after DARWIN
  await expect(page.getByTestId("evolve-bon-reward")).toHaveText(/^-?\d+\.\d{3}$/, { timeout: 180_000 });
  await expect(page.getByTestId("evolve-bon-answer")).not.toBeEmpty();

  // replay: pausing holds the display, stepping back removes the last event, following live restores it
  const total = Number((await page.getByTestId("evolve-shown").textContent())!.split("/")[1]!.trim().split(" ")[0]);
  await page.getByTestId("evolve-pause").click();
  await expect(page.getByTestId("evolve-shown")).toContainText(`${total} / ${total} events (display paused)`);
  for (let i = 0; i < total; i++) await page.getByTestId("evolve-step-back").click();
  await expect(page.getByTestId("evolve-shown")).toContainText(`0 / ${total}`);
  await expect(page.getByTestId("darwin-iteration")).toHaveCount(0);
  for (let i = 0; i < 3; i++) await page.getByTestId("evolve-step").click();
  await expect(page.getByTestId("evolve-now")).toContainText("Iteration 1:");
  await expect(page.getByTestId("darwin-iteration")).toHaveCount(1);
  await page.getByTestId("evolve-pause").click();
  await expect(page.getByTestId("evolve-shown")).toHaveText(`${total} / ${total} events`);
});

test("the Evolve view fits a 400px-wide screen (the beams scroll sideways inside their own box)", async ({ page }, info) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 400, height: 800 });
  await page.goto("/?backend=wasm&view=evolve");
  await expect(page.getByTestId("evolve-run")).toBeEnabled();
  await page.getByTestId("evolve-maxNewTokens").fill("16");
  await page.getByTestId("evolve-period").fill("8");
  await page.getByTestId("evolve-iterations").fill("1");
  await page.getByTestId("evolve-run").click();
  await expect(page.getByTestId("evolve-status")).toHaveText(/done in/, { timeout: 240_000 });
  await expect(page.getByTestId("darwin-iteration")).toHaveCount(1);
  const view = page.locator("section.evolve");
  await page.screenshot({ path: info.outputPath("evolve-400.png"), fullPage: true });
  await expectFitsWidth(view, 400);
});

test("Pause search holds DARWIN in the worker, Step lets one segment through, Resume finishes it", async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto("/?backend=wasm&view=evolve");
  await expect(page.getByTestId("evolve-run")).toBeEnabled();
  await page.getByTestId("evolve-beams").fill("2");
  await page.getByTestId("evolve-keep").fill("1");
  await page.getByTestId("evolve-period").fill("8");
  await page.getByTestId("evolve-iterations").fill("1");
  await page.getByTestId("evolve-maxNewTokens").fill("24");
  await page.getByTestId("evolve-run").click();
  await page.getByTestId("evolve-hold").click();
  await expect(page.getByTestId("evolve-held")).toHaveText("the search is held in the worker");
  const shown = page.getByTestId("evolve-shown");
  const events = async () => ((await shown.count()) === 0 ? 0 : Number((await shown.textContent())!.split("/")[1]!.trim().split(" ")[0]));
  const before = await events();
  await page.waitForTimeout(1500);
  expect(await events()).toBe(before); // nothing moves while held
  await expect(page.getByTestId("evolve-status")).not.toHaveText(/done in/);
  // each step lets m = 8 decoding steps through; the seed response (24 tokens) may still be decoding
  for (let i = 0; i < 6 && (await events()) === before; i++) {
    await page.getByTestId("evolve-step-segment").click();
    await page.waitForTimeout(1500);
  }
  expect(await events()).toBeGreaterThan(before);
  await expect(page.getByTestId("evolve-status")).not.toHaveText(/done in/); // held again after the step
  await page.getByTestId("evolve-hold").click(); // resume
  await expect(page.getByTestId("evolve-status")).toHaveText(/done in/, { timeout: 240_000 });
});
