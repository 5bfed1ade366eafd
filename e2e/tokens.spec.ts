import { expect, test } from "@playwright/test";
import { readFile } from "node:fs/promises";

// The Token rewards view (on WASM, and on WebGPU as the short GPU journey through a method
// view): a reward for every token, and token-level labels from a one-word edit exported as JSONL.
test.use({ viewport: { width: 1280, height: 800 } });

test("every token gets a reward; a one-word edit labels that word's tokens −1 and its replacement's +1, exported as JSONL @webgpu", async ({ page }, info) => {
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

  // annotation mode: replace one word of the generated answer; the labels are per token of the
  // policy's tokenizer (the worker tokenizes both answers), so that word may be several tokens
  await page.getByTestId("tokens-annotate").click();
  const worse = (await page.getByTestId("tokens-worse").textContent())!;
  const words = [...worse.matchAll(/\S+/g)];
  expect(words.length).toBeGreaterThan(1);
  const word = words[Math.floor(words.length / 2)]!;
  // the word's characters in each answer; everything else is left exactly as it was
  const [ws, we] = [word.index!, word.index! + word[0].length];
  const better = `${worse.slice(0, ws)}XYZZY${worse.slice(we)}`;
  const [bs, be] = [ws, ws + "XYZZY".length];
  await page.getByTestId("tokens-better").fill(better);
  await expect(page.getByTestId("tokens-save")).toBeEnabled();
  const removed = page.getByTestId("tokens-label-removed");
  const added = page.getByTestId("tokens-label-added");
  await expect(removed).not.toHaveCount(0);
  await expect(added).not.toHaveCount(0);

  await page.getByTestId("tokens-save").click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("tokens-download").click()]);
  expect(download.suggestedFilename()).toBe("alignscope-token-labels.jsonl");
  const text = await readFile((await download.path())!, "utf8");
  const lines = text.split("\n").filter(Boolean);
  expect(lines).toHaveLength(1);
  const record = JSON.parse(lines[0]!) as { worse: string; better: string; worse_tokens: string[]; better_tokens: string[]; worse_ids: number[]; better_ids: number[]; worse_labels: number[]; better_labels: number[] };
  expect(record.worse).toBe(worse);
  expect(record.better).toBe(better);
  // one label per token, tokens and ids aligned, and the tokens are the texts' own
  expect(record.worse_tokens).toHaveLength(record.worse_labels.length);
  expect(record.worse_ids).toHaveLength(record.worse_labels.length);
  expect(record.better_tokens).toHaveLength(record.better_labels.length);
  expect(record.better_ids).toHaveLength(record.better_labels.length);
  expect(record.worse_tokens.join("")).toBe(worse);
  expect(record.better_tokens.join("")).toBe(better);
  const nRemoved = record.worse_labels.filter((l) => l === -1).length;
  const nAdded = record.better_labels.filter((l) => l === 1).length;
  await expect(removed).toHaveCount(nRemoved);
  await expect(added).toHaveCount(nAdded);
  await expect(page.getByTestId("tokens-label-counts")).toHaveText(`${nRemoved} removed (−1) · ${nAdded} added (+1) · ${record.worse_labels.length - nRemoved} kept (0)`);
  // the labelled tokens are those of the replaced word: each overlaps the word's characters or
  // the white space before it (a token may be the space alone, or the space and the word)
  const spaceBefore = worse.slice(0, ws).length - worse.slice(0, ws).trimEnd().length;
  const labelledSpans = (tokens: string[], labels: number[], label: number) => {
    const out: [number, number][] = [];
    let at = 0;
    tokens.forEach((t, i) => {
      if (labels[i] === label) out.push([at, at + t.length]);
      at += t.length;
    });
    return out;
  };
  for (const [a, b] of labelledSpans(record.worse_tokens, record.worse_labels, -1)) expect(b > ws - spaceBefore && a < we, `worse token at ${a}-${b}, the word at ${ws}-${we}`).toBe(true);
  for (const [a, b] of labelledSpans(record.better_tokens, record.better_labels, 1)) expect(b > bs - spaceBefore && a < be, `better token at ${a}-${b}, the word at ${bs}-${be}`).toBe(true);

  await page.getByText("The JSONL line this edit exports").click();
});
