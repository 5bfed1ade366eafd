/**
 * The three data sets the model forge trains from, built deterministically from a seed.
 * Line i of each set depends only on (seed, set, i), so a longer export extends a shorter
 * one. The train/test split is a function of the instruction text alone (a hash), so an
 * instruction never lands in both splits; about 10% is test.
 */
import { createRng, hashString, type Rng } from "../core/rng";
import { renderInstruction, type InstructionSpec } from "./instruction";
import { LEVELS, topicById, type Cue, type Domain, type Level } from "./lexicon";
import { makeEdit, type EditKind } from "./edits";
import { scoreAnswer, type OracleScores } from "./oracle";
import { sampleAnswer, sampleInstruction, type AnswerControls, type RelevanceMode } from "./sampler";

export type Split = "train" | "test";

/** Test split: FNV-1a hash of the instruction text modulo 10 equals 0. */
export function splitOf(instruction: string): Split {
  return (hashString(instruction) >>> 0) % 10 === 0 ? "test" : "train";
}

export interface CorpusLine {
  split: Split;
  domain: Domain;
  cues: Cue[];
  instruction: string;
  answer: string;
}

export type GroupVariant = "level" | "short" | "long" | "irrelevant";

export interface GroupAnswer {
  text: string;
  level: Level;
  warm: boolean;
  /** False only for the wrong-detail variant. */
  relevant: boolean;
  /** How the content sentences name the topic. */
  relevance: RelevanceMode;
  variant: GroupVariant;
  /** Total sentences. */
  sentences: number;
  oracle: OracleScores;
}

export interface GroupLine {
  split: Split;
  domain: Domain;
  cues: Cue[];
  topic: string;
  /** The detail the answers should name (e.g. "cough", "oven"). */
  detail: string;
  amount: string | null;
  instruction: string;
  answers: GroupAnswer[];
}

export interface EditLine {
  split: Split;
  instruction: string;
  worse: string;
  better: string;
  kind: EditKind;
}

function streams(seed: number, set: string): (i: number) => Rng {
  const root = createRng(seed).fork(set);
  return (i) => root.fork(i);
}

export function corpusLine(seed: number, i: number): CorpusLine {
  const rng = streams(seed, "corpus")(i);
  const spec = sampleInstruction(rng);
  const instruction = renderInstruction(spec);
  return {
    split: splitOf(instruction),
    domain: spec.domain,
    cues: spec.cues.map((c) => c.cue),
    instruction,
    answer: sampleAnswer(rng, spec).text,
  };
}

export function* corpusLines(seed: number, n: number): Generator<CorpusLine> {
  for (let i = 0; i < n; i++) yield corpusLine(seed, i);
}

/**
 * Controlled answers to one prompt. For one drawn style (number of content sentences,
 * relevance): every level, each cold and warm (6); a short and a long answer of one level
 * (cold); a wrong-detail answer (cold). Variants share their randomness, so they differ
 * only in the controlled property.
 */
export function groupAnswers(rng: Rng, spec: InstructionSpec): GroupAnswer[] {
  const instruction = renderInstruction(spec);
  const n = rng.int(2, 5);
  const relevance: RelevanceMode = rng.bool(0.75) ? "detail" : "generic";
  const shared = rng.fork("content");
  const make = (variant: GroupVariant, controls: AnswerControls & { level: Level }): GroupAnswer => {
    const a = sampleAnswer(shared.clone(), spec, controls);
    return {
      text: a.text,
      level: a.level,
      warm: a.warm,
      relevant: controls.relevance !== "wrong",
      relevance: controls.relevance ?? relevance,
      variant,
      sentences: a.sentences,
      oracle: scoreAnswer(instruction, a.text),
    };
  };
  const out: GroupAnswer[] = [];
  for (const level of LEVELS) {
    for (const warm of [false, true]) out.push(make("level", { level, warm, sentences: n, relevance }));
  }
  const level = rng.pick(LEVELS);
  out.push(make("short", { level, warm: false, sentences: 1, relevance }));
  out.push(make("long", { level, warm: false, sentences: Math.min(6, n + 2), relevance }));
  out.push(make("irrelevant", { level: rng.pick(LEVELS), warm: false, sentences: n, relevance: "wrong" }));
  return out;
}

/** n groups with distinct instructions. */
export function* groupLines(seed: number, n: number): Generator<GroupLine> {
  const at = streams(seed, "groups");
  const seen = new Set<string>();
  for (let i = 0, made = 0; made < n; i++) {
    if (i > 50 * n + 1000) throw new Error(`could not find ${n} distinct instructions`);
    const rng = at(i);
    const spec = sampleInstruction(rng);
    const instruction = renderInstruction(spec);
    if (seen.has(instruction)) continue;
    seen.add(instruction);
    made++;
    yield {
      split: splitOf(instruction),
      domain: spec.domain,
      cues: spec.cues.map((c) => c.cue),
      topic: spec.topic,
      detail: topicById(spec.topic).detail,
      amount: spec.amount,
      instruction,
      answers: groupAnswers(rng, spec),
    };
  }
}

export function* editLines(seed: number, n: number): Generator<EditLine> {
  const at = streams(seed, "edits");
  for (let i = 0, made = 0; made < n; i++) {
    if (i > 10 * n + 1000) throw new Error(`could not make ${n} edits`);
    const rng = at(i);
    const spec = sampleInstruction(rng);
    const instruction = renderInstruction(spec);
    const edit = makeEdit(rng, spec);
    if (!edit) continue;
    made++;
    yield { split: splitOf(instruction), instruction, ...edit };
  }
}

/** Held-out (test split) instructions, distinct, for quick looks. */
export function* testInstructions(seed: number, n: number): Generator<string> {
  const at = streams(seed, "sample");
  const seen = new Set<string>();
  for (let i = 0, made = 0; made < n; i++) {
    if (i > 200 * n + 1000) throw new Error(`could not find ${n} test instructions`);
    const text = renderInstruction(sampleInstruction(at(i)));
    if (splitOf(text) !== "test" || seen.has(text)) continue;
    seen.add(text);
    made++;
    yield text;
  }
}
