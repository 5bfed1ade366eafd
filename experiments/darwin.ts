/**
 * DARWIN against Best-of-N at an equal token budget (Hung et al. 2024, arXiv 2406.15193).
 * Claim: a reward-guided evolutionary search over instructions (mutate the instruction into
 * N beams, every m tokens overwrite the beams outside the top k with copies of top-k texts)
 * returns better-aligned answers than Best-of-N given the same generation budget, gets better
 * with iterations, and its reward-guided replacement matters: the paper's table compares
 * m = 20, 40, 80 and "mutation without replacement" per iteration.
 *
 * Here: held-out prompts of the world; the search maximises the sequence RM's `overall`
 * head; every returned answer is also judged by the oracle (`dims.overall`, the ground
 * truth) and its well-formedness. Paper defaults: 5 beams, keep 3, temperature 0.7, top-k 40.
 *
 * Budget: answer tokens sampled by the policy (end tokens not counted; a text copied by a
 * replacement is not sampled again). DARWIN runs once per prompt and configuration with 3
 * iterations; its spend up to the end of iteration i (the seed response included) is summed
 * from its seed and segment events, and the sum over all iterations is checked against
 * `budget.tokensGenerated`. Its answer after iteration i is the best response it had seen by
 * then (a run with iterations = i makes the same choices: every random draw is forked by
 * iteration). Best-of-N decodes a pool of candidates once per prompt (candidate i is the same
 * whatever N is) and, per prompt and checkpoint, takes the N whose first N candidates hold
 * the number of tokens closest to DARWIN's spend. Seeds are fixed: the seed response and
 * the first iteration's mutations are the same in every configuration (a paired comparison).
 */
import { runDarwin, type DarwinBest, type DarwinDeps, type DarwinEvent, type DarwinResult } from "../src/core/darwin";
import type { LanguageModel } from "../src/core/languageModel";
import { headScorer, type SequenceScorer, type TextCodec } from "../src/core/rewardModel";
import type { SamplingOptions } from "../src/core/sampling";
import { mutateText } from "../src/worker/worldMutation";
import { mean, median } from "../src/core/stats";
import {
  CLEAR,
  bestOfPrefix,
  clearDirection,
  decodePool,
  fmt,
  heldOutPrompts,
  loadSuite,
  markdownTable,
  oracle,
  plusMinus,
  type ExperimentOutput,
  type Pool,
} from "./lib";

const PROMPTS = 16;
const MAX_NEW = 96;
const SAMPLING: SamplingOptions = { temperature: 0.7, topK: 40, topP: 1 };
const BEAMS = 5;
const KEEP = 3;
const ITERATIONS = 3;
/** the paper's m = 20, 40, 80, and m = 10 because our answers are short */
const PERIODS = [10, 20, 40, 80];
/** without replacement m only cuts decoding into segments */
const NO_REPLACEMENT_PERIOD = 20;
/** Best-of-N candidates decoded per prompt; enough to match DARWIN's spend after 3 iterations */
const POOL = 48;
const REWARD_HEAD = "overall";
const DARWIN_SEED = 31;
const BON_SEED = 1031;

interface Config {
  label: string;
  replacementPeriod: number;
  replacement: boolean;
}

const CONFIGS: Config[] = [
  { label: "mutation without replacement", replacementPeriod: NO_REPLACEMENT_PERIOD, replacement: false },
  ...PERIODS.map((m) => ({ label: `DARWIN m=${m}`, replacementPeriod: m, replacement: true })),
];

// ── DARWIN on the suite, read per iteration (hacking.ts uses these too) ──

/** DARWIN's dependencies: the policy, its codec, a sequence reward and the world's instruction mutation. */
export function darwinDeps(policy: LanguageModel, codec: TextCodec, reward: SequenceScorer): DarwinDeps {
  return { policy, codec, reward, mutate: mutateText };
}

/** Where a DARWIN run stood at the end of an iteration (0: after the seed response alone). */
export interface DarwinCheckpoint {
  iteration: number;
  /** answer tokens sampled so far, the seed response included */
  tokensGenerated: number;
  /** (prompt, answer) pairs the reward model scored so far */
  pairsScored: number;
  /** beams overwritten so far */
  replacements: number;
  /** beams that fell back to the unmutated parent so far */
  fellBack: number;
  /** the best response seen so far: what DARWIN returns if stopped here */
  best: DarwinBest;
}

