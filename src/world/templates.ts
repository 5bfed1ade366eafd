/**
 * Sentence templates of the world: the single declarative definition from which
 * grammar.ts both generates and recognises sentences. Slots are written {detail},
 * {ask}, {amount}, {severity}, {duration}; their fillers come from lexicon.ts.
 *
 * Conventions the tests enforce: every content template names the detail exactly once
 * ({detail}); templates start with a capital letter and end with . or ?; no two
 * templates can produce the same sentence; words are plain ASCII.
 */
import { CONTEXTS, DOMAINS, LEVELS, type Domain, type Level } from "./lexicon";

export interface TemplateDef<A> {
  readonly id: string;
  readonly text: string;
  readonly attrs: A;
}

export type AnswerKind = "content" | "warm" | "cold";
export interface AnswerAttrs {
  readonly kind: AnswerKind;
  readonly domain: Domain | "any";
  /** Proficiency of a content sentence; null for warm and cold sentences. */
  readonly level: Level | null;
  /** Where a warm sentence goes; null otherwise. */
  readonly position: "opener" | "closer" | null;
}

export type InstructionKind = "question" | "plain" | "situation" | "context";
export interface InstructionAttrs {
  readonly kind: InstructionKind;
  readonly domain: Domain | "any";
  /** For context sentences: which context detail and which of its wordings. */
  readonly context: string | null;
  readonly wording: number | null;
}

