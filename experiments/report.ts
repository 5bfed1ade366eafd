/**
 * `npm run experiment:report`: puts every experiment's stored tables and verdict into
 * README.md between the `experiments:start` and `experiments:end` markers, so README shows
 * exactly what the last runs measured (with their commit and run time).
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RESULTS_DIR } from "./lib";

interface Stored {
  experiment: string;
  commit: string;
  seconds: number;
  tables: string[];
  verdict: string;
}

const START = "<!-- experiments:start -->";
const END = "<!-- experiments:end -->";

const sections = readdirSync(RESULTS_DIR)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(RESULTS_DIR, f), "utf8")) as Stored)
  .map(
    (r) =>
      `#### \`${r.experiment}\` (commit ${r.commit}, ${Math.round(r.seconds)} s: \`npm run experiment -- ${r.experiment}\`)\n\n` +
      `${r.tables.join("\n\n")}\n\n${r.verdict}\n`,
  );

const readme = readFileSync("README.md", "utf8");
const a = readme.indexOf(START);
const b = readme.indexOf(END);
if (a < 0 || b < a) throw new Error(`README.md needs the markers ${START} and ${END}`);
writeFileSync("README.md", `${readme.slice(0, a + START.length)}\n\n${sections.join("\n")}\n${readme.slice(b)}`);
console.log(`README.md: ${sections.length} experiments`);
