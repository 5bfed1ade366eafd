/**
 * What every experiment shares: the embedded suite loaded under Node on onnxruntime-web's
 * WASM backend (the browser's code path), held-out prompts, the oracle, and a result file
 * per experiment under experiments/results/ with the table README shows.
 */
import { execSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LoadedSuite } from "../src/runtime/suite";
import { SUITE_DIR, diskFiles, nodeOrt } from "../src/runtime/suiteFixture";
import { scoreAnswer, testInstructions, type OracleScores } from "../src/world";

export const RESULTS_DIR = "experiments/results";

export async function loadSuite(): Promise<LoadedSuite> {
  return LoadedSuite.load(nodeOrt, diskFiles(`${SUITE_DIR}/`), "wasm");
}

/** Held-out instructions (the world's test split), the same for a seed on every run. */
export function heldOutPrompts(n: number, seed = 7): string[] {
  return [...testInstructions(seed, n)];
}

export function oracle(instruction: string, answer: string): OracleScores {
  return scoreAnswer(instruction, answer);
}

export const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
export const fmt = (x: number, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : String(x));

/** A markdown table: README shows these as they are. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

function commit(): string {
  try {
    return execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

export interface ExperimentOutput {
  /** what was run, in words, with its settings */
  setup: Record<string, unknown>;
  /** markdown tables, printed and stored */
  tables: string[];
  /** the paper's claim and whether it holds here, in words */
  verdict: string;
  data: unknown;
}

export function writeResult(name: string, out: ExperimentOutput, seconds: number): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  const record = { experiment: name, commit: commit(), suite: SUITE_DIR, date: new Date().toISOString(), seconds, ...out };
  writeFileSync(file, `${JSON.stringify(record, null, 1)}\n`);
  return file;
}
