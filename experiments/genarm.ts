/**
 * GenARM against plain sampling and ARGS (Xu et al. 2024; Khanov et al. 2024). For each ARM
 * objective the suite ships (expertise, concision), held-out prompts are answered by:
 * plain sampling; GenARM at several α (log p ∝ log π_base + α log π_arm); and ARGS (top-k
 * candidates rescored with the sequence RM head that measures the same objective). The
 * oracle scores the target attribute and well-formedness; costs are counted in passes.
 * Claim: GenARM raises the target about as ARGS does at a fraction of ARGS's reward-model
 * cost (one KV-cached ARM pass per token against k full RM passes per token).
 */
import { argsModel, type ArgsModel } from "../src/core/args";
import { guidedModel } from "../src/core/genarm";
import { generate } from "../src/core/generate";
import type { LanguageModel } from "../src/core/languageModel";
import { mean } from "../src/core/stats";
import { askedTopic } from "../src/world";
import { fmt, heldOutPrompts, loadSuite, markdownTable, oracle, type ExperimentOutput } from "./lib";

const PROMPTS = 16;
const MAX_NEW = 96;
const SAMPLING = { temperature: 0.7, topK: 40, topP: 1 };
const SEED = 5;
const ALPHAS = [0.5, 1, 2];
const ARGS_K = 10;
const ARGS_W = [1, 3];
/** how far below ARGS's best target GenARM's best may be and the claim still hold */
const CLAIM_TOLERANCE = 0.05;

interface Objective {
  arm: string;
  /** the oracle's measure of the objective */
  target: (scores: ReturnType<typeof oracle>) => number;
  /** the RM head ARGS is guided by, for an instruction */
  head: (instruction: string) => string;
  /** prompts where the objective means something */
  prompts: string[];
}

interface Row {
  method: string;
  target: number;
  wellformed: number;
  overall: number;
  tokens: number;
  policyPasses: number;
  armPasses: number;
  rmPairs: number;
  rmTokens: number;
  ms: number;
}

