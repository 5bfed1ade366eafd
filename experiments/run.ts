/**
 * `npm run experiment -- NAME [NAME…]` (or `all`): runs paper-claim experiments on the
 * embedded suite under Node, prints their tables and writes experiments/results/NAME.json.
 */
import type { ExperimentOutput } from "./lib";
import { writeResult } from "./lib";
import { EXPERIMENTS } from "./registry";

async function main() {
  const names = process.argv.slice(2);
  const chosen = names.includes("all") ? Object.keys(EXPERIMENTS) : names;
  const unknown = chosen.filter((n) => !(n in EXPERIMENTS));
  if (chosen.length === 0 || unknown.length > 0) {
    console.error(`usage: npm run experiment -- NAME… | all\nexperiments: ${Object.keys(EXPERIMENTS).join(", ")}`);
    if (unknown.length) console.error(`unknown: ${unknown.join(", ")}`);
    process.exit(2);
  }
  for (const name of chosen) {
    const t0 = performance.now();
    console.log(`\n## ${name}\n`);
    const out: ExperimentOutput = await EXPERIMENTS[name]!();
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