/** The 0-based iteration an event belongs to (-1: the seed response). */
function iterationOf(e: DarwinEvent): number {
  return e.type === "seed" ? -1 : e.type === "best" ? e.best.iteration : e.iteration;
}

/** Tokens an event sampled: a segment's decoded beams each started at segment · m tokens. */
function tokensSampledIn(e: DarwinEvent, replacementPeriod: number): number {
  if (e.type === "seed") return e.tokens.length;
  if (e.type !== "segment") return 0;
  const start = e.segment * replacementPeriod;
  return e.decoded.reduce((n, b) => n + e.beams[b]!.tokens.length - start, 0);
}

function pairsScoredIn(e: DarwinEvent): number {
  return e.type === "seed" ? 1 : e.type === "segment" ? e.decoded.length : 0;
}

const sumOver = (events: readonly DarwinEvent[], f: (e: DarwinEvent) => number) => events.reduce((n, e) => n + f(e), 0);

/** Checkpoints 0..iterationsCompleted of a finished run, from its events; checks the totals against its budget. */
export function darwinCheckpoints(result: DarwinResult, replacementPeriod: number): DarwinCheckpoint[] {
  const tokens = (e: DarwinEvent) => tokensSampledIn(e, replacementPeriod);
  const total = sumOver(result.events, tokens);
  const pairs = sumOver(result.events, pairsScoredIn);
  if (total !== result.budget.tokensGenerated || pairs !== result.budget.pairsScored) {
    throw new Error(`DARWIN's events account for ${total} tokens / ${pairs} pairs, its budget says ${result.budget.tokensGenerated} / ${result.budget.pairsScored}`);
  }
  return Array.from({ length: result.iterationsCompleted + 1 }, (_, iteration) => {
    const upTo = result.events.filter((e) => iterationOf(e) < iteration);
    const bests = upTo.flatMap((e) => (e.type === "best" ? [e.best] : []));
    return {
      iteration,
      tokensGenerated: sumOver(upTo, tokens),
      pairsScored: sumOver(upTo, pairsScoredIn),
      replacements: sumOver(upTo, (e) => (e.type === "segment" ? e.replacements.length : 0)),
      fellBack: sumOver(upTo, (e) => (e.type === "iteration" ? e.fellBack.length : 0)),
      best: bests[bests.length - 1]!,
    };
  });
}

// ── Best-of-N prefixes of one decoded pool ──

/** The N ≥ 1 whose first N candidates' tokens are closest to the budget (ties: the smaller N). */
function matchedN(pool: Pool, budget: number): number {
  let best = 1;
  for (let n = 2; n <= POOL; n++) if (Math.abs(pool.cumulative[n]! - budget) < Math.abs(pool.cumulative[best]! - budget)) best = n;
  return best;
}

// ── one prompt ──

interface Judged {
  tokens: number;
  reward: number;
  oracle: number;
  wellformed: number;
}

interface Cell {
  prompt: number;
  config: string;
  iteration: number;
  darwin: Judged & { spent: number; pairsScored: number; replacements: number; fellBack: number; instruction: string };
  bon: Judged & { n: number; spent: number; capped: boolean };
}

function judge(instruction: string, codec: TextCodec, tokens: readonly number[], reward: number): Judged {
  const s = oracle(instruction, codec.decode(tokens));
  return { tokens: tokens.length, reward, oracle: s.dims.overall, wellformed: s.wellformed };
}

function cellsOfRun(instruction: string, p: number, config: Config, checkpoints: DarwinCheckpoint[], pool: Pool, codec: TextCodec): Cell[] {
  return checkpoints.map((c) => {
    const n = matchedN(pool, c.tokensGenerated);
    const pick = bestOfPrefix(pool.rewards, n);
    return {
      prompt: p,
      config: config.label,
      iteration: c.iteration,
      darwin: {
        ...judge(instruction, codec, c.best.tokens, c.best.reward),
        spent: c.tokensGenerated,
        pairsScored: c.pairsScored,
        replacements: c.replacements,
        fellBack: c.fellBack,
        instruction: c.best.instruction,
      },
      bon: {
        ...judge(instruction, codec, pool.tokens[pick]!, pool.rewards[pick]!),
        n,
        spent: pool.cumulative[n]!,
        capped: n === POOL && c.tokensGenerated > pool.cumulative[POOL]!,
      },
    };
  });
}