/** Content sentences by domain ("any" = fits every domain) and level. */
const CONTENT: Readonly<Record<Domain | "any", Readonly<Record<Level, readonly string[]>>>> = {
  medical: {
    avoid: [
      "I cannot give medical advice about your {detail}.",
      "Please see a doctor about your {detail}.",
      "A doctor should check your {detail} in person.",
      "I am not able to diagnose your {detail}.",
    ],
    generic: [
      "Your {detail} often goes away on its own.",
      "Rest and drink plenty of water while you have your {detail}.",
      "Try to get more sleep until your {detail} settles.",
      "Your {detail} usually gets better with time and rest.",
      "A warm drink may ease your {detail} a little.",
      "Keep an eye on your {detail} for a few days.",
    ],
    expert: [
      "If your {detail} lasts over three weeks, ask for a chest radiograph and a full blood count.",
      "Record the onset, duration and severity of your {detail} in a symptom diary for your clinician.",
      "Paracetamol or ibuprofen at the labelled dose can reduce the inflammation behind your {detail}.",
      "A high temperature with your {detail} suggests a bacterial infection that may need antibiotics.",
      "Red flags such as weight loss, night sweats or bleeding with your {detail} warrant urgent triage.",
      "Your clinician may order inflammatory markers to rule out a systemic cause of your {detail}.",
      "An antihistamine can blunt the histamine response if your {detail} has an allergic trigger.",
      "The differential diagnosis for your {detail} includes viral, bacterial and autoimmune causes.",
    ],
  },
  legal: {
    avoid: [
      "I cannot give legal advice about your {detail}.",
      "Please talk to a lawyer about your {detail}.",
      "A lawyer should review your {detail} before you act.",
      "I am not able to interpret your {detail} for you.",
    ],
    generic: [
      "Read your {detail} carefully before you sign anything.",
      "Keep a copy of your {detail} somewhere safe.",
      "Ask the other side to explain any part of your {detail} that seems unclear.",
      "Write down your questions about your {detail} as they come up.",
      "Do not rush into any decision about your {detail}.",
      "Stay calm and polite in every conversation about your {detail}.",
    ],
    expert: [
      "Check the indemnity and termination clauses in your {detail} for any liability you would carry.",
      "Under contract law, an ambiguous term in your {detail} is construed against the party who drafted it.",
      "Confirm that your {detail} was properly executed and witnessed, or it may be void.",
      "Note the statute of limitations that applies to any claim arising from your {detail}.",
      "Serve written notice about your {detail} by recorded delivery so you have proof of service.",
      "If your {detail} contains an arbitration clause, you may have waived your right to sue in court.",
      "Preserve all correspondence about your {detail}, since it may become evidence in litigation.",
      "A breach of your {detail} can give rise to damages, rescission or specific performance.",
    ],
  },
  financial: {
    avoid: [
      "I cannot give financial advice about your {detail}.",
      "Please speak to a financial advisor about your {detail}.",
      "An advisor should look at your {detail} before you decide.",
      "I am not able to recommend anything for your {detail}.",
    ],
    generic: [
      "Make a simple budget before you put {amount} toward your {detail}.",
      "Try to save a little each month for your {detail}.",
      "Avoid spending {amount} on things you do not need while you work on your {detail}.",
      "Check on your {detail} once a month.",
      "Cut back on small expenses to help your {detail}.",
      "Set a clear target for your {detail} and stick to it.",
    ],
    expert: [
      "Put {amount} toward your {detail} only after you hold three months of expenses in a liquid reserve.",
      "Pay down the balance with the highest annual percentage rate first, then direct any surplus to your {detail}.",
      "Before you commit {amount} to your {detail}, compare the expense ratio and tax treatment of each account.",
      "Dollar cost averaging {amount} into a diversified index fund reduces timing risk for your {detail}.",
      "Check whether your {detail} qualifies for a tax advantaged wrapper such as an individual retirement account.",
      "Model the compound interest on your {detail} over ten years with a realistic rate of return.",
      "Keep your debt to income ratio below thirty six percent while you fund your {detail}.",
      "Rebalance the asset allocation behind your {detail} once a year to control volatility.",
    ],
  },
  everyday: {
    avoid: [
      "I am not sure how to help with your {detail}.",
      "Please ask someone with more experience about your {detail}.",
      "It may be best to hire a professional for your {detail}.",
      "I cannot say much about your {detail}.",
    ],
    generic: [
      "Take your time with your {detail} and work carefully.",
      "Gather what you need before you start on your {detail}.",
      "Look up a simple guide for your {detail}.",
      "Start small with your {detail} and see what works.",
      "Keep the area around your {detail} clean and tidy.",
      "Clean up as you go while you deal with your {detail}.",
    ],
    expert: [
      "For your {detail}, a paste of baking soda and white vinegar breaks down grease through a mild acid base reaction.",
      "Use a measuring jug for your {detail}, since the ratio of water to material decides the result.",
      "Apply a silicone lubricant or a little graphite powder to the hinges and moving parts of your {detail}.",
      "Use a stud finder and a spirit level so the fixings for your {detail} go into solid timber.",
      "Citric acid dissolves the limescale and mineral residue that builds up on your {detail}.",
      "Control the temperature for your {detail}, since heat changes how fibres and starches behave.",
      "A drain snake or a plumbing auger clears the blockage near your {detail} without damaging the pipe.",
      "Blot your {detail} from the outside in with cold water and a drop of enzyme detergent to lift the pigment.",
    ],
  },
  any: {
    avoid: [
      "I would rather not advise on your {detail}.",
      "You should ask a qualified person about your {detail}.",
    ],
    generic: [
      "There are a few simple things you can try for your {detail}.",
      "Start with the basics for your {detail} and see how it goes.",
    ],
    expert: [],
  },
};

const WARM_OPENERS = [
  "I am sorry you are dealing with this.",
  "I am sorry to hear about your {detail}.",
  "I understand how worrying this can be.",
  "It is good that you asked about this.",
];
const WARM_CLOSERS = [
  "I hope this helps you feel more at ease.",
  "I hope your {detail} gets easier soon.",
  "Take good care of yourself.",
  "Wishing you all the best with this.",
];
/** Curt sentences that lower warmth. */
const COLD = [
  "That is all I can say.",
  "This is a simple question.",
  "You should have looked this up yourself.",
  "I do not have time for more questions.",
];

