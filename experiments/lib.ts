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

/** Sample standard deviation (n − 1); NaN below two values. */
export function standardDeviation(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((acc, x) => acc + (x - m) ** 2, 0) / (xs.length - 1));
}

/** Standard error of the mean (e.g. of paired differences over prompts). */
export const standardError = (xs: readonly number[]) => standardDeviation(xs) / Math.sqrt(xs.length);

/** Pearson correlation; NaN when either side is constant. */
export function pearson(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length) throw new RangeError(`pearson: ${xs.length} values against ${ys.length}`);
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  xs.forEach((x, i) => {
    const dy = ys[i]! - my;
    sxy += (x - mx) * dy;
    sxx += (x - mx) ** 2;
    syy += dy ** 2;
  });
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/** Ranks from 1 (smallest), ties sharing their average rank. */
export function averageRanks(xs: readonly number[]): number[] {
  const order = xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]!);
  const ranks = new Array<number>(xs.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && xs[order[end + 1]!] === xs[order[start]!]) end++;
    for (let k = start; k <= end; k++) ranks[order[k]!] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return ranks;
}

/** Spearman's rank correlation (Pearson on average ranks, so ties are handled). */
export const spearman = (xs: readonly number[], ys: readonly number[]) => pearson(averageRanks(xs), averageRanks(ys));

/**
 * AUROC: P(a positive scores above a negative), ties counting half — the Mann-Whitney U over
 * n₊·n₋, as forge/reward_eval.py's auroc. NaN when either side is empty; no NaN scores.
 */
export function auroc(positives: readonly number[], negatives: readonly number[]): number {
  if (positives.length === 0 || negatives.length === 0) return NaN;
  if ([...positives, ...negatives].some(Number.isNaN)) throw new RangeError("auroc: a score is NaN");
  const ranks = averageRanks([...positives, ...negatives]);
  const n = positives.length;
  let rankSum = 0;
  for (let i = 0; i < n; i++) rankSum += ranks[i]!;
  return (rankSum - (n * (n + 1)) / 2) / (n * negatives.length);
}
