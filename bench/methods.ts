/**
 * Figures 8-10, the methods' speed (issue "Speed (benchmarks in Chromium, added to npm run
 * bench)"), measured in the bench page with workers that load the whole suite as the app
 * does. Every figure is a ratio of variants run in the same worker and interleaved round by
 * round (the order rotating), reported as the median of the per-round ratios, so a machine
 * busy with other work slows both sides of a ratio alike.
 *
 *   8a/8b  GenARM overhead: t(GenARM) ÷ (t(policy) + t(ARM)) − 1, 1 and 2 WASM threads
 *   9a     DARWIN's population decoded as one batch vs one beam after another
 *   9b     a whole small runDarwin run against bare batched decoding of the same shape
 *   10     ARGS (k = 10) vs GenARM time per generated token, with each one's oracle target score
 */
import * as Comlink from "comlink";
import { mean, median, standardError } from "../src/core/stats";
import { figure, type Figure, type PageOptions, type Raw } from "./types";
import type { DarwinRunStats, Method, MethodRun, MethodsInfo, MethodsSetup, MethodsWorker, OverheadVariant, Timed } from "./methodsWorker";

type Remote = Comlink.Remote<MethodsWorker>;

const SETUP: MethodsSetup = { prompts: 4, tokens: 48, beams: 5, segment: 40 };
/** runDarwin, small: 5 beams, keep 3, replacement every 16 tokens, 2 iterations, answers of at most 48 tokens */
const DARWIN = { beams: SETUP.beams, keep: 3, replacementPeriod: 16, iterations: 2, maxNewTokens: 48 };
/** figure 10: GenARM at α = 1 on the expertise ARM; ARGS with k = 10 candidates at reward weight w = 3 (experiments/genarm.ts's better w) */
const METHOD = { maxNewTokens: 48, alpha: 1, k: 10, w: 3 };
/** the GenARM-overhead figure's trials answer this many of the prompts */
const OVERHEAD_PROMPTS = 2;
const WARMUP_MS = 1000;
const TRIAL_MS = 250;
/** two target means closer than this count as equal quality (the oracle's scores are in [0, 1]) */
const QUALITY_TOLERANCE = 0.05;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** onnxruntime's pool threads spin briefly after a run and would steal a core from the next trial */
const settle = () => sleep(30);
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const rate = (t: Timed) => (t.tokens / t.ms) * 1000;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

function spawn(name: string): { api: Remote; worker: Worker } {
  const worker = new Worker(new URL("./methodsWorker.ts", import.meta.url), { type: "module", name });
  return { api: Comlink.wrap<MethodsWorker>(worker), worker };
}

/** Runs each arm once per round, the order rotating round by round; returns every arm's trials in round order. */
async function interleaved<A extends string, T>(arms: readonly { name: A; run: (round: number) => Promise<T> }[], rounds: number, report?: (round: number, last: Record<A, T>) => void): Promise<Record<A, T[]>> {
  const out = Object.fromEntries(arms.map((a) => [a.name, [] as T[]])) as Record<A, T[]>;
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < arms.length; k++) {
      const a = arms[(k + r) % arms.length]!;
      await settle();
      out[a.name].push(await a.run(r));
    }
    report?.(r, Object.fromEntries(arms.map((a) => [a.name, out[a.name].at(-1)!])) as Record<A, T>);
  }
  return out;
}

// ---- figure 8: GenARM overhead ---------------------------------------------------------------

