import { describe, expect, it } from "vitest";
import { createRng } from "../core/rng";
import { ANSWER_GRAMMAR, recogniseAnswerSentence, renderSentence } from "./answer";
import { type SlotName, type SlotValues, type TemplateGrammar } from "./grammar";
import { INSTRUCTION_GRAMMAR, parseInstruction, renderInstruction } from "./instruction";
import { AMOUNTS, CONNECTORS, CONTEXTS, CUE_WORDINGS, CUES, DOMAINS, DURATIONS, GENERIC_DETAIL, SEVERITIES, TOPICS, WARM_PREFIXES } from "./lexicon";
import { sampleAnswer, sampleInstruction } from "./sampler";
import { ANSWER_TEMPLATES, INSTRUCTION_TEMPLATES } from "./templates";
import { lexicalWords, splitSentences } from "./text";

const GENERIC_WORDS = [
  ...DOMAINS.map((d) => GENERIC_DETAIL[d]),
  ...AMOUNTS,
  ...SEVERITIES,
  ...DURATIONS,
  ...CONNECTORS,
  ...WARM_PREFIXES,
];

/** Every way to fill a template's slots. */
function fillings<A>(g: TemplateGrammar<A>, id: string): SlotValues[] {
  let out: SlotValues[] = [{}];
  for (const slot of g.get(id).slots as SlotName[]) {
    out = out.flatMap((v) => g.fillers(id, slot).map((f) => ({ ...v, [slot]: f })));
  }
  return out;
}

describe("templates", () => {
  const all = [...ANSWER_TEMPLATES, ...INSTRUCTION_TEMPLATES];

  it("are capitalised, end in . or ?, and use only plain ASCII words and allowed punctuation", () => {
    for (const t of all) {
      expect(t.text, t.id).toMatch(/^[A-Z]/);
      expect(t.text, t.id).toMatch(/[.?]$/);
      expect(t.text.replace(/\{\w+\}/g, ""), t.id).toMatch(/^[A-Za-z0-9 .,?!'$]+$/);
    }
    const fillers = [...TOPICS.flatMap((t) => [t.ask, t.detail]), ...CUES.flatMap((c) => CUE_WORDINGS[c])];
    for (const f of fillers) expect(f).toMatch(/^[a-z ]+$/);
  });

  it("keep the vocabulary modest: 400-900 distinct words over all templates and fillers", () => {
    const texts = [
      ...all.map((t) => t.text.replace(/\{\w+\}/g, " ")),
      ...TOPICS.flatMap((t) => [t.ask, t.detail]),
      ...CUES.flatMap((c) => CUE_WORDINGS[c]),
      ...GENERIC_WORDS,
    ];
    const vocabulary = new Set(texts.flatMap((t) => lexicalWords(t)));
    expect(vocabulary.size).toBeGreaterThanOrEqual(400);
    expect(vocabulary.size).toBeLessThanOrEqual(900);
  });

  it("content templates name the detail exactly once", () => {
    for (const t of ANSWER_TEMPLATES.filter((x) => x.attrs.kind === "content")) {
      expect(t.text.match(/\{detail\}/g)?.length, t.id).toBe(1);
    }
  });

  it("no sentence can be produced by two templates (the grammar is unambiguous)", () => {
    for (const g of [ANSWER_GRAMMAR, INSTRUCTION_GRAMMAR] as TemplateGrammar<unknown>[]) {
      for (const t of g.all()) {
        for (const v of fillings(g, t.id)) {
          const body = g.fill(t.id, v);
          expect(g.matchAll(body).map((m) => m.id), body).toEqual([t.id]);
        }
      }
    }
  });
});

describe("recognition inverts generation", () => {
  it("every sentence of 3,000 sampled answers is recognised as the template, detail and prefixes that made it", () => {
    const rng = createRng(2024);
    let sentences = 0;
    for (let i = 0; i < 3000; i++) {
      const spec = sampleInstruction(rng);
      const a = sampleAnswer(rng, spec);
      const parts = splitSentences(a.text);
      expect(parts.length).toBe(a.plan.length);
      a.plan.forEach((s, k) => {
        const r = recogniseAnswerSentence(parts[k]!);
        expect(r, parts[k]).not.toBeNull();
        const { template, detail, amount, connector, warmPrefix } = r!;
        expect({ template, detail, amount, connector, warmPrefix }).toEqual(s);
        if (r!.attrs.kind === "content") {
          expect(r!.attrs.level).toBe(a.level);
          expect(r!.domain).toBe(spec.domain);
        }
        sentences++;
      });
    }
    expect(sentences).toBeGreaterThan(9000);
  });

  it("every one of 5,000 sampled instructions parses back to the exact spec", () => {
    const rng = createRng(7);
    for (let i = 0; i < 5000; i++) {
      const spec = sampleInstruction(rng);
      const text = renderInstruction(spec);
      expect(parseInstruction(text), text).toEqual(spec);
      const n = splitSentences(text).length;
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(3);
    }
  });

  it("every context wording and cue wording round-trips", () => {
    const rng = createRng(1);
    for (const c of CONTEXTS) {
      for (let w = 0; w < c.wordings.length; w++) {
        const domain = c.domain === "any" ? "legal" : c.domain;
        const base = sampleInstruction(rng, { domain, situation: false, context: 0, cues: [] });
        const spec = { ...base, context: [{ id: c.id, wording: w }] };
        expect(parseInstruction(renderInstruction(spec))).toEqual(spec);
      }
    }
    for (const cue of CUES) {
      for (let w = 0; w < CUE_WORDINGS[cue].length; w++) {
        const spec = { ...sampleInstruction(rng), cues: [{ cue, wording: w }] };
        expect(parseInstruction(renderInstruction(spec))).toEqual(spec);
      }
    }
  });

  it("rejects near misses: lower-case start, missing full stop, unknown word, foreign detail, prefix on a warm sentence", () => {
    const ok = "Please see a doctor about your cough.";
    expect(recogniseAnswerSentence(ok)).not.toBeNull();
    expect(recogniseAnswerSentence("please see a doctor about your cough.")).toBeNull();
    expect(recogniseAnswerSentence("Please see a doctor about your cough")).toBeNull();
    expect(recogniseAnswerSentence("Please see a good doctor about your cough.")).toBeNull();
    expect(recogniseAnswerSentence("Please see a doctor about your lease.")).toBeNull();
    expect(recogniseAnswerSentence("First, please see a doctor about your cough.")?.connector).toBe("First");
    expect(recogniseAnswerSentence("First, take good care of yourself.")).toBeNull();
    expect(parseInstruction("What should I do?")).toBeNull();
    expect(parseInstruction("Briefly, briefly, what should I do about my cough?")).toBeNull();
    expect(parseInstruction("I work as a nurse. What should I do about my lease?")).toBeNull();
    expect(parseInstruction("")).toBeNull();
  });

  it("renders connectors and warm phrases before a lower-cased body, keeping the pronoun I", () => {
    const s = renderSentence({
      template: "medical.avoid.0",
      detail: "cough",
      amount: null,
      connector: "Next",
      warmPrefix: "If it helps",
    });
    expect(s).toBe("Next, if it helps, I cannot give medical advice about your cough.");
    expect(recogniseAnswerSentence(s)?.template).toBe("medical.avoid.0");
  });
});
