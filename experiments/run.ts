/**
 * `npm run experiment -- NAME [NAME…]` (or `all`): runs paper-claim experiments on the
 * embedded suite under Node, prints their tables and writes experiments/results/NAME.json.
 * An experiment is a file experiments/NAME.ts whose default export returns an ExperimentOutput.
 */
import { readdirSync } from "node:fs";
import { writeResult, type ExperimentOutput } from "./lib";

const NOT_EXPERIMENTS = new Set(["lib", "run", "report"]);
const available = readdirSync(new URL(".", import.meta.url))
  .filter((f) => f.endsWith(".ts") && !NOT_EXPERIMENTS.has(f.slice(0, -3)))
  .map((f) => f.slice(0, -3))
  .sort();

async function main() {
  const names = process.argv.slice(2);
  const chosen = names.includes("all") ? available : names;
  const unknown = chosen.filter((n) => !available.includes(n));
  if (chosen.length === 0 || unknown.length > 0) {
    console.error(`usage: npm run experiment -- NAME… | all\nexperiments: ${available.join(", ")}`);
    if (unknown.length) console.error(`unknown: ${unknown.join(", ")}`);
    process.exit(2);
  }
  for (const name of chosen) {
    const experiment = (await import(`./${name}.ts`)) as { default: () => Promise<ExperimentOutput> };
    const t0 = performance.now();
    console.log(`\n## ${name}\n`);
    const out = await experiment.default();
    const seconds = (performance.now() - t0) / 1000;
    for (const t of out.tables) console.log(`${t}\n`);
    console.log(out.verdict);
    console.log(`\n(${seconds.toFixed(0)} s; ${writeResult(name, out, seconds)})`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
