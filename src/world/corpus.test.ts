import { describe, expect, it } from "vitest";
import { createRng } from "../core/rng";
import { corpusLine, corpusLines, editLines, groupAnswers, groupLines, splitOf, testInstructions } from "./corpus";
import { parseInstruction } from "./instruction";
import { scoreAnswer } from "./oracle";
import { sampleInstruction } from "./sampler";

describe("corpus", () => {
  const lines = [...corpusLines(5, 5000)];

  it("splits by instruction text: no instruction in both splits, about 10% test", () => {
    const splits = new Map<string, Set<string>>();
    for (const l of lines) {
      expect(l.split).toBe(splitOf(l.instruction));
      splits.set(l.instruction, (splits.get(l.instruction) ?? new Set()).add(l.split));
    }
    expect([...splits.values()].every((s) => s.size === 1)).toBe(true);
    const test = lines.filter((l) => l.split === "test").length / lines.length;
    expect(test).toBeGreaterThan(0.07);
    expect(test).toBeLessThan(0.13);
  });

  it("line i depends only on the seed and i", () => {
    expect(corpusLine(5, 1234)).toEqual(lines[1234]);
    expect([...corpusLines(5, 10)]).toEqual(lines.slice(0, 10));
    expect(corpusLine(6, 1234)).not.toEqual(lines[1234]);
  });

  it("records domain and cues consistent with the instruction", () => {
    for (const l of lines.slice(0, 500)) {
      const spec = parseInstruction(l.instruction)!;
      expect(l.domain).toBe(spec.domain);
      expect(l.cues).toEqual(spec.cues.map((c) => c.cue));
    }
  });
});

describe("groups", () => {
  const groups = [...groupLines(9, 300)];

  it("have distinct instructions and nine controlled answers each", () => {
    expect(new Set(groups.map((g) => g.instruction)).size).toBe(300);
    for (const g of groups) {
      expect(g.answers.map((a) => a.variant)).toEqual([
        ...Array<string>(6).fill("level"),
        "short",
        "long",
        "irrelevant",
      ]);
      expect(g.answers.slice(0, 6).map((a) => `${a.level}/${a.warm}`)).toEqual([
        "avoid/false",
        "avoid/true",
        "generic/false",
        "generic/true",
        "expert/false",
        "expert/true",
      ]);
      for (const a of g.answers) expect(a.oracle).toEqual(scoreAnswer(g.instruction, a.text));
    }
  });

  it("variants differ in their controlled property as the oracle sees it", () => {
    for (const g of groups) {
      const [avoidCold, avoidWarm, genericCold, , expertCold, expertWarm, short, long, irrelevant] = g.answers.map((a) => a.oracle);
      expect(avoidCold!.expertise).toBe(0);
      expect(genericCold!.expertise).toBe(0.5);
      expect(expertCold!.expertise).toBe(1);
      expect(expertWarm!.warmth).toBeGreaterThan(expertCold!.warmth);
      expect(avoidWarm!.warmth).toBeGreaterThan(avoidCold!.warmth);
      expect(expertWarm!.expertise).toBe(1);
      expect(long!.words).toBeGreaterThan(short!.words);
      expect(long!.expertise).toBe(short!.expertise);
      expect(irrelevant!.relevance).toBe(0);
      expect(g.answers[8]!.relevant).toBe(false);
      expect(g.answers.every((a) => a.oracle.wellformed === 1)).toBe(true);
    }
  });

  it("groupAnswers is deterministic for a stream", () => {
    const spec = sampleInstruction(createRng(1));
    expect(groupAnswers(createRng(2), spec)).toEqual(groupAnswers(createRng(2), spec));
    expect(groupAnswers(createRng(2), spec)).not.toEqual(groupAnswers(createRng(3), spec));
  });
});

describe("edits and samples", () => {
  it("edit lines carry their instruction's split", () => {
    for (const e of editLines(3, 200)) {
      expect(e.split).toBe(splitOf(e.instruction));
      expect(e.worse).not.toBe(e.better);
    }
  });

  it("testInstructions gives distinct held-out instructions", () => {
    const xs = [...testInstructions(1, 50)];
    expect(new Set(xs).size).toBe(50);
    expect(xs.every((x) => splitOf(x) === "test" && parseInstruction(x) !== null)).toBe(true);
  });
});
