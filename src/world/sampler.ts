/**
 * Seeded sampling of instructions and answers. The answer distribution is conditioned on
 * the instruction's cues and context details through the single table SAMPLER_TABLE, so
 * mutating an instruction (mutation.ts) shifts which answers follow it.
 */
import type { Rng } from "../core/rng";
import { ANSWER_GRAMMAR, renderAnswer, type AnswerSentence, type WarmPrefix } from "./answer";
import { INSTRUCTION_GRAMMAR, renderInstruction, type InstructionSpec } from "./instruction";
import {
  AMOUNTS,
  CONNECTORS,
  CUE_WORDINGS,
  CUES,
  DOMAINS,
  DURATIONS,
  GENERIC_DETAIL,
  LEVELS,
  SEVERITIES,
  WARM_PREFIXES,
  contextsFor,
  topicById,
  topicsOf,
  type Connector,
  type Cue,
  type Domain,
  type Level,
} from "./lexicon";
import type { InstructionAttrs } from "./templates";

type LevelProbs = Readonly<Record<Level, number>>;
type Range = readonly [number, number];

/**
 * Every probability of the world's distribution, in one place. Numbers follow the brief;
 * cues combine as described in `answerProfile`.
 */
export const SAMPLER_TABLE = {
  instruction: {
    /** Each cue is present independently with this probability; their order is shuffled. */
    cueProb: { briefly: 0.2, specialist: 0.2, steps: 0.15, kindly: 0.2 } satisfies Record<Cue, number>,
    /** Probability that a situation sentence names the topic (then a plain question follows). */
    situationProb: 0.35,
    /** Distribution of the number of context sentences, by shape (keeps instructions at 1-3 sentences). */
    contextCount: { direct: [0.5, 0.35, 0.15], situation: [0.6, 0.4] },
  },
  answer: {
    level: {
      none: { avoid: 0.25, generic: 0.5, expert: 0.25 },
      specialist: { avoid: 0.1, generic: 0.25, expert: 0.65 },
    } satisfies Record<string, LevelProbs>,
    /** Probability of warm extras; "briefly" suppresses them unless "kindly" is also present. */
    warmProb: { none: 0.3, kindly: 0.85, briefly: 0 },
    /** Shape of the warm extras when present. */
    warmShape: { opener: 0.45, closer: 0.35, both: 0.2 },
    /** When warm, each content sentence without a connector opens with a warm phrase with this probability. */
    warmPrefixProb: 0.15,
    /** Probability of a curt closing sentence when the answer is not warm ("kindly" removes it). */
    coldProb: { none: 0.08, kindly: 0 },
    /** Number of content sentences, uniform in the range. */
    contentSentences: {
      none: [2, 5] as Range,
      briefly: [1, 2] as Range,
      steps: [3, 5] as Range,
      brieflyAndSteps: [2, 3] as Range,
    },
    /** With this probability an expert answer gains a sentence and an avoid answer loses one (within the range). */
    levelLengthShift: 0.5,
    /** How each content sentence names the topic: the asked detail, a wrong detail of the domain, or the generic stand-in. */
    detail: { right: 0.7, wrong: 0.1, generic: 0.2 },
    /** Context details that shift the distribution (added to a level's or warmth's probability). */
    contextEffects: {
      "medical.worsening": { avoid: 0.15 },
      "legal.stakes": { avoid: 0.15 },
      "medical.trained": { expert: 0.15 },
      "legal.trained": { expert: 0.15 },
      "financial.trained": { expert: 0.15 },
      "everyday.handy": { expert: 0.1 },
      "financial.behind": { warm: 0.2 },
      "any.worried": { warm: 0.25 },
    } as Readonly<Record<string, Partial<Record<Level | "warm", number>>>>,
  },
} as const;

/** The answer distribution an instruction induces. */
export interface AnswerProfile {
  readonly level: LevelProbs;
  readonly warmProb: number;
  readonly coldProb: number;
  /** Inclusive range of content sentences. */
  readonly sentences: Range;
  readonly connectors: boolean;
}

