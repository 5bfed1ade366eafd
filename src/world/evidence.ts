/**
 * Word-level evidence for text the grammar does not recognise, derived from the same
 * templates (so it cannot drift from them). A word is evidence of:
 * - a level, if it occurs in content templates of that level only (slot fillers such as
 *   "cough" occur at every level and so carry none): "radiograph" is expert, "lawyer" avoid;
 * - a domain, if it occurs only in that domain's content templates and detail fillers;
 * - warmth (+1) or coldness (-1), if it occurs only in warm (or only in curt) sentences.
 * This is what a lexical reward model can pick up, which is exactly why the oracle also
 * reports whether sentences are well-formed: a salad of jargon words has strong expertise
 * evidence and no well-formed sentence.
 */
import { ANSWER_TEMPLATES } from "./templates";
import {
  AMOUNTS,
  CONNECTORS,
  DOMAINS,
  GENERIC_DETAIL,
  LEVELS,
  TOPICS,
  WARM_PREFIXES,
  type Domain,
  type Level,
} from "./lexicon";
import { lexicalWords } from "./text";

export interface WordEvidence {
  readonly level: Level | null;
  readonly domain: Domain | null;
  readonly warmth: -1 | 0 | 1;
}

type Kind = "content" | "warm" | "cold";

function build(): Map<string, WordEvidence> {
  const levels = new Map<string, Set<Level>>();
  const domains = new Map<string, Set<Domain | "any">>();
  const kinds = new Map<string, Set<Kind>>();
  const add = <T>(m: Map<string, Set<T>>, w: string, v: T) => {
    const s = m.get(w) ?? new Set<T>();
    s.add(v);
    m.set(w, s);
  };
  for (const t of ANSWER_TEMPLATES) {
    for (const w of lexicalWords(t.text.replace(/\{\w+\}/g, " "))) {
      add(kinds, w, t.attrs.kind);
      if (t.attrs.kind === "content" && t.attrs.level) {
        add(levels, w, t.attrs.level);
        add(domains, w, t.attrs.domain);
      }
    }
  }
  for (const w of lexicalWords(WARM_PREFIXES.join(" "))) add(kinds, w, "warm");
  for (const w of lexicalWords(CONNECTORS.join(" "))) for (const l of LEVELS) add(levels, w, l);
  const fillers: Array<[string, Domain]> = [
    ...TOPICS.map((t): [string, Domain] => [t.detail, t.domain]),
    ...DOMAINS.map((d): [string, Domain] => [GENERIC_DETAIL[d], d]),
    ...AMOUNTS.map((a): [string, Domain] => [a, "financial"]),
  ];
  for (const [phrase, domain] of fillers) {
    for (const w of lexicalWords(phrase)) {
      add(domains, w, domain);
      for (const l of LEVELS) add(levels, w, l);
    }
  }
  const out = new Map<string, WordEvidence>();
  for (const w of new Set([...levels.keys(), ...domains.keys(), ...kinds.keys()])) {
    const k = kinds.get(w);
    const onlyContent = !k || (k.size === 1 && k.has("content"));
    const lv = levels.get(w);
    const dm = domains.get(w);
    const level = onlyContent && lv?.size === 1 ? ([...lv][0] as Level) : null;
    const d = dm?.size === 1 ? [...dm][0] : undefined;
    const domain = d !== undefined && d !== "any" ? d : null;
    const warmth = k?.size === 1 && k.has("warm") ? 1 : k?.size === 1 && k.has("cold") ? -1 : 0;
    if (level || domain || warmth) out.set(w, { level, domain, warmth });
  }
  return out;
}

/** Evidence carried by each word (lexical form, see text.ts); words without evidence are absent. */
export const WORD_EVIDENCE: ReadonlyMap<string, WordEvidence> = build();