// ── tables and verdict ──

const paired = (cells: readonly Cell[], f: (j: Judged) => number) => cells.map((c) => f(c.darwin) - f(c.bon));

function winsTiesLosses(cells: readonly Cell[]): string {
  const d = paired(cells, (j) => j.oracle);
  return `${d.filter((x) => x > 1e-9).length}/${d.filter((x) => Math.abs(x) <= 1e-9).length}/${d.filter((x) => x < -1e-9).length}`;
}

function paperTable(select: (config: string, iteration: number) => Cell[]): string {
  const iterations = Array.from({ length: ITERATIONS }, (_, i) => i + 1);
  const both = (cells: Cell[], side: "darwin" | "bon") =>
    `${fmt(mean(cells.map((c) => c[side].oracle)))} (${fmt(mean(cells.map((c) => c[side].reward)), 2)})`;
  const rows = CONFIGS.flatMap((cfg) => [
    [cfg.label, ...iterations.map((i) => both(select(cfg.label, i), "darwin"))],
    [`↳ Best-of-N at its token budget`, ...iterations.map((i) => both(select(cfg.label, i), "bon"))],
  ]);
  return (
    `**Oracle overall (RM overall) of the returned answer, per iteration, equal token budget** (${PROMPTS} held-out prompts)\n\n` +
    markdownTable(["method", ...iterations.map((i) => `iteration ${i}`)], rows)
  );
}

function detailRow(label: string, iteration: number, cells: Cell[]): (string | number)[] {
  const avg = (f: (c: Cell) => number, digits = 3) => fmt(mean(cells.map(f)), digits);
  const ns = cells.map((c) => c.bon.n);
  return [
    label,
    iteration,
    `${avg((c) => c.darwin.spent, 0)} / ${avg((c) => c.bon.spent, 0)}`,
    `${avg((c) => c.bon.n, 1)} (${Math.min(...ns)}–${Math.max(...ns)})`,
    `${avg((c) => c.darwin.reward, 2)} / ${avg((c) => c.bon.reward, 2)}`,
    `${avg((c) => c.darwin.oracle)} / ${avg((c) => c.bon.oracle)}`,
    plusMinus(paired(cells, (j) => j.oracle)),
    winsTiesLosses(cells),
    `${avg((c) => c.darwin.wellformed)} / ${avg((c) => c.bon.wellformed)}`,
    `${avg((c) => c.darwin.pairsScored, 1)} / ${avg((c) => c.bon.n, 1)}`,
    avg((c) => c.darwin.replacements, 1),
  ];
}

function detailTable(select: (config: string, iteration: number) => Cell[]): string {
  const rows = [
    detailRow("seed response (every configuration)", 0, select(CONFIGS[0]!.label, 0)),
    ...CONFIGS.flatMap((cfg) => Array.from({ length: ITERATIONS }, (_, i) => detailRow(cfg.label, i + 1, select(cfg.label, i + 1)))),
  ];
  return (
    `**Per iteration: DARWIN / Best-of-N at equal answer tokens** (budget = answer tokens sampled, cumulative; RM = ${REWARD_HEAD} head)\n\n` +
    markdownTable(
      ["configuration", "iteration", "tokens DARWIN / BoN", "BoN N (range)", "RM DARWIN / BoN", "oracle DARWIN / BoN", "oracle Δ ± SE", "oracle W/T/L", "well-formed DARWIN / BoN", "RM pairs scored DARWIN / BoN", "replacements"],
      rows,
    )
  );
}

interface LengthStats {
  median: number;
  /** share of pool answers longer than each m */
  longerThan: Record<number, number>;
}

function answerLengths(pools: readonly Pool[]): LengthStats {
  const lengths = pools.flatMap((p) => p.tokens.map((t) => t.length));
  const longerThan = Object.fromEntries(PERIODS.map((m) => [m, lengths.filter((l) => l > m).length / lengths.length]));
  return { median: median(lengths), longerThan };
}