/** Raise one level's probability by delta, rescaling the others so the total stays 1. */
function shiftLevel(p: LevelProbs, level: Level, delta: number): LevelProbs {
  const target = Math.min(1, Math.max(0, p[level] + delta));
  const restOld = 1 - p[level];
  const scale = restOld > 0 ? (1 - target) / restOld : 0;
  const out = { avoid: p.avoid * scale, generic: p.generic * scale, expert: p.expert * scale };
  out[level] = target;
  return out;
}

/**
 * Cues combine: "specialist" sets the level mix; "steps" adds connectors and 3-5 sentences;
 * "briefly" gives 1-2 sentences (2-3 with steps) and no warm extras unless "kindly", which
 * makes warm extras likely and removes curt ones. Context effects then nudge the mix.
 */
export function answerProfile(spec: Pick<InstructionSpec, "cues" | "context">): AnswerProfile {
  const A = SAMPLER_TABLE.answer;
  const has = (c: Cue) => spec.cues.some((u) => u.cue === c);
  let level: LevelProbs = has("specialist") ? A.level.specialist : A.level.none;
  let warmProb: number = has("kindly") ? A.warmProb.kindly : has("briefly") ? A.warmProb.briefly : A.warmProb.none;
  const S = A.contentSentences;
  const sentences = has("briefly") ? (has("steps") ? S.brieflyAndSteps : S.briefly) : has("steps") ? S.steps : S.none;
  for (const c of spec.context) {
    const e = A.contextEffects[c.id];
    if (!e) continue;
    for (const l of LEVELS) if (e[l]) level = shiftLevel(level, l, e[l]);
    if (e.warm && warmProb > 0) warmProb = Math.min(1, warmProb + e.warm);
  }
  return {
    level,
    warmProb,
    coldProb: has("kindly") ? A.coldProb.kindly : A.coldProb.none,
    sentences,
    connectors: has("steps"),
  };
}

export interface InstructionOptions {
  readonly domain?: Domain;
  readonly topic?: string;
  /** Exactly these cues, in this order (random wordings). */
  readonly cues?: readonly Cue[];
  /** Force the situation shape (true) or the direct question (false). */
  readonly situation?: boolean;
  /** Number of context sentences (at most 2 direct, 1 with a situation). */
  readonly context?: number;
}

const QUESTION_IDS = (d: Domain) => ids((a) => a.kind === "question" && a.domain === d);
const SITUATION_IDS = (d: Domain) => ids((a) => a.kind === "situation" && a.domain === d);
const PLAIN_IDS = ids((a) => a.kind === "plain");
function ids(pred: (a: InstructionAttrs) => boolean): string[] {
  return INSTRUCTION_GRAMMAR.all()
    .filter((t) => pred(t.attrs))
    .map((t) => t.id);
}

/** Sample an instruction spec (render it with renderInstruction). Advances rng. */
export function sampleInstruction(rng: Rng, opts: InstructionOptions = {}): InstructionSpec {
  const I = SAMPLER_TABLE.instruction;
  const topic = opts.topic ? topicById(opts.topic) : rng.pick(topicsOf(opts.domain ?? rng.pick(DOMAINS)));
  if (opts.domain && topic.domain !== opts.domain) throw new Error(`topic ${topic.id} is not in ${opts.domain}`);
  const domain = topic.domain;
  const amount = domain === "financial" ? rng.pick(AMOUNTS) : null;
  const situated = opts.situation ?? rng.bool(I.situationProb);
  const cueList = opts.cues ?? rng.shuffle(CUES.filter((c) => rng.bool(I.cueProb[c])));
  const cues = cueList.map((cue) => ({ cue, wording: rng.int(0, CUE_WORDINGS[cue].length) }));
  const counts = situated ? I.contextCount.situation : I.contextCount.direct;
  const nContext = opts.context ?? rng.weightedIndex(counts);
  if (nContext >= counts.length) throw new Error(`at most ${counts.length - 1} context sentences fit this shape`);
  const context = rng
    .shuffle(contextsFor(domain))
    .slice(0, nContext)
    .map((c) => ({ id: c.id, wording: rng.int(0, c.wordings.length) }));
  let situation = null;
  if (situated) {
    const template = rng.pick(SITUATION_IDS(domain));
    const slots = INSTRUCTION_GRAMMAR.get(template).slots;
    situation = {
      template,
      severity: slots.includes("severity") ? rng.pick(SEVERITIES) : null,
      duration: slots.includes("duration") ? rng.pick(DURATIONS) : null,
    };
  }
  const question = rng.pick(situated ? PLAIN_IDS : QUESTION_IDS(domain));
  return { domain, topic: topic.id, amount, question, situation, cues, context };
}

