import { describe, expect, it } from "vitest";
import type { ScoredAnswer } from "../../core/pipeline";
import { defaultConfig } from "../../state/share";
import { configKey } from "../../state/configKey";
import { baselineConfig, deltaRows, isSteered, snapLambda, sweepChartData, sweepConfigs, sweepPoint, SWEEP_GRID, withLambda, withLambdas } from "./steerData";

const answer = (oracle: Record<string, number>, rm: Record<string, number>, text = "a"): ScoredAnswer =>
  ({ tokens: [], text, finish: "eos", rm, objective: 0, oracle, tokenRewards: null, trace: null }) as unknown as ScoredAnswer;

describe("λ values", () => {
  it("snaps to the slider's step and range", () => {
    expect(snapLambda(0.1 + 0.05)).toBe(0.15);
    expect(snapLambda(0.33)).toBe(0.35);
    expect(snapLambda(9)).toBe(2);
    expect(snapLambda(-9)).toBe(-1.5);
    expect(snapLambda(Number.NaN)).toBe(0);
    expect(Object.is(snapLambda(-0.01), -0)).toBe(false);
  });

  it("sets one dimension and leaves zeros out", () => {
    expect(withLambda({ medical: 1, legal: 0 }, "warmth", 0.5)).toEqual({ medical: 1, warmth: 0.5 });
    expect(withLambda({ medical: 1 }, "medical", 0)).toEqual({});
  });

  it("keys configs regardless of λ order, and the baseline drops every λ", () => {
    const c = defaultConfig();
    const a = withLambdas(c, { medical: 1, legal: 2 });
    const b = withLambdas(c, { legal: 2, medical: 1 });
    expect(configKey(a)).toBe(configKey(b));
    expect(configKey(baselineConfig(a))).toBe(configKey(c));
    expect(isSteered(a)).toBe(true);
    expect(isSteered(baselineConfig(a))).toBe(false);
  });
});

describe("sweeps", () => {
  it("varies one dimension over the grid and holds the others", () => {
    const c = withLambdas(defaultConfig(), { legal: 0.5, medical: 1 });
    const configs = sweepConfigs(c, "medical");
    expect(configs.map((s) => s.lambda)).toEqual([...SWEEP_GRID]);
    expect(configs.map((s) => s.config.policy.lambdas.medical ?? 0)).toEqual([...SWEEP_GRID]);
    expect(configs.every((s) => s.config.policy.lambdas.legal === 0.5)).toBe(true);
    expect(configs.every((s) => s.config.instruction === c.instruction)).toBe(true);
  });

  it("shapes chart points sorted by λ, a later point replacing an earlier", () => {
    const a = answer({ medical: 0.2, overall: 0.5 }, { medical: -1 });
    const b = answer({ medical: 0.9, overall: 0.4 }, { medical: 3 });
    const points = [sweepPoint(2, "medical", b), sweepPoint(-1.5, "medical", a), sweepPoint(2, "medical", a)];
    expect(sweepChartData(points)).toEqual([
      { lambda: -1.5, oracle: 0.2, rm: -1, overall: 0.5, text: "a" },
      { lambda: 2, oracle: 0.2, rm: -1, overall: 0.5, text: "a" },
    ]);
    expect(sweepPoint(0, "legal", a)).toMatchObject({ oracle: null, rm: null });
  });
});

describe("the change against λ = 0", () => {
  it("gives each dimension and overall the oracle and RM, then and now", () => {
    const base = answer({ medical: 0.1, legal: 0, overall: 0.5 }, { medical: -2, legal: 1, overall: 0 });
    const now = answer({ medical: 0.6, legal: 0, overall: 0.4 }, { medical: 3, legal: 0.5, overall: 1 });
    const rows = deltaRows(["medical", "legal"], { medical: 2 }, base, now);
    expect(rows.map((r) => r.attribute)).toEqual(["medical", "legal", "overall"]);
    expect(rows[0]).toMatchObject({ lambda: 2, oracleBase: 0.1, oracleNow: 0.6, rmDelta: 5 });
    expect(rows[0]!.oracleDelta).toBeCloseTo(0.5);
    expect(rows[1]).toMatchObject({ lambda: 0, oracleDelta: 0, rmDelta: -0.5 });
    expect(rows[2]!.lambda).toBeNull();
    expect(deltaRows(["medical"], {}, null, now)[0]).toMatchObject({ oracleBase: null, oracleDelta: null, oracleNow: 0.6 });
  });
});
