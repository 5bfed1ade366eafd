import { describe, expect, it } from "vitest";
import { createRng } from "../core/rng";
import { parseInstruction, renderInstruction, type InstructionSpec } from "./instruction";
import { type Cue } from "./lexicon";
import { MUTATIONS, isApplicable, listMutations, mutateInstruction, type MutationOp } from "./mutation";
import { scoreAnswer } from "./oracle";
import { sampleAnswer, sampleInstruction } from "./sampler";
import { splitSentences } from "./text";

/** What each operator must change, as a check on the parsed before/after specs. */
const EXPECT: Record<MutationOp, (a: InstructionSpec, b: InstructionSpec) => boolean> = {
  addCue: (a, b) => b.cues.length === a.cues.length + 1 && a.cues.every((c) => b.cues.some((d) => d.cue === c.cue)),
  dropCue: (a, b) => b.cues.length === a.cues.length - 1 && b.cues.every((c) => a.cues.some((d) => d.cue === c.cue)),
  rewordCue: (a, b) =>
    a.cues.map((c) => c.cue).join() === b.cues.map((c) => c.cue).join() &&
    a.cues.filter((c, i) => c.wording !== b.cues[i]!.wording).length === 1,
  addDetail: (a, b) => b.context.length === a.context.length + 1,
  dropDetail: (a, b) => b.context.length === a.context.length - 1,
  rewordDetail: (a, b) =>
    a.context.map((c) => c.id).join() === b.context.map((c) => c.id).join() &&
    a.context.filter((c, i) => c.wording !== b.context[i]!.wording).length === 1,
};

describe("mutation operators", () => {
  it("every operator yields a parseable instruction with the same topic, 1-3 sentences, changed as intended", () => {
    const rng = createRng(21);
    const applied: Record<string, number> = {};
    for (let i = 0; i < 600; i++) {
      const spec = sampleInstruction(rng);
      const text = renderInstruction(spec);
      for (const op of MUTATIONS) {
        const m = mutateInstruction(text, rng, op);
        if (!isApplicable(spec, op)) {
          expect(m).toBeNull();
          continue;
        }
        expect(m).not.toBeNull();
        const after = parseInstruction(m!.text);
        expect(after, m!.text).not.toBeNull();
        expect(after!.topic).toBe(spec.topic);
        expect(after!.domain).toBe(spec.domain);
        expect(after!.amount).toBe(spec.amount);
        expect(m!.text).not.toBe(text);
        expect(splitSentences(m!.text).length).toBeLessThanOrEqual(3);
        expect(EXPECT[op](spec, after!), `${op}: ${text} -> ${m!.text}`).toBe(true);
        applied[op] = (applied[op] ?? 0) + 1;
      }
    }
    for (const op of MUTATIONS) expect(applied[op]).toBeGreaterThan(50);
  });

  it("without an operator, applies a random applicable one; unparseable text gives null", () => {
    const rng = createRng(5);
    const text = "What should I do about my cough?";
    expect(listMutations(text).sort()).toEqual(["addCue", "addDetail"]);
    const ops = new Set<string>();
    for (let i = 0; i < 50; i++) ops.add(mutateInstruction(text, rng)!.op);
    expect([...ops].sort()).toEqual(["addCue", "addDetail"]);
    expect(mutateInstruction("cough?? help", rng)).toBeNull();
    expect(listMutations("cough?? help")).toEqual([]);
    expect(listMutations()).toEqual([...MUTATIONS]);
  });

  it("a full instruction cannot take another detail, one with every cue no other cue", () => {
    const full = "I have had a bad cough for a week. I work as a nurse. Briefly, kindly, in steps, as an expert, what should I do?";
    expect(parseInstruction(full)).not.toBeNull();
    expect(listMutations(full).sort()).toEqual(["dropCue", "dropDetail", "rewordCue", "rewordDetail"]);
  });
});

describe("mutations change the answer distribution the sampler associates with an instruction", () => {
  /** Mean oracle scores of answers sampled for an instruction text (via its parsed spec). */
  function answers(text: string, rng: ReturnType<typeof createRng>, n = 30) {
    const spec = parseInstruction(text)!;
    let expertise = 0, words = 0;
    for (let i = 0; i < n; i++) {
      const s = scoreAnswer(text, sampleAnswer(rng, spec).text);
      expertise += s.expertise;
      words += s.words;
    }
    return { expertise: expertise / n, words: words / n };
  }

  it("adding a cue shifts expertise or length in the cue's direction, and dropping it shifts back", () => {
    const rng = createRng(33);
    const shift: Partial<Record<Cue, { expertise: number; words: number; n: number }>> = {};
    for (let i = 0; i < 400; i++) {
      const base = renderInstruction(sampleInstruction(rng, { cues: [] }));
      const m = mutateInstruction(base, rng, "addCue")!;
      const cue = parseInstruction(m.text)!.cues[0]!.cue;
      const before = answers(base, rng);
      const after = answers(m.text, rng);
      const s = (shift[cue] ??= { expertise: 0, words: 0, n: 0 });
      s.expertise += after.expertise - before.expertise;
      s.words += after.words - before.words;
      s.n++;
      const back = mutateInstruction(m.text, rng, "dropCue")!;
      expect(back.text).toBe(base);
    }
    expect(shift.specialist!.expertise / shift.specialist!.n).toBeGreaterThan(0.15);
    expect(shift.briefly!.words / shift.briefly!.n).toBeLessThan(-15);
    expect(shift.steps!.words / shift.steps!.n).toBeGreaterThan(5);
  });
});
