/**
 * What a view shows besides its run config, kept in the link state so that a link opens the
 * view as it was: the Token rewards heatmap's source and whether annotation mode is open,
 * the Steer sweep's dimension, the Self-play round slider, Compare's ARGS settings. The RunConfig schema is strict and
 * describes runs only, so these travel beside it (core/urlCodec's extras payload).
 *
 * A link is never trusted: each field is validated on its own (zod); a field that fails
 * gets its default and a message naming it, keys this app does not know are dropped, and
 * nothing read is ever rendered as HTML (the messages are text).
 */
import { z } from "zod";

/** a name as configs allow them (an AV dimension, an ARM, a head), optionally prefixed ("arm-expertise") */
const name = z
  .string()
  .min(1)
  .max(48)
  .regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, '_', '.' or '-' only");

const SCHEMAS = {
  tokens: {
    /** the heatmap's source: "token-rm", "arm-<name>" or "args" (a source the answer lacks falls back to its first) */
    source: name,
    /** annotation mode open */
    annotate: z.boolean(),
  },
  steer: {
    /** the dimension the sweep runs over; null: the suite's first */
    sweep: name.nullable(),
  },
  selfplay: {
    /** the round the slider shows; null: the last (clamped to the game's rounds) */
    round: z.number().int().min(0).max(1000).nullable(),
  },
  compare: {
    /** ARGS's candidates per token (each costs one reward-model pass per token) */
    argsK: z.number().int().min(1).max(16),
    /** ARGS's reward weight w */
    argsW: z.number().min(0).max(10),
  },
} as const;

type Schemas = typeof SCHEMAS;
export type ExtrasView = keyof Schemas;
export type ViewExtras<V extends ExtrasView> = { -readonly [K in keyof Schemas[V]]: z.output<Schemas[V][K]> };

export const EXTRAS_DEFAULTS: { readonly [V in ExtrasView]: Readonly<ViewExtras<V>> } = {
  tokens: { source: "token-rm", annotate: false },
  steer: { sweep: null },
  selfplay: { round: null },
  compare: { argsK: 4, argsW: 1 },
};

export function hasExtras(view: string): view is ExtrasView {
  return Object.hasOwn(SCHEMAS, view);
}

/**
 * A view's extras from untrusted JSON: each known field validated on its own; a bad one
 * takes its default and gives a message naming it; unknown fields are dropped.
 */
export function parseExtras<V extends ExtrasView>(view: V, input: unknown): { extras: ViewExtras<V>; problems: string[] } {
  const extras = { ...EXTRAS_DEFAULTS[view] } as ViewExtras<V>;
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { extras, problems: [`the ${view} view's settings are not a record`] };
  }
  const problems: string[] = [];
  const shape = SCHEMAS[view] as Record<string, z.ZodType>;
  for (const [key, schema] of Object.entries(shape)) {
    if (!Object.hasOwn(input, key)) continue;
    const r = schema.safeParse((input as Record<string, unknown>)[key]);
    if (r.success) (extras as Record<string, unknown>)[key] = r.data;
    else problems.push(`${view}.${key}: ${r.error.issues[0]?.message ?? "not valid"}`);
  }
  return { extras, problems };
}

/** The fields that differ from the view's defaults (what a link needs to carry); {} when none do. */
export function changedExtras<V extends ExtrasView>(view: V, extras: Readonly<ViewExtras<V>>): Partial<ViewExtras<V>> {
  const defaults = EXTRAS_DEFAULTS[view] as Readonly<Record<string, unknown>>;
  return Object.fromEntries(Object.entries(extras).filter(([k, v]) => Object.hasOwn(defaults, k) && v !== defaults[k])) as Partial<ViewExtras<V>>;
}