export default async function genarmExperiment(): Promise<ExperimentOutput> {
  const suite = await loadSuite();
  const policy = await suite.policy();
  const { codec, rm } = suite;
  const everyday = (i: string) => (askedTopic(i)?.domain ?? "everyday") === "everyday";
  const objectives: Objective[] = [
    {
      arm: "expertise",
      target: (s) => s.expertise,
      head: (i) => askedTopic(i)?.domain ?? "overall",
      prompts: heldOutPrompts(4 * PROMPTS).filter((i) => !everyday(i)).slice(0, PROMPTS),
    },
    { arm: "concision", target: (s) => s.concision, head: () => "concision", prompts: heldOutPrompts(PROMPTS) },
  ];
  const tables: string[] = [];
  const data: Record<string, Row[]> = {};
  for (const obj of objectives) {
    const arm = suite.arms.get(obj.arm);
    if (!arm) throw new Error(`the suite has no ${obj.arm} ARM`);
    const run = async (method: string, model: (instruction: string) => LanguageModel, extra: () => Partial<Row>) => {
      const rows: Row[] = [];
      for (const [p, instruction] of obj.prompts.entries()) {
        const prompt = codec.prompt(instruction);
        const m = model(instruction);
        const t0 = performance.now();
        const out = await generate(m, [prompt], { maxNewTokens: MAX_NEW, sampling: SAMPLING, seed: SEED + p });
        const ms = performance.now() - t0;
        const s = oracle(instruction, codec.decode(out.tokens[0]!));
        rows.push({
          method,
          target: obj.target(s),
          wellformed: s.wellformed,
          overall: s.dims.overall,
          tokens: out.tokens[0]!.length,
          policyPasses: out.forwardPasses,
          armPasses: 0,
          rmPairs: 0,
          rmTokens: 0,
          ms,
          ...extra(),
        });
      }
      return rows;
    };
    const results: Row[][] = [];
    results.push(await run("plain sampling", () => policy, () => ({})));
    for (const alpha of ALPHAS) {
      let guided = guidedModel(policy, [{ name: obj.arm, model: arm.model, alpha, betaR: arm.betaR }]);
      const rows = await run(
        `GenARM α=${alpha}`,
        () => (guided = guidedModel(policy, [{ name: obj.arm, model: arm.model, alpha, betaR: arm.betaR }])),
        () => ({}),
      );
      rows.forEach((r) => (r.armPasses = r.policyPasses * (guided.passesPerStep - 1))); // the guided model's ARM passes per step
      results.push(rows);
    }
    for (const w of ARGS_W) {
      // a fresh ARGS model per prompt: its counts are that answer's (an RM pair is a full pass over prompt, answer and end token)
      let args: ArgsModel | null = null;
      const rows = await run(
        `ARGS k=${ARGS_K} w=${w}`,
        (instruction) => (args = argsModel(policy, { model: rm, head: obj.head(instruction) }, { k: ARGS_K, w })),
        () => ({ rmPairs: args!.pairsScored, rmTokens: args!.tokensScored }),
      );
      results.push(rows);
    }
    data[obj.arm] = results.flat();
    tables.push(
      `**${obj.arm}** (${obj.prompts.length} held-out prompts, τ=${SAMPLING.temperature}, top-k ${SAMPLING.topK}, ≤${MAX_NEW} tokens)\n\n` +
        markdownTable(
          ["method", `oracle ${obj.arm}`, "well-formed", "oracle overall", "tokens", "policy passes / token", "ARM passes / token", "RM pairs / token", "RM tokens read / token", "ms / token"],
          results.map((rows) => {
            const tokens = rows.reduce((n, r) => n + Math.max(r.tokens, 1), 0);
            const per = (f: (r: Row) => number) => fmt(rows.reduce((n, r) => n + f(r), 0) / tokens, 2);
            return [
              rows[0]!.method,
              fmt(mean(rows.map((r) => r.target))),
              fmt(mean(rows.map((r) => r.wellformed))),
              fmt(mean(rows.map((r) => r.overall))),
              fmt(mean(rows.map((r) => r.tokens)), 1),
              per((r) => r.policyPasses),
              per((r) => r.armPasses),
              per((r) => r.rmPairs),
              per((r) => r.rmTokens),
              per((r) => r.ms),
            ];
          }),
        ),
    );
  }
  const summary = Object.entries(data).map(([arm, rows]) => {
    const of = (prefix: string) => rows.filter((r) => r.method.startsWith(prefix));
    const by = (m: string) => mean(rows.filter((r) => r.method === m).map((r) => r.target));
    const best = (prefix: string) => Math.max(...[...new Set(of(prefix).map((r) => r.method))].map(by));
    const perToken = (prefix: string, f: (r: Row) => number) => of(prefix).reduce((n, r) => n + f(r), 0) / Math.max(1, of(prefix).reduce((n, r) => n + r.tokens, 0));
    const [genarm, args] = [best("GenARM"), best("ARGS")];
    const [armCost, rmCost] = [perToken("GenARM", (r) => r.armPasses), perToken("ARGS", (r) => r.rmPairs)];
    const holds = genarm >= args - CLAIM_TOLERANCE && perToken("GenARM", (r) => r.rmPairs) < rmCost;
    return (
      `${arm}: plain ${fmt(by("plain sampling"))}, best GenARM ${fmt(genarm)}, best ARGS ${fmt(args)}; ` +
      `GenARM spent ${fmt(armCost, 2)} ARM passes and no RM pass per token, ARGS ${fmt(rmCost, 2)} RM passes per token: ` +
      `the claim ${holds ? "holds" : "does not hold"}`
    );
  });
  return {
    setup: { prompts: PROMPTS, maxNewTokens: MAX_NEW, sampling: SAMPLING, seed: SEED, alphas: ALPHAS, argsK: ARGS_K, argsW: ARGS_W },
    tables,
    verdict: `Claim: GenARM reaches at least ARGS's target (within ${CLAIM_TOLERANCE}) with no reward-model pass per token. ${summary.join(". ")}.`,
    data,
  };
}
