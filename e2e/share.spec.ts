import { expect, test, type Page } from "@playwright/test";
import { readFile } from "node:fs/promises";

// Links: the whole config of the open view travels in the URL; a fresh browser that opens
// it reproduces the same tokens (same seed, WASM); a broken link gives a message and defaults.
test.use({ viewport: { width: 1280, height: 800 } });

async function runTokensView(page: Page): Promise<string> {
  await expect(page.getByTestId("tokens-run")).toBeEnabled();
  await page.getByTestId("tokens-run").click();
  const cells = page.getByTestId("tokens-heatmap-token-rm").locator("[data-token]");
  await expect(cells.first()).toBeVisible();
  return (await cells.allTextContents()).join("");
}

test("a copied link opened in a fresh browser context reproduces the same text", async ({ page, browser, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/?backend=wasm&view=tokens");
  await expect(page.getByTestId("tokens-run")).toBeEnabled();
  await page.getByTestId("tokens-maxNewTokens").fill("16");
  await page.getByTestId("tokens-temperature").fill("1.1");
  await page.getByTestId("tokens-seed").fill("4242");
  const text = await runTokensView(page);
  expect(text.length).toBeGreaterThan(0);
  await page.getByTestId("copy-link").click();
  await expect(page.getByTestId("copy-status")).toHaveText("Link copied");
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/[?&]view=tokens/);
  expect(link).toMatch(/[?&]c=1\./);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(other.getByTestId("tokens-seed")).toHaveValue("4242");
  expect(await runTokensView(other)).toBe(text);
  await fresh.close();
});

test("a corrupted link shows a message, falls back to the defaults and the app works", async ({ page }) => {
  await page.goto("/?backend=wasm&view=tokens&c=1.eJyrVkrLz1e<b>oops</b>");
  await expect(page.getByTestId("link-message")).toContainText("could not be used");
  await expect(page.getByTestId("link-message")).toContainText("corrupt");
  expect(await page.locator("b").count()).toBe(0); // nothing from the link is rendered as HTML
  await page.getByTestId("tokens-maxNewTokens").fill("8");
  const text = await runTokensView(page);
  expect(text.length).toBeGreaterThan(0);
  // the run's answers export as CSV that holds the text
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("tokens-export-csv").click()]);
  const csv = await readFile((await download.path())!, "utf8");
  expect(csv.split("\n")[0]).toMatch(/^answer,chosen,text,tokens,finish,objective,rm_/);
  expect(csv).toContain(text.trim().split(" ")[0]!);
});
