/**
 * Instruction mutation operators for DARWIN's exploration step. Each works on any
 * instruction the grammar recognises, changes one thing (a cue or a context detail), and
 * yields an instruction that still parses, keeps its topic, and stays within 1-3 sentences.
 * Because cues and some context details shift the sampler's answer distribution
 * (sampler.ts), mutating an instruction changes what a policy trained on the world explores.
 */
import type { Rng } from "../core/rng";
import { parseInstruction, renderInstruction, type InstructionSpec } from "./instruction";
import { CUE_WORDINGS, CUES, contextById, contextsFor } from "./lexicon";

export const MUTATIONS = ["addCue", "dropCue", "rewordCue", "addDetail", "dropDetail", "rewordDetail"] as const;
export type MutationOp = (typeof MUTATIONS)[number];

/** Instructions have at most this many sentences. */
export const MAX_INSTRUCTION_SENTENCES = 3;

function sentenceCount(spec: InstructionSpec): number {
  return (spec.situation ? 1 : 0) + spec.context.length + 1;
}

function unusedCues(spec: InstructionSpec) {
  return CUES.filter((c) => !spec.cues.some((u) => u.cue === c));
}

function unusedContexts(spec: InstructionSpec) {
  return contextsFor(spec.domain).filter((c) => !spec.context.some((u) => u.id === c.id));
}

/** Whether an operator can apply to an instruction spec. */
export function isApplicable(spec: InstructionSpec, op: MutationOp): boolean {
  switch (op) {
    case "addCue":
      return unusedCues(spec).length > 0;
    case "dropCue":
    case "rewordCue":
      return spec.cues.length > 0;
    case "addDetail":
      return sentenceCount(spec) < MAX_INSTRUCTION_SENTENCES && unusedContexts(spec).length > 0;
    case "dropDetail":
    case "rewordDetail":
      return spec.context.length > 0;
  }
}

/** All operators, or those that apply to the given instruction (none if it does not parse). */
export function listMutations(text?: string): MutationOp[] {
  if (text === undefined) return [...MUTATIONS];
  const spec = parseInstruction(text);
  return spec ? MUTATIONS.filter((op) => isApplicable(spec, op)) : [];
}

function without<T>(xs: readonly T[], i: number): T[] {
  return [...xs.slice(0, i), ...xs.slice(i + 1)];
}

function insertAt<T>(xs: readonly T[], i: number, x: T): T[] {
  return [...xs.slice(0, i), x, ...xs.slice(i)];
}

/** Apply one operator to a spec, or null if it does not apply. */
export function mutateSpec(spec: InstructionSpec, rng: Rng, op: MutationOp): InstructionSpec | null {
  if (!isApplicable(spec, op)) return null;
  switch (op) {
    case "addCue": {
      const cue = rng.pick(unusedCues(spec));
      const use = { cue, wording: rng.int(0, CUE_WORDINGS[cue].length) };
      return { ...spec, cues: insertAt(spec.cues, rng.int(0, spec.cues.length + 1), use) };
    }
    case "dropCue":
      return { ...spec, cues: without(spec.cues, rng.int(0, spec.cues.length)) };
    case "rewordCue": {
      const i = rng.int(0, spec.cues.length);
      const old = spec.cues[i]!;
      const others = CUE_WORDINGS[old.cue].map((_, w) => w).filter((w) => w !== old.wording);
      const cues = spec.cues.slice();
      cues[i] = { cue: old.cue, wording: rng.pick(others) };
      return { ...spec, cues };
    }
    case "addDetail": {
      const c = rng.pick(unusedContexts(spec));
      const use = { id: c.id, wording: rng.int(0, c.wordings.length) };
      return { ...spec, context: insertAt(spec.context, rng.int(0, spec.context.length + 1), use) };
    }
    case "dropDetail":
      return { ...spec, context: without(spec.context, rng.int(0, spec.context.length)) };
    case "rewordDetail": {
      const i = rng.int(0, spec.context.length);
      const old = spec.context[i]!;
      const others = contextById(old.id).wordings.map((_, w) => w).filter((w) => w !== old.wording);
      const context = spec.context.slice();
      context[i] = { id: old.id, wording: rng.pick(others) };
      return { ...spec, context };
    }
  }
}

export interface Mutation {
  readonly text: string;
  readonly op: MutationOp;
}

/**
 * Mutate an instruction: with `op`, that operator (null if it does not apply); without,
 * a random applicable one. Null if the instruction does not parse or nothing applies.
 */
export function mutateInstruction(text: string, rng: Rng, op?: MutationOp): Mutation | null {
  const spec = parseInstruction(text);
  if (!spec) return null;
  const chosen = op ?? (() => {
    const ops = MUTATIONS.filter((o) => isApplicable(spec, o));
    return ops.length > 0 ? rng.pick(ops) : null;
  })();
  if (chosen === null) return null;
  const next = mutateSpec(spec, rng, chosen);
  if (!next) return null;
  const out = renderInstruction(next);
  const check = parseInstruction(out);
  if (!check || check.topic !== spec.topic) throw new Error(`mutation ${chosen} broke the instruction: ${out}`);
  return { text: out, op: chosen };
}
