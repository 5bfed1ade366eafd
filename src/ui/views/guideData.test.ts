import { describe, expect, it } from "vitest";
import { configFrom } from "../../core/config";
import type { ScoredAnswer } from "../../core/pipeline";
import { alphaTag, baseConfig, scoreAxis, guidedConfig, labelledPoints, paretoFront, paretoPlan, paretoPoint, sweepKey, PARETO_BON_N, PARETO_SAMPLES } from "./guideData";

const config = configFrom({ version: 1, instruction: "What should I do about a sore throat?", seed: 3, search: { kind: "darwin" } });
const axes = ["expertise", "concision"] as const;

const answer = (expertise: number, concision: number, objective = 0, tokens = 10): ScoredAnswer => ({
  tokens: Array.from({ length: tokens }, (_, i) => i),
  text: "",
  tokenTexts: [],
  finish: "eos",
  rm: {},
  objective,
  oracle: { expertise, concision },
  tokenRewards: null,
  trace: null,
  armRewards: {},
});

describe("comparison configs", () => {
  it("run the same seed with GenARM and with plain sampling, without a search", () => {
    const g = guidedConfig(config, { expertise: 1, concision: 0 });
    const b = baseConfig(config);
    expect(g.decoder).toEqual({ kind: "genarm", alphas: { expertise: 1, concision: 0 } });
    expect(b.decoder).toEqual({ kind: "sample" });
    expect([g.search, b.search]).toEqual([{ kind: "none" }, { kind: "none" }]);
    expect([g.seed, b.seed]).toEqual([3, 3]);
  });
});

describe("paretoPlan", () => {
  const plan = paretoPlan(config, axes);
  it("sweeps a 3×3 α grid, then ARGS and Best-of-N, every config valid", () => {
    expect(plan).toHaveLength(11);
    expect(plan.map((p) => p.kind)).toEqual(["base", "genarm", "genarm", "genarm", "genarm", "genarm", "genarm", "genarm", "genarm", "args", "bestOfN"]);
    for (const p of plan) expect(() => configFrom(p.config)).not.toThrow();
  });
  it("runs α = 0, 0 as plain sampling and batches samples per point", () => {
    expect(plan[0]!.config.decoder).toEqual({ kind: "sample" });
    expect(plan[1]!.config.decoder).toEqual({ kind: "genarm", alphas: { expertise: 0, concision: 0.25 } });
    expect(plan[1]!.config.search).toEqual({ kind: "bestOfN", n: PARETO_SAMPLES });
    expect(plan[10]!.config.search).toEqual({ kind: "bestOfN", n: PARETO_SAMPLES * PARETO_BON_N });
  });
});

describe("paretoPoint", () => {
  const plan = paretoPlan(config, axes);
  it("averages the oracle scores of a point's samples", () => {
    const p = paretoPoint(plan[1]!, [answer(0, 1, 0, 4), answer(1, 0.5, 0, 8)], axes)!;
    expect([p.x, p.y, p.n, p.tokens]).toEqual([0.5, 0.75, 2, 6]);
    expect(p.alphas).toEqual({ expertise: 0, concision: 0.25 });
  });
  it("takes Best-of-N as the mean of independent draws, each the group's top objective", () => {
    const group1 = [answer(0, 0, 1), answer(1, 1, 5), answer(0, 0, 2), answer(0, 0, 3)];
    const group2 = [answer(0.5, 0, 9), answer(1, 1, 0), answer(1, 1, 1), answer(1, 1, 2)];
    const p = paretoPoint(plan[10]!, [...group1, ...group2], axes)!;
    expect([p.x, p.y, p.n]).toEqual([0.75, 0.5, 2]);
  });
  it("is null without oracle scores", () => {
    expect(paretoPoint(plan[0]!, [{ ...answer(0, 0), oracle: null }], axes)).toBeNull();
  });
});

describe("paretoFront", () => {
  it("keeps the points nothing beats on both objectives, by increasing x", () => {
    const pts = [
      { x: 0.9, y: 0.1 },
      { x: 0.5, y: 0.5 },
      { x: 0.4, y: 0.4 },
      { x: 0.1, y: 0.9 },
      { x: 0.5, y: 0.5 },
    ];
    expect(paretoFront(pts)).toEqual([{ x: 0.1, y: 0.9 }, { x: 0.5, y: 0.5 }, { x: 0.5, y: 0.5 }, { x: 0.9, y: 0.1 }]);
  });
});

describe("sweepKey", () => {
  it("changes with the settings a sweep depends on, not with α", () => {
    const g = guidedConfig(config, { expertise: 2 });
    expect(sweepKey(g)).toBe(sweepKey(config));
    expect(sweepKey({ ...config, seed: 4 })).not.toBe(sweepKey(config));
  });

  it("is the same for the same λs in another order or with a λ of 0", () => {
    const a = { ...config, policy: { lambdas: { medical: 1, warmth: 0.5 } } };
    const b = { ...config, policy: { lambdas: { warmth: 0.5, legal: 0, medical: 1 } } };
    expect(sweepKey(a)).toBe(sweepKey(b));
    expect(sweepKey({ ...config, policy: { lambdas: { medical: 2, warmth: 0.5 } } })).not.toBe(sweepKey(a));
  });
});

describe("chart helpers", () => {
  it("tags α pairs briefly", () => {
    expect(alphaTag({ expertise: 1.5, concision: 0.25 })).toBe("1.5/0.25");
    expect(alphaTag(null)).toBe("");
  });
  it("fits the score axis to the points, ending at 1", () => {
    expect(scoreAxis([0.83, 0.97])).toEqual({ domain: [0.7, 1.009], ticks: [0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1] });
    expect(scoreAxis([0.1, 1]).ticks).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(scoreAxis([0.45]).ticks).toEqual([0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  });
});

describe("labelledPoints", () => {
  const span = { x: 1, y: 1 };
  it("labels front points first and leaves out a point crowded by a labelled one", () => {
    const pts = [
      { id: "a", x: 1, y: 0.84 },
      { id: "b", x: 1, y: 0.86 }, // on the front, 0.02 from a
      { id: "c", x: 0.25, y: 0.9 },
      { id: "d", x: 0.97, y: 0.7 }, // 0.14 below b: room for its label
    ];
    const front = [pts[2]!, pts[1]!];
    expect([...labelledPoints(pts, front, span)].sort()).toEqual(["b", "c", "d"]);
  });

  it("measures crowding in shares of each axis' span", () => {
    const pts = [
      { id: "a", x: 0.5, y: 0.5 },
      { id: "b", x: 0.52, y: 0.55 },
    ];
    expect(labelledPoints(pts, [], span).size).toBe(1);
    // a narrow y axis (0.9-1.0) spreads the same 0.05 over half its height
    expect(labelledPoints(pts, [], { x: 1, y: 0.1 }).size).toBe(2);
  });
});
