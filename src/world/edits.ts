/**
 * Minimal edits for fine-grained (token-level) supervision: a worse answer and a better
 * one that differs from it by ONE small change, everything else untouched.
 *
 * Kinds, and the oracle score each improves:
 * - expertise: a generic or avoid content sentence becomes an expert one in the same
 *   position, keeping its prefixes and detail; of the unused expert templates the one
 *   closest in words to the old sentence is used (oracle.expertise).
 * - relevance: a content sentence naming a wrong detail names the asked one (oracle.relevance).
 * - wellformed: a sentence corrupted by a dropped, duplicated or swapped word is restored
 *   (oracle.wellformed).
 * - warmth: a curt sentence is removed, or a warm phrase opens a content sentence (oracle.warmth).
 */
import { diffArrays } from "diff";
import type { Rng } from "../core/rng";
import { ANSWER_GRAMMAR, recogniseAnswerSentence, renderAnswer, renderSentence, type AnswerSentence } from "./answer";
import type { InstructionSpec } from "./instruction";
import { WARM_PREFIXES, topicById, topicsOf, type Level } from "./lexicon";
import { contentPool, sampleAnswer } from "./sampler";
import { splitWords } from "./text";

export const EDIT_KINDS = ["expertise", "relevance", "wellformed", "warmth"] as const;
export type EditKind = (typeof EDIT_KINDS)[number];

/** The oracle score each edit kind improves. */
export const EDIT_TARGET = {
  expertise: "expertise",
  relevance: "relevance",
  wellformed: "wellformed",
  warmth: "warmth",
} as const satisfies Record<EditKind, string>;

export interface MinimalEdit {
  readonly worse: string;
  readonly better: string;
  readonly kind: EditKind;
}

/** Words removed plus words added by a word-level diff (whitespace-separated words). */
export function changedWords(a: string, b: string): number {
  let n = 0;
  for (const part of diffArrays(splitWords(a), splitWords(b))) if (part.added || part.removed) n += part.count ?? part.value.length;
  return n;
}

const isContent = (s: AnswerSentence) => ANSWER_GRAMMAR.get(s.template).attrs.kind === "content";

function indicesWhere<T>(xs: readonly T[], pred: (x: T) => boolean): number[] {
  return xs.flatMap((x, i) => (pred(x) ? [i] : []));
}

function replaced(plan: readonly AnswerSentence[], i: number, s: AnswerSentence): AnswerSentence[] {
  const out = plan.slice();
  out[i] = s;
  return out;
}

function expertiseEdit(rng: Rng, spec: InstructionSpec): MinimalEdit | null {
  const level: Level = rng.bool(0.5) ? "generic" : "avoid";
  const plan = sampleAnswer(rng, spec, { level }).plan;
  const i = rng.pick(indicesWhere(plan, isContent));
  const old = plan[i]!;
  const used = new Set(plan.map((s) => s.template));
  const oldText = renderSentence(old);
  const candidates = contentPool(spec.domain, "expert", spec.amount)
    .filter((t) => !used.has(t))
    .map((template) => {
      const s: AnswerSentence = {
        ...old,
        template,
        amount: ANSWER_GRAMMAR.get(template).slots.includes("amount") ? spec.amount : null,
      };
      return { s, cost: changedWords(oldText, renderSentence(s)) };
    })
    .sort((a, b) => a.cost - b.cost);
  const pick = rng.pick(candidates.slice(0, 2));
  return { worse: renderAnswer(plan), better: renderAnswer(replaced(plan, i, pick.s)), kind: "expertise" };
}

function relevanceEdit(rng: Rng, spec: InstructionSpec): MinimalEdit | null {
  const topic = topicById(spec.topic);
  const plan = sampleAnswer(rng, spec, { relevance: "detail" }).plan;
  const i = rng.pick(indicesWhere(plan, isContent));
  const wrong = rng.pick(topicsOf(spec.domain).filter((t) => t.id !== topic.id));
  const worse = replaced(plan, i, { ...plan[i]!, detail: wrong.detail });
  return { worse: renderAnswer(worse), better: renderAnswer(plan), kind: "relevance" };
}

/** A plausible corruption of one sentence: a dropped, duplicated or swapped word; null if none breaks it. */
export function corruptSentence(sentence: string, rng: Rng): string | null {
  const w = splitWords(sentence);
  if (w.length < 4) return null;
  for (let attempt = 0; attempt < 8; attempt++) {
    const out = w.slice();
    const op = rng.pick(["drop", "duplicate", "swap"] as const);
    // Keep the first word (capitalised) and the last (it carries the full stop) in place.
    const j = rng.int(1, w.length - 1);
    if (op === "drop") out.splice(j, 1);
    else if (op === "duplicate") out.splice(j, 0, w[j]!);
    else if (j + 1 < w.length - 1 && w[j] !== w[j + 1]) [out[j], out[j + 1]] = [w[j + 1]!, w[j]!];
    else continue;
    const text = out.join(" ");
    if (text !== sentence && recogniseAnswerSentence(text) === null) return text;
  }
  return null;
}

function wellformedEdit(rng: Rng, spec: InstructionSpec): MinimalEdit | null {
  const plan = sampleAnswer(rng, spec).plan;
  const texts = plan.map(renderSentence);
  const order = rng.shuffle(texts.map((_, i) => i));
  for (const i of order) {
    const bad = corruptSentence(texts[i]!, rng);
    if (bad === null) continue;
    const worse = texts.slice();
    worse[i] = bad;
    return { worse: worse.join(" "), better: texts.join(" "), kind: "wellformed" };
  }
  return null;
}

function warmthEdit(rng: Rng, spec: InstructionSpec): MinimalEdit | null {
  const plan = sampleAnswer(rng, spec, { warm: false }).plan;
  const open = indicesWhere(plan, (s) => isContent(s) && s.connector === null && s.warmPrefix === null);
  if (open.length > 0 && rng.bool(0.5)) {
    const i = rng.pick(open);
    const better = replaced(plan, i, { ...plan[i]!, warmPrefix: rng.pick(WARM_PREFIXES) });
    return { worse: renderAnswer(plan), better: renderAnswer(better), kind: "warmth" };
  }
  const cold = ANSWER_GRAMMAR.all().filter((t) => t.attrs.kind === "cold");
  const curt: AnswerSentence = { template: rng.pick(cold).id, detail: null, amount: null, connector: null, warmPrefix: null };
  const at = rng.bool(0.7) ? plan.length : rng.int(0, plan.length + 1);
  const worse = [...plan.slice(0, at), curt, ...plan.slice(at)];
  return { worse: renderAnswer(worse), better: renderAnswer(plan), kind: "warmth" };
}

const MAKERS: Record<EditKind, (rng: Rng, spec: InstructionSpec) => MinimalEdit | null> = {
  expertise: expertiseEdit,
  relevance: relevanceEdit,
  wellformed: wellformedEdit,
  warmth: warmthEdit,
};

/** A minimal edit of an answer to this instruction (kind random if not given); null if none could be made. */
export function makeEdit(rng: Rng, spec: InstructionSpec, kind?: EditKind): MinimalEdit | null {
  return MAKERS[kind ?? rng.pick(EDIT_KINDS)](rng, spec);
}
