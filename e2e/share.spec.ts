import { expect, test, type Page } from "@playwright/test";
import { readFile } from "node:fs/promises";

// Links: the whole config of the open view travels in the URL, with what the view shows
// besides it (here the Token rewards heatmap's source and annotation mode); a fresh browser
// that opens it reproduces the same tokens (same seed, WASM) shown the same way; a broken
// link gives a message and defaults.
test.use({ viewport: { width: 1280, height: 800 } });

async function runTokensView(page: Page): Promise<string> {
  await expect(page.getByTestId("tokens-run")).toBeEnabled();
  await page.getByTestId("tokens-run").click();
  const cells = page.getByTestId("tokens-heatmap").locator("[data-token]");
  await expect(cells.first()).toBeVisible();
  return (await cells.allTextContents()).join("");
}

test("a copied link opened in a fresh browser context reproduces the same text, shown by the same source", async ({ page, browser, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/?backend=wasm&view=tokens");
  await expect(page.getByTestId("tokens-run")).toBeEnabled();
  await page.getByTestId("tokens-maxNewTokens").fill("16");
  await page.getByTestId("tokens-temperature").fill("1.1");
  await page.getByTestId("tokens-seed").fill("4242");
  const text = await runTokensView(page);
  expect(text.length).toBeGreaterThan(0);
  // view settings that are not part of the run: the heatmap's source and annotation mode
  await page.getByTestId("tokens-source-arm-expertise").check();
  await expect(page.getByTestId("tokens-heatmap-arm-expertise")).toBeVisible();
  await page.getByTestId("tokens-annotate").click();
  await expect(page.getByTestId("tokens-annotate")).toHaveAttribute("aria-pressed", "true");
  await page.getByTestId("copy-link").click();
  await expect(page.getByTestId("copy-status")).toHaveText("Link copied");
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/[?&]view=tokens/);
  expect(link).toMatch(/[?&]c=1\./);
  expect(link).toMatch(/[?&]x=1\./);
  expect(link.length).toBeLessThanOrEqual(2048);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(other.getByTestId("tokens-seed")).toHaveValue("4242");
  expect(await runTokensView(other)).toBe(text);
  await expect(other.getByTestId("tokens-source-arm-expertise")).toBeChecked();
  await expect(other.getByTestId("tokens-heatmap-arm-expertise")).toBeVisible();
  await expect(other.getByTestId("tokens-heatmap-token-rm")).toHaveCount(0);
  await expect(other.getByTestId("tokens-annotate")).toHaveAttribute("aria-pressed", "true");
  await expect(other.getByTestId("tokens-better")).toBeVisible();
  await expect(other.getByTestId("link-message")).toHaveCount(0);
  await fresh.close();
});

test("a corrupted link shows a message, falls back to the defaults and the app works", async ({ page }) => {
  await page.goto("/?backend=wasm&view=tokens&c=1.eJyrVkrLz1e<b>oops</b>&x=1.<i>x</i>");
  await expect(page.getByTestId("link-message")).toContainText("could not be used");
  await expect(page.getByTestId("link-message")).toContainText("corrupt");
  await expect(page.getByTestId("link-message")).toContainText("view settings could not be used");
  expect(await page.locator("b, i").count()).toBe(0); // nothing from the link is rendered as HTML
  await page.getByTestId("tokens-maxNewTokens").fill("8");
  const text = await runTokensView(page);
  expect(text.length).toBeGreaterThan(0);
  // the run's answers export as CSV that holds the text
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("tokens-export-csv").click()]);
  const csv = await readFile((await download.path())!, "utf8");
  expect(csv.split("\n")[0]).toMatch(/^answer,chosen,text,tokens,finish,objective,rm_/);
  expect(csv).toContain(text.trim().split(" ")[0]!);
});