/** The share of (prompt, iteration) pairs in which at least one beam was overwritten. */
function shareOfIterationsWithReplacement(select: (config: string, iteration: number) => Cell[], label: string): number {
  const flags = Array.from({ length: ITERATIONS }, (_, i) => {
    const before = select(label, i);
    return select(label, i + 1).map((c, k) => c.darwin.replacements > before[k]!.darwin.replacements);
  }).flat();
  return flags.filter(Boolean).length / flags.length;
}

function verdictText(select: (config: string, iteration: number) => Cell[], lengths: LengthStats): string {
  const grid = CONFIGS.flatMap((cfg) => Array.from({ length: ITERATIONS }, (_, i) => select(cfg.label, i + 1)));
  const count = (f: (j: Judged) => number, d: ReturnType<typeof clearDirection>) => grid.filter((cells) => clearDirection(paired(cells, f)) === d).length;
  const tally = (f: (j: Judged) => number) =>
    `higher in ${count(f, "higher")}, lower in ${count(f, "lower")}, no clear difference in ${count(f, "no clear difference")}`;
  const headline = (name: string, f: (j: Judged) => number) => {
    const [wins, losses] = [count(f, "higher"), count(f, "lower")];
    if (wins > 0 && losses === 0) return `DARWIN beats Best-of-N at equal budget on the ${name} in ${wins} of ${grid.length} cells and never loses`;
    if (wins > losses) return `DARWIN beats Best-of-N at equal budget on the ${name} more often than it loses (${wins} against ${losses} of ${grid.length} cells)`;
    if (wins === 0) return `DARWIN does NOT beat Best-of-N at equal budget on the ${name} in any of the ${grid.length} cells`;
    return `DARWIN beats Best-of-N on the ${name} in only ${wins} and loses in ${losses} of ${grid.length} cells`;
  };
  const last = (label: string) => select(label, ITERATIONS);
  const perConfig = CONFIGS.map((cfg) => {
    const cells = last(cfg.label);
    return `${cfg.label}: oracle ${fmt(mean(cells.map((c) => c.darwin.oracle)))} vs Best-of-N ${fmt(mean(cells.map((c) => c.bon.oracle)))} (Δ ${plusMinus(paired(cells, (j) => j.oracle))}, ${clearDirection(paired(cells, (j) => j.oracle))}), RM Δ ${plusMinus(paired(cells, (j) => j.reward))}, ${fmt(mean(cells.map((c) => c.darwin.replacements / ITERATIONS)), 1)} replacements per iteration`;
  });
  const byOracle = [...CONFIGS].sort((a, b) => mean(last(b.label).map((c) => c.darwin.oracle)) - mean(last(a.label).map((c) => c.darwin.oracle)));
  const noRep = last(CONFIGS[0]!.label);
  const replacementEffect = PERIODS.map((m) => {
    const cells = last(`DARWIN m=${m}`);
    const d = cells.map((c, k) => c.darwin.oracle - noRep[k]!.darwin.oracle);
    return `m=${m} ${plusMinus(d)} (${clearDirection(d)})`;
  });
  const longest = PERIODS[PERIODS.length - 1]!;
  const longestLabel = `DARWIN m=${longest}`;
  const longestReps = mean(last(longestLabel).map((c) => c.darwin.replacements / ITERATIONS));
  const longestShare = shareOfIterationsWithReplacement(select, longestLabel);
  const improvement = CONFIGS.map((cfg) => {
    const d = select(cfg.label, ITERATIONS).map((c, k) => c.darwin.oracle - select(cfg.label, 1)[k]!.darwin.oracle);
    return `${cfg.label} ${plusMinus(d)}`;
  });
  const capped = grid.flat().filter((c) => c.bon.capped).length;
  return [
    `${headline("ORACLE", (j) => j.oracle)}; ${headline("RM", (j) => j.reward)}.`,
    `Equal-budget comparison over ${CONFIGS.length} configurations × ${ITERATIONS} iterations (${PROMPTS} prompts; a difference counts when it is more than ${CLEAR} standard errors of the paired per-prompt difference from 0).`,
    `On the ORACLE, DARWIN's answer is, against Best-of-N at the same tokens: ${tally((j) => j.oracle)}. On the RM it optimises: ${tally((j) => j.reward)}.`,
    `After iteration ${ITERATIONS}: ${perConfig.join("; ")}.`,
    `Ranking by oracle after iteration ${ITERATIONS}: ${byOracle.map((c) => c.label).join(" > ")}. Replacement against mutation alone (oracle Δ after iteration ${ITERATIONS}): ${replacementEffect.join(", ")}.`,
    `Oracle change from iteration 1 to ${ITERATIONS}: ${improvement.join("; ")}.`,
    `Answers are short here: the median sampled answer has ${lengths.median} tokens; ${PERIODS.map((m) => `${fmt(100 * lengths.longerThan[m]!, 0)}% exceed ${m}`).join(", ")}. ` +
      `With m=${longest} replacement happens only when a beam is still running after ${longest} tokens: it happened in ${fmt(100 * longestShare, 0)}% of iterations ` +
      `(${fmt(longestReps, 2)} beams overwritten per iteration, against ${PERIODS.map((m) => `${fmt(100 * shareOfIterationsWithReplacement(select, `DARWIN m=${m}`), 0)}% at m=${m}`).join(", ")}), ` +
      `so m=${longest} is ${longestShare < 0.1 ? "practically" : longestShare < 0.5 ? "mostly" : "not"} the no-replacement ablation here.`,
    capped > 0 ? `In ${capped} cells DARWIN spent more than the ${POOL}-candidate pool holds; Best-of-N there used all ${POOL}.` : `Best-of-N's pool of ${POOL} always covered DARWIN's spend.`,
  ].join("\n");
}

