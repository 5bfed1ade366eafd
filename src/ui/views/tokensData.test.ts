import { describe, expect, it } from "vitest";
import type { ScoredAnswer } from "../../core/pipeline";
import { labelsToJsonl } from "../../core/tokenLabels";
import { annotate, annotationRecord, rewardSources, words } from "./tokensData";

const answer: ScoredAnswer = {
  tokens: [1, 2],
  text: "a b",
  tokenTexts: ["a", " b"],
  finish: "length",
  rm: {},
  objective: 0,
  oracle: null,
  tokenRewards: [0.5, -0.2],
  trace: { expertise: [-0.1, -0.3, -0.5], concision: [-0.2, -0.1, -0.4] },
  armRewards: { expertise: [-0.1, -0.3], concision: [-0.2, -0.1] },
};

describe("rewardSources", () => {
  it("offers the token RM centred at 0 and each ARM centred at the mean", () => {
    const s = rewardSources(answer);
    expect(s.map((x) => [x.id, x.centre])).toEqual([
      ["token-rm", "zero"],
      ["arm-expertise", "mean"],
      ["arm-concision", "mean"],
    ]);
  });
  it("takes the ARMs' teacher-forced rewards, or GenARM's trace when there are none", () => {
    expect(rewardSources(answer)[1]!.values).toEqual([-0.1, -0.3]);
    expect(rewardSources({ ...answer, armRewards: {} })[1]!.values).toEqual([-0.1, -0.3, -0.5]);
  });
  it("names ARGS's trace, and offers nothing without rewards", () => {
    expect(rewardSources({ ...answer, tokenRewards: null, trace: { args: [1, 2] }, armRewards: {} }).map((x) => x.id)).toEqual(["args"]);
    expect(rewardSources({ ...answer, tokenRewards: null, trace: null, armRewards: {} })).toEqual([]);
  });
});

describe("annotate", () => {
  it("splits on whitespace", () => {
    expect(words("  Rest well.\nDrink  water ")).toEqual(["Rest", "well.", "Drink", "water"]);
  });
  it("labels a replaced word −1 in the worse answer and its replacement +1", () => {
    const a = annotate("Rest and drink cold water.", "Rest and drink warm water.");
    expect([a.removed, a.added, a.kept]).toEqual([1, 1, 4]);
    expect(a.labels.worse).toEqual([0, 0, 0, -1, 0]);
    expect(a.labels.better).toEqual([0, 0, 0, 1, 0]);
    expect(a.pieces.map((p) => `${p.kind}:${p.text}`)).toEqual(["kept:Rest", "kept:and", "kept:drink", "removed:cold", "added:warm", "kept:water."]);
  });
  it("has no labels without an edit, and whitespace alone is no edit", () => {
    const a = annotate("a b", "a  b\n");
    expect([a.removed, a.added]).toEqual([0, 0]);
  });
  it("exports one JSONL line that parses, tokens and labels aligned", () => {
    const line = labelsToJsonl([annotationRecord("Q?", "a b c", "a x c")]);
    expect(line.endsWith("\n")).toBe(true);
    const o = JSON.parse(line);
    expect(o).toEqual({ instruction: "Q?", worse: "a b c", better: "a x c", worse_tokens: ["a", "b", "c"], better_tokens: ["a", "x", "c"], worse_labels: [0, -1, 0], better_labels: [0, 1, 0] });
  });
});