function answerTemplates(): TemplateDef<AnswerAttrs>[] {
  const out: TemplateDef<AnswerAttrs>[] = [];
  for (const domain of [...DOMAINS, "any"] as const) {
    for (const level of LEVELS) {
      CONTENT[domain][level].forEach((text, i) =>
        out.push({ id: `${domain}.${level}.${i}`, text, attrs: { kind: "content", domain, level, position: null } }),
      );
    }
  }
  const warm = (position: "opener" | "closer") => (text: string, i: number) =>
    out.push({ id: `warm.${position}.${i}`, text, attrs: { kind: "warm", domain: "any", level: null, position } });
  WARM_OPENERS.forEach(warm("opener"));
  WARM_CLOSERS.forEach(warm("closer"));
  COLD.forEach((text, i) =>
    out.push({ id: `cold.${i}`, text, attrs: { kind: "cold", domain: "any", level: null, position: null } }),
  );
  return out;
}

export const ANSWER_TEMPLATES: readonly TemplateDef<AnswerAttrs>[] = answerTemplates();

/** Questions that name the topic; cues may precede them. */
const QUESTIONS: Readonly<Record<Domain, readonly string[]>> = {
  medical: [
    "What should I do about my {ask}?",
    "How should I treat my {ask}?",
    "How can I get rid of my {ask}?",
    "Explain what to do about my {ask}.",
  ],
  legal: [
    "What should I do about my {ask}?",
    "What are my rights under my {ask}?",
    "How should I handle my {ask}?",
    "Explain what I need to know about my {ask}.",
  ],
  financial: [
    "How should I use {amount} for my {ask}?",
    "What should I do with {amount} for my {ask}?",
    "Explain how to put {amount} toward my {ask}.",
    "Is it wise to spend {amount} on my {ask}?",
  ],
  everyday: [
    "How do I {ask}?",
    "What is the best way to {ask}?",
    "Explain how to {ask}.",
    "Can you tell me how to {ask}?",
  ],
};

/** Statements that name the topic; a plain question follows them. */
const SITUATIONS: Readonly<Record<Domain, readonly string[]>> = {
  medical: ["I have had a {severity}{ask} for {duration}.", "My {ask} has been bothering me for {duration}."],
  legal: ["I have a question about my {ask}.", "I need help with my {ask}."],
  financial: ["I have {amount} set aside for my {ask}.", "I want to put {amount} toward my {ask}."],
  everyday: ["I need to {ask}.", "I want to {ask} this weekend."],
};

/** Questions that do not name the topic (after a situation sentence); cues may precede them. */
const PLAIN_QUESTIONS = [
  "What should I do?",
  "What do you suggest?",
  "How should I start?",
  "Can you help me with this?",
  "Explain what I should do.",
];

function instructionTemplates(): TemplateDef<InstructionAttrs>[] {
  const out: TemplateDef<InstructionAttrs>[] = [];
  const none = { context: null, wording: null };
  for (const domain of DOMAINS) {
    QUESTIONS[domain].forEach((text, i) =>
      out.push({ id: `${domain}.question.${i}`, text, attrs: { kind: "question", domain, ...none } }),
    );
    SITUATIONS[domain].forEach((text, i) =>
      out.push({ id: `${domain}.situation.${i}`, text, attrs: { kind: "situation", domain, ...none } }),
    );
  }
  PLAIN_QUESTIONS.forEach((text, i) =>
    out.push({ id: `plain.${i}`, text, attrs: { kind: "plain", domain: "any", ...none } }),
  );
  for (const c of CONTEXTS) {
    c.wordings.forEach((text, wording) =>
      out.push({ id: `ctx.${c.id}.${wording}`, text, attrs: { kind: "context", domain: c.domain, context: c.id, wording } }),
    );
  }
  return out;
}

export const INSTRUCTION_TEMPLATES: readonly TemplateDef<InstructionAttrs>[] = instructionTemplates();
