/**
 * The exact oracle: attribute scores for ANY text as an answer to an instruction.
 *
 * The answer is split into sentences (text.ts). Each sentence the answer grammar
 * recognises contributes exactly: a content sentence has its template's level
 * (avoid 0, generic 0.5, expert 1), its domain, and a relevance (1 if it names the asked
 * detail, 0.5 for the generic stand-in "your symptom", 0 for another detail or another
 * domain); a warm sentence adds +1 warmth, a curt one -1, a warm opening phrase +0.5.
 * A sentence it does not recognise still contributes through word evidence (evidence.ts):
 * if it holds level words it counts as a content sentence whose expertise is the mean
 * level value of those words, whose domain is the share of its domain words, and whose
 * relevance comes from the details it names; warm/curt words add +-0.5 each (at most +-1
 * a sentence). A repeated sentence counts as ill-formed (answers never repeat one).
 *
 * Scores, all in [0, 1] except the counts:
 * - expertise: mean over content sentences (0 when there are none).
 * - domainScores: content mass per domain, normalised (all 0 without content); domain = argmax.
 * - warmth: (W + 1) / 3 clamped, W = net warm evidence: neutral 1/3, one warm sentence 2/3,
 *   two 1, a curt sentence 0.
 * - relevance: mean over content sentences (0 when there are none).
 * - concision: 1 up to 8 words, then 0.5 * (1 + cos(pi * (words - 8) / 72)), 0 from 80 words.
 * - wellformed: fraction of sentences recognised (and not repeats); 0 for an empty answer.
 * - dims.medical|legal|financial: expertise of that domain's content times its share.
 * - dims.overall = wellformed * (0.35 relevance + 0.30 min(1, expertise / 0.8)
 *   + 0.15 warmBump + 0.20 concision), warmBump = max(0, 1 - ((warmth - 2/3) / (2/3))^2):
 *   it rewards well-formed, relevant, fairly expert (full credit from 0.8), somewhat warm
 *   (best at one warm sentence) and not bloated answers.
 */
import { recogniseAnswerSentence } from "./answer";
import { WORD_EVIDENCE } from "./evidence";
import { parseInstruction } from "./instruction";
import { DOMAINS, LEVEL_VALUE, TOPICS, type Connector, type Domain, type Level } from "./lexicon";
import { containsPhrase, lexicalWords, splitSentences, splitWords } from "./text";