export type RelevanceMode = "detail" | "generic" | "wrong";

/** Forced properties of an answer, for controlled variants. */
export interface AnswerControls {
  readonly level?: Level;
  /** true: exactly one warm sentence (opener or closer); false: no warm and no curt sentences. */
  readonly warm?: boolean;
  /** Number of content sentences (1-6). */
  readonly sentences?: number;
  /** Every content sentence names the asked detail, the generic stand-in, or one wrong detail of the domain. */
  readonly relevance?: RelevanceMode;
  readonly connectors?: boolean;
}

export interface SampledAnswer {
  readonly text: string;
  readonly plan: readonly AnswerSentence[];
  readonly level: Level;
  /** Whether the answer has a warm sentence or warm phrase. */
  readonly warm: boolean;
  /** The relevance control, or "mixed" when each sentence was drawn. */
  readonly relevance: RelevanceMode | "mixed";
  /** Total sentences. */
  readonly sentences: number;
  /** Content sentences. */
  readonly content: number;
}

/** Content templates of a domain and level (its own and the shared ones) usable with this amount. */
export function contentPool(domain: Domain, level: Level, amount: string | null): string[] {
  return ANSWER_GRAMMAR.all()
    .filter((t) => t.attrs.kind === "content" && t.attrs.level === level)
    .filter((t) => t.attrs.domain === domain || t.attrs.domain === "any")
    .filter((t) => amount !== null || !t.slots.includes("amount"))
    .map((t) => t.id);
}

const WARM_IDS = (position: "opener" | "closer") =>
  ANSWER_GRAMMAR.all()
    .filter((t) => t.attrs.kind === "warm" && t.attrs.position === position)
    .map((t) => t.id);
const COLD_IDS = ANSWER_GRAMMAR.all()
  .filter((t) => t.attrs.kind === "cold")
  .map((t) => t.id);

/** The step connector of content sentence i of n. */
function connectorFor(i: number, n: number, rng: Rng): Connector {
  if (i === 0) return "First";
  if (i === n - 1 && n >= 3) return "Finally";
  return rng.pick(CONNECTORS.slice(1, 3));
}

/**
 * Sample an answer to an instruction. Consumes one draw of `rng` and derives independent
 * sub-streams (level, length, content, detail, warmth, style) from it, so two calls on
 * clones of the same stream that differ only in one control differ only in that property
 * (e.g. the warm and cold variants share their content sentences, and a shorter answer's
 * content is a prefix of a longer one's).
 */