async function genarmOverhead(api: Remote, info: MethodsInfo, rounds: number, log: (msg: string) => void): Promise<Figure> {
  const threads = info.threads;
  // warm-up, variants taking turns, until V8 has tiered the WASM up: each variant runs until it ran WARMUP_MS (twice at least)
  const variants: OverheadVariant[] = ["policy", "arm", "genarm", "both"];
  const warm = new Map<OverheadVariant, number[]>(variants.map((v) => [v, []]));
  const cold = () => variants.filter((v) => sum(warm.get(v)!) < WARMUP_MS || warm.get(v)!.length < 2);
  while (cold().length > 0) {
    for (const v of cold()) warm.get(v)!.push((await api.overhead(v, OVERHEAD_PROMPTS)).ms);
  }
  const reps = Math.max(1, Math.ceil(TRIAL_MS / warm.get("policy")!.at(-1)!));
  const trials = await interleaved(
    variants.map((v) => ({ name: v, run: () => api.overhead(v, OVERHEAD_PROMPTS, reps) })),
    rounds,
    (r, t) => log(`GenARM overhead, ${threads} thread(s), round ${r + 1}: ${variants.map((v) => `${v} ${rate(t[v]).toFixed(1)} tok/s`).join(", ")}`),
  );
  const tokens = trials.policy[0]!.tokens;
  if (variants.some((v) => trials[v].some((t) => t.tokens !== tokens))) throw new Error("the GenARM-overhead variants produced different token counts");
  const ratios = trials.genarm.map((g, i) => g.ms / (trials.policy[i]!.ms + trials.arm[i]!.ms));
  const ratio = median(ratios);
  const vsPolicy = median(trials.genarm.map((g, i) => trials.policy[i]!.ms / g.ms)); // GenARM tok/s ÷ policy tok/s
  const armShare = median(trials.arm.map((a, i) => a.ms / trials.policy[i]!.ms));
  // split the overhead: both passes in lockstep without combining vs the passes apart, and GenARM vs that lockstep
  const lockstepVsApart = median(trials.both.map((b, i) => b.ms / (trials.policy[i]!.ms + trials.arm[i]!.ms)));
  const genarmVsLockstep = median(trials.genarm.map((g, i) => g.ms / trials.both[i]!.ms));
  const sorted = [...ratios].sort((a, b) => a - b);
  return figure({
    id: threads === 1 ? "8a" : "8b",
    name: `GenARM overhead (policy + 1 ARM, α = 1) vs policy and ARM run one after the other (WASM, ${threads} thread${threads === 1 ? "" : "s"})`,
    value: (ratio - 1) * 100,
    unit: "%",
    ratio,
    ratioOf: "t(GenARM) ÷ (t(policy alone) + t(ARM alone)), same prompts and tokens (teacher-forced, prefill included), median of paired rounds",
    goal: { op: "≤", value: 10 },
    raw: {
      genarmTokensPerS: round3(median(trials.genarm.map(rate))),
      policyTokensPerS: round3(median(trials.policy.map(rate))),
      armTokensPerS: round3(median(trials.arm.map(rate))),
      genarmVsPolicy: round3(vsPolicy),
      armVsPolicyTime: round3(armShare),
      lockstepVsApart: round3(lockstepVsApart),
      genarmVsLockstep: round3(genarmVsLockstep),
      roundRatiosMinMax: `${round3(sorted[0]!)}–${round3(sorted.at(-1)!)}`,
      threads,
      prompts: OVERHEAD_PROMPTS,
      tokensPerAnswer: SETUP.tokens,
      repeats: reps,
      rounds: ratios.length,
    },
    note:
      `price of guidance: GenARM decodes at ${round3(vsPolicy)}× the policy's tok/s (the ARM alone takes ${round3(armShare)}× the policy's time). ` +
      `One onnxruntime-web instance runs one session.run at a time on the worker's thread (with ${threads} thread${threads === 1 ? "" : "s"}, ` +
      `${threads === 1 ? "nothing splits an op" : "its pool splits each op, not the two passes"}), so the policy's and the ARM's passes in Promise.all ` +
      `run one after the other: the overhead is GenARM's own work (log-softmax of both rows, the α-weighted sum, the reward trace) and the async hand-offs, ` +
      `and what alternating two models costs (lockstepVsApart: both passes each token without combining, ÷ the passes apart; genarmVsLockstep: GenARM ÷ that lockstep, ` +
      `its combining alone), not overlap won or lost: a ratio below 1 would mean overlap or noise (see the per-round range).`,
  });
}

// ---- figure 9: DARWIN's population as a batch ------------------------------------------------

