import { describe, expect, it } from "vitest";
import { createRng } from "../core/rng";
import { ANSWER_GRAMMAR } from "./answer";
import { renderInstruction, type InstructionSpec } from "./instruction";
import { CUES, LEVELS, type Cue } from "./lexicon";
import { analyzeAnswer } from "./oracle";
import { SAMPLER_TABLE, answerProfile, sampleAnswer, sampleInstruction } from "./sampler";

function transcript(seed: number, n = 50): string[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const spec = sampleInstruction(rng);
    return `${renderInstruction(spec)} => ${sampleAnswer(rng, spec).text}`;
  });
}

/** Mean oracle measurements of sampled answers to instructions carrying exactly these cues. */
function measure(cues: readonly Cue[], n = 2000, seed = 17) {
  const rng = createRng(seed);
  let expertise = 0, words = 0, warmth = 0, stepped = 0;
  for (let i = 0; i < n; i++) {
    const spec = sampleInstruction(rng, { cues });
    const a = analyzeAnswer(renderInstruction(spec), sampleAnswer(rng, spec).text);
    expertise += a.scores.expertise;
    words += a.scores.words;
    warmth += a.scores.warmth;
    if (a.sentences.some((s) => s.connector !== null)) stepped++;
  }
  return { expertise: expertise / n, words: words / n, warmth: warmth / n, stepped: stepped / n };
}

describe("sampler determinism", () => {
  it("the same seed gives the same instructions and answers; a different seed different ones", () => {
    expect(transcript(1)).toEqual(transcript(1));
    expect(transcript(1)).not.toEqual(transcript(2));
  });

  it("sampleAnswer advances its stream: two calls give different answers, clones give the same", () => {
    const rng = createRng(4);
    const spec = sampleInstruction(rng);
    const clone = rng.clone();
    const a = sampleAnswer(rng, spec).text;
    expect(sampleAnswer(clone, spec).text).toBe(a);
    const texts = new Set(Array.from({ length: 10 }, () => sampleAnswer(rng, spec).text));
    expect(texts.size).toBeGreaterThan(5);
  });
});

describe("cues shift the answer distribution (2,000 samples each)", () => {
  const none = measure([]);

  it("specialist raises mean oracle expertise by a clear margin", () => {
    expect(measure(["specialist"]).expertise - none.expertise).toBeGreaterThan(0.15);
  });

  it("briefly lowers the mean number of words by more than half", () => {
    expect(measure(["briefly"]).words).toBeLessThan(none.words * 0.5);
  });

  it("kindly raises warmth", () => {
    expect(measure(["kindly"]).warmth - none.warmth).toBeGreaterThan(0.15);
  });

  it("steps makes answers use step connectors, which they otherwise never do", () => {
    expect(none.stepped).toBe(0);
    expect(measure(["steps"]).stepped).toBeGreaterThan(0.95);
  });

  it("the baseline follows the table: expertise near the level mix's mean", () => {
    const L = SAMPLER_TABLE.answer.level.none;
    expect(none.expertise).toBeCloseTo(L.generic * 0.5 + L.expert * 1, 1);
  });
});

describe("answerProfile", () => {
  const spec = (cues: Cue[], context: string[] = []): Pick<InstructionSpec, "cues" | "context"> => ({
    cues: cues.map((cue) => ({ cue, wording: 0 })),
    context: context.map((id) => ({ id, wording: 0 })),
  });

  it("combines cues as documented", () => {
    expect(answerProfile(spec([])).sentences).toEqual([2, 5]);
    expect(answerProfile(spec(["briefly"])).sentences).toEqual([1, 2]);
    expect(answerProfile(spec(["briefly", "steps"])).sentences).toEqual([2, 3]);
    expect(answerProfile(spec(["briefly"])).warmProb).toBe(0);
    expect(answerProfile(spec(["briefly", "kindly"])).warmProb).toBe(0.85);
    expect(answerProfile(spec(["specialist"])).level).toEqual(SAMPLER_TABLE.answer.level.specialist);
  });

  it("context details nudge the level mix while keeping it a distribution", () => {
    const trained = answerProfile(spec([], ["medical.trained"])).level;
    expect(trained.expert).toBeCloseTo(0.4);
    expect(LEVELS.reduce((a, l) => a + trained[l], 0)).toBeCloseTo(1);
    expect(answerProfile(spec([], ["medical.worsening"])).level.avoid).toBeCloseTo(0.4);
    expect(answerProfile(spec([], ["any.worried"])).warmProb).toBeCloseTo(0.55);
  });
});

describe("controls", () => {
  it("force level, sentence count, warmth and relevance", () => {
    const rng = createRng(8);
    for (let i = 0; i < 200; i++) {
      const spec = sampleInstruction(rng);
      const level = rng.pick(LEVELS);
      const sentences = rng.int(1, 7);
      const a = sampleAnswer(rng, spec, { level, sentences, warm: true, relevance: "wrong" });
      expect(a.level).toBe(level);
      expect(a.content).toBe(sentences);
      expect(a.sentences).toBe(sentences + 1);
      const an = analyzeAnswer(renderInstruction(spec), a.text);
      expect(an.scores.relevance).toBe(0);
      expect(an.scores.warmth).toBeCloseTo(2 / 3);
      expect(an.scores.expertise).toBe(level === "avoid" ? 0 : level === "generic" ? 0.5 : 1);
    }
  });

  it("variants from the same stream differ only in the controlled property", () => {
    const rng = createRng(12);
    for (let i = 0; i < 100; i++) {
      const spec = sampleInstruction(rng);
      const base = rng.fork(i);
      const cold = sampleAnswer(base.clone(), spec, { level: "expert", warm: false, sentences: 3 });
      const warm = sampleAnswer(base.clone(), spec, { level: "expert", warm: true, sentences: 3 });
      const content = (p: typeof cold.plan) => p.filter((s) => ANSWER_GRAMMAR.get(s.template).attrs.kind === "content");
      expect(content(warm.plan)).toEqual(content(cold.plan));
      const short = sampleAnswer(base.clone(), spec, { level: "generic", warm: false, sentences: 1, connectors: false });
      const long = sampleAnswer(base.clone(), spec, { level: "generic", warm: false, sentences: 4, connectors: false });
      expect(long.plan.slice(0, 1)).toEqual(short.plan);
    }
  });

  it("every cue appears in sampled instructions", () => {
    const rng = createRng(3);
    const seen = new Set<Cue>();
    for (let i = 0; i < 200; i++) for (const c of sampleInstruction(rng).cues) seen.add(c.cue);
    expect([...seen].sort()).toEqual([...CUES].sort());
  });
});
