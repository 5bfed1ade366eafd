import { describe, expect, it } from "vitest";
import type { ScoredAnswer } from "../core/pipeline";
import { chosenAnswer } from "./answers";

const a = { text: "a" } as ScoredAnswer;
const b = { text: "b" } as ScoredAnswer;

describe("chosenAnswer", () => {
  it("is the answer the run chose, or null when there is none", () => {
    expect(chosenAnswer({ answers: [a, b], chosen: 1 })).toBe(b);
    expect(chosenAnswer({ answers: [a, b], chosen: -1 })).toBeNull();
    expect(chosenAnswer({ answers: [], chosen: 0 })).toBeNull();
    expect(chosenAnswer(null)).toBeNull();
    expect(chosenAnswer(undefined)).toBeNull();
  });
});
