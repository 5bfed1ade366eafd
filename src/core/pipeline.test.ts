import { describe, expect, it } from "vitest";
import { configFrom, CONFIG_VERSION, type RunConfigInput } from "./config";
import { FunctionModel, FunctionRewardModel, FunctionTokenRewardModel, favour } from "./fakeModels";
import { generate } from "./generate";
import { runPipeline, type PipelineEvent, type PipelineModels } from "./pipeline";
import type { ScoredPair, TextCodec } from "./rewardModel";

// A world of 6 tokens: 0–4 are words, 5 ends. The policy spreads its mass over the words and
// the end; the reward heads count words in an answer, so the objective is worked out by hand.
const V = 6;
const END = 5;
const spread = () => Float32Array.from([1, 1, 1, 1, 1, 0.5]);
const codec: TextCodec = {
  prompt: (instruction) => [0, ...instruction.split(" ").map((w) => w.length % 5)],
  decode: (ids) => ids.join(" "),
  encode: (text) => text.split(" ").map(Number),
};
const count = (token: number) => (p: ScoredPair) => p.answer.filter((t) => t === token).length;

function models(overrides: Partial<PipelineModels> = {}): PipelineModels & { policy: FunctionModel; rm: FunctionRewardModel } {
  return {
    policy: new FunctionModel(V, END, spread),
    arms: new Map([["fours", { model: new FunctionModel(V, END, () => favour(V, 4, 6)), betaR: 0.5 }]]),
    rm: new FunctionRewardModel({ ones: count(1), twos: count(2), threes: count(3), overall: (p) => count(1)(p) - count(0)(p) }),
    tokenRm: new FunctionTokenRewardModel((t) => (t === 1 ? 1 : 0)),
    codec,
    oracle: (_, answer) => ({ words: answer ? answer.split(" ").length : 0 }),
    mutate: (instruction, rng) => `${instruction} ${"abcde"[rng.int(0, 5)]}`,
    ...overrides,
  } as PipelineModels & { policy: FunctionModel; rm: FunctionRewardModel };
}

const config = (extra: Partial<RunConfigInput> = {}) =>
  configFrom({ version: CONFIG_VERSION, instruction: "tell me two things", maxNewTokens: 8, seed: 3, ...extra });

