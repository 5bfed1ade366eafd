import { describe, expect, it } from "vitest";
import { ROCK_PAPER_SCISSORS } from "../../core/fakeModels";
import { solveSppo } from "../../core/sppo";
import { preferenceMatrix } from "../../core/sppoGame";
import { condorcetWinner, gapSeries, letter, majorityCycle, panelVotes, sameGame } from "./sppoData";

const { answers: RPS, panel: PANEL } = ROCK_PAPER_SCISSORS;

describe("condorcetWinner", () => {
  it("is absent in a rock-paper-scissors panel and the top answer under Bradley-Terry", () => {
    const panel = preferenceMatrix(RPS, { preference: "panel", panel: PANEL });
    expect(condorcetWinner(panel)).toBeNull();
    expect(majorityCycle(panel)).toEqual([0, 1, 2, 0]);
    expect(condorcetWinner(preferenceMatrix(RPS, { preference: "bradleyTerry", panel: PANEL }))).toBe(0);
  });
});

describe("majorityCycle", () => {
  it("finds a longer cycle when ties leave no triangle", () => {
    // 0 ≻ 1 ≻ 2 ≻ 3 ≻ 0, every other pair tied
    const P = [
      [0.5, 0.6, 0.5, 0.4],
      [0.4, 0.5, 0.6, 0.5],
      [0.5, 0.4, 0.5, 0.6],
      [0.6, 0.5, 0.4, 0.5],
    ];
    expect(majorityCycle(P)).toEqual([0, 1, 2, 3, 0]);
  });

  it("returns null for a transitive order", () => {
    expect(majorityCycle([[0.5, 0.7], [0.3, 0.5]])).toBeNull();
  });
});

describe("gapSeries", () => {
  it("thins long runs but keeps the first and last rounds", () => {
    const rounds = solveSppo(preferenceMatrix(RPS, { preference: "panel", panel: PANEL }), { eta: 1, rounds: 999 });
    const s = gapSeries(rounds, 100);
    expect(s.length).toBeLessThanOrEqual(101);
    expect(s[0]!.round).toBe(0);
    expect(s[s.length - 1]).toEqual({ round: 999, gap: rounds[999]!.gap, averageGap: rounds[999]!.averageGap });
  });

  it("keeps every round of a short run", () => {
    const rounds = solveSppo([[0.5]], { eta: 1, rounds: 5 });
    expect(gapSeries(rounds).map((p) => p.round)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe("small helpers", () => {
  it("letters candidates", () => {
    expect([0, 1, 25, 26, 27].map(letter)).toEqual(["A", "B", "Z", "A1", "B1"]);
  });

  it("compares game settings, panel order included", () => {
    const g = { eta: 1, rounds: 10, preference: "panel" as const, panel: ["a", "b"] };
    expect(sameGame(g, { ...g })).toBe(true);
    expect(sameGame(g, { ...g, panel: ["b", "a"] })).toBe(false);
    expect(sameGame({ ...g, preference: "bradleyTerry" }, { ...g, preference: "bradleyTerry", panel: ["x"] })).toBe(true);
    expect(sameGame(g, { ...g, eta: 2 })).toBe(false);
  });

  it("says which heads each answer wins", () => {
    expect(panelVotes(RPS[0]!, RPS[1]!, PANEL)).toEqual({ a: ["warmth", "relevance"], b: ["concision"], tied: [] });
  });
});
