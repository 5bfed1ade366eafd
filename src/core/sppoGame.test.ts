import { describe, expect, it } from "vitest";
import { ROCK_PAPER_SCISSORS } from "./fakeModels";
import { solveSppo } from "./sppo";
import { preferenceMatrix, sppoGame } from "./sppoGame";

const answer = (objective: number, rm: Record<string, number>) => ({ objective, rm });

const { answers: RPS, panel: PANEL } = ROCK_PAPER_SCISSORS;

describe("preferenceMatrix", () => {
  it("builds Bradley-Terry from the objective", () => {
    const P = preferenceMatrix([answer(1, {}), answer(0, {})], { preference: "bradleyTerry", panel: PANEL });
    expect(P[0]![1]).toBeCloseTo(1 / (1 + Math.exp(-1)));
    expect(P[0]![0]).toBe(0.5);
  });

  it("lets a panel of heads vote, which can cycle", () => {
    const P = preferenceMatrix(RPS, { preference: "panel", panel: PANEL });
    expect(P[0]![1]).toBeCloseTo(2 / 3);
    expect(P[1]![2]).toBeCloseTo(2 / 3);
    expect(P[2]![0]).toBeCloseTo(2 / 3);
  });

  it("counts a head named twice as two votes", () => {
    // answer 0 wins on "a", answer 1 on "b": with "a" named twice, 2 of 3 votes go to answer 0
    const two = [answer(0, { a: 1, b: 0 }), answer(0, { a: 0, b: 1 })];
    expect(preferenceMatrix(two, { preference: "panel", panel: ["a", "b"] })[0]![1]).toBeCloseTo(1 / 2);
    expect(preferenceMatrix(two, { preference: "panel", panel: ["a", "b", "a"] })[0]![1]).toBeCloseTo(2 / 3);
  });

  it("names a panel head the answers lack", () => {
    expect(() => preferenceMatrix(RPS, { preference: "panel", panel: ["nope"] })).toThrow(/"nope"/);
  });
});

describe("sppoGame", () => {
  it("is solveSppo on the matrix, with argmax by the objective and the last average as mixture", () => {
    const g = sppoGame(RPS, { eta: 1, rounds: 300, preference: "panel", panel: PANEL });
    const rounds = solveSppo(g.matrix, { eta: 1, rounds: 300 });
    expect(g.rounds).toEqual(rounds);
    expect(g.mixture).toEqual(rounds[300]!.average);
    expect(g.argmax.index).toBe(0);
    // a pure answer in a cycle is beaten 2/3 of the time: gap 1/3; the average nears the uniform Nash mixture
    expect(g.argmax.gap).toBeCloseTo(1 / 3);
    expect(rounds[300]!.averageGap).toBeLessThan(0.05);
    g.mixture.forEach((p) => expect(p).toBeCloseTo(1 / 3, 1));
  });

  it("has a Condorcet winner and no cycle under Bradley-Terry", () => {
    const g = sppoGame(RPS, { eta: 1, rounds: 10, preference: "bradleyTerry", panel: PANEL });
    g.matrix[0]!.forEach((p) => expect(p).toBeGreaterThanOrEqual(0.5)); // the top objective beats every answer
    expect(g.argmax.gap).toBeCloseTo(0);
  });
});

