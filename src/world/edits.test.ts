import { diffArrays, diffWords } from "diff";
import { describe, expect, it } from "vitest";
import { createRng } from "../core/rng";
import { recogniseAnswerSentence } from "./answer";
import { EDIT_KINDS, EDIT_TARGET, changedWords, corruptSentence, makeEdit } from "./edits";
import { renderInstruction } from "./instruction";
import { scoreAnswer } from "./oracle";
import { sampleInstruction } from "./sampler";
import { splitSentences, splitWords } from "./text";

/** Most words a minimal edit of each kind may change (removed + added, word-level diff). */
const MAX_CHANGED = { expertise: 26, relevance: 6, wellformed: 2, warmth: 8 } as const;

describe("minimal edits", () => {
  for (const kind of EDIT_KINDS) {
    it(`${kind}: changes one sentence and few words, and the oracle scores the better answer higher on ${EDIT_TARGET[kind]}`, () => {
      const rng = createRng(100 + EDIT_KINDS.indexOf(kind));
      for (let i = 0; i < 400; i++) {
        const spec = sampleInstruction(rng);
        const instruction = renderInstruction(spec);
        const e = makeEdit(rng, spec, kind)!;
        expect(e).not.toBeNull();
        expect(e.kind).toBe(kind);
        expect(e.better).not.toBe(e.worse);
        // Word-level diff via the diff package: few changed words...
        const changed = diffWords(e.worse, e.better)
          .filter((p) => p.added || p.removed)
          .reduce((n, p) => n + splitWords(p.value).length, 0);
        expect(changed).toBeLessThanOrEqual(MAX_CHANGED[kind]);
        expect(changedWords(e.worse, e.better)).toBeLessThanOrEqual(MAX_CHANGED[kind]);
        // ...all within one sentence (one replaced, inserted or removed).
        const sentenceChanges = diffArrays(splitSentences(e.worse), splitSentences(e.better)).filter((p) => p.added || p.removed);
        expect(sentenceChanges.every((p) => p.value.length === 1)).toBe(true);
        expect(sentenceChanges.length).toBeLessThanOrEqual(2);
        const worse = scoreAnswer(instruction, e.worse);
        const better = scoreAnswer(instruction, e.better);
        expect(better[EDIT_TARGET[kind]], `${e.worse} -> ${e.better}`).toBeGreaterThan(worse[EDIT_TARGET[kind]]);
        expect(better.wellformed).toBe(1);
      }
    });
  }

  it("corruptSentence breaks a sentence by one word, keeping its ends", () => {
    const rng = createRng(1);
    const s = "Record the onset, duration and severity of your cough in a symptom diary for your clinician.";
    for (let i = 0; i < 100; i++) {
      const bad = corruptSentence(s, rng)!;
      expect(recogniseAnswerSentence(bad)).toBeNull();
      expect(Math.abs(splitWords(bad).length - splitWords(s).length)).toBeLessThanOrEqual(1);
      expect(bad.startsWith("Record ")).toBe(true);
      expect(bad.endsWith(" clinician.")).toBe(true);
    }
    expect(corruptSentence("Take care.", rng)).toBeNull();
  });
});
