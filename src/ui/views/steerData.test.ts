import { describe, expect, it } from "vitest";
import type { ScoredAnswer } from "../../core/pipeline";
import { defaultConfig } from "../../state/share";
import { configKey } from "../../state/configKey";
import {
  baselineConfig,
  chosenIteration,
  deltaRows,
  isSteered,
  snapLambda,
  steerDimensions,
  sweepChartData,
  sweepConfigs,
  sweepPoint,
  sweepTargets,
  SWEEP_GRID,
  withIteration,
  withLambda,
  withLambdas,
} from "./steerData";

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

describe("training-time checkpoints", () => {
  const PREFERENCE = ["medical", "legal", "financial", "warmth"];
  const suite = {
    dimensions: [...PREFERENCE, "sppo_1", "sppo_2", "sppo_3", "ppo_sequence", "ppo_token"],
    checkpoints: { sppo: ["sppo_1", "sppo_2", "sppo_3"], ppo: ["ppo_sequence", "ppo_token"] },
  };

  it("leaves every dimension a preference dimension when the suite has no groups", () => {
    expect(steerDimensions({ dimensions: PREFERENCE })).toEqual({ preference: PREFERENCE, groups: [] });
    expect(steerDimensions({ dimensions: PREFERENCE, checkpoints: {} })).toEqual({ preference: PREFERENCE, groups: [] });
  });

  it("groups SPPO iterations in order and labels PPO by its reward", () => {
    const { preference, groups } = steerDimensions(suite);
    expect(preference).toEqual(PREFERENCE);
    expect(groups).toEqual([
      {
        name: "sppo",
        kind: "iterations",
        title: "SPPO",
        members: [
          { dimension: "sppo_1", label: "SPPO iteration 1" },
          { dimension: "sppo_2", label: "SPPO iteration 2" },
          { dimension: "sppo_3", label: "SPPO iteration 3" },
        ],
      },
      {
        name: "ppo",
        kind: "members",
        title: "PPO",
        members: [
          { dimension: "ppo_sequence", label: "PPO, sequence-level reward" },
          { dimension: "ppo_token", label: "PPO, token-level reward" },
        ],
      },
    ]);
  });

  it("labels an unknown group's members by name and drops names the suite lacks", () => {
    const { preference, groups } = steerDimensions({ dimensions: ["medical", "dpo_1", "dpo_2"], checkpoints: { idpo: ["dpo_1", "dpo_2", "dpo_9"], none: ["x"] } });
    expect(preference).toEqual(["medical"]);
    expect(groups).toEqual([
      {
        name: "idpo",
        kind: "members",
        title: "idpo",
        members: [
          { dimension: "dpo_1", label: "dpo_1" },
          { dimension: "dpo_2", label: "dpo_2" },
        ],
      },
    ]);
  });

  it("puts λ on the chosen iteration only, keeping the other dimensions", () => {
    const sppo = steerDimensions(suite).groups[0]!;
    const lambdas = { medical: 0.5, sppo_1: 1, sppo_3: -0.5, ppo_token: 1 };
    expect(withIteration(lambdas, sppo, 2, 1.5)).toEqual({ medical: 0.5, sppo_2: 1.5, ppo_token: 1 });
    // λ > 1 extrapolates beyond the iteration; snapped and clamped like any slider
    expect(withIteration({}, sppo, 3, 1.234)).toEqual({ sppo_3: 1.25 });
    expect(withIteration({}, sppo, 3, 9)).toEqual({ sppo_3: 2 });
    // λ = 0 clears the group; an iteration out of range is clamped to the group
    expect(withIteration(lambdas, sppo, 1, 0)).toEqual({ medical: 0.5, ppo_token: 1 });
    expect(withIteration({}, sppo, 7, 1)).toEqual({ sppo_3: 1 });
    expect(withIteration({}, sppo, 0, 1)).toEqual({ sppo_1: 1 });
  });

  it("reads the chosen iteration back from the λs", () => {
    const sppo = steerDimensions(suite).groups[0]!;
    expect(chosenIteration(sppo, { sppo_2: 0.75 })).toBe(2);
    expect(chosenIteration(sppo, { medical: 1 })).toBeNull();
    expect(chosenIteration(sppo, withIteration({}, sppo, 3, -1))).toBe(3);
  });

  it("offers every checkpoint to the sweep, charting overall, in option groups after the preference dimensions", () => {
    const groups = sweepTargets(steerDimensions(suite));
    const targets = groups.flatMap((g) => g.targets);
    expect(targets.map((t) => [t.dimension, t.attribute, t.group])).toEqual([
      ...PREFERENCE.map((d) => [d, d, null]),
      ["sppo_1", "overall", "SPPO"],
      ["sppo_2", "overall", "SPPO"],
      ["sppo_3", "overall", "SPPO"],
      ["ppo_sequence", "overall", "PPO"],
      ["ppo_token", "overall", "PPO"],
    ]);
    expect(targets.find((t) => t.dimension === "ppo_token")!.label).toBe("PPO, token-level reward");
    expect(groups.map((g) => [g.group, g.targets.length])).toEqual([
      [null, 4],
      ["SPPO", 3],
      ["PPO", 2],
    ]);
    // a checkpoint's point reads the overall scores
    const a = answer({ overall: 0.7, medical: 0.1 }, { overall: 1.5, medical: -2 });
    expect(sweepPoint(1, "overall", a)).toMatchObject({ oracle: 0.7, rm: 1.5, overall: 0.7 });
  });
});
