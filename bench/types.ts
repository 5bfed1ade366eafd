/** What the bench page hands the runner and what the runner writes to bench/results/. */

export type Raw = Record<string, number | string | boolean | null>;

export interface Figure {
  /** the numbering: "1a", "2", … */
  id: string;
  name: string;
  /** the figure in its goal's units (a ratio for 1-3, 5, 9 and 10, ms for 4 and 6, MB for 7, % for 8, a count for 11); null when it could not be measured */
  value: number | null;
  unit: "×" | "ms" | "MB" | "%" | "tasks";
  /** the ratio measured side by side in this run (for 1-3, 5, 9 and 10 the figure itself) */
  ratio: number | null;
  /** what the ratio divides by what */
  ratioOf: string;
  goal: { op: "≥" | "≤"; value: number };
  /** null when not measured */
  met: boolean | null;
  raw: Raw;
  note?: string;
}

/** A figure with its verdict; value and ratio kept to 4 decimals. */
export function figure(f: Omit<Figure, "met">): Figure {
  const r4 = (x: number | null) => (x === null || !Number.isFinite(x) ? null : Math.round(x * 1e4) / 1e4);
  const v = r4(f.value);
  const met = v === null ? null : f.goal.op === "≥" ? v >= f.goal.value : v <= f.goal.value;
  return { ...f, value: v, ratio: r4(f.ratio), met };
}

/** The options the runner passes to the bench page. */
export interface PageOptions {
  /** decode rounds (each runs every arm once, interleaved), at most */
  rounds: number;
  /** stop adding rounds after this many seconds (at least 3 rounds run) */
  roundBudgetS: number;
  /** λ changes timed for the remix latency */
  remixes: number;
  /** timed runs each of ours and transformers.js */
  compareRuns: number;
  /** untimed runs of each before them, while the fresh worker's WASM warms up */
  compareWarmup: number;
  /** what the page measures: "decode" is figures 1-5, "methods" figures 8-10 */
  sections: ("decode" | "methods")[];
  /** interleaved rounds of figures 8 and 9 (each runs every variant once) */
  methodRounds: number;
  /** rounds of figure 10, each answering every prompt once with each method */
  qualityRounds: number;
}

export interface PageResults {
  figures: Figure[];
  env: Raw;
}

export interface Results {
  date: string;
  machine: Raw;
  figures: Figure[];
}