async function darwinFigures(api: Remote, info: MethodsInfo, rounds: number, log: (msg: string) => void): Promise<Figure[]> {
  const m = SETUP.segment;
  const check = await api.populationCheck(m); // also warms the batch shapes up
  const seedOf = (r: number) => 1000 + r;
  // warm-up: each decode arm until it ran WARMUP_MS, the DARWIN run once
  let warmMs = 0;
  let lastBatchMs = 0;
  while (warmMs < WARMUP_MS) {
    lastBatchMs = (await api.population("batch", m, 1)).ms;
    warmMs += lastBatchMs;
  }
  await api.population("serial", m, 1);
  await api.darwin({ ...DARWIN, seed: 1 });
  const reps = Math.max(1, Math.ceil(TRIAL_MS / lastBatchMs));
  const trials = await interleaved(
    [
      { name: "batch", run: (r: number) => api.population("batch", m, seedOf(r), reps) },
      { name: "serial", run: (r: number) => api.population("serial", m, seedOf(r), reps) },
      { name: "darwin", run: (r: number) => api.darwin({ ...DARWIN, seed: seedOf(r) }) },
      { name: "bare", run: (r: number) => api.population("batch", DARWIN.maxNewTokens, seedOf(r)) },
    ] as const,
    rounds,
    (r, t) =>
      log(
        `DARWIN, round ${r + 1}: batch ${rate(t.batch).toFixed(1)} tok/s, serial ${rate(t.serial).toFixed(1)} tok/s, ` +
          `runDarwin ${rate(t.darwin).toFixed(1)} tok/s (${t.darwin.tokens} tokens), bare batch of ${DARWIN.maxNewTokens} ${rate(t.bare).toFixed(1)} tok/s`,
      ),
  );
  const batchVsSerial = median(trials.batch.map((b, i) => rate(b) / rate(trials.serial[i]!)));
  const darwinVsBare = median(trials.darwin.map((d, i) => rate(d) / rate(trials.bare[i]!)));
  const d = trials.darwin as DarwinRunStats[];
  const perRun = (f: (x: DarwinRunStats) => number) => round3(mean(d.map(f)));
  return [
    figure({
      id: "9a",
      name: `DARWIN's population (${SETUP.beams} beams × ${m} tokens) decoded as one batch vs one beam after another, total tok/s (WASM, ${info.threads} threads)`,
      value: batchVsSerial,
      unit: "×",
      ratio: batchVsSerial,
      ratioOf: `batch-${SETUP.beams} generate() tok/s ÷ ${SETUP.beams} single-row generate() tok/s, same rows and seed, median of paired rounds`,
      goal: { op: "≥", value: SETUP.beams / 2 },
      raw: {
        batchTokensPerS: round3(median(trials.batch.map(rate))),
        serialTokensPerS: round3(median(trials.serial.map(rate))),
        beams: SETUP.beams,
        segmentTokens: m,
        populationPromptTokens: info.populationTokens.join("/"),
        greedyRowsIdentical: `${check.identical}/${check.rows}`,
        repeats: reps,
        rounds: trials.batch.length,
      },
      note:
        `goal set by this bench as for figure 2 (half the ideal ${SETUP.beams}× of ${SETUP.beams} rows); the issue names none. Rows are the first prompt's instruction ` +
        `mutated once per beam (mutateInstruction), sampled as DARWIN samples (τ 0.7, top-k 40), end token masked so every row makes ${m} tokens. ` +
        `Greedy, ${check.identical} of ${check.rows} rows decode token for token the same in the batch as alone; sampled rows draw from generate()'s ` +
        `per-row fork of the seed, which follows the row's index in the call, so a row alone (index 0) draws another stream: the token counts and positions, ` +
        `hence the work, are the same.`,
    }),
    figure({
      id: "9b",
      name: `Whole small runDarwin run (${DARWIN.beams} beams, keep ${DARWIN.keep}, m = ${DARWIN.replacementPeriod}, ${DARWIN.iterations} iterations, ≤ ${DARWIN.maxNewTokens} tokens) tok/s vs bare batched decoding (WASM, ${info.threads} threads)`,
      value: darwinVsBare,
      unit: "×",
      ratio: darwinVsBare,
      ratioOf: `runDarwin's generated tokens ÷ its wall time, over a bare batch-${DARWIN.beams} generate() of ${DARWIN.maxNewTokens} tokens' tok/s, median of paired rounds`,
      goal: { op: "≥", value: 0.5 },
      raw: {
        darwinTokensPerS: round3(median(d.map(rate))),
        bareBatchTokensPerS: round3(median(trials.bare.map(rate))),
        darwinMs: round3(median(d.map((x) => x.ms))),
        tokensPerRun: perRun((x) => x.tokens),
        policyPassesPerRun: perRun((x) => x.forwardPasses),
        rewardCallsPerRun: perRun((x) => x.rewardCalls),
        rmPairsPerRun: perRun((x) => x.pairsScored),
        mutateCallsPerRun: perRun((x) => x.mutateCalls),
        bestOverallReward: perRun((x) => x.bestReward ?? NaN),
        rounds: d.length,
      },
      note:
        "goal set by this bench (the search's own work — the single-row seed response, a fresh prefill of every beam each segment, " +
        "the RM's overall head on every beam each segment, mutation and replacement — costs at most as much as the decoding); the issue names none. " +
        "mutate: the world's mutateInstruction; reward: the RM's overall head.",
    }),
  ];
}

