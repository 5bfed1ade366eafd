import { expect, test } from "@playwright/test";
import { readFile } from "node:fs/promises";

// The Token rewards view (on WASM, and on WebGPU as the short GPU journey through a method
// view): a reward for every token, and word-level labels from a one-word edit exported as JSONL.
test.use({ viewport: { width: 1280, height: 800 } });

test("every token gets a reward; a one-word edit gives one −1 and one +1 label, exported as JSONL @webgpu", async ({ page }, info) => {
  await page.goto(`/?backend=${String(info.project.metadata.backend)}&view=tokens`);
  await expect(page.getByTestId("tokens-run")).toBeEnabled();
  await page.getByTestId("tokens-maxNewTokens").fill("20");
  await page.getByTestId("tokens-run").click();

  const heat = page.getByTestId("tokens-heatmap");
  await expect(heat).toHaveAttribute("data-tokens", /^\d+$/);
  const n = Number(await heat.getAttribute("data-tokens"));
  expect(n).toBeGreaterThan(0);
  const cells = page.getByTestId("tokens-heatmap-token-rm").locator("[data-token]");
  await expect(cells).toHaveCount(n);
  const values = await cells.evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-value"))));
  expect(values.every((v) => Number.isFinite(v) && v >= -1 && v <= 1)).toBe(true);
  await expect(cells.first()).toHaveAttribute("title", /token reward model, token 1/);

  // annotation mode: replace one word of the generated answer
  await page.getByTestId("tokens-annotate").click();
  const worse = (await page.getByTestId("tokens-worse").textContent())!;
  const words = worse.split(/\s+/).filter(Boolean);
  expect(words.length).toBeGreaterThan(1);
  const k = Math.floor(words.length / 2);
  const better = words.map((w, i) => (i === k ? "XYZZY" : w)).join(" ");
  await page.getByTestId("tokens-better").fill(better);
  await expect(page.getByTestId("tokens-label-removed")).toHaveCount(1);
  await expect(page.getByTestId("tokens-label-added")).toHaveCount(1);
  await expect(page.getByTestId("tokens-label-removed")).toContainText(words[k]!);
  await expect(page.getByTestId("tokens-label-added")).toContainText("XYZZY");
  await expect(page.getByTestId("tokens-label-counts")).toHaveText(`1 removed (−1) · 1 added (+1) · ${words.length - 1} kept (0)`);

  await page.getByTestId("tokens-save").click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("tokens-download").click()]);
  expect(download.suggestedFilename()).toBe("alignscope-token-labels.jsonl");
  const text = await readFile((await download.path())!, "utf8");
  const lines = text.split("\n").filter(Boolean);
  expect(lines).toHaveLength(1);
  const record = JSON.parse(lines[0]!);
  expect(record.worse).toBe(worse);
  expect(record.better).toBe(better);
  expect(record.worse_labels.filter((l: number) => l === -1)).toHaveLength(1);
  expect(record.better_labels.filter((l: number) => l === 1)).toHaveLength(1);
  expect(record.worse_tokens).toHaveLength(record.worse_labels.length);

  await page.getByText("The JSONL line this edit exports").click();
  await page.screenshot({ path: "docs/tokens.png", fullPage: true });
});
