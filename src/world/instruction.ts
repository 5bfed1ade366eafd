/**
 * Instructions: a structured spec that renders to text exactly, and the parser that
 * recovers the spec from text (the inverse of rendering).
 *
 * Shape (1-3 sentences): either `context* question` where the question names the topic
 * ("What should I do about my cough?"), or `situation context? plain` where the situation
 * names it ("I have had a persistent cough for a week.") and a plain question follows
 * ("What should I do?"). Cues ("briefly", "as an expert", ...) open the final question.
 */
import { composeSentence, innerForm, prefixGroup, stripPrefixes, TemplateGrammar } from "./grammar";
import {
  AMOUNTS,
  CUE_WORDINGS,
  CUES,
  DURATIONS,
  SEVERITIES,
  contextById,
  topicById,
  topicsOf,
  type Cue,
  type Domain,
} from "./lexicon";
import { INSTRUCTION_TEMPLATES, type InstructionAttrs } from "./templates";
import { splitSentences } from "./text";

export const INSTRUCTION_GRAMMAR = new TemplateGrammar<InstructionAttrs>(INSTRUCTION_TEMPLATES, (def, slot) => {
  const d = def.attrs.domain;
  if (slot === "ask" && d !== "any") return topicsOf(d).map((t) => t.ask);
  if (slot === "amount") return AMOUNTS;
  if (slot === "severity") return SEVERITIES;
  if (slot === "duration") return DURATIONS;
  throw new Error(`instruction template ${def.id}: unexpected slot {${slot}}`);
});

const CUE_GROUP = prefixGroup(
  "cues",
  CUES.flatMap((c) => CUE_WORDINGS[c]),
  true,
);
const CUE_BY_WORDING = new Map<string, CueUse>(
  CUES.flatMap((cue) => CUE_WORDINGS[cue].map((w, wording): [string, CueUse] => [w, { cue, wording }])),
);

export interface CueUse {
  readonly cue: Cue;
  /** Index into CUE_WORDINGS[cue]. */
  readonly wording: number;
}
export interface ContextUse {
  /** A ContextDetail id. */
  readonly id: string;
  /** Index into its wordings. */
  readonly wording: number;
}
export interface Situation {
  readonly template: string;
  readonly severity: string | null;
  readonly duration: string | null;
}
export interface InstructionSpec {
  readonly domain: Domain;
  readonly topic: string;
  /** Financial instructions name an amount; null elsewhere. */
  readonly amount: string | null;
  /** Template id of the final question: kind "question" without a situation, "plain" with one. */
  readonly question: string;
  readonly situation: Situation | null;
  /** In the order they open the question. */
  readonly cues: readonly CueUse[];
  readonly context: readonly ContextUse[];
}

export function cueWording(c: CueUse): string {
  const w = CUE_WORDINGS[c.cue][c.wording];
  if (w === undefined) throw new Error(`cue ${c.cue} has no wording ${c.wording}`);
  return w;
}

export function contextSentence(c: ContextUse): string {
  const w = contextById(c.id).wordings[c.wording];
  if (w === undefined) throw new Error(`context ${c.id} has no wording ${c.wording}`);
  return w;
}

/** The sentences of an instruction, in order. */
export function instructionSentences(spec: InstructionSpec): string[] {
  const topic = topicById(spec.topic);
  const slots = {
    ask: topic.ask,
    ...(spec.amount !== null ? { amount: spec.amount } : {}),
  };
  const q = INSTRUCTION_GRAMMAR.get(spec.question).attrs.kind;
  if ((q === "plain") !== (spec.situation !== null)) {
    throw new Error(`instruction: question ${spec.question} does not fit ${spec.situation ? "a" : "no"} situation`);
  }
  const out: string[] = [];
  if (spec.situation) {
    const s = spec.situation;
    out.push(
      composeSentence(
        [],
        INSTRUCTION_GRAMMAR.fill(s.template, {
          ...slots,
          ...(s.severity !== null ? { severity: s.severity } : {}),
          ...(s.duration !== null ? { duration: s.duration } : {}),
        }),
      ),
    );
  }
  for (const c of spec.context) out.push(contextSentence(c));
  out.push(composeSentence(spec.cues.map(cueWording), INSTRUCTION_GRAMMAR.fill(spec.question, slots)));
  return out;
}

export function renderInstruction(spec: InstructionSpec): string {
  return instructionSentences(spec).join(" ");
}

const parseCache = new Map<string, InstructionSpec | null>();

/** The spec of an instruction the grammar recognises, or null. Memoised. */
export function parseInstruction(text: string): InstructionSpec | null {
  const hit = parseCache.get(text);
  if (hit !== undefined) return hit;
  const spec = parseUncached(text);
  if (parseCache.size > 100_000) parseCache.clear();
  parseCache.set(text, spec);
  return spec;
}

function parseUncached(text: string): InstructionSpec | null {
  const sentences = splitSentences(text);
  const last = sentences.pop();
  if (last === undefined) return null;
  const inner = innerForm(last);
  if (inner === null) return null;
  const { picked, rest } = stripPrefixes(inner, [CUE_GROUP]);
  const q = INSTRUCTION_GRAMMAR.match(rest);
  if (!q || (q.template.attrs.kind !== "question" && q.template.attrs.kind !== "plain")) return null;
  const cues = (picked[0] ?? []).map((w) => CUE_BY_WORDING.get(w)!);
  if (new Set(cues.map((c) => c.cue)).size !== cues.length) return null;

  let named = q.template.attrs.kind === "question" ? q : null;
  let situation: Situation | null = null;
  const context: ContextUse[] = [];
  for (const [i, s] of sentences.entries()) {
    const si = innerForm(s);
    const m = si === null ? null : INSTRUCTION_GRAMMAR.match(si);
    if (!m) return null;
    const a = m.template.attrs;
    if (a.kind === "situation" && i === 0 && named === null) {
      named = m;
      situation = { template: m.template.id, severity: m.slots.severity ?? null, duration: m.slots.duration ?? null };
    } else if (a.kind === "context" && a.context !== null && a.wording !== null) {
      if (context.some((c) => c.id === a.context)) return null;
      context.push({ id: a.context, wording: a.wording });
    } else return null;
  }
  if (named === null) return null;
  const domain = named.template.attrs.domain;
  if (domain === "any") return null;
  const topic = topicsOf(domain).find((t) => t.ask === named.slots.ask);
  if (!topic) return null;
  if (context.some((c) => !fitsDomain(c.id, domain))) return null;
  return {
    domain,
    topic: topic.id,
    amount: named.slots.amount ?? null,
    question: q.template.id,
    situation,
    cues,
    context,
  };
}

function fitsDomain(contextId: string, domain: Domain): boolean {
  const d = contextById(contextId).domain;
  return d === "any" || d === domain;
}