// ---- figure 10: ARGS vs GenARM ---------------------------------------------------------------

async function argsVsGenarm(api: Remote, info: MethodsInfo, rounds: number, log: (msg: string) => void): Promise<Figure> {
  const methods: Method[] = ["plain", "genarm", "args"];
  const prompts = info.instructions.length;
  // warm-up: a short answer each, not counted
  for (const m of methods) await api.method(m, 0, 999, { ...METHOD, maxNewTokens: 8 });
  const runs: Record<Method, MethodRun[][]> = { plain: [], genarm: [], args: [] };
  for (let r = 0; r < rounds; r++) {
    for (const m of methods) runs[m].push([]);
    for (let i = 0; i < prompts; i++) {
      for (let k = 0; k < methods.length; k++) {
        const m = methods[(k + r + i) % methods.length]!;
        await settle();
        runs[m][r]!.push(await api.method(m, i, 100 * r + i + 1, METHOD));
      }
    }
    const perToken = (m: Method) => sum(runs[m][r]!.map((x) => x.ms)) / Math.max(1, sum(runs[m][r]!.map((x) => x.tokens)));
    log(`ARGS vs GenARM, round ${r + 1}: ${methods.map((m) => `${m} ${perToken(m).toFixed(2)} ms/token`).join(", ")}`);
  }
  const msPerToken = (rs: readonly MethodRun[]) => sum(rs.map((x) => x.ms)) / Math.max(1, sum(rs.map((x) => x.tokens)));
  const perRound = (m: Method) => runs[m].map(msPerToken);
  const ratio = median(perRound("args").map((a, r) => a / perRound("genarm")[r]!));
  const genarmVsPlain = median(perRound("genarm").map((g, r) => g / perRound("plain")[r]!));
  const all = (m: Method) => runs[m].flat();
  const per = (m: Method, f: (x: MethodRun) => number) => round3(sum(all(m).map(f)) / Math.max(1, sum(all(m).map((x) => x.tokens))));
  const target = (m: Method) => mean(all(m).map((x) => x.target));
  // paired by prompt and seed: the difference of the target scores and its standard error
  const diffs = all("args").map((a, j) => a.target - all("genarm")[j]!.target);
  const diff = mean(diffs);
  const se = standardError(diffs);
  const equal = Math.abs(diff) <= Math.max(QUALITY_TOLERANCE, 2 * se);
  const [tG, tA, tP] = [round3(target("genarm")), round3(target("args")), round3(target("plain"))] as const;
  const quality = equal
    ? `equal quality within the noise: ARGS − GenARM = ${round3(diff)} ± ${round3(se)} (oracle expertise, ${diffs.length} paired answers)`
    : `qualities differ: oracle expertise GenARM ${tG}, ARGS ${tA} (difference ${round3(diff)} ± ${round3(se)}, ${diffs.length} paired answers; plain sampling ${tP}), ` +
      (diff < 0
        ? `so ARGS reaches a lower target at ${round3(ratio)}× GenARM's time per token` + (ratio > 1 ? ": GenARM is cheaper at a quality at least ARGS's" : "")
        : `so ARGS buys its higher target at ${round3(ratio)}× GenARM's time per token`);
  return figure({
    id: "10",
    name: `ARGS (k = ${METHOD.k}, w = ${METHOD.w}) vs GenARM (expertise ARM, α = ${METHOD.alpha}) time per generated token, with the oracle target score of each (WASM, ${info.threads} threads)`,
    value: ratio,
    unit: "×",
    ratio,
    ratioOf: "ARGS ms per generated token ÷ GenARM ms per generated token (same prompts and seeds, sampled τ 0.7, top-k 40), median of paired rounds",
    goal: { op: "≥", value: 1 },
    raw: {
      argsMsPerToken: round3(median(perRound("args"))),
      genarmMsPerToken: round3(median(perRound("genarm"))),
      plainMsPerToken: round3(median(perRound("plain"))),
      genarmVsPlainTime: round3(genarmVsPlain),
      argsRmPassesPerToken: per("args", (x) => x.rmPairs),
      argsRmCallsPerToken: per("args", (x) => x.rmCalls),
      argsRmTokensReadPerToken: per("args", (x) => x.rmTokens),
      genarmRmPassesPerToken: per("genarm", (x) => x.rmPairs),
      genarmArmPassesPerToken: per("genarm", (x) => x.armPasses),
      targetGenarm: tG,
      targetArgs: tA,
      targetPlain: tP,
      targetDiffArgsMinusGenarm: round3(diff),
      targetDiffSE: round3(se),
      wellformedGenarm: round3(mean(all("genarm").map((x) => x.wellformed))),
      wellformedArgs: round3(mean(all("args").map((x) => x.wellformed))),
      wellformedPlain: round3(mean(all("plain").map((x) => x.wellformed))),
      tokensPerAnswerGenarm: round3(mean(all("genarm").map((x) => x.tokens))),
      tokensPerAnswerArgs: round3(mean(all("args").map((x) => x.tokens))),
      equalQuality: equal,
      prompts,
      domains: info.domains.join("/"),
      maxNewTokens: METHOD.maxNewTokens,
      rounds,
    },
    note:
      `${quality}. GenARM's target is the expertise ARM; ARGS rescores its top ${METHOD.k} with the RM head of the prompt's domain (askedTopic), ` +
      `each candidate a full RM pass over prompt and answer so far (ARGS made ${round3(per("args", (x) => x.rmPairs))} RM passes per token); GenARM spends one KV-cached ARM pass per token and no RM pass. ` +
      "Goal set by this bench: GenARM is the cheaper per token; the issue names none.",
  });
}

