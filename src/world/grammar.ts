/**
 * The grammar engine: one declarative definition drives generation AND recognition.
 *
 * Design. A sentence is `prefixes + body`. A body comes from a template (templates.ts):
 * literal text with typed slots ({detail}, {ask}, {amount}, {severity}, {duration}) whose
 * fillers are closed lists from lexicon.ts. Prefixes come from declared prefix groups
 * (step connectors, warm phrases, instruction cues), each a closed list of phrases ending
 * in ", ". Rendering fills the slots, joins prefixes and body and capitalises the first
 * letter. Recognition runs the same definition backwards: it lower-cases the first letter,
 * strips declared prefixes, and matches the body against each template compiled to an
 * anchored regular expression whose slots are alternations of exactly the fillers the
 * renderer may use; the match returns the template (with its attributes: domain, level,
 * kind, ...) and the slot values. Because both directions read the same tables, they
 * cannot drift apart; the tests render thousands of sentences and require every one to be
 * recognised as the template that made it.
 *
 * Text is handled in "inner form" (first letter lower-cased, except the pronoun "I"), so
 * a body reads the same at the start of a sentence and after a prefix ("First, rest ...").
 * Recognition is exact: wrong case, a missing full stop, a dropped, doubled or unknown
 * word make a sentence unrecognised (the oracle normalises whitespace before splitting).
 */
import type { TemplateDef } from "./templates";

export type SlotName = "detail" | "ask" | "amount" | "severity" | "duration";
export type SlotValues = Partial<Record<SlotName, string>>;

const SLOT_PATTERN = /\{(detail|ask|amount|severity|duration)\}/g;

/** Lower-case the first letter unless the sentence starts with the pronoun "I". */
export function lowerFirst(s: string): string {
  if (s.length === 0) return s;
  if (s[0] === "I" && (s.length === 1 || s[1] === " " || s[1] === "'")) return s;
  return s[0]!.toLowerCase() + s.slice(1);
}

