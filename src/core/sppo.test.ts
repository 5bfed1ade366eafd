import { describe, expect, it } from "vitest";
import { argmaxChoice, bradleyTerry, dualityGap, panelPreferences, solveSppo, winRates } from "./sppo";

// rock, paper, scissors: each beats one and loses to the other; the Nash mixture is uniform
const RPS = [
  [0.5, 0, 1],
  [1, 0.5, 0],
  [0, 1, 0.5],
];

describe("SPPO solver", () => {
  it("computes win rates and the duality gap by hand", () => {
    expect(winRates(RPS, [1, 0, 0])).toEqual([0.5, 1, 0]);
    expect(dualityGap(RPS, [1, 0, 0])).toBe(1); // paper beats rock surely
    expect(dualityGap(RPS, [1 / 3, 1 / 3, 1 / 3])).toBeCloseTo(0, 12);
  });

  it("one multiplicative-weights round matches the hand computation", () => {
    const [, r1] = solveSppo(RPS, { eta: 1, rounds: 1, start: [0.5, 0.25, 0.25] });
    // P(y ≻ π0) = [0.5·0.5+0.25, 0.5+0.5·0.25, 0.25+0.5·0.25] = [0.5, 0.625, 0.375]
    const w = [0.5 * Math.exp(0.5), 0.25 * Math.exp(0.625), 0.25 * Math.exp(0.375)];
    const z = w[0]! + w[1]! + w[2]!;
    r1!.policy.forEach((p, i) => expect(p).toBeCloseTo(w[i]! / z, 12));
  });

  it("on a transitive Bradley-Terry game it concentrates on the best candidate", () => {
    const rounds = solveSppo(bradleyTerry([0, 1, 2]), { eta: 2, rounds: 200 });
    const last = rounds[rounds.length - 1]!;
    expect(last.policy[2]).toBeGreaterThan(0.99);
    expect(last.gap).toBeLessThan(rounds[0]!.gap);
  });

  it("on an intransitive panel the average approaches the Nash mixture while argmax-reward is exploitable", () => {
    // three criteria; majorities cycle: 0 ≻ 2 ≻ 1 ≻ 0, each by two criteria of three (a Condorcet cycle)
    const scores = [
      [3, 2, 1],
      [1, 3, 2],
      [2, 1, 3],
    ];
    const P = panelPreferences(scores);
    expect(P[0]![2]).toBeCloseTo(2 / 3);
    expect(P[2]![1]).toBeCloseTo(2 / 3);
    expect(P[1]![0]).toBeCloseTo(2 / 3);
    const rounds = solveSppo(P, { eta: 0.5, rounds: 400, start: [0.6, 0.3, 0.1] });
    const last = rounds[rounds.length - 1]!;
    expect(last.averageGap).toBeLessThan(0.05);
    last.average.forEach((p) => expect(p).toBeCloseTo(1 / 3, 1));
    const greedy = argmaxChoice(P, scores.map((s) => s[0]!)); // one criterion as "the reward"
    expect(greedy.gap).toBeCloseTo(1 / 3); // the candidate that beats it wins 2/3 of the time
  });

  it("the training targets are η(P(y ≻ π_t) − ½)", () => {
    const [r0] = solveSppo(RPS, { eta: 0.3, rounds: 0, start: [1, 0, 0] });
    expect(r0!.targets).toEqual([0, 0.3 * 0.5, 0.3 * -0.5]);
  });

  it("refuses a matrix that is not a preference matrix", () => {
    expect(() => solveSppo([[0.5, 0.7], [0.7, 0.5]], { eta: 1, rounds: 1 })).toThrow(/≠ 1/);
    expect(() => solveSppo([[0.5, 2], [-1, 0.5]], { eta: 1, rounds: 1 })).toThrow(/not a probability/);
  });
});
