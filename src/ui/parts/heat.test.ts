import { describe, expect, it } from "vitest";
import { heatCells, heatScale, rowSummary, showToken } from "./heat";

describe("heatScale", () => {
  it("centres signed rewards at 0 with the largest magnitude as the half-width", () => {
    expect(heatScale([-0.5, 0.2, 0.9], "zero")).toEqual({ centre: 0, limit: 0.9 });
  });
  it("centres one-signed rewards at their mean, ignoring NaN", () => {
    const s = heatScale([-1, -3, NaN], "mean");
    expect(s.centre).toBe(-2);
    expect(s.limit).toBe(1);
  });
  it("never has a zero half-width", () => {
    expect(heatScale([0.3, 0.3], "mean").limit).toBe(1);
    expect(heatScale([], "zero")).toEqual({ centre: 0, limit: 1 });
  });
});

describe("heatCells", () => {
  it("gives every token a cell and its text", () => {
    const { cells, textual } = heatCells(["a", " b"], 2, [0.1, 0.2]);
    expect(textual).toBe(true);
    expect(cells).toEqual([
      { index: 0, text: "a", value: 0.1, end: false },
      { index: 1, text: " b", value: 0.2, end: false },
    ]);
  });
  it("adds the end token when the row has one more value (GenARM traces the end token)", () => {
    const { cells } = heatCells(["a"], 1, [0.1, -0.4]);
    expect(cells).toHaveLength(2);
    expect(cells[1]).toEqual({ index: 1, text: "", value: -0.4, end: true });
  });
  it("marks missing values NaN and falls back without texts", () => {
    const { cells, textual } = heatCells(undefined, 3, [1]);
    expect(textual).toBe(false);
    expect(cells.map((c) => c.text)).toEqual([null, null, null]);
    expect(cells[2]!.value).toBeNaN();
    expect(heatCells(["a"], 2, [1, 2]).textual).toBe(false); // texts that do not match the tokens
  });
});

describe("text helpers", () => {
  it("shows whitespace tokens visibly", () => {
    expect(showToken("\n")).toBe("↵");
    expect(showToken("")).toBe("∅");
    expect(showToken(" word")).toBe(" word");
  });
  it("sums and averages the finite values", () => {
    expect(rowSummary([1, 2, NaN])).toEqual({ sum: 3, mean: 1.5, count: 2 });
  });
});