export async function methodFigures(opts: PageOptions, log: (msg: string) => void): Promise<{ figures: Figure[]; env: Raw }> {
  const figures: Figure[] = [];
  const threadCounts = self.crossOriginIsolated ? [1, 2] : [1];
  let last: MethodsInfo | null = null;
  for (const threads of threadCounts) {
    const w = spawn(`methods-${threads}-thread${threads === 1 ? "" : "s"}`);
    try {
      const lastWorker = threads === threadCounts.at(-1);
      // the whole suite on the worker that runs figures 9 and 10; the policy and the ARM elsewhere
      const info = await w.api.init(threads, SETUP, lastWorker);
      last = info;
      log(`methods worker, ${info.threads} thread(s): suite loaded in ${info.loadMs.toFixed(0)} ms; prompts ${info.promptTokens.join("/")} tokens (${info.domains.join(", ")})`);
      figures.push(await genarmOverhead(w.api, info, opts.methodRounds, log));
      // figures 9 and 10 on the worker with the most threads (the app's setting on this machine)
      if (lastWorker) {
        figures.push(...(await darwinFigures(w.api, info, opts.methodRounds, log)));
        figures.push(await argsVsGenarm(w.api, info, opts.qualityRounds, log));
      }
    } finally {
      w.worker.terminate();
    }
  }
  return {
    figures,
    env: last
      ? { methodsPrompts: last.instructions.join(" | "), methodsPromptTokens: last.promptTokens.join(","), darwinPopulation: last.population.join(" | ") }
      : {},
  };
}