describe("pipeline", () => {
  it("with no search decodes exactly what generate gives for the seed, and scores it with every scorer", async () => {
    const m = models();
    const c = config();
    const r = await runPipeline(c, m);
    const direct = await generate(new FunctionModel(V, END, spread), [codec.prompt(c.instruction)], { maxNewTokens: 8, sampling: c.sampling, seed: 3 });
    expect(r.answers).toHaveLength(1);
    const a = r.answers[0]!;
    expect(a.tokens).toEqual(direct.tokens[0]);
    expect(a.text).toBe(a.tokens.join(" "));
    expect(a.tokenTexts).toEqual(a.tokens.map(String));
    // the "fours" ARM favours token 4 by 6 nats: log π(4) = 6 − log(e⁶ + 5), log π(other) = −log(e⁶ + 5); β_r = 0.5
    const z = Math.log(Math.exp(6) + 5);
    a.armRewards.fours!.forEach((r, t) => expect(r).toBeCloseTo(0.5 * ((a.tokens[t] === 4 ? 6 : 0) - z), 5));
    expect(r.budget.scoringPasses).toBeGreaterThan(0);
    expect(a.rm.ones).toBe(a.tokens.filter((t) => t === 1).length);
    expect(a.objective).toBe(a.rm.overall);
    expect(a.tokenRewards).toEqual(a.tokens.map((t) => (t === 1 ? 1 : 0)));
    expect(a.oracle).toEqual({ words: a.tokens.length });
    expect(r.budget.policyPasses).toBe(direct.forwardPasses);
    expect(r.budget.tokensGenerated).toBe(a.tokens.length);
    expect(r.budget.rewardPairs).toBe(1);
    expect(r.chosen).toBe(0);
  });

  it("Best-of-N returns the candidate with the top weighted objective", async () => {
    const r = await runPipeline(config({ search: { kind: "bestOfN", n: 6 }, objective: { ones: 1, twos: -1 } }), models());
    const objectives = r.answers.map((a) => a.rm.ones! - a.rm.twos!);
    expect(r.answers.map((a) => a.objective)).toEqual(objectives);
    expect(r.answers[r.chosen]!.objective).toBe(Math.max(...objectives));
    expect(r.budget.rewardPairs).toBe(6);
  });

  it("GenARM counts one ARM pass per policy pass per ARM and traces β_r·log π_arm per token", async () => {
    const r = await runPipeline(config({ decoder: { kind: "genarm", alphas: { fours: 2 } } }), models());
    expect(r.budget.armPasses).toBe(r.budget.policyPasses);
    const a = r.answers[0]!;
    expect(a.tokens.filter((t) => t === 4).length).toBeGreaterThan(a.tokens.length / 2); // the ARM pulls towards 4
    expect(a.trace!.fours).toHaveLength(a.tokens.length + (a.finish === "eos" ? 1 : 0));
    a.trace!.fours!.forEach((r) => expect(r).toBeLessThanOrEqual(0)); // β_r · a log-probability
    // the guiding ARM's token rewards come from its trace, with no second pass to score them
    expect(a.armRewards.fours).toEqual(a.trace!.fours!.slice(0, a.tokens.length));
    expect(r.budget.scoringPasses).toBe(0);
  });

  it("ARGS spends k reward pairs per token on the objective and steers towards it", async () => {
    const r = await runPipeline(config({ decoder: { kind: "args", k: 3, w: 10 }, objective: { ones: 1 }, sampling: { temperature: 0 } }), models());
    const a = r.answers[0]!;
    expect(a.tokens.every((t) => t === 1)).toBe(true); // w·reward dominates: every step picks 1
    expect(r.budget.rewardPairs).toBe(3 * a.tokens.length + 1); // k per decoded token, plus the final scoring
  });

  it("DARWIN returns its best response with the full event log, scored against the original instruction", async () => {
    const events: PipelineEvent[] = [];
    const m = models();
    const r = await runPipeline(
      config({ search: { kind: "darwin", beams: 3, keep: 1, replacementPeriod: 4, iterations: 2 }, objective: { ones: 1 } }),
      m,
      { onEvent: (e) => events.push(e) },
    );
    expect(r.answers).toHaveLength(1);
    expect(r.darwin!.iterationsCompleted).toBe(2);
    const darwinEvents = events.filter((e) => e.type === "darwin");
    expect(darwinEvents.length).toBe(r.darwin!.events.length);
    const bests = r.darwin!.events.flatMap((e) => (e.type === "best" ? [e.best] : []));
    expect(r.answers[0]!.tokens).toEqual(bests[bests.length - 1]!.tokens);
    expect(r.answers[0]!.objective).toBe(bests[bests.length - 1]!.reward);
    expect(r.budget.policyPasses).toBeGreaterThan(0);
  });

  it("DARWIN with policy-written mutations falls back to the parent when the rewrite does not parse, and counts the rewrites' passes", async () => {
    const c = config({ search: { kind: "darwin", beams: 2, keep: 1, replacementPeriod: 4, iterations: 1, mutation: "policy" } });
    const byPolicy = await runPipeline(c, models({ isInstruction: () => false }));
    const iteration = byPolicy.darwin!.events.find((e) => e.type === "iteration");
    expect(iteration?.type === "iteration" && iteration.fellBack).toEqual([0, 1]);
    const byWorld = await runPipeline(config({ search: { kind: "darwin", beams: 2, keep: 1, replacementPeriod: 4, iterations: 1 } }), models());
    const fellBack = byWorld.darwin!.events.find((e) => e.type === "iteration");
    expect(fellBack?.type === "iteration" && fellBack.fellBack).toEqual([]);
    // 2 beams × 3 attempts, each rewrite at least a prefill
    expect(byPolicy.budget.mutationPasses).toBeGreaterThanOrEqual(6);
    expect(byWorld.budget.mutationPasses).toBe(0);
  });

  it("SPPO on a Bradley-Terry matrix concentrates on the top-objective answer", async () => {
    const r = await runPipeline(config({ search: { kind: "sppo", candidates: 5, rounds: 400, eta: 2 } }), models());
    const top = r.answers.map((a) => a.objective);
    const best = top.indexOf(Math.max(...top));
    expect(r.sppo!.argmax.index).toBe(best);
    expect(r.sppo!.argmax.gap).toBeCloseTo(0, 9); // a transitive game: the top answer is a Condorcet winner
    if (top.filter((t) => t === top[best]).length === 1) expect(r.chosen).toBe(best);
  });

  it("SPPO with a panel of heads that vote in a cycle leaves argmax exploitable and its mixture near Nash", async () => {
    // three scripted answers; the heads count 1s, 2s and 3s: (3,2,1), (1,3,2), (2,1,3) — each answer
    // wins one of three votes against the one before it and two against the one after: a cycle
    const scripts = [
      [1, 1, 1, 2, 2, 3],
      [2, 2, 2, 3, 3, 1],
      [3, 3, 3, 1, 1, 2],
    ];
    const rm = new FunctionRewardModel({
      ones: count(1),
      twos: count(2),
      threes: count(3),
      overall: (p) => scripts.findIndex((s) => s.join() === p.answer.join()),
    });
    // each row of the batch follows its own script (next() is called for rows 0, 1, 2 in turn)
    let row = 0;
    const scripted = new FunctionModel(V, END, (tokens) => {
      const prefix = codec.prompt("tell me two things").length;
      const i = tokens.length - prefix;
      const r = row++ % 3;
      return i < 6 ? favour(V, scripts[r]![i]!, 50) : favour(V, END, 50);
    });
    const r = await runPipeline(
      config({ sampling: { temperature: 0 }, search: { kind: "sppo", candidates: 3, rounds: 300, eta: 1, preference: "panel", panel: ["ones", "twos", "threes"] } }),
      models({ policy: scripted, rm }),
    );
    expect(r.answers.map((a) => a.tokens)).toEqual(scripts);
    // P(1≻0): twos 3>2, threes 2>1 → 2/3; P(2≻1): ones 2>1, threes 3>2 → 2/3; P(0≻2): ones 3>2, twos 2>1 → 2/3
    expect(r.sppo!.matrix[1]![0]).toBeCloseTo(2 / 3);
    expect(r.sppo!.matrix[2]![1]).toBeCloseTo(2 / 3);
    expect(r.sppo!.matrix[0]![2]).toBeCloseTo(2 / 3);
    expect(r.sppo!.argmax.index).toBe(2); // "overall" ranks the scripts 0 < 1 < 2
    expect(r.sppo!.argmax.gap).toBeCloseTo(1 / 3); // 2·P(0≻2) − 1: answer 0 beats it 2/3 of the time
    expect(r.sppo!.rounds[r.sppo!.rounds.length - 1]!.averageGap).toBeLessThan(0.05);
    r.sppo!.mixture.forEach((p) => expect(p).toBeCloseTo(1 / 3, 1));
  });

  it("gives the same answers, events and budget for the same config and seed", async () => {
    const c = config({ search: { kind: "darwin", beams: 3, keep: 2, replacementPeriod: 3, iterations: 2 } });
    const strip = (r: Awaited<ReturnType<typeof runPipeline>>) => ({ ...r, budget: { ...r.budget, milliseconds: 0 } });
    expect(strip(await runPipeline(c, models()))).toEqual(strip(await runPipeline(c, models())));
  });

  it("refuses an ARM the models do not have, naming the field", async () => {
    await expect(runPipeline(config({ decoder: { kind: "genarm", alphas: { humour: 1 } } }), models())).rejects.toThrow(/decoder\.alphas\.humour/);
  });

  it("a cancelled run returns what it has, flagged", async () => {
    const ctrl = new AbortController();
    const r = await runPipeline(config({ search: { kind: "bestOfN", n: 4 } }), models(), {
      signal: ctrl.signal,
      onEvent: (e) => e.type === "step" && e.step === 2 && ctrl.abort(),
    });
    expect(r.cancelled).toBe(true);
  });
});