export const DIMENSIONS = ["medical", "legal", "financial", "warmth", "concision", "relevance", "overall"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface OracleScores {
  domain: Domain | null;
  domainScores: Record<Domain, number>;
  expertise: number;
  warmth: number;
  words: number;
  sentences: number;
  concision: number;
  relevance: number;
  wellformed: number;
  dims: Record<Dimension, number>;
}

/** What the instruction asks about, as far as the oracle can tell. */
export interface Asked {
  readonly domain: Domain;
  readonly topic: string;
  readonly amount: string | null;
}

export interface SentenceAnalysis {
  readonly text: string;
  readonly recognised: boolean;
  readonly duplicate: boolean;
  /** "other": neither recognised nor carrying level evidence. */
  readonly kind: "content" | "warm" | "cold" | "other";
  readonly template: string | null;
  readonly level: Level | null;
  readonly connector: Connector | null;
  /** Content sentences only. */
  readonly expertise: number | null;
  readonly relevance: number | null;
  /** Net warm evidence of the sentence, in [-1, 1]. */
  readonly warmth: number;
  /** Content mass per domain (sums to 1, or all 0). */
  readonly domain: Record<Domain, number>;
}

export interface AnswerAnalysis {
  readonly asked: Asked | null;
  readonly sentences: readonly SentenceAnalysis[];
  readonly scores: OracleScores;
}

const zeroDomains = (): Record<Domain, number> => ({ medical: 0, legal: 0, financial: 0, everyday: 0 });
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Detail phrases (answer and instruction forms), longest first, for lexical look-up. */
const PHRASES = TOPICS.flatMap((t) => [t.detail, t.ask].map((p) => ({ topic: t.id, domain: t.domain, words: lexicalWords(p) })))
  .filter((p, i, all) => all.findIndex((q) => q.topic === p.topic && q.words.join(" ") === p.words.join(" ")) === i)
  .sort((a, b) => b.words.length - a.words.length);

function topicsNamed(words: readonly string[]): Array<{ topic: string; domain: Domain }> {
  return PHRASES.filter((p) => containsPhrase(words, p.words));
}

/** The asked topic: parsed exactly when the instruction is in the grammar, else the one detail it names. */
export function askedTopic(instruction: string): Asked | null {
  const spec = parseInstruction(instruction);
  if (spec) return { domain: spec.domain, topic: spec.topic, amount: spec.amount };
  const named = new Map(topicsNamed(lexicalWords(instruction)).map((p) => [p.topic, p.domain]));
  const only = named.size === 1 ? [...named][0] : undefined;
  return only ? { domain: only[1], topic: only[0], amount: null } : null;
}

function concisionOf(words: number): number {
  if (words <= 8) return 1;
  if (words >= 80) return 0;
  return 0.5 * (1 + Math.cos((Math.PI * (words - 8)) / 72));
}

function analyseSentence(text: string, asked: Asked | null, duplicate: boolean): SentenceAnalysis {
  const domain = zeroDomains();
  const r = recogniseAnswerSentence(text);
  if (r) {
    const kind = r.attrs.kind;
    let relevance: number | null = null;
    if (kind === "content") {
      if (r.domain) domain[r.domain] = 1;
      if (!asked) relevance = 0.5;
      else if (r.domain !== asked.domain) relevance = 0;
      else if (r.topic === null) relevance = 0.5;
      else relevance = r.topic === asked.topic && (r.amount === null || asked.amount === null || r.amount === asked.amount) ? 1 : 0;
    }
    return {
      text,
      recognised: true,
      duplicate,
      kind,
      template: r.template,
      level: r.attrs.level,
      connector: r.connector,
      expertise: r.attrs.level !== null ? LEVEL_VALUE[r.attrs.level] : null,
      relevance,
      warmth: kind === "warm" ? 1 : kind === "cold" ? -1 : r.warmPrefix ? 0.5 : 0,
      domain,
    };
  }
  // Unrecognised: word evidence only.
  const words = lexicalWords(text);
  const levels: number[] = [];
  let warm = 0;
  let domainWords = 0;
  for (const w of words) {
    const e = WORD_EVIDENCE.get(w);
    if (!e) continue;
    if (e.level) levels.push(LEVEL_VALUE[e.level]);
    if (e.domain) {
      domain[e.domain] += 1;
      domainWords += 1;
    }
    warm += e.warmth * 0.5;
  }
  const isContent = levels.length > 0;
  for (const d of DOMAINS) domain[d] = isContent && domainWords > 0 ? domain[d] / domainWords : 0;
  let relevance: number | null = null;
  if (isContent) {
    const named = topicsNamed(words);
    const top = DOMAINS.reduce<Domain | null>((best, d) => (domain[d] > (best ? domain[best] : 0) ? d : best), null);
    if (!asked) relevance = 0.5;
    else if (named.some((p) => p.topic === asked.topic)) relevance = 1;
    else if (named.length > 0 || (top !== null && top !== asked.domain)) relevance = 0;
    else relevance = 0.5;
  }
  return {
    text,
    recognised: false,
    duplicate,
    kind: isContent ? "content" : "other",
    template: null,
    level: null,
    connector: null,
    expertise: isContent ? mean(levels) : null,
    relevance,
    warmth: Math.max(-1, Math.min(1, warm)),
    domain,
  };
}

/** Per-sentence analysis and the scores of an answer. */
export function analyzeAnswer(instruction: string, answer: string): AnswerAnalysis {
  const asked = askedTopic(instruction);
  const seen = new Set<string>();
  const sentences = splitSentences(answer).map((s) => {
    const duplicate = seen.has(s);
    seen.add(s);
    return analyseSentence(s, asked, duplicate);
  });
  const content = sentences.filter((s) => s.expertise !== null);
  const mass = zeroDomains();
  const weighted = zeroDomains();
  for (const s of content) {
    for (const d of DOMAINS) {
      mass[d] += s.domain[d];
      weighted[d] += s.domain[d] * (s.expertise ?? 0);
    }
  }
  const total = DOMAINS.reduce((a, d) => a + mass[d], 0);
  const domainScores = zeroDomains();
  let domain: Domain | null = null;
  for (const d of DOMAINS) {
    domainScores[d] = total > 0 ? mass[d] / total : 0;
    if (domainScores[d] > 0 && (domain === null || domainScores[d] > domainScores[domain])) domain = d;
  }
  const domainExpertise = (d: Domain) => (mass[d] > 0 ? (weighted[d] / mass[d]) * domainScores[d] : 0);
  const expertise = mean(content.map((s) => s.expertise ?? 0));
  const relevance = mean(content.map((s) => s.relevance ?? 0));
  const warmth = clamp01((sentences.reduce((a, s) => a + s.warmth, 0) + 1) / 3);
  const words = splitWords(answer).length;
  const concision = concisionOf(words);
  const wellformed = sentences.length === 0 ? 0 : sentences.filter((s) => s.recognised && !s.duplicate).length / sentences.length;
  const warmBump = Math.max(0, 1 - ((warmth - 2 / 3) / (2 / 3)) ** 2);
  const overall =
    wellformed * (0.35 * relevance + 0.3 * Math.min(1, expertise / 0.8) + 0.15 * warmBump + 0.2 * concision);
  const scores: OracleScores = {
    domain,
    domainScores,
    expertise,
    warmth,
    words,
    sentences: sentences.length,
    concision,
    relevance,
    wellformed,
    dims: {
      medical: domainExpertise("medical"),
      legal: domainExpertise("legal"),
      financial: domainExpertise("financial"),
      warmth,
      concision,
      relevance,
      overall,
    },
  };
  return { asked, sentences, scores };
}

/** The oracle's scores for any text as an answer to an instruction. */
export function scoreAnswer(instruction: string, answer: string): OracleScores {
  return analyzeAnswer(instruction, answer).scores;
}
