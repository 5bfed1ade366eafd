/**
 * The world's vocabulary: domains, topics and the details a question names, cue wordings,
 * context details, and the small closed word lists that fill template slots.
 * Everything here is data; grammar.ts turns it (with templates.ts) into sentences.
 */

export const DOMAINS = ["medical", "legal", "financial", "everyday"] as const;
export type Domain = (typeof DOMAINS)[number];

/** Proficiency levels, as in the Alignment Vectors paper. */
export const LEVELS = ["avoid", "generic", "expert"] as const;
export type Level = (typeof LEVELS)[number];
/** The oracle's expertise value of a content sentence at each level. */
export const LEVEL_VALUE: Readonly<Record<Level, number>> = { avoid: 0, generic: 0.5, expert: 1 };

export const CUES = ["briefly", "specialist", "steps", "kindly"] as const;
export type Cue = (typeof CUES)[number];
/** Each cue's wordings, as they appear in an instruction (lowercase; capitalised when first). */
export const CUE_WORDINGS: Readonly<Record<Cue, readonly string[]>> = {
  briefly: ["briefly", "in short", "concisely"],
  specialist: ["as a specialist", "as an expert", "like a professional"],
  steps: ["step by step", "in steps", "one step at a time"],
  kindly: ["kindly", "gently", "with care"],
};

/**
 * A topic: `ask` is how an instruction names it ("clean my oven"), `detail` how an answer
 * names it ("oven"). For most domains the two coincide.
 */
export interface Topic {
  readonly id: string;
  readonly domain: Domain;
  readonly ask: string;
  readonly detail: string;
}

function topics(domain: Domain, entries: ReadonlyArray<readonly [string, string, string?]>): Topic[] {
  return entries.map(([id, ask, detail]) => ({ id, domain, ask, detail: detail ?? ask }));
}

export const TOPICS: readonly Topic[] = [
  ...topics("medical", [
    ["cough", "cough"],
    ["headache", "headache"],
    ["rash", "rash"],
    ["fever", "fever"],
    ["back-pain", "back pain"],
    ["sore-throat", "sore throat"],
    ["stomach-ache", "stomach ache"],
    ["sprained-ankle", "sprained ankle"],
  ]),
  ...topics("legal", [
    ["lease", "lease"],
    ["employment-contract", "employment contract"],
    ["loan-agreement", "loan agreement"],
    ["last-will", "last will"],
    ["insurance-claim", "insurance claim"],
    ["parking-ticket", "parking ticket"],
    ["custody-agreement", "custody agreement"],
    ["partnership-agreement", "partnership agreement"],
  ]),
  ...topics("financial", [
    ["credit-card", "credit card debt"],
    ["emergency-fund", "emergency fund"],
    ["retirement", "retirement savings"],
    ["down-payment", "down payment"],
    ["student-loan", "student loan"],
    ["car-loan", "car loan"],
    ["investing", "investment account"],
    ["college-fund", "college fund"],
  ]),
  ...topics("everyday", [
    ["oven", "clean my oven", "oven"],
    ["rice", "cook rice", "rice"],
    ["squeaky-door", "fix a squeaky door", "squeaky door"],
    ["drain", "unclog a drain", "clogged drain"],
    ["wine-stain", "remove a wine stain", "wine stain"],
    ["shelf", "hang a shelf", "shelf"],
    ["kettle", "descale a kettle", "kettle"],
    ["sweater", "wash a wool sweater", "wool sweater"],
  ]),
];

/** The non-committal stand-in for a detail ("your symptom"): a generic, half-relevant mention. */
export const GENERIC_DETAIL: Readonly<Record<Domain, string>> = {
  medical: "symptom",
  legal: "document",
  financial: "goal",
  everyday: "chore",
};

/** Dollar amounts for financial instructions. */
export const AMOUNTS = ["$500", "$1,000", "$2,500", "$5,000", "$8,000", "$12,000", "$20,000", "$50,000"] as const;
/** Medical situation slots ("I have had a persistent cough for a week."). */
export const SEVERITIES = ["", "persistent ", "bad ", "mild "] as const;
export const DURATIONS = ["two days", "a week", "three weeks", "a month"] as const;