export function capitalise(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function firstWord(s: string): string {
  const i = s.indexOf(" ");
  return i < 0 ? s : s.slice(0, i);
}

export interface CompiledTemplate<A> extends TemplateDef<A> {
  readonly slots: readonly SlotName[];
  readonly regex: RegExp;
}

export interface TemplateMatch<A> {
  readonly template: CompiledTemplate<A>;
  readonly slots: SlotValues;
}

/** Which fillers a slot of a template accepts. */
export type SlotAlternatives<A> = (def: TemplateDef<A>, slot: SlotName) => readonly string[];

/** A set of templates compiled for rendering and recognition. */
export class TemplateGrammar<A> {
  private readonly byId = new Map<string, CompiledTemplate<A>>();
  private readonly alternatives = new Map<string, ReadonlyMap<SlotName, ReadonlySet<string>>>();
  /** Templates indexed by the first word of their inner form; `wildcard` holds those that may start empty. */
  private readonly buckets = new Map<string, CompiledTemplate<A>[]>();
  private readonly wildcard: CompiledTemplate<A>[] = [];
  private readonly cache = new Map<string, TemplateMatch<A> | null>();

  constructor(defs: readonly TemplateDef<A>[], slotAlternatives: SlotAlternatives<A>) {
    for (const def of defs) {
      if (this.byId.has(def.id)) throw new Error(`duplicate template id ${def.id}`);
      const inner = lowerFirst(def.text);
      const slots: SlotName[] = [];
      const alts = new Map<SlotName, ReadonlySet<string>>();
      let source = "^";
      let last = 0;
      for (const m of inner.matchAll(SLOT_PATTERN)) {
        const slot = m[1] as SlotName;
        const values = slotAlternatives(def, slot);
        if (values.length === 0) throw new Error(`template ${def.id}: slot {${slot}} has no fillers`);
        slots.push(slot);
        alts.set(slot, new Set(values));
        const sorted = [...values].sort((a, b) => b.length - a.length).map(escapeRegex);
        source += escapeRegex(inner.slice(last, m.index)) + `(${sorted.join("|")})`;
        last = m.index + m[0].length;
      }
      source += escapeRegex(inner.slice(last)) + "$";
      const compiled: CompiledTemplate<A> = { ...def, slots, regex: new RegExp(source) };
      this.byId.set(def.id, compiled);
      this.alternatives.set(def.id, alts);
      this.index(compiled, inner, alts);
    }
  }

  private index(t: CompiledTemplate<A>, inner: string, alts: ReadonlyMap<SlotName, ReadonlySet<string>>): void {
    const lead = /^\{(\w+)\}/.exec(inner);
    const starts = new Set<string>();
    if (!lead) {
      const w = firstWord(inner);
      if (w.includes("{")) {
        this.wildcard.push(t);
        return;
      }
      starts.add(w);
    } else {
      const values = [...(alts.get(lead[1] as SlotName) ?? [])];
      const spaceAfter = inner[lead[0].length] === " ";
      if (!spaceAfter || values.some((v) => v === "")) {
        this.wildcard.push(t); // the body's first word depends on what follows the slot
        return;
      }
      for (const v of values) starts.add(firstWord(v));
    }
    for (const w of starts) {
      const list = this.buckets.get(w) ?? [];
      list.push(t);
      this.buckets.set(w, list);
    }
  }

  get(id: string): CompiledTemplate<A> {
    const t = this.byId.get(id);
    if (!t) throw new Error(`unknown template ${id}`);
    return t;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  all(): CompiledTemplate<A>[] {
    return [...this.byId.values()];
  }

  /** Fillers the slot of a template accepts. */
  fillers(id: string, slot: SlotName): readonly string[] {
    return [...(this.alternatives.get(id)?.get(slot) ?? [])];
  }

  /** The body of a template with its slots filled, in inner form. Throws on a missing or foreign filler. */
  fill(id: string, values: SlotValues): string {
    const t = this.get(id);
    const alts = this.alternatives.get(id)!;
    return lowerFirst(t.text).replace(SLOT_PATTERN, (_, name: string) => {
      const slot = name as SlotName;
      const v = values[slot];
      if (v === undefined || !alts.get(slot)?.has(v)) {
        throw new Error(`template ${id}: ${v === undefined ? "missing" : `invalid filler "${v}" for`} slot {${slot}}`);
      }
      return v;
    });
  }

  /** The template and slot values that produce this body (inner form), or null. Memoised. */
  match(body: string): TemplateMatch<A> | null {
    const hit = this.cache.get(body);
    if (hit !== undefined) return hit;
    let found: TemplateMatch<A> | null = null;
    const candidates = this.buckets.get(firstWord(body)) ?? [];
    for (const list of [candidates, this.wildcard]) {
      for (const t of list) {
        const m = t.regex.exec(body);
        if (!m) continue;
        const slots: SlotValues = {};
        t.slots.forEach((s, i) => (slots[s] = m[i + 1]));
        found = { template: t, slots };
        break;
      }
      if (found) break;
    }
    if (this.cache.size > 200_000) this.cache.clear();
    this.cache.set(body, found);
    return found;
  }

  /** All templates that match the body (used by tests to prove the grammar unambiguous). */
  matchAll(body: string): CompiledTemplate<A>[] {
    return this.all().filter((t) => t.regex.test(body));
  }
}

/** A declared set of sentence-opening phrases, e.g. step connectors; options in inner form ending in ", ". */
export interface PrefixGroup {
  readonly name: string;
  readonly options: readonly string[];
  /** Whether several phrases of the group may follow each other (instruction cues). */
  readonly repeat: boolean;
}

export function prefixGroup(name: string, phrases: readonly string[], repeat: boolean): PrefixGroup {
  const options = phrases.map((p) => `${lowerFirst(p)}, `).sort((a, b) => b.length - a.length);
  return { name, options, repeat };
}

/** Strip declared prefixes, group by group, from a sentence in inner form. */
export function stripPrefixes(inner: string, groups: readonly PrefixGroup[]): { picked: string[][]; rest: string } {
  let rest = inner;
  const picked: string[][] = [];
  for (const g of groups) {
    const mine: string[] = [];
    let more = true;
    while (more) {
      more = false;
      for (const o of g.options) {
        if (rest.startsWith(o)) {
          mine.push(o.slice(0, -2));
          rest = rest.slice(o.length);
          more = g.repeat;
          break;
        }
      }
    }
    picked.push(mine);
  }
  return { picked, rest };
}

/** Assemble a sentence from prefix phrases (inner form, without ", ") and an inner-form body. */
export function composeSentence(prefixes: readonly string[], body: string): string {
  return capitalise(prefixes.map((p) => `${lowerFirst(p)}, `).join("") + body);
}

/** The inner form of a sentence, or null if it does not start with a capital letter. */
export function innerForm(sentence: string): string | null {
  const c = sentence.charCodeAt(0);
  if (!(c >= 65 && c <= 90)) return null;
  return lowerFirst(sentence);
}
