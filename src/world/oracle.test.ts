import { describe, expect, it } from "vitest";
import { createRng } from "../core/rng";
import { DOMAINS } from "./lexicon";
import { DIMENSIONS, analyzeAnswer, askedTopic, scoreAnswer } from "./oracle";

const COUGH = "I have had a persistent cough for a week. What should I do?";
/** The documented concision curve, written out independently of the code. */
const concision = (w: number) => (w <= 8 ? 1 : w >= 80 ? 0 : 0.5 * (1 + Math.cos((Math.PI * (w - 8)) / 72)));

describe("scoreAnswer on hand-written answers", () => {
  it("an expert, relevant medical answer: expertise 1, relevance 1, well-formed, medical", () => {
    const answer =
      "If your cough lasts over three weeks, ask for a chest radiograph and a full blood count. " +
      "Record the onset, duration and severity of your cough in a symptom diary for your clinician.";
    const s = scoreAnswer(COUGH, answer);
    expect(s.domain).toBe("medical");
    expect(s.domainScores).toEqual({ medical: 1, legal: 0, financial: 0, everyday: 0 });
    expect(s.expertise).toBe(1);
    expect(s.relevance).toBe(1);
    expect(s.wellformed).toBe(1);
    expect(s.sentences).toBe(2);
    expect(s.words).toBe(33);
    expect(s.warmth).toBeCloseTo(1 / 3);
    expect(s.dims.medical).toBe(1);
    expect(s.dims.legal).toBe(0);
    expect(s.concision).toBeCloseTo(concision(33));
    // 0.35 relevance + 0.30 expertise + 0.15 warmth bump (0.75 at neutral warmth) + 0.20 concision
    expect(s.dims.overall).toBeCloseTo(0.35 + 0.3 + 0.15 * 0.75 + 0.2 * concision(33));
  });

  it("an avoid answer has zero expertise but stays relevant and well-formed", () => {
    const s = scoreAnswer(COUGH, "I cannot give medical advice about your cough. Please see a doctor about your cough.");
    expect(s.expertise).toBe(0);
    expect(s.dims.medical).toBe(0);
    expect(s.relevance).toBe(1);
    expect(s.wellformed).toBe(1);
    expect(s.domain).toBe("medical");
  });

  it("a generic answer sits in the middle, and naming the generic stand-in halves relevance", () => {
    const s = scoreAnswer(COUGH, "Your cough often goes away on its own. Keep an eye on your symptom for a few days.");
    expect(s.expertise).toBe(0.5);
    expect(s.relevance).toBe(0.75);
  });

  it("a warm answer scores higher warmth than the same answer without the warm sentences", () => {
    const core = "Your cough often goes away on its own.";
    const warm = `I am sorry you are dealing with this. ${core} I hope this helps you feel more at ease.`;
    expect(scoreAnswer(COUGH, warm).warmth).toBe(1);
    expect(scoreAnswer(COUGH, `I am sorry you are dealing with this. ${core}`).warmth).toBeCloseTo(2 / 3);
    expect(scoreAnswer(COUGH, core).warmth).toBeCloseTo(1 / 3);
    expect(scoreAnswer(COUGH, `${core} That is all I can say.`).warmth).toBe(0);
    expect(scoreAnswer(COUGH, `If it helps, ${core[0]!.toLowerCase()}${core.slice(1)}`).warmth).toBeCloseTo(1.5 / 3);
  });

  it("jargon word salad: strong lexical expertise evidence but not well-formed, so overall 0", () => {
    const salad = "Radiograph triage antihistamine differential diagnosis clinician inflammatory markers.";
    const s = scoreAnswer(COUGH, salad);
    expect(s.expertise).toBeGreaterThan(0.9);
    expect(s.dims.medical).toBeGreaterThan(0.9);
    expect(s.domain).toBe("medical");
    expect(s.wellformed).toBe(0);
    expect(s.dims.overall).toBe(0);
  });

  it("an empty answer: no sentences, no words, nothing well-formed", () => {
    for (const empty of ["", "   \n "]) {
      const s = scoreAnswer(COUGH, empty);
      expect(s.sentences).toBe(0);
      expect(s.words).toBe(0);
      expect(s.wellformed).toBe(0);
      expect(s.expertise).toBe(0);
      expect(s.relevance).toBe(0);
      expect(s.domain).toBeNull();
      expect(s.domainScores).toEqual({ medical: 0, legal: 0, financial: 0, everyday: 0 });
      expect(s.dims.overall).toBe(0);
    }
  });

  it("an answer naming the wrong symptom has relevance 0 but is well-formed", () => {
    const s = scoreAnswer(COUGH, "Your headache often goes away on its own. Keep an eye on your headache for a few days.");
    expect(s.relevance).toBe(0);
    expect(s.wellformed).toBe(1);
    expect(s.domain).toBe("medical");
  });

  it("a legal answer to a medical question: legal domain, relevance 0, no medical expertise", () => {
    const s = scoreAnswer(
      COUGH,
      "Check the indemnity and termination clauses in your lease for any liability you would carry. " +
        "Serve written notice about your lease by recorded delivery so you have proof of service.",
    );
    expect(s.domain).toBe("legal");
    expect(s.relevance).toBe(0);
    expect(s.dims.medical).toBe(0);
    expect(s.dims.legal).toBe(1);
  });

  it("mixed domains split the domain scores and scale each domain's expertise by its share", () => {
    const s = scoreAnswer(
      COUGH,
      "The differential diagnosis for your cough includes viral, bacterial and autoimmune causes. I cannot give legal advice about your lease.",
    );
    expect(s.domainScores.medical).toBe(0.5);
    expect(s.domainScores.legal).toBe(0.5);
    expect(s.dims.medical).toBe(0.5); // expertise 1 times share 0.5
    expect(s.dims.legal).toBe(0); // avoid
    expect(s.relevance).toBe(0.5);
  });

  it("a financial answer naming another amount than asked is irrelevant", () => {
    const q = "How should I use $5,000 for my emergency fund?";
    const right = "Make a simple budget before you put $5,000 toward your emergency fund.";
    expect(scoreAnswer(q, right).relevance).toBe(1);
    expect(scoreAnswer(q, right.replace("$5,000", "$500")).relevance).toBe(0);
  });

  it("repeated sentences and unterminated tails count as ill-formed", () => {
    const one = "Your cough often goes away on its own.";
    expect(scoreAnswer(COUGH, `${one} ${one}`).wellformed).toBe(0.5);
    expect(scoreAnswer(COUGH, `${one} Keep an eye on your cough`).wellformed).toBe(0.5);
    expect(scoreAnswer(COUGH, "your cough often goes away on its own.").wellformed).toBe(0);
  });

  it("concision is 1 up to 8 words and falls smoothly to 0 at 80 words", () => {
    const words = (n: number) => Array.from({ length: n }, () => "word").join(" ");
    expect(scoreAnswer(COUGH, words(8)).concision).toBe(1);
    expect(scoreAnswer(COUGH, words(44)).concision).toBeCloseTo(0.5);
    expect(scoreAnswer(COUGH, words(80)).concision).toBe(0);
    expect(scoreAnswer(COUGH, words(200)).concision).toBe(0);
  });

  it("judges relevance for instructions outside the grammar by the detail they name", () => {
    expect(askedTopic("my cough will not stop, help")).toEqual({ domain: "medical", topic: "cough", amount: null });
    expect(askedTopic("nothing here")).toBeNull();
    expect(scoreAnswer("my cough will not stop", "Your cough often goes away on its own.").relevance).toBe(1);
    expect(scoreAnswer("nothing here", "Your cough often goes away on its own.").relevance).toBe(0.5);
  });

  it("stays in range on arbitrary text", () => {
    const rng = createRng(99);
    const alphabet = "abcdefghij klmnop.,?!'$ ABC radiograph lawyer sorry cough ";
    for (let i = 0; i < 500; i++) {
      const len = rng.int(0, 200);
      const text = Array.from({ length: len }, () => alphabet[rng.int(0, alphabet.length)]).join("");
      const s = scoreAnswer(COUGH, text);
      for (const d of DIMENSIONS) {
        expect(s.dims[d]).toBeGreaterThanOrEqual(0);
        expect(s.dims[d]).toBeLessThanOrEqual(1);
      }
      for (const k of ["expertise", "warmth", "concision", "relevance", "wellformed"] as const) {
        expect(s[k]).toBeGreaterThanOrEqual(0);
        expect(s[k]).toBeLessThanOrEqual(1);
      }
      const total = DOMAINS.reduce((a, d) => a + s.domainScores[d], 0);
      expect(total === 0 || Math.abs(total - 1) < 1e-9).toBe(true);
    }
  });

  it("analyzeAnswer explains each sentence", () => {
    const a = analyzeAnswer(COUGH, "First, please see a doctor about your cough. Blah blah.");
    expect(a.asked).toEqual({ domain: "medical", topic: "cough", amount: null });
    expect(a.sentences[0]).toMatchObject({ recognised: true, kind: "content", level: "avoid", connector: "First" });
    expect(a.sentences[1]).toMatchObject({ recognised: false, kind: "other", expertise: null });
  });
});
