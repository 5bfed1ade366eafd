/**
 * What every experiment shares: the embedded suite loaded under Node on onnxruntime-web's
 * WASM backend (the browser's code path), held-out prompts, the oracle, a result file per
 * experiment under experiments/results/ with the table README shows, Best-of-N over one
 * decoded pool, and how a paired difference is reported and called. The statistics
 * themselves (mean, standard error, correlations, AUROC) are src/core/stats.ts.
 */
import { execSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bestOfN } from "../src/core/bestOfN";
import type { LanguageModel } from "../src/core/languageModel";
import type { SequenceScorer } from "../src/core/rewardModel";
import type { SamplingOptions } from "../src/core/sampling";
import { mean, standardError } from "../src/core/stats";
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

// ── Best-of-N over one decoded pool ──

/** A prompt's pool of Best-of-N candidates: candidate i is the same whatever N (bestOfN forks row i's stream by i). */
export interface Pool {
  tokens: number[][];
  rewards: number[];
  /** cumulative[n]: answer tokens in the first n candidates */
  cumulative: number[];
}

export interface PoolOptions {
  n: number;
  maxNewTokens: number;
  sampling: SamplingOptions;
  seed: number;
}

/** Decodes `n` candidates for one prompt in one batch and scores them with `reward`. */
export async function decodePool(policy: LanguageModel, prompt: readonly number[], reward: SequenceScorer, opts: PoolOptions): Promise<Pool> {
  const out = await bestOfN(policy, prompt, opts, reward);
  const tokens = out.candidates.map((c) => c.tokens);
  const cumulative = tokens.reduce((acc, t) => [...acc, acc[acc.length - 1]! + t.length], [0]);
  return { tokens, rewards: out.candidates.map((c) => c.score!), cumulative };
}

/** Best-of-N's pick among the first n candidates (ties: the lowest index, as bestOfN). */
export function bestOfPrefix(rewards: readonly number[], n: number): number {
  let best = 0;
  for (let i = 1; i < n; i++) if (rewards[i]! > rewards[best]!) best = i;
  return best;
}

// ── paired differences ──

/** A mean paired difference counts as one when it is more than this many standard errors from 0. */
export const CLEAR = 2;

/** "higher" / "lower" when the mean of the paired differences is more than CLEAR standard errors above / below 0. */
export function clearDirection(diffs: readonly number[]): "higher" | "lower" | "no clear difference" {
  const m = mean(diffs);
  const se = standardError(diffs);
  if (m > CLEAR * se) return "higher";
  if (m < -CLEAR * se) return "lower";
  return "no clear difference";
}

/** "mean ± standard error" of paired differences. */
export const plusMinus = (diffs: readonly number[], digits = 3) => `${fmt(mean(diffs), digits)} ± ${fmt(standardError(diffs), digits)}`;
