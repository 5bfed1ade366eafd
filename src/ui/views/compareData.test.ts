import { describe, expect, it } from "vitest";
import { configFrom } from "../../core/config";
import type { PipelineResult, ScoredAnswer } from "../../core/pipeline";
import { defaultConfig } from "../../state/share";
import { EXTRAS_DEFAULTS } from "../../state/viewExtras";
import { bestPerColumn, budgetOf, darwinShape, planMethods, rowFrom, toCsv, toJson, tokensWithinTolerance, type CompareRow } from "./compareData";

const answer = (overall: number, objective: number, text = "x"): ScoredAnswer =>
  ({ tokens: [], text, finish: "eos", rm: {}, objective, oracle: { overall, expertise: overall / 2 }, tokenRewards: null, trace: null }) as unknown as ScoredAnswer;
const budget = (tokensGenerated: number) => ({ policyPasses: 10, armPasses: 0, tokensProcessed: 0, tokensGenerated, rewardCalls: 1, rewardPairs: 4, scoringPasses: 0, milliseconds: 5 });
const result = (answers: ScoredAnswer[], chosen: number, tokens = 96) => ({ answers, chosen, budget: budget(tokens) }) as unknown as PipelineResult;

describe("the equal-budget rule", () => {
  it("DARWIN's seed answer plus beams × iterations comes to the budget", () => {
    for (let K = 2; K <= 16; K++) {
      const d = darwinShape(K, 24);
      expect(Math.abs(d.answers - K)).toBeLessThanOrEqual(K >= 4 ? 0 : 1);
      expect(d.keep).toBeLessThanOrEqual(d.beams);
      expect(d.answers).toBe(1 + d.beams * d.iterations);
    }
    expect(darwinShape(16, 24)).toMatchObject({ beams: 5, iterations: 3, keep: 3, replacementPeriod: 8 });
    expect(darwinShape(4, 24).beams).toBeGreaterThan(1);
  });

  it("plans six valid configs, each sampling the same number of answers", () => {
    const config = defaultConfig({ maxNewTokens: 16, search: { kind: "bestOfN", n: 5 }, decoder: { kind: "genarm", alphas: { expertise: 2 } } });
    expect(budgetOf(config)).toBe(5);
    const plans = planMethods(config, ["expertise", "concision"], { argsK: 6, argsW: 2 });
    expect(plans.map((p) => p.id)).toEqual(["sample", "bestOfN", "genarm", "args", "darwin", "sppo"]);
    for (const p of plans) {
      const c = configFrom(p.config);
      expect(c.instruction).toBe(config.instruction);
      expect(c.maxNewTokens).toBe(16);
      expect(p.answers).toBe(5);
      expect(p.slot).toBe(`compare-${p.id}`);
    }
    expect(plans.find((p) => p.id === "genarm")!.config.decoder).toEqual({ kind: "genarm", alphas: { expertise: 2, concision: 0 } });
    expect(plans.find((p) => p.id === "sppo")!.config.search).toMatchObject({ kind: "sppo", candidates: 5 });
    const args = plans.find((p) => p.id === "args")!;
    expect(args.config.decoder).toEqual({ kind: "args", k: 6, w: 2 });
    expect(args.rule).toContain("k = 6 candidates per token, w = 2");
  });

  it("falls back to a default budget, and runs GenARM with the α the sliders show (0 for an ARM the config leaves out)", () => {
    const plans = planMethods(defaultConfig(), ["expertise", "concision"], EXTRAS_DEFAULTS.compare);
    expect(plans[0]!.answers).toBe(4);
    expect(plans.find((p) => p.id === "genarm")!.config.decoder).toEqual({ kind: "genarm", alphas: { expertise: 0, concision: 0 } });
  });
});

describe("rows", () => {
  const plan = { id: "bestOfN" as const, label: "Best-of-N", answers: 2, aggregate: "chosen" as const };
  it("take the chosen answer, or the mean for plain sampling", () => {
    const r = result([answer(0.2, 1, "first"), answer(0.6, 3, "second")], 1);
    const chosen = rowFrom(plan, r, 1500);
    expect(chosen.values).toMatchObject({ overall: 0.6, expertise: 0.3, objective: 3, tokensGenerated: 96, wallSeconds: 1.5, warmth: null });
    expect(chosen.text).toBe("second");
    const mean = rowFrom({ ...plan, id: "sample", aggregate: "mean" }, r, 0);
    expect(mean.values.overall).toBeCloseTo(0.4);
    expect(mean.values.objective).toBe(2);
    expect(mean.text).toBe("first");
  });

  it("mark the best per ranked column, ties included, and not the budget column", () => {
    const rows: CompareRow[] = [
      rowFrom(plan, result([answer(0.5, 1)], 0, 90), 1000),
      rowFrom({ ...plan, id: "sppo" }, result([answer(0.5, 2)], 0, 96), 3000),
      rowFrom({ ...plan, id: "darwin" }, result([answer(0.1, 0)], 0, 80), 2000),
      rowFrom({ ...plan, id: "args" }, result([answer(0.2, 0)], 0, 80), 2500),
    ];
    const best = bestPerColumn(rows);
    expect([...best.overall!]).toEqual(["bestOfN", "sppo"]);
    // every row spent 10 policy passes: a tie of more than half the rows is not marked
    expect(best.policyPasses).toBeUndefined();
    expect([...best.objective!]).toEqual(["sppo"]);
    expect([...best.wallSeconds!]).toEqual(["bestOfN"]);
    expect(best.tokensGenerated).toBeUndefined();
    expect(best.warmth).toBeUndefined();
    expect(tokensWithinTolerance(rows, 0.2)).toBe(true);
    expect(tokensWithinTolerance(rows, 0.1)).toBe(false);
    expect(best.expertise!.size).toBe(2);
  });

  it("export as CSV (quoted, formulas defused) and JSON", () => {
    const rows = [rowFrom(plan, result([answer(0.5, 1, 'say "hi", =1+1')], 0), 1000), rowFrom(plan, result([answer(0.5, 1, "=cmd")], 0), 1000)];
    const csv = toCsv(rows).trim().split("\n");
    expect(csv[0]).toBe("method,answers,aggregate,oracle_overall,oracle_expertise,oracle_concision,oracle_warmth,oracle_relevance,objective,tokensGenerated,policyPasses,armPasses,rewardPairs,wallSeconds,answer");
    expect(csv[1]).toBe('Best-of-N,2,chosen,0.5,0.25,,,,1,96,10,0,4,1,"say ""hi"", =1+1"');
    expect(csv[2]!.endsWith(`,"'=cmd"`)).toBe(true); // defused and quoted by papaparse
    const config = defaultConfig({ search: { kind: "bestOfN", n: 3 }, maxNewTokens: 10 });
    const json = JSON.parse(toJson(rows, config, planMethods(config, ["expertise"], EXTRAS_DEFAULTS.compare)));
    expect(json.budget).toEqual({ answers: 3, maxNewTokens: 10, tokens: 30 });
    expect(json.rows[0]).toMatchObject({ method: "Best-of-N", overall: 0.5, tokensGenerated: 96 });
    expect(json.methods).toHaveLength(6);
  });
});
