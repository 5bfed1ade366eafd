import { expect, test } from "@playwright/test";
import { readFile } from "node:fs/promises";

// The suite's model card (suite.html) renders the committed manifest's measured figures, the
// training-time methods' win rates among them, as text only, never HTML (a manifest with
// markup in a name is served in flight).
test("the model card shows every measured section, training-time win rates included, and names as text", async ({ page }) => {
  await page.goto("/suite.html");
  await expect(page.getByRole("heading", { name: "Sequence reward model" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Training-time methods" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "sppo_3", exact: true })).toBeVisible();
  await expect(page.getByRole("cell", { name: "ppo_token vs ppo_sequence" })).toBeVisible();

  const manifest = JSON.parse(await readFile("public/models/manifest.json", "utf8")) as { evaluation: Record<string, unknown> };
  const rate = { win_rate: 0.625, stderr: 0.03, wins: 110, ties: 20, losses: 62 };
  manifest.evaluation.training_methods = {
    prompts: 96,
    seeds: [0, 1],
    base: { learned_reward: -0.1, words: 34 },
    against_base: { sppo_1: { ...rate, learned_reward: 0.4, words: 35 }, "<b>ppo_token</b>": { ...rate, learned_reward: 0.9, words: 40 } },
    head_to_head: { "ppo_token vs ppo_sequence": { ...rate, win_rate: 0.74 } },
  };
  await page.route("**/models/manifest.json", (route) => route.fulfill({ json: manifest }));
  await page.reload();
  await expect(page.getByRole("heading", { name: "Training-time methods" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "0.625 ± 0.030" }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "0.740 ± 0.030" })).toBeVisible();
  // a name from the manifest is text, not markup
  await expect(page.getByRole("cell", { name: "<b>ppo_token</b>" })).toBeVisible();
  expect(await page.locator("b").count()).toBe(0);
});
