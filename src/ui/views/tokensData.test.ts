import { describe, expect, it } from "vitest";
import type { ScoredAnswer } from "../../core/pipeline";
import { labelsToJsonl } from "../../core/tokenLabels";
import { annotate, annotationRecord, rewardSources } from "./tokensData";

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

/** A stand-in tokenizer: each piece a token, ids by the piece's text (as a real vocabulary's). */
const vocab = new Map<string, number>();
const idOf = (piece: string) => {
  if (!vocab.has(piece)) vocab.set(piece, vocab.size + 10);
  return vocab.get(piece)!;
};
const tok = (...pieces: string[]) => ({ ids: pieces.map(idOf), tokens: pieces });

describe("annotate", () => {
  it("labels the tokens of a replaced word −1 in the worse answer and its replacement's +1", () => {
    // " cold" is two tokens, " warm" one: labels are per token, as the token RM reads them
    const worse = tok("Rest", " and", " drink", " co", "ld", " water", ".");
    const better = tok("Rest", " and", " drink", " warm", " water", ".");
    const a = annotate(worse, better);
    expect([a.removed, a.added, a.kept]).toEqual([2, 1, 5]);
    expect(a.labels.worse).toEqual([0, 0, 0, -1, -1, 0, 0]);
    expect(a.labels.better).toEqual([0, 0, 0, 1, 0, 0]);
    expect(a.hunks.map((h) => `${h.kind}:${h.text}`)).toEqual(["kept:Rest and drink", "removed: cold", "added: warm", "kept: water."]);
    expect(a.hunks[1]!.tokens).toEqual([
      { text: " co", index: 3 },
      { text: "ld", index: 4 },
    ]);
  });

  it("diffs the token ids, so a token that reads the same but is another id is a change", () => {
    const worse = { ids: [1, 2, 3], tokens: ["a", " b", " c"] };
    const better = { ids: [1, 9, 3], tokens: ["a", " b", " c"] };
    expect(annotate(worse, better).labels).toMatchObject({ worse: [0, -1, 0], better: [0, 1, 0] });
  });

  it("has no labels without an edit", () => {
    const a = annotate(tok("a", " b"), tok("a", " b"));
    expect([a.removed, a.added, a.kept]).toEqual([0, 0, 2]);
    expect(a.hunks.map((h) => h.kind)).toEqual(["kept"]);
  });

  it("exports one JSONL line per edit: the tokens, their ids and their labels, aligned", () => {
    const worse = tok("a", " b", " c");
    const better = tok("a", " x", " c");
    const line = labelsToJsonl([annotationRecord("Q?", "a b c", "a x c", annotate(worse, better))]);
    expect(line.endsWith("\n")).toBe(true);
    expect(JSON.parse(line)).toEqual({
      instruction: "Q?",
      worse: "a b c",
      better: "a x c",
      worse_tokens: ["a", " b", " c"],
      better_tokens: ["a", " x", " c"],
      worse_labels: [0, -1, 0],
      better_labels: [0, 1, 0],
      worse_ids: worse.ids,
      better_ids: better.ids,
    });
  });
});
