import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";

// The Compare view on WASM: every method at a small equal budget; every row gets numbers and
// the tokens generated lie within the stated tolerance (25%) of each other; the table exports.
test.use({ viewport: { width: 1280, height: 800 } });

const METHODS = ["sample", "bestOfN", "genarm", "args", "darwin", "sppo"];
const COLUMNS = ["overall", "expertise", "concision", "warmth", "relevance", "objective", "tokensGenerated", "policyPasses", "armPasses", "rewardPairs", "wallSeconds"];
const K = 3;
const L = 12;

test("all methods run at an equal token budget, every row has numbers, and the table exports as CSV and JSON", async ({ page }) => {
  test.setTimeout(360_000);
  await page.goto("/?backend=wasm&view=compare");
  await expect(page.getByTestId("compare-run")).toBeEnabled();
  await page.getByTestId("compare-maxNewTokens").fill(String(L));
  await page.getByTestId("compare-budget").fill(String(K));
  await expect(page.getByTestId("compare-budget-tokens")).toHaveText(String(K * L));
  // ARGS's k and w are the user's, and the link keeps them
  await page.getByTestId("compare-args-k").fill("2");
  await page.getByTestId("compare-args-w").fill("1.5");
  await expect(page.getByText("k = 2 candidates per token, w = 1.5")).toBeVisible();
  await expect(page).toHaveURL(/[?&]x=/); // the address bar follows after a short debounce
  await page.reload();
  await expect(page.getByTestId("compare-args-k")).toHaveValue("2");
  await expect(page.getByTestId("compare-args-w")).toHaveValue("1.5");
  await expect(page.getByTestId("compare-budget-tokens")).toHaveText(String(K * L));

  // Stop ends the whole sequence, not just the method running
  await page.getByTestId("compare-run").click();
  await expect(page.getByTestId("compare-progress")).toContainText(/running 1 of 6|warming up/);
  await page.getByTestId("compare-stop").click();
  await expect(page.getByTestId("compare-progress")).toContainText(/^stopped after [0-5] of 6 methods$/);
  await expect(page.getByTestId("compare-run")).toBeEnabled();

  await page.getByTestId("compare-run").click();
  await expect(page.getByTestId("compare-progress")).toHaveText("all 6 methods ran", { timeout: 300_000 });

  const tokens: number[] = [];
  for (const m of METHODS) {
    for (const c of COLUMNS) {
      const text = (await page.getByTestId(`compare-${m}-${c}`).textContent())!.replace("★", "").trim();
      expect(Number.isFinite(Number(text)) && text !== "", `${m} ${c}: "${text}"`).toBe(true);
      if (c === "tokensGenerated") tokens.push(Number(text));
    }
  }
  expect(Math.max(...tokens)).toBeLessThanOrEqual(K * L);
  expect(Math.min(...tokens)).toBeGreaterThanOrEqual(0.75 * Math.max(...tokens));
  await expect(page.getByTestId("compare-tolerance")).toContainText("within 25%");
  // GenARM is the only method that runs ARMs while decoding
  expect(Number(await page.getByTestId("compare-genarm-armPasses").textContent().then((t) => t!.replace("★", "")))).toBeGreaterThan(0);
  // at least one best mark per ranked column
  await expect(page.locator("td.best")).not.toHaveCount(0);

  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("compare-csv").click()]);
  expect(csv.suggestedFilename()).toMatch(/\.csv$/);
  const lines = readFileSync((await csv.path())!, "utf8").trim().split("\n");
  expect(lines[0]).toContain("method,answers,aggregate,oracle_overall");
  expect(lines.filter((l) => /^(Sampling|Best-of-N|GenARM|ARGS|DARWIN|SPPO)/.test(l))).toHaveLength(6);

  const [json] = await Promise.all([page.waitForEvent("download"), page.getByTestId("compare-json").click()]);
  const data = JSON.parse(readFileSync((await json.path())!, "utf8")) as { budget: { tokens: number }; rows: { tokensGenerated: number }[]; methods: { id: string; config: { decoder: unknown } }[] };
  expect(data.budget.tokens).toBe(K * L);
  expect(data.methods.find((m) => m.id === "args")!.config.decoder).toEqual({ kind: "args", k: 2, w: 1.5 });
  expect(data.rows).toHaveLength(6);
});