export default async function darwinExperiment(): Promise<ExperimentOutput> {
  const suite = await loadSuite();
  const policy = await suite.policy();
  const { codec, rm } = suite;
  const reward = headScorer(rm, REWARD_HEAD);
  const deps = darwinDeps(policy, codec, reward);
  const prompts = heldOutPrompts(PROMPTS);
  const cells: Cell[] = [];
  const pools: Pool[] = [];
  const finals: { prompt: number; config: string; instruction: string; answer: string }[] = [];
  for (const [p, instruction] of prompts.entries()) {
    const pool = await decodePool(policy, codec.prompt(instruction), reward, { n: POOL, maxNewTokens: MAX_NEW, sampling: SAMPLING, seed: BON_SEED + p });
    pools.push(pool);
    for (const cfg of CONFIGS) {
      const result = await runDarwin(deps, {
        instruction,
        beams: BEAMS,
        keep: KEEP,
        replacementPeriod: cfg.replacementPeriod,
        replacement: cfg.replacement,
        iterations: ITERATIONS,
        maxNewTokens: MAX_NEW,
        sampling: SAMPLING,
        seed: DARWIN_SEED + p,
      });
      cells.push(...cellsOfRun(instruction, p, cfg, darwinCheckpoints(result, cfg.replacementPeriod), pool, codec));
      finals.push({ prompt: p, config: cfg.label, instruction: result.best!.instruction, answer: result.best!.text });
    }
  }
  const select = (config: string, iteration: number) => cells.filter((c) => c.config === config && c.iteration === iteration);
  const lengths = answerLengths(pools);
  return {
    setup: {
      prompts: PROMPTS,
      maxNewTokens: MAX_NEW,
      sampling: SAMPLING,
      beams: BEAMS,
      keep: KEEP,
      iterations: ITERATIONS,
      configurations: CONFIGS,
      reward: `sequence RM head "${REWARD_HEAD}"`,
      groundTruth: "oracle dims.overall and wellformed",
      budget: "answer tokens sampled (end tokens excluded), cumulative to the end of each iteration, summed from DARWIN's seed and segment events and checked against budget.tokensGenerated",
      bestOfN: `one pool of ${POOL} candidates per prompt (seed ${BON_SEED}+prompt); N = the prefix whose tokens are closest to DARWIN's spend`,
      seeds: { darwin: `${DARWIN_SEED}+prompt`, bestOfN: `${BON_SEED}+prompt` },
      answerLengths: lengths,
    },
    tables: [paperTable(select), detailTable(select)],
    verdict: verdictText(select, lengths),
    data: { cells, finals },
  };
}
