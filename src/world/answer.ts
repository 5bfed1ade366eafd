/**
 * Answer sentences: the answer grammar (templates.ts content, warm and cold sentences,
 * with optional step-connector and warm-phrase prefixes on content sentences), a plan
 * representation that renders exactly, and the recogniser that inverts rendering.
 */
import { composeSentence, innerForm, prefixGroup, stripPrefixes, TemplateGrammar } from "./grammar";
import {
  AMOUNTS,
  CONNECTORS,
  DETAIL_INDEX,
  DOMAINS,
  GENERIC_DETAIL,
  topicsOf,
  WARM_PREFIXES,
  type Connector,
  type Domain,
} from "./lexicon";
import { ANSWER_TEMPLATES, type AnswerAttrs } from "./templates";

export type WarmPrefix = (typeof WARM_PREFIXES)[number];

/** The detail fillers a template of this domain accepts: each topic's detail and the generic stand-in. */
export function detailFillers(domain: Domain | "any"): string[] {
  const ds = domain === "any" ? DOMAINS : [domain];
  return ds.flatMap((d) => [...topicsOf(d).map((t) => t.detail), GENERIC_DETAIL[d]]);
}

export const ANSWER_GRAMMAR = new TemplateGrammar<AnswerAttrs>(ANSWER_TEMPLATES, (def, slot) => {
  if (slot === "amount") return AMOUNTS;
  if (slot === "detail") return detailFillers(def.attrs.domain);
  throw new Error(`answer template ${def.id}: unexpected slot {${slot}}`);
});

const CONNECTOR_GROUP = prefixGroup("connector", CONNECTORS, false);
const WARM_GROUP = prefixGroup("warm", WARM_PREFIXES, false);

/** One sentence of an answer plan; renders to exactly one sentence. */
export interface AnswerSentence {
  readonly template: string;
  readonly detail: string | null;
  readonly amount: string | null;
  /** Content sentences only. */
  readonly connector: Connector | null;
  /** Content sentences only. */
  readonly warmPrefix: WarmPrefix | null;
}

export function renderSentence(s: AnswerSentence): string {
  const t = ANSWER_GRAMMAR.get(s.template);
  if (t.attrs.kind !== "content" && (s.connector || s.warmPrefix)) {
    throw new Error(`only content sentences take prefixes (${s.template})`);
  }
  const body = ANSWER_GRAMMAR.fill(s.template, {
    ...(s.detail !== null ? { detail: s.detail } : {}),
    ...(s.amount !== null ? { amount: s.amount } : {}),
  });
  const prefixes: string[] = [];
  if (s.connector) prefixes.push(s.connector);
  if (s.warmPrefix) prefixes.push(s.warmPrefix);
  return composeSentence(prefixes, body);
}

export function renderAnswer(sentences: readonly AnswerSentence[]): string {
  return sentences.map(renderSentence).join(" ");
}

export interface RecognisedSentence extends AnswerSentence {
  readonly attrs: AnswerAttrs;
  /** The sentence's domain: the template's, or for shared templates the detail's; null for warm/cold without a detail. */
  readonly domain: Domain | null;
  /** The topic the detail names; null for the generic stand-in or no detail. */
  readonly topic: string | null;
}

function canonical<T extends string>(options: readonly T[], inner: string): T | null {
  return options.find((o) => o.toLowerCase() === inner) ?? null;
}

/** Recognise one sentence of an answer (exact text), or null if the grammar does not produce it. */
export function recogniseAnswerSentence(sentence: string): RecognisedSentence | null {
  const inner = innerForm(sentence);
  if (inner === null) return null;
  const { picked, rest } = stripPrefixes(inner, [CONNECTOR_GROUP, WARM_GROUP]);
  const m = ANSWER_GRAMMAR.match(rest);
  if (!m) return null;
  const connector = picked[0]?.[0] !== undefined ? canonical(CONNECTORS, picked[0][0]) : null;
  const warmPrefix = picked[1]?.[0] !== undefined ? canonical(WARM_PREFIXES, picked[1][0]) : null;
  const attrs = m.template.attrs;
  if (attrs.kind !== "content" && (connector || warmPrefix)) return null;
  const detail = m.slots.detail ?? null;
  const ref = detail !== null ? DETAIL_INDEX.get(detail) : undefined;
  return {
    template: m.template.id,
    detail,
    amount: m.slots.amount ?? null,
    connector,
    warmPrefix,
    attrs,
    domain: attrs.domain !== "any" ? attrs.domain : (ref?.domain ?? null),
    topic: ref?.topic ?? null,
  };
}