export function sampleAnswer(rng: Rng, spec: InstructionSpec, controls: AnswerControls = {}): SampledAnswer {
  const A = SAMPLER_TABLE.answer;
  const base = rng.fork("answer");
  rng.next();
  const [rLevel, rLen, rContent, rDetail, rWarm, rStyle] = ["level", "length", "content", "detail", "warm", "style"].map(
    (l) => base.fork(l),
  ) as [Rng, Rng, Rng, Rng, Rng, Rng];
  const profile = answerProfile(spec);
  const level = controls.level ?? rLevel.weighted(LEVELS, LEVELS.map((l) => profile.level[l]));

  let n = controls.sentences ?? 0;
  if (controls.sentences === undefined) {
    const [lo, hi] = profile.sentences;
    n = rLen.int(lo, hi + 1);
    if (rLen.bool(A.levelLengthShift)) n = level === "expert" ? Math.min(hi, n + 1) : level === "avoid" ? Math.max(lo, n - 1) : n;
  }
  const pool = contentPool(spec.domain, level, spec.amount);
  if (n < 1 || n > pool.length) throw new Error(`cannot make ${n} distinct ${level} sentences for ${spec.domain}`);
  const remaining = pool.slice();
  const chosen = Array.from({ length: n }, () => remaining.splice(rContent.int(0, remaining.length), 1)[0] as string);

  const topic = topicById(spec.topic);
  const wrong = rDetail.pick(topicsOf(spec.domain).filter((t) => t.id !== topic.id));
  const fillerFor = (mode: RelevanceMode) =>
    mode === "detail" ? topic.detail : mode === "generic" ? GENERIC_DETAIL[spec.domain] : wrong.detail;
  const D = A.detail;
  const modes: RelevanceMode[] = chosen.map(
    () => controls.relevance ?? rDetail.weighted<RelevanceMode>(["detail", "wrong", "generic"], [D.right, D.wrong, D.generic]),
  );

  const connectors = (controls.connectors ?? profile.connectors) && n >= 2;
  const content: AnswerSentence[] = chosen.map((template, i) => ({
    template,
    detail: fillerFor(modes[i]!),
    amount: ANSWER_GRAMMAR.get(template).slots.includes("amount") ? spec.amount : null,
    connector: connectors ? connectorFor(i, n, rStyle) : null,
    warmPrefix: null,
  }));

  const warmFiller = fillerFor(controls.relevance ?? "detail");
  const extra = (template: string): AnswerSentence => ({
    template,
    detail: ANSWER_GRAMMAR.get(template).slots.includes("detail") ? warmFiller : null,
    amount: null,
    connector: null,
    warmPrefix: null,
  });
  const openers: AnswerSentence[] = [];
  const closers: AnswerSentence[] = [];
  let warm = false;
  if (controls.warm === true) {
    warm = true;
    if (rWarm.bool(0.5)) openers.push(extra(rWarm.pick(WARM_IDS("opener"))));
    else closers.push(extra(rWarm.pick(WARM_IDS("closer"))));
  } else if (controls.warm === undefined) {
    if (rWarm.bool(profile.warmProb)) {
      warm = true;
      const S = A.warmShape;
      const shape = rWarm.weighted(["opener", "closer", "both"] as const, [S.opener, S.closer, S.both]);
      if (shape !== "closer") openers.push(extra(rWarm.pick(WARM_IDS("opener"))));
      if (shape !== "opener") closers.push(extra(rWarm.pick(WARM_IDS("closer"))));
      content.forEach((s, i) => {
        if (s.connector === null && rWarm.bool(A.warmPrefixProb)) {
          content[i] = { ...s, warmPrefix: rWarm.pick<WarmPrefix>(WARM_PREFIXES) };
        }
      });
    } else if (rWarm.bool(profile.coldProb)) {
      closers.push(extra(rWarm.pick(COLD_IDS)));
    }
  }
  const plan = [...openers, ...content, ...closers];
  return {
    text: renderAnswer(plan),
    plan,
    level,
    warm,
    relevance: controls.relevance ?? "mixed",
    sentences: plan.length,
    content: n,
  };
}

/** Sample an instruction and its text. */
export function sampleInstructionText(rng: Rng, opts?: InstructionOptions): { spec: InstructionSpec; text: string } {
  const spec = sampleInstruction(rng, opts);
  return { spec, text: renderInstruction(spec) };
}