/** Step connectors that open content sentences of a step-by-step answer. */
export const CONNECTORS = ["First", "Next", "Then", "Finally"] as const;
export type Connector = (typeof CONNECTORS)[number];
/** Warm phrases that can open a content sentence ("If it helps, rest ..."). */
export const WARM_PREFIXES = ["If it helps", "Do not worry"] as const;

/**
 * A context detail an instruction may add, with 2 wordings of the same fact.
 * `domain: "any"` details fit every domain.
 */
export interface ContextDetail {
  readonly id: string;
  readonly domain: Domain | "any";
  readonly wordings: readonly [string, string];
}

function contexts(domain: Domain | "any", entries: ReadonlyArray<readonly [string, string, string]>): ContextDetail[] {
  return entries.map(([id, a, b]) => ({ id: `${domain}.${id}`, domain, wordings: [a, b] }));
}

export const CONTEXTS: readonly ContextDetail[] = [
  ...contexts("medical", [
    ["started", "It started two days ago.", "It began two days ago."],
    ["age", "I am sixty years old.", "I am in my sixties."],
    ["night", "It gets worse at night.", "It is worse in the evening."],
    ["tired", "I also feel very tired.", "I feel worn out as well."],
    ["worsening", "It is getting worse quickly.", "It keeps getting worse."],
    ["trained", "I work as a nurse.", "I have some medical training."],
  ]),
  ...contexts("legal", [
    ["deadline", "The other party wants it signed by Friday.", "I have to respond by Friday."],
    ["quiet", "The other party is not responding.", "The other side has gone quiet."],
    ["stakes", "A lot of money is at stake.", "The amount involved is large."],
    ["remote", "I live in a small town.", "There is no lawyer near me."],
    ["trained", "I work as a paralegal.", "I have some legal training."],
  ]),
  ...contexts("financial", [
    ["age", "I am thirty years old.", "I am in my thirties."],
    ["job", "I have a steady job.", "My income is stable."],
    ["cautious", "I do not like taking risks.", "I am careful with risk."],
    ["behind", "I am behind on my bills.", "I am struggling to pay my bills."],
    ["trained", "I work as an accountant.", "I have some financial training."],
  ]),
  ...contexts("everyday", [
    ["tools", "I only have basic tools.", "I do not have many tools."],
    ["time", "I have about an hour.", "I am short on time."],
    ["rental", "I live in a rented flat.", "I rent my home."],
    ["handy", "I am fairly handy.", "I have done a lot of repairs."],
  ]),
  ...contexts("any", [
    ["first", "This is my first time dealing with this.", "I have never done this before."],
    ["worried", "I am quite worried about it.", "It is making me anxious."],
  ]),
];

export function topicById(id: string): Topic {
  const t = TOPICS.find((x) => x.id === id);
  if (!t) throw new Error(`unknown topic ${id}`);
  return t;
}

export function topicsOf(domain: Domain): Topic[] {
  return TOPICS.filter((t) => t.domain === domain);
}

export function contextById(id: string): ContextDetail {
  const c = CONTEXTS.find((x) => x.id === id);
  if (!c) throw new Error(`unknown context detail ${id}`);
  return c;
}

/** Context details that fit a domain: its own and the shared ones. */
export function contextsFor(domain: Domain): ContextDetail[] {
  return CONTEXTS.filter((c) => c.domain === domain || c.domain === "any");
}

export function isDomain(x: unknown): x is Domain {
  return typeof x === "string" && (DOMAINS as readonly string[]).includes(x);
}

export function isCue(x: unknown): x is Cue {
  return typeof x === "string" && (CUES as readonly string[]).includes(x);
}

/** What a detail phrase in an answer refers to: a topic, or the domain's generic stand-in (topic null). */
export interface DetailRef {
  readonly domain: Domain;
  readonly topic: string | null;
}

export const DETAIL_INDEX: ReadonlyMap<string, DetailRef> = new Map<string, DetailRef>([
  ...TOPICS.map((t): [string, DetailRef] => [t.detail, { domain: t.domain, topic: t.id }]),
  ...DOMAINS.map((d): [string, DetailRef] => [GENERIC_DETAIL[d], { domain: d, topic: null }]),
]);
